"""Reading a check-in time typed by a person: "tue 15:30", "tomorrow 9:30", "24/12 10:00".

Buttons are the main way to pick a time, but a PA or young person may type one. `parse_when`
turns the short forms people actually type into an aware UTC datetime, reading the wall clock
in the council's time zone (Europe/London) and dates the UK way round (day/month). When it
cannot, it says why with a stable error code the handler can translate, so nobody is told just
"invalid input". It is pure: the current time is a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class WhenError(StrEnum):
    """Why a typed time was refused."""

    EMPTY = "empty"
    UNPARSEABLE = "unparseable"
    IMPOSSIBLE_DATE = "impossible_date"  # 31/02, 29/02/2027, 12/13
    IN_THE_PAST = "in_the_past"
    TOO_FAR = "too_far"  # more than a year ahead


@dataclass(frozen=True)
class WhenResult:
    """Either `at` (aware, UTC) or `error`.

    `shifted` is True when the typed wall time does not exist because the clocks went forward
    (01:30 on the last Sunday of March): `at` is then the moment an hour later on the clock,
    02:30 BST, and the handler should say so when it confirms the time.
    """

    at: datetime | None = None
    error: WhenError | None = None
    shifted: bool = False

    @property
    def ok(self) -> bool:
        return self.at is not None


_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}

# \d on purpose: it also matches Arabic-Indic and Persian digits, which int() reads correctly.
_PATTERN = re.compile(
    r"(?:(?:(?P<word>(?!at\b)[a-z]+)|(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?)\s+)?"
    r"(?:at\s+)?"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?"
)


def _wall_time(match: re.Match[str]) -> time | None:
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if match["minute"] is None and half is None:
        return None  # a lone "15" could be a day, an hour or a number of minutes
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _to_utc(day: date, wall: time, tz: ZoneInfo) -> tuple[datetime, bool]:
    """The moment the clock in `tz` shows `wall` on `day`, and whether it had to be shifted.

    fold=0 picks the first of two 01:30s when the clocks go back; for a time the clocks skip,
    the offset from before the change gives the moment an hour later on the clock.
    """
    local = datetime.combine(day, wall, tzinfo=tz)
    at = local.astimezone(UTC)
    shifted = at.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None)
    return at, shifted


def _a_year_after(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


def _named_day(word: str, wall: time, now: datetime, tz: ZoneInfo) -> date | WhenError:
    today = now.astimezone(tz).date()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word not in _WEEKDAYS:
        return WhenError.UNPARSEABLE
    # The next such day: today if that time is still to come, otherwise a week today.
    day = today + timedelta(days=(_WEEKDAYS[word] - today.weekday()) % 7)
    if _to_utc(day, wall, tz)[0] < now:
        day += timedelta(days=7)
    return day


def _dated_day(match: re.Match[str], wall: time, now: datetime, tz: ZoneInfo) -> date | WhenError:
    day, month = int(match["day"]), int(match["month"])
    if match["year"] is not None:
        try:
            return date(int(match["year"]), month, day)
        except ValueError:
            return WhenError.IMPOSSIBLE_DATE
    try:
        date(2000, month, day)  # a leap year: is there any year with this day?
    except ValueError:
        return WhenError.IMPOSSIBLE_DATE
    # The next occurrence that is not in the past. 29/02 can be years away: too far, then.
    first = now.astimezone(tz).year
    for year in range(first, first + 9):  # a 29 February comes round within eight years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if _to_utc(candidate, wall, tz)[0] >= now:
            return candidate
    return WhenError.TOO_FAR


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> WhenResult:
    """Read a typed day and time; see docs/contact-rules.md for every accepted form.

    A time with no day means today (and is refused once past). A day name means the next such
    day, today included if the time is still to come. A date without a year means its next
    occurrence that is not in the past. Nothing more than a year ahead is accepted.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    cleaned = " ".join(text.replace(",", " ").lower().split())
    if not cleaned:
        return WhenResult(error=WhenError.EMPTY)
    match = _PATTERN.fullmatch(cleaned)
    wall = _wall_time(match) if match else None
    if match is None or wall is None:
        return WhenResult(error=WhenError.UNPARSEABLE)
    if match["day"] is not None:
        day = _dated_day(match, wall, now, tz)
    else:
        day = _named_day(match["word"] or "today", wall, now, tz)
    if isinstance(day, WhenError):
        return WhenResult(error=day)
    at, shifted = _to_utc(day, wall, tz)
    if at < now:
        return WhenResult(error=WhenError.IN_THE_PAST)
    if at > _a_year_after(now.astimezone(UTC)):
        return WhenResult(error=WhenError.TOO_FAR)
    return WhenResult(at=at, shifted=shifted)
