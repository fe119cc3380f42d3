"""The keep-in-touch rules, each pinned with concrete dates.

Every statutory rule in scheduler/cadence.py (and docs/contact-rules.md) has a test here that
would fail if the rule drifted: the two-month visit interval across month ends, the visit after
a move and before a review, the six-month review, the council's eight-week standard, each
SSDA903 birthday window, the rules from 21, unreachability and how statuses rank.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.cadence import (
    Assessment,
    CadenceRules,
    Contact,
    Duty,
    DutyKind,
    PersonFacts,
    Status,
    add_months,
    age_band,
    age_on,
    assess,
    birthday_in_year,
    in_touch,
)

LONDON = ZoneInfo("Europe/London")
RULES = CadenceRules()
# Aged 18 for most of 2026: under 21, so the statutory rules apply in full.
DOB = date(2007, 9, 10)


def contact(day: date, kind: str = "visit", made: bool = True, hour: int = 11) -> Contact:
    return Contact(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), kind, made)


def person(*contacts: Contact, council: bool = True, **changes: Any) -> PersonFacts:
    return replace(PersonFacts(DOB, council, contacts=contacts), **changes)


def run(facts: PersonFacts, today: date, rules: CadenceRules = RULES) -> Assessment:
    return assess(facts, rules, today, LONDON)


def only(result: Assessment, kind: DutyKind) -> Duty:
    found = [d for d in result.duties if d.kind == kind]
    assert len(found) == 1, result.duties
    return found[0]


def kinds(result: Assessment) -> set[str]:
    return {d.kind for d in result.duties}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 1, 15), 2, date(2026, 3, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 1, 15), -3, date(2025, 10, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


# --- Regulation 8: council-provided accommodation -------------------------------------------


@pytest.mark.parametrize(
    ("last_visit", "due"),
    [
        (date(2026, 12, 31), date(2027, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),
        (date(2026, 3, 10), date(2026, 5, 10)),
    ],
)
def test_visit_due_two_calendar_months_after_the_last_visit(last_visit: date, due: date) -> None:
    result = run(person(contact(last_visit)), last_visit + timedelta(days=1))
    assert only(result, DutyKind.VISIT) == Duty(DutyKind.VISIT, due, "reg8_visit_interval")


def test_visit_on_the_due_date_is_due_soon_and_the_day_after_overdue() -> None:
    facts = person(contact(date(2026, 12, 31)))
    assert run(facts, date(2027, 2, 28)).status == Status.DUE_SOON
    assert run(facts, date(2027, 3, 1)).status == Status.OVERDUE


def test_only_visits_that_happened_count_for_regulation_8() -> None:
    facts = person(
        contact(date(2026, 3, 1)),
        contact(date(2026, 3, 20), kind="video"),
        contact(date(2026, 3, 21), kind="call"),
        contact(date(2026, 3, 22), made=False),
    )
    assert only(run(facts, date(2026, 3, 25)), DutyKind.VISIT).due == date(2026, 5, 1)


def test_no_visit_on_record_is_due_today_but_not_overdue() -> None:
    result = run(person(), date(2026, 7, 1))
    assert only(result, DutyKind.VISIT) == Duty(
        DutyKind.VISIT, date(2026, 7, 1), "no_contact_recorded"
    )
    assert result.status == Status.DUE_SOON


def test_visit_due_within_seven_days_of_a_move() -> None:
    facts = person(contact(date(2026, 3, 9)), last_move=date(2026, 3, 10))
    result = run(facts, date(2026, 3, 11))
    assert only(result, DutyKind.MOVE_VISIT) == Duty(
        DutyKind.MOVE_VISIT, date(2026, 3, 17), "reg8_visit_after_move"
    )
    assert result.next_due == date(2026, 3, 17)
    assert run(facts, date(2026, 3, 17)).status == Status.DUE_SOON
    assert run(facts, date(2026, 3, 18)).status == Status.OVERDUE


@pytest.mark.parametrize("visit_day", [date(2026, 3, 10), date(2026, 3, 16)])
def test_a_visit_on_or_after_the_move_day_settles_the_move_visit(visit_day: date) -> None:
    facts = person(contact(visit_day), last_move=date(2026, 3, 10))
    assert DutyKind.MOVE_VISIT not in kinds(run(facts, date(2026, 3, 20)))


def test_a_call_after_a_move_is_not_a_visit() -> None:
    facts = person(contact(date(2026, 3, 12), kind="call"), last_move=date(2026, 3, 10))
    assert DutyKind.MOVE_VISIT in kinds(run(facts, date(2026, 3, 12)))


def test_visit_due_before_a_booked_review() -> None:
    reviews: dict[str, Any] = {
        "last_pathway_review": date(2026, 1, 1),
        "next_pathway_review": date(2026, 2, 20),
    }
    # A visit on the day of the last review counted for that review, not the next one.
    facts = person(contact(date(2026, 1, 1)), **reviews)
    result = run(facts, date(2026, 2, 1))
    assert only(result, DutyKind.REVIEW_VISIT) == Duty(
        DutyKind.REVIEW_VISIT, date(2026, 2, 20), "reg8_visit_before_review"
    )
    assert run(facts, date(2026, 2, 21)).status == Status.OVERDUE
    later = person(contact(date(2026, 1, 1)), contact(date(2026, 1, 2)), **reviews)
    assert DutyKind.REVIEW_VISIT not in kinds(run(later, date(2026, 2, 1)))


def test_review_visit_without_a_previous_review_looks_back_one_review_period() -> None:
    booked = date(2026, 9, 30)
    stale = person(contact(date(2026, 3, 30)), next_pathway_review=booked)
    recent = person(contact(date(2026, 3, 31)), next_pathway_review=booked)
    assert DutyKind.REVIEW_VISIT in kinds(run(stale, date(2026, 4, 1)))
    assert DutyKind.REVIEW_VISIT not in kinds(run(recent, date(2026, 4, 1)))


# --- Pathway plan reviews -------------------------------------------------------------------


def test_pathway_review_due_six_calendar_months_after_the_last() -> None:
    facts = person(contact(date(2026, 9, 1)), council=False, last_pathway_review=date(2026, 8, 31))
    assert only(run(facts, date(2026, 9, 1)), DutyKind.PATHWAY_REVIEW) == Duty(
        DutyKind.PATHWAY_REVIEW, date(2027, 2, 28), "pathway_review_interval"
    )


@pytest.mark.parametrize(
    ("booked", "due", "reason"),
    [
        (date(2027, 1, 15), date(2027, 1, 15), "pathway_review_booked"),
        (date(2027, 3, 15), date(2027, 2, 28), "pathway_review_interval"),  # booked too late
        (date(2026, 8, 31), date(2027, 2, 28), "pathway_review_interval"),  # already held
    ],
)
def test_the_earlier_of_the_booked_and_six_month_review_is_due(
    booked: date, due: date, reason: str
) -> None:
    facts = person(
        council=False, last_pathway_review=date(2026, 8, 31), next_pathway_review=booked
    )
    assert only(run(facts, date(2026, 9, 1)), DutyKind.PATHWAY_REVIEW) == Duty(
        DutyKind.PATHWAY_REVIEW, due, reason
    )


def test_no_review_on_record_means_no_review_duty() -> None:
    assert DutyKind.PATHWAY_REVIEW not in kinds(run(person(), date(2026, 4, 1)))


# --- The council's "seen" standard for everyone else ----------------------------------------


def test_seen_due_eight_weeks_after_a_visit_or_video() -> None:
    for kind in ("visit", "video"):
        facts = person(contact(date(2026, 1, 5), kind=kind), council=False)
        assert only(run(facts, date(2026, 1, 6)), DutyKind.SEEN) == Duty(
            DutyKind.SEEN, date(2026, 3, 2), "council_seen_standard"
        )


def test_calls_and_messages_are_not_seen_unless_the_council_says_so() -> None:
    facts = person(
        contact(date(2026, 1, 5)),
        contact(date(2026, 2, 1), kind="call"),
        contact(date(2026, 2, 2), kind="message"),
        council=False,
    )
    assert only(run(facts, date(2026, 2, 3)), DutyKind.SEEN).due == date(2026, 3, 2)
    calls_count = CadenceRules(seen_kinds=frozenset({"visit", "video", "call"}))
    assert only(run(facts, date(2026, 2, 3), calls_count), DutyKind.SEEN).due == date(2026, 3, 29)


def test_not_in_council_accommodation_means_no_regulation_8_visits() -> None:
    facts = person(contact(date(2026, 1, 5)), council=False, last_move=date(2026, 1, 20))
    assert kinds(run(facts, date(2026, 1, 21))) == {DutyKind.SEEN}


def test_the_council_standard_is_configurable() -> None:
    facts = person(contact(date(2026, 1, 5)), council=False)
    monthly = CadenceRules(seen_interval_days=28)
    assert only(run(facts, date(2026, 1, 6), monthly), DutyKind.SEEN).due == date(2026, 2, 2)


# --- Local dates around midnight and summer time --------------------------------------------


@pytest.mark.parametrize(
    ("utc", "local_day"),
    [
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 28)),  # GMT: same day
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), date(2026, 3, 30)),  # first night of BST
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # last night of BST
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # GMT again
    ],
)
def test_contacts_count_on_their_london_date(utc: datetime, local_day: date) -> None:
    facts = person(Contact(utc, "visit", True))
    due = only(run(facts, local_day), DutyKind.VISIT).due
    assert due == add_months(local_day, 2)


def test_a_contact_later_than_today_is_ignored() -> None:
    facts = person(contact(date(2026, 1, 5)), contact(date(2026, 4, 5)))
    assert only(run(facts, date(2026, 2, 1)), DutyKind.VISIT).due == date(2026, 3, 5)


# --- SSDA903 "in touch" birthday windows ----------------------------------------------------


@pytest.mark.parametrize(
    ("age", "start", "birthday", "end"),
    [
        (17, date(2024, 6, 10), date(2024, 9, 10), date(2024, 10, 10)),
        (18, date(2025, 6, 10), date(2025, 9, 10), date(2025, 10, 10)),
        (19, date(2026, 6, 10), date(2026, 9, 10), date(2026, 10, 10)),
        (20, date(2027, 6, 10), date(2027, 9, 10), date(2027, 10, 10)),
        (21, date(2028, 6, 10), date(2028, 9, 10), date(2028, 10, 10)),
    ],
)
def test_in_touch_window_for_each_birthday_17_to_21(
    age: int, start: date, birthday: date, end: date
) -> None:
    inside = person(contact(start, kind="message"), contact(end, kind="call"))
    result = in_touch(inside, RULES, end + timedelta(days=1), LONDON)
    assert (result.birthday_age, result.birthday) == (age, birthday)
    assert (result.window_start, result.window_end) == (start, end)
    assert result.counted
    assert result.in_touch is True


def test_in_touch_window_edges_are_inclusive() -> None:
    as_of = date(2026, 10, 11)  # the 19th-birthday window closed the day before
    assert in_touch(person(contact(date(2026, 6, 10))), RULES, as_of, LONDON).in_touch is True
    assert in_touch(person(contact(date(2026, 10, 10))), RULES, as_of, LONDON).in_touch is True
    assert in_touch(person(contact(date(2026, 6, 9))), RULES, as_of, LONDON).in_touch is False
    assert in_touch(person(contact(date(2026, 10, 11))), RULES, as_of, LONDON).in_touch is False


def test_in_touch_is_not_yet_while_the_window_is_open() -> None:
    facts = person(contact(date(2026, 6, 1)))  # before the window: doesn't count
    assert in_touch(facts, RULES, date(2026, 10, 10), LONDON).in_touch is None
    assert in_touch(facts, RULES, date(2026, 10, 11), LONDON).in_touch is False


def test_in_touch_counts_only_contacts_made_by_the_report_date() -> None:
    facts = person(contact(date(2026, 7, 1), made=False), contact(date(2026, 8, 1)))
    assert in_touch(facts, RULES, date(2026, 7, 15), LONDON).in_touch is None
    assert in_touch(facts, RULES, date(2026, 8, 1), LONDON).in_touch is True


def test_in_touch_window_that_straddles_new_year() -> None:
    facts = replace(person(contact(date(2025, 12, 20))), date_of_birth=date(2007, 1, 15))
    result = in_touch(facts, RULES, date(2026, 3, 1), LONDON)
    assert (result.window_start, result.window_end) == (date(2025, 10, 15), date(2026, 2, 15))
    assert (result.birthday_age, result.in_touch) == (19, True)


def test_in_touch_not_counted_before_the_17th_window_or_a_year_after_the_21st() -> None:
    young = replace(person(), date_of_birth=date(2010, 6, 15))
    assert not in_touch(young, RULES, date(2027, 3, 14), LONDON).counted
    assert in_touch(young, RULES, date(2027, 3, 15), LONDON).counted
    # The 21st-birthday window stands until the 22nd birthday's would have opened.
    assert in_touch(person(), RULES, date(2029, 6, 9), LONDON).birthday_age == 21
    assert in_touch(person(), RULES, date(2029, 6, 10), LONDON) == in_touch(
        person(), RULES, date(2035, 1, 1), LONDON
    )
    assert not in_touch(person(), RULES, date(2029, 6, 10), LONDON).counted


def test_in_touch_window_bounds_are_configurable() -> None:
    narrow = CadenceRules(in_touch_months_before=1, in_touch_months_after=0)
    result = in_touch(person(contact(date(2026, 8, 1))), narrow, date(2026, 9, 11), LONDON)
    assert (result.window_start, result.window_end) == (date(2026, 8, 10), date(2026, 9, 10))
    assert result.in_touch is False


LEAP_DOB = date(2008, 2, 29)


def test_a_29_february_birthday_falls_on_1_march_in_common_years() -> None:
    assert birthday_in_year(LEAP_DOB, 2027) == date(2027, 3, 1)
    assert birthday_in_year(LEAP_DOB, 2028) == date(2028, 2, 29)
    assert age_on(LEAP_DOB, date(2027, 2, 28)) == 18
    assert age_on(LEAP_DOB, date(2027, 3, 1)) == 19
    assert age_on(LEAP_DOB, date(2028, 2, 28)) == 19
    assert age_on(LEAP_DOB, date(2028, 2, 29)) == 20


@pytest.mark.parametrize(
    ("as_of", "age", "start", "end"),
    [
        (date(2027, 3, 1), 19, date(2026, 12, 1), date(2027, 4, 1)),  # common year
        (date(2028, 3, 1), 20, date(2027, 11, 29), date(2028, 3, 29)),  # leap year
    ],
)
def test_in_touch_window_for_a_29_february_birthday(
    as_of: date, age: int, start: date, end: date
) -> None:
    result = in_touch(replace(person(), date_of_birth=LEAP_DOB), RULES, as_of, LONDON)
    assert (result.birthday_age, result.window_start, result.window_end) == (age, start, end)


def test_open_birthday_window_is_a_duty_until_someone_gets_in_touch() -> None:
    facts = person(contact(date(2026, 5, 1)), council=False)
    result = run(facts, date(2026, 6, 20))
    assert only(result, DutyKind.IN_TOUCH_WINDOW) == Duty(
        DutyKind.IN_TOUCH_WINDOW, date(2026, 10, 10), "ssda903_birthday_19"
    )
    messaged = person(contact(date(2026, 5, 1)), contact(date(2026, 6, 12), kind="message"))
    assert DutyKind.IN_TOUCH_WINDOW not in kinds(run(messaged, date(2026, 6, 20)))


def test_a_missed_birthday_window_is_overdue() -> None:
    result = run(person(council=False, agreed_interval_days=None), date(2026, 10, 11))
    assert only(result, DutyKind.IN_TOUCH_WINDOW).due == date(2026, 10, 10)
    assert result.status == Status.OVERDUE


# --- From 21: by agreement ------------------------------------------------------------------

AT_22 = date(2029, 7, 1)  # after the 21st-birthday window has had its year


def test_from_21_nothing_agreed_means_no_cadence_duty() -> None:
    facts = person(contact(date(2028, 1, 1)), last_pathway_review=date(2028, 12, 1))
    result = run(facts, AT_22)
    assert (result.status, result.next_due, result.duties, result.age) == (
        Status.ON_TRACK,
        None,
        (),
        21,
    )


def test_from_21_the_agreed_interval_counts_any_contact() -> None:
    facts = person(contact(date(2029, 6, 3), kind="message"), agreed_interval_days=30)
    result = run(facts, AT_22)
    assert result.duties == (Duty(DutyKind.AGREED, date(2029, 7, 3), "agreed_interval"),)
    assert result.status == Status.DUE_SOON


def test_from_21_a_booked_review_is_still_a_duty() -> None:
    facts = person(last_pathway_review=date(2029, 1, 1), next_pathway_review=date(2029, 9, 1))
    result = run(facts, AT_22)
    assert result.duties == (
        Duty(DutyKind.PATHWAY_REVIEW, date(2029, 9, 1), "pathway_review_booked"),
    )


def test_the_statutory_rules_stop_on_the_21st_birthday() -> None:
    facts = person(contact(date(2028, 6, 1)), contact(date(2028, 6, 11)))
    assert DutyKind.VISIT in kinds(run(facts, date(2028, 9, 9)))
    assert DutyKind.VISIT not in kinds(run(facts, date(2028, 9, 10)))


# --- Unreachable and status precedence ------------------------------------------------------


def failed(day: date, kind: str = "call") -> Contact:
    return contact(day, kind=kind, made=False)


def test_blocked_is_unreachable_even_when_overdue() -> None:
    facts = person(contact(date(2026, 1, 1)), blocked=True)
    result = run(facts, date(2026, 5, 1))
    assert (result.status, result.unreachable_reason) == (Status.UNREACHABLE, "blocked")
    assert result.next_due == date(2026, 3, 1)  # the duties are still listed for the PA


def test_three_failed_attempts_in_a_row_are_unreachable() -> None:
    tries = [failed(date(2026, 1, d)) for d in (10, 11, 12)]
    two = person(contact(date(2026, 1, 1)), *tries[:2])
    three = person(contact(date(2026, 1, 1)), *tries)
    assert run(two, date(2026, 1, 13)).status == Status.ON_TRACK
    assert run(three, date(2026, 1, 13)).status == Status.UNREACHABLE
    assert run(three, date(2026, 1, 13)).unreachable_reason == "no_answer"


def test_a_success_after_failed_attempts_ends_unreachable() -> None:
    facts = person(*(failed(date(2026, 1, d)) for d in (10, 11, 12)), contact(date(2026, 1, 13)))
    result = run(facts, date(2026, 1, 14))
    assert (result.status, result.unreachable_reason) == (Status.ON_TRACK, None)


def test_attempts_are_read_in_time_order_not_list_order() -> None:
    facts = person(contact(date(2026, 1, 20)), *(failed(date(2026, 1, d)) for d in (10, 11, 12)))
    assert run(facts, date(2026, 1, 21)).status == Status.ON_TRACK


def test_attempts_dated_after_today_are_ignored() -> None:
    facts = person(contact(date(2026, 1, 1)), *(failed(date(2026, 1, d)) for d in (10, 11, 12)))
    assert run(facts, date(2026, 1, 11)).status == Status.ON_TRACK


def test_the_number_of_failures_is_configurable() -> None:
    facts = person(contact(date(2026, 1, 1)), failed(date(2026, 1, 2)), failed(date(2026, 1, 3)))
    strict = CadenceRules(unreachable_after_failures=2)
    assert run(facts, date(2026, 1, 4), strict).status == Status.UNREACHABLE


def test_overdue_wins_over_due_soon_and_duties_are_sorted() -> None:
    facts = person(
        contact(date(2026, 1, 15)),
        last_move=date(2026, 3, 20),
        last_pathway_review=date(2025, 9, 1),
    )
    result = run(facts, date(2026, 3, 12))
    assert [(d.kind, d.due) for d in result.duties] == [
        (DutyKind.PATHWAY_REVIEW, date(2026, 3, 1)),
        (DutyKind.VISIT, date(2026, 3, 15)),
        (DutyKind.MOVE_VISIT, date(2026, 3, 27)),
    ]
    assert (result.status, result.next_due) == (Status.OVERDUE, date(2026, 3, 1))
    reviewed = replace(facts, last_pathway_review=date(2026, 1, 5))
    assert run(reviewed, date(2026, 3, 12)).status == Status.DUE_SOON


@pytest.mark.parametrize(
    ("days_ahead", "status"), [(0, Status.DUE_SOON), (7, Status.DUE_SOON), (8, Status.ON_TRACK)]
)
def test_due_soon_means_due_within_seven_days(days_ahead: int, status: Status) -> None:
    facts = person(contact(date(2026, 1, 10)))  # visit due 10 March
    assert run(facts, date(2026, 3, 10) - timedelta(days=days_ahead)).status == status


def test_the_due_soon_horizon_is_configurable() -> None:
    facts = person(contact(date(2026, 1, 10)))
    fortnight = CadenceRules(due_soon_days=14)
    assert run(facts, date(2026, 2, 24), fortnight).status == Status.DUE_SOON
    assert run(facts, date(2026, 2, 23), fortnight).status == Status.ON_TRACK


# --- Reporting helpers and validation -------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (15, "other"),
        (16, "16"),
        (17, "17-18"),
        (18, "17-18"),
        (19, "19-21"),
        (21, "19-21"),
        (22, "22-25"),
        (25, "22-25"),
        (26, "other"),
    ],
)
def test_age_band(age: int, band: str) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize(
    "settings",
    [
        {"seen_interval_days": -1},
        {"due_soon_days": -1},
        {"unreachable_after_failures": 0},
        {"visit_kinds": frozenset({"letter"})},
        {"seen_kinds": frozenset()},
        {"in_touch_ages": ()},
    ],
)
def test_nonsense_rules_are_refused(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(settings))):
        CadenceRules(**settings)  # type: ignore[arg-type]


def test_contacts_must_be_aware_and_of_a_known_kind() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Contact(datetime(2026, 1, 1, 12), "visit", True)
    with pytest.raises(ValueError, match="letter"):
        Contact(datetime(2026, 1, 1, 12, tzinfo=UTC), "letter", True)


# --- Properties -----------------------------------------------------------------------------

contacts_strategy = st.lists(
    st.builds(
        Contact,
        at=st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
        kind=st.sampled_from(["visit", "video", "call", "message"]),
        made=st.booleans(),
    ),
    max_size=8,
).map(tuple)
facts_strategy = st.builds(
    PersonFacts,
    date_of_birth=st.dates(date(2004, 1, 1), date(2010, 12, 31)),
    council_accommodation=st.booleans(),
    last_move=st.none() | st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    last_pathway_review=st.none() | st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    next_pathway_review=st.none() | st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    contacts=contacts_strategy,
    agreed_interval_days=st.none() | st.integers(1, 120),
    blocked=st.booleans(),
)
today_strategy = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@given(facts_strategy, today_strategy)
def test_interval_duty_never_falls_before_the_last_qualifying_contact(
    facts: PersonFacts, today: date
) -> None:
    result = assess(facts, RULES, today, LONDON)
    for duty in result.duties:
        if duty.kind in (DutyKind.VISIT, DutyKind.SEEN, DutyKind.AGREED):
            counted = {"visit": RULES.visit_kinds, "seen": RULES.seen_kinds}
            kinds_ = counted.get(duty.kind, RULES.agreed_kinds)
            days = [
                c.at.astimezone(LONDON).date()
                for c in facts.contacts
                if c.made and c.kind in kinds_ and c.at.astimezone(LONDON).date() <= today
            ]
            assert duty.due > max(days, default=today - timedelta(days=1))
    assert result.next_due == min((d.due for d in result.duties), default=None)


RANK = [Status.ON_TRACK, Status.DUE_SOON, Status.OVERDUE, Status.UNREACHABLE]


@given(facts_strategy, today_strategy)
def test_recording_a_visit_today_never_makes_things_worse(facts: PersonFacts, today: date) -> None:
    before = assess(facts, RULES, today, LONDON)
    visited = replace(facts, contacts=(*facts.contacts, contact(today, hour=12)))
    after = assess(visited, RULES, today, LONDON)
    assert RANK.index(after.status) <= RANK.index(before.status)
    if after.next_due is not None:
        assert before.next_due is not None
        assert after.next_due >= before.next_due


@given(st.dates(date(1990, 1, 1), date(2015, 12, 31)), st.integers(1, 30))
def test_age_turns_on_the_birthday_and_not_the_day_before(dob: date, years: int) -> None:
    birthday = birthday_in_year(dob, dob.year + years)
    assert age_on(dob, birthday) == years
    assert age_on(dob, birthday - timedelta(days=1)) == years - 1
