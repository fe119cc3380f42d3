"""Quiet hours: nudges wait for the morning, across midnight and on the nights clocks change.

Times are written in UTC; in April to October London is an hour ahead (BST).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.quiet import is_quiet, next_allowed

LONDON = ZoneInfo("Europe/London")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (utc(2026, 1, 14, 20, 59), utc(2026, 1, 14, 20, 59)),  # just before quiet hours
        (utc(2026, 1, 14, 21, 0), utc(2026, 1, 15, 8, 0)),  # they start: wait till morning
        (utc(2026, 1, 14, 23, 59), utc(2026, 1, 15, 8, 0)),
        (utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 8, 0)),  # after midnight: same morning
        (utc(2026, 1, 15, 7, 59), utc(2026, 1, 15, 8, 0)),
        (utc(2026, 1, 15, 8, 0), utc(2026, 1, 15, 8, 0)),  # they have ended
        (utc(2026, 7, 14, 21, 0), utc(2026, 7, 15, 7, 0)),  # 22:00 BST → 08:00 BST
        (utc(2026, 7, 14, 19, 59), utc(2026, 7, 14, 19, 59)),  # 20:59 BST
        (utc(2026, 7, 14, 20, 0), utc(2026, 7, 15, 7, 0)),  # 21:00 BST
    ],
)
def test_default_quiet_hours_run_from_nine_at_night_to_eight_in_the_morning(
    at: datetime, expected: datetime
) -> None:
    assert next_allowed(at) == expected


def test_the_answer_is_in_utc_whatever_zone_the_question_used() -> None:
    karachi = timezone(timedelta(hours=5))
    result = next_allowed(datetime(2026, 1, 15, 3, 0, tzinfo=karachi))  # 22:00 in London
    assert result == utc(2026, 1, 15, 8, 0)
    assert result.tzinfo is UTC


def test_a_window_within_one_day() -> None:
    lunch = (time(13, 0), time(14, 0))
    assert next_allowed(utc(2026, 1, 14, 12, 59), *lunch) == utc(2026, 1, 14, 12, 59)
    assert next_allowed(utc(2026, 1, 14, 13, 30), *lunch) == utc(2026, 1, 14, 14, 0)
    assert next_allowed(utc(2026, 1, 14, 14, 0), *lunch) == utc(2026, 1, 14, 14, 0)


def test_equal_start_and_end_mean_no_quiet_hours() -> None:
    assert not is_quiet(utc(2026, 1, 14, 3, 0), time(8, 0), time(8, 0))
    assert next_allowed(utc(2026, 1, 14, 3, 0), time(8, 0), time(8, 0)) == utc(2026, 1, 14, 3, 0)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_allowed(datetime(2026, 1, 14, 22, 0))


# Clocks go forward at 01:00 GMT on Sunday 29 March 2026 and back at 02:00 BST on Sunday
# 25 October 2026.


def test_the_night_the_clocks_go_forward() -> None:
    # 22:00 GMT Saturday waits for 08:00 BST Sunday: an hour less in bed, same clock time.
    assert next_allowed(utc(2026, 3, 28, 22, 0)) == utc(2026, 3, 29, 7, 0)


def test_the_night_the_clocks_go_back() -> None:
    # 22:00 BST Saturday waits for 08:00 GMT Sunday.
    assert next_allowed(utc(2026, 10, 24, 21, 0)) == utc(2026, 10, 25, 8, 0)


def test_quiet_hours_whose_end_the_clocks_skip_end_when_the_clocks_jump() -> None:
    late = (time(23, 0), time(1, 30))
    # 01:30 doesn't exist on 29 March: at 01:00 GMT the clock jumps to 02:00 BST.
    assert next_allowed(utc(2026, 3, 28, 23, 30), *late) == utc(2026, 3, 29, 1, 0)


def test_an_end_of_quiet_hours_that_happens_twice() -> None:
    late = (time(23, 0), time(1, 30))
    # 23:30 BST waits for the first 01:30 (BST)...
    assert next_allowed(utc(2026, 10, 24, 22, 30), *late) == utc(2026, 10, 25, 0, 30)
    # ...and 01:10 GMT, after the clocks went back, for the second one (GMT).
    assert next_allowed(utc(2026, 10, 25, 1, 10), *late) == utc(2026, 10, 25, 1, 30)


def test_when_the_only_allowed_half_hour_is_skipped_it_waits_a_day() -> None:
    # Allowed only from 01:30 to 02:00, which the clocks skip on 29 March.
    tight = (time(2, 0), time(1, 30))
    assert next_allowed(utc(2026, 3, 28, 23, 0), *tight) == utc(2026, 3, 30, 0, 30)


# --- Properties -----------------------------------------------------------------------------

clock_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
# Moments anywhere in four years, and moments within two days of a change of the clocks.
changes = [utc(2026, 3, 29, 1, 0), utc(2026, 10, 25, 1, 0), utc(2027, 3, 28, 1, 0)]
moments = st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=st.just(UTC)) | (
    st.tuples(st.sampled_from(changes), st.integers(-48 * 60, 48 * 60)).map(
        lambda t: t[0] + timedelta(minutes=t[1])
    )
)


@given(moments, clock_times, clock_times)
def test_next_allowed_is_never_quiet_never_earlier_and_skips_nothing(
    at: datetime, start: time, end: time
) -> None:
    result = next_allowed(at, start, end, LONDON)
    assert result >= at
    assert not is_quiet(result, start, end, LONDON)
    if result > at:
        assert is_quiet(at, start, end, LONDON)
        just_before = result - timedelta(minutes=1)
        assert just_before < at or is_quiet(just_before, start, end, LONDON)
