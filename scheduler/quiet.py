"""Quiet hours: no nudge lands on a young person's phone in the middle of the night.

A reminder that falls due inside the quiet hours waits until they end. Quiet hours are read on
the local wall clock (Europe/London by default), so 21:00 to 08:00 means the same to a young
person in January and in July, and a window may run past midnight. Pure: the moment to check
is a parameter and the answer is an aware UTC datetime.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DEFAULT_QUIET_START = time(21, 0)
DEFAULT_QUIET_END = time(8, 0)


def is_quiet(
    at: datetime,
    quiet_start: time = DEFAULT_QUIET_START,
    quiet_end: time = DEFAULT_QUIET_END,
    tz: ZoneInfo = LONDON,
) -> bool:
    """Whether the clock in `tz` reads inside [quiet_start, quiet_end) at the moment `at`.

    Equal start and end mean no quiet hours at all.
    """
    clock = _local(at, tz).time().replace(tzinfo=None)
    if quiet_start <= quiet_end:
        return quiet_start <= clock < quiet_end
    return clock >= quiet_start or clock < quiet_end  # the window runs past midnight


def next_allowed(
    at: datetime,
    quiet_start: time = DEFAULT_QUIET_START,
    quiet_end: time = DEFAULT_QUIET_END,
    tz: ZoneInfo = LONDON,
) -> datetime:
    """The earliest moment from `at` on that is outside quiet hours, in UTC.

    A time outside quiet hours is returned as it is; one inside waits for quiet_end on the
    local clock. On the nights the clocks change, quiet_end may come round twice (the first
    one after `at` is used) or be skipped (then quiet hours end when the clocks jump past it).
    """
    moment = _local(at, tz).astimezone(UTC)
    # Each pass moves to the next end of quiet hours; a second pass is only needed when the
    # clocks skip that end and the shifted time lands back inside a long window.
    for _ in range(3):
        if not is_quiet(moment, quiet_start, quiet_end, tz):
            return moment
        moment = _end_of_quiet(moment, quiet_end, tz)
    raise AssertionError("quiet hours never end")  # pragma: no cover - see the loop comment


def _end_of_quiet(moment: datetime, quiet_end: time, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    day = local.date()
    if local.time().replace(tzinfo=None) >= quiet_end:
        day += timedelta(days=1)  # in the evening part of a window that runs past midnight
    for end in _moments_showing(day, quiet_end, tz):
        if end > moment:
            return end
    raise AssertionError("the end of quiet hours is behind us")  # pragma: no cover


def _moments_showing(day: date, clock: time, tz: ZoneInfo) -> list[datetime]:
    """When the clock in `tz` reaches `clock` on `day`, in UTC, earliest first.

    Usually once; twice when the clocks go back; and when they go forward over it, the moment
    they jump past it (fold=0 and fold=1 then bracket that jump; find it to the second).
    """
    wall = datetime.combine(day, clock)
    first, second = (wall.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1))
    if first <= second:
        return sorted({first, second})
    low, high = int(second.timestamp()), int(first.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return [datetime.fromtimestamp(high, UTC)]


def _local(at: datetime, tz: ZoneInfo) -> datetime:
    if at.utcoffset() is None:
        raise ValueError("at must be timezone-aware")
    return at.astimezone(tz)
