"""Typed check-in times: every accepted form, every error, and the summer-time changes.

Most cases are read at 10:00 London time (BST) on Wednesday 15 April 2026, so "tuesday" is
next week and "wednesday" can still be today.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.when import WhenError, WhenResult, parse_when

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 4, 15, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 BST


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def parsed(text: str, now: datetime = NOW) -> WhenResult:
    return parse_when(text, now, LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tue 15:30", utc(2026, 4, 21, 14, 30)),
        ("tuesday 3pm", utc(2026, 4, 21, 14, 0)),
        ("Tue, 3:30 PM", utc(2026, 4, 21, 14, 30)),
        ("  THURS   9.15am ", utc(2026, 4, 16, 8, 15)),
        ("wed 11:00", utc(2026, 4, 15, 10, 0)),  # today's day name, time still to come
        ("wed 10:00", utc(2026, 4, 15, 9, 0)),  # this very minute still counts as today
        ("wednesday 9:00", utc(2026, 4, 22, 8, 0)),  # today's day name, time gone: next week
        ("24/12 10:00", utc(2026, 12, 24, 10, 0)),  # GMT in winter
        ("24/12/2026 10:00", utc(2026, 12, 24, 10, 0)),
        ("1/5 9:00", utc(2026, 5, 1, 8, 0)),
        ("10/04 10:00", utc(2027, 4, 10, 9, 0)),  # passed this year: next year's
        ("15/04 10:00", utc(2026, 4, 15, 9, 0)),  # this very minute is not the past
        ("tomorrow 9:30", utc(2026, 4, 16, 8, 30)),
        ("tomorrow at 9.30am", utc(2026, 4, 16, 8, 30)),
        ("tomorrow 12am", utc(2026, 4, 15, 23, 0)),  # midnight starting tomorrow
        ("tomorrow 12pm", utc(2026, 4, 16, 11, 0)),
        ("today 16:00", utc(2026, 4, 15, 15, 0)),
        ("15:30", utc(2026, 4, 15, 14, 30)),
        ("at 15:30", utc(2026, 4, 15, 14, 30)),
        ("4pm", utc(2026, 4, 15, 15, 0)),
        ("١٥:٣٠", utc(2026, 4, 15, 14, 30)),  # Arabic-Indic digits
        ("۱۶:۰۰", utc(2026, 4, 15, 15, 0)),  # Persian digits
        ("15/04/2027 10:00", utc(2027, 4, 15, 9, 0)),  # exactly a year ahead
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    assert parsed(text) == WhenResult(at=expected)


def test_results_are_utc() -> None:
    at = parsed("tomorrow 9:30").at
    assert at is not None
    assert at.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", WhenError.EMPTY),
        ("   ", WhenError.EMPTY),
        ("soon", WhenError.UNPARSEABLE),
        ("15", WhenError.UNPARSEABLE),  # an hour? a day? minutes?
        ("tue", WhenError.UNPARSEABLE),
        ("25:00", WhenError.UNPARSEABLE),
        ("10:60", WhenError.UNPARSEABLE),
        ("13pm", WhenError.UNPARSEABLE),
        ("0am", WhenError.UNPARSEABLE),
        ("funday 10:00", WhenError.UNPARSEABLE),
        ("15:30 tomorrow", WhenError.UNPARSEABLE),
        ("24-12 10:00", WhenError.UNPARSEABLE),
        ("24/12/26 10:00", WhenError.UNPARSEABLE),
        ("31/02 10:00", WhenError.IMPOSSIBLE_DATE),
        ("29/02/2027 10:00", WhenError.IMPOSSIBLE_DATE),
        ("12/13 10:00", WhenError.IMPOSSIBLE_DATE),  # month first is not the UK way
        ("0/5 10:00", WhenError.IMPOSSIBLE_DATE),
        ("9:00", WhenError.IN_THE_PAST),
        ("today 9:59", WhenError.IN_THE_PAST),
        ("10/04/2026 10:00", WhenError.IN_THE_PAST),
        ("15/04/2027 10:01", WhenError.TOO_FAR),
        ("1/1/2030 10:00", WhenError.TOO_FAR),
        ("29/02 10:00", WhenError.TOO_FAR),  # next 29 February is in 2028
    ],
)
def test_refused_forms_say_why(text: str, error: WhenError) -> None:
    result = parsed(text)
    assert result == WhenResult(error=error)
    assert not result.ok


def test_29_february_without_a_year_in_the_year_before_a_leap_year() -> None:
    result = parsed("29/02 10:00", now=utc(2027, 6, 1, 9, 0))
    assert result.at == utc(2028, 2, 29, 10, 0)


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("15:30", datetime(2026, 4, 15, 9, 0), LONDON)


# The clocks go forward at 01:00 GMT on Sunday 29 March 2026 and back at 02:00 BST on
# Sunday 25 October 2026. Both cases are read at midday the Saturday before.


def test_a_time_the_clocks_skip_is_moved_an_hour_later_and_flagged() -> None:
    saturday = utc(2026, 3, 28, 12, 0)
    skipped = parse_when("tomorrow 1:30", saturday, LONDON)
    assert skipped == WhenResult(at=utc(2026, 3, 29, 1, 30), shifted=True)  # 02:30 BST
    assert parse_when("sun 1:30", saturday, LONDON) == skipped
    after = parse_when("tomorrow 2:30", saturday, LONDON)
    assert after == WhenResult(at=utc(2026, 3, 29, 1, 30), shifted=False)
    before = parse_when("tomorrow 0:30", saturday, LONDON)
    assert before == WhenResult(at=utc(2026, 3, 29, 0, 30), shifted=False)


def test_a_time_that_happens_twice_means_the_first_one() -> None:
    saturday = utc(2026, 10, 24, 12, 0)
    assert parse_when("tomorrow 1:30", saturday, LONDON) == WhenResult(at=utc(2026, 10, 25, 0, 30))
    assert parse_when("tomorrow 2:30", saturday, LONDON) == WhenResult(at=utc(2026, 10, 25, 2, 30))
    # Typed at 01:10 GMT, after the clocks went back: the first 01:30 (BST) has gone.
    after_change = utc(2026, 10, 25, 1, 10)
    assert parse_when("1:30", after_change, LONDON) == WhenResult(error=WhenError.IN_THE_PAST)


# --- Properties -----------------------------------------------------------------------------

nows = st.datetimes(datetime(2025, 1, 1), datetime(2029, 12, 31), timezones=st.just(UTC))
typed = st.tuples(
    st.sampled_from(
        ["", "today ", "tomorrow ", "mon ", "sunday ", "24/12 ", "29/02 ", "1/1/2027 "]
    ),
    st.integers(0, 23),
    st.integers(0, 59),
).map(lambda t: f"{t[0]}{t[1]}:{t[2]:02d}")


def a_year_after(now: datetime) -> datetime:
    try:
        return now.replace(year=now.year + 1)
    except ValueError:
        return now.replace(year=now.year + 1, day=28)


@given(nows, typed | st.text(max_size=20))
def test_never_a_past_time_nor_more_than_a_year_ahead(now: datetime, text: str) -> None:
    result = parse_when(text, now, LONDON)
    assert (result.at is None) != (result.error is None)
    if result.at is not None:
        assert now <= result.at
        assert result.at <= a_year_after(now)
        assert result.at.tzinfo is UTC


@given(nows, st.integers(0, 23), st.integers(0, 59))
def test_tomorrow_always_lands_on_the_typed_clock_time_when_it_exists(
    now: datetime, hour: int, minute: int
) -> None:
    result = parse_when(f"tomorrow {hour}:{minute:02d}", now, LONDON)
    assert result.at is not None
    local = result.at.astimezone(LONDON)
    assert (local.date() - now.astimezone(LONDON).date()).days == 1
    assert ((local.hour, local.minute) == (hour, minute)) != result.shifted
