"""Keep-in-touch rules: who must be contacted by when, under the statutory contact rules.

Given what is known about one young person (date of birth, who provides their accommodation,
moves, pathway-plan reviews, contacts made or attempted) and a council's `CadenceRules`,
`assess` lists every contact duty with its due date and sums them up as one status a personal
adviser can act on; `in_touch` gives the birthday-window figure councils report to government
(the SSDA903 return). Everything here is pure: no clock, no database, no Telegram. `today` and
the time zone are parameters, so each rule is pinned by tests with concrete dates.
docs/contact-rules.md explains every rule, its source, and the choices the law leaves open.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

CONTACT_KINDS = frozenset({"visit", "video", "call", "message"})


class Status(StrEnum):
    """One word for a caseload list. Listed from least to most urgent."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UNREACHABLE = "unreachable"


class DutyKind(StrEnum):
    """What has to happen by a duty's due date."""

    VISIT = "visit"
    SEEN = "seen"
    MOVE_VISIT = "move_visit"
    REVIEW_VISIT = "review_visit"
    PATHWAY_REVIEW = "pathway_review"
    IN_TOUCH_WINDOW = "in_touch_window"
    AGREED = "agreed"


@dataclass(frozen=True)
class CadenceRules:
    """One council's settings. The defaults are the statutory minimums in docs/contact-rules.md."""

    # Care Leavers (England) Regulations 2010, reg. 8: visit within 7 days of a move into
    # accommodation the council provides, then at intervals of not more than two months.
    visit_after_move_days: int = 7
    visit_interval_months: int = 2
    # The council's own standard for everyone else: "seen" at least this often (Cheshire East
    # reported "seen every 2 months"; s23C(2) Children Act 1989 duty to keep in touch, 18-20s).
    seen_interval_days: int = 56
    # Pathway plans are reviewed at least every six months.
    pathway_review_months: int = 6
    # From this age PA support is on request: only the agreed interval applies.
    by_agreement_from_age: int = 21
    # SSDA903 "in touch": contact from 3 months before to 1 month after each of these birthdays.
    in_touch_ages: tuple[int, ...] = (17, 18, 19, 20, 21)
    in_touch_months_before: int = 3
    in_touch_months_after: int = 1
    due_soon_days: int = 7
    unreachable_after_failures: int = 3
    visit_kinds: frozenset[str] = frozenset({"visit"})
    seen_kinds: frozenset[str] = frozenset({"visit", "video"})
    in_touch_kinds: frozenset[str] = CONTACT_KINDS
    agreed_kinds: frozenset[str] = CONTACT_KINDS

    def __post_init__(self) -> None:
        # A council's settings come from a file: refuse nonsense at start-up, not mid-sweep.
        for item in fields(self):
            value = getattr(self, item.name)
            if item.type == "int" and value < 0:
                raise ValueError(f"{item.name} must not be negative")
            if item.type == "frozenset[str]" and not (value and value <= CONTACT_KINDS):
                raise ValueError(f"{item.name} must name some of {sorted(CONTACT_KINDS)}")
        if self.unreachable_after_failures < 1:
            raise ValueError("unreachable_after_failures must be at least 1")
        if not self.in_touch_ages:
            raise ValueError("in_touch_ages must list at least one birthday")


@dataclass(frozen=True)
class Contact:
    """One contact or attempt. `made` is False for an attempt that did not reach the person."""

    at: datetime
    kind: str
    made: bool

    def __post_init__(self) -> None:
        if self.at.utcoffset() is None:
            raise ValueError("Contact.at must be timezone-aware")
        if self.kind not in CONTACT_KINDS:
            raise ValueError(f"unknown contact kind {self.kind!r}")


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know about one young person, and nothing more."""

    date_of_birth: date
    council_accommodation: bool
    last_move: date | None = None
    last_pathway_review: date | None = None
    next_pathway_review: date | None = None
    contacts: tuple[Contact, ...] = ()
    agreed_interval_days: int | None = None
    blocked: bool = False
    # When the council's record began (the PA added them): with no contact yet, the
    # intervals run from here rather than being due at once for ever.
    known_since: date | None = None


@dataclass(frozen=True)
class Duty:
    """A contact that must happen by `due`. `reason_code` names the rule, for the PA's screen."""

    kind: DutyKind
    due: date
    reason_code: str


@dataclass(frozen=True)
class Assessment:
    """Where one young person stands today. `duties` are sorted, earliest first."""

    status: Status
    next_due: date | None
    duties: tuple[Duty, ...]
    age: int
    unreachable_reason: str | None  # "blocked", "no_answer" or None


@dataclass(frozen=True)
class InTouch:
    """The SSDA903 "in touch" answer for one person. `in_touch` None means "not yet"."""

    counted: bool
    in_touch: bool | None
    birthday_age: int | None = None
    birthday: date | None = None
    window_start: date | None = None
    window_end: date | None = None


class _Window(NamedTuple):
    age: int
    birthday: date
    start: date
    end: date


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier); the month's last day if shorter.

    This is how "not more than two months" is read: 31 December + 2 months is 28 February
    (29 February in a leap year).
    """
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def birthday_in_year(dob: date, year: int) -> date:
    """The birthday in `year`; someone born on 29 February has it on 1 March in common years."""
    if dob.month == 2 and dob.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return dob.replace(year=year)


def age_on(dob: date, day: date) -> int:
    """Age in whole years on `day`, counting a birthday from its first moment."""
    return day.year - dob.year - (1 if day < birthday_in_year(dob, day.year) else 0)


def age_band(age: int) -> str:
    """The band a report groups an age into: "16", "17-18", "19-21", "22-25" or "other"."""
    if age == 16:
        return "16"
    for low, high in ((17, 18), (19, 21), (22, 25)):
        if low <= age <= high:
            return f"{low}-{high}"
    return "other"


def _made_days(facts: PersonFacts, kinds: frozenset[str], today: date, tz: ZoneInfo) -> list[date]:
    """Local dates of contacts that were made, of the given kinds, up to `today`, oldest first.

    A contact late in the evening in summer is already the next day in UTC; the rules speak of
    days as the young person and PA live them, so compare local dates.
    """
    days = (c.at.astimezone(tz).date() for c in facts.contacts if c.made and c.kind in kinds)
    return sorted(d for d in days if d <= today)


def _interval_duty(kind: DutyKind, due: date | None, today: date, reason: str) -> Duty:
    # No contact on record and no record start date: we cannot know when the clock started,
    # so it is due now, not overdue.
    if due is None:
        return Duty(kind, today, "no_contact_recorded")
    return Duty(kind, due, reason)


def _pathway_review(facts: PersonFacts, rules: CadenceRules, by_agreement: bool) -> Duty | None:
    last, booked = facts.last_pathway_review, facts.next_pathway_review
    if booked is not None and last is not None and booked <= last:
        booked = None  # a booking on or before the last review has already been held
    options = []
    if booked is not None:
        options.append(Duty(DutyKind.PATHWAY_REVIEW, booked, "pathway_review_booked"))
    # From 21 pathway planning is on request: only a review actually booked is a duty.
    if last is not None and not by_agreement:
        due = add_months(last, rules.pathway_review_months)
        options.append(Duty(DutyKind.PATHWAY_REVIEW, due, "pathway_review_interval"))
    return min(options, key=lambda d: d.due, default=None)


def _reg8_duties(
    facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo, review: Duty | None
) -> list[Duty]:
    """Care Leavers (England) Regulations 2010, reg. 8: the council provides the accommodation."""
    visits = _made_days(facts, rules.visit_kinds, today, tz)
    last = visits[-1] if visits else facts.known_since
    due = add_months(last, rules.visit_interval_months) if last else None
    duties = [_interval_duty(DutyKind.VISIT, due, today, "reg8_visit_interval")]
    move = facts.last_move
    if move is not None and not any(d >= move for d in visits):
        due = move + timedelta(days=rules.visit_after_move_days)
        duties.append(Duty(DutyKind.MOVE_VISIT, due, "reg8_visit_after_move"))
    if review is not None:
        # A visit counts for the coming review if it came after the previous one.
        opened = facts.last_pathway_review or add_months(review.due, -rules.pathway_review_months)
        if not any(d > opened for d in visits):
            duties.append(Duty(DutyKind.REVIEW_VISIT, review.due, "reg8_visit_before_review"))
    return duties


def _seen_duty(facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo) -> Duty:
    """The council's own "seen" standard, for those not in council-provided accommodation."""
    seen = _made_days(facts, rules.seen_kinds, today, tz)
    last = seen[-1] if seen else facts.known_since
    due = last + timedelta(days=rules.seen_interval_days) if last else None
    return _interval_duty(DutyKind.SEEN, due, today, "council_seen_standard")


def _agreed_duty(
    facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo
) -> Duty | None:
    """From 21, only what the young person and PA agreed; nothing agreed means no cadence duty."""
    if facts.agreed_interval_days is None:
        return None
    days = _made_days(facts, rules.agreed_kinds, today, tz)
    last = days[-1] if days else facts.known_since
    due = last + timedelta(days=facts.agreed_interval_days) if last else None
    return _interval_duty(DutyKind.AGREED, due, today, "agreed_interval")


def _window(dob: date, age: int, rules: CadenceRules) -> _Window:
    birthday = birthday_in_year(dob, dob.year + age)
    start = add_months(birthday, -rules.in_touch_months_before)
    return _Window(age, birthday, start, add_months(birthday, rules.in_touch_months_after))


def _current_window(dob: date, rules: CadenceRules, as_of: date) -> _Window | None:
    """The latest listed birthday whose window has opened, until the next birthday's opens.

    So a 23-year-old is no longer counted against their 21st birthday: a birthday's window
    stands for the year up to the following birthday's window.
    """
    for age in sorted(rules.in_touch_ages, reverse=True):
        window = _window(dob, age, rules)
        if window.start <= as_of:
            return window if as_of < _window(dob, age + 1, rules).start else None
    return None


def _in_touch_duty(
    facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo
) -> Duty | None:
    window = _current_window(facts.date_of_birth, rules, today)
    if window is None:
        return None
    # Any contact since the window opened settles the duty, even after it closed: the return
    # then records a miss, but there is nothing left for the PA to do about it.
    if any(d >= window.start for d in _made_days(facts, rules.in_touch_kinds, today, tz)):
        return None
    return Duty(DutyKind.IN_TOUCH_WINDOW, window.end, f"ssda903_birthday_{window.age}")


def _duties(facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo) -> list[Duty]:
    by_agreement = age_on(facts.date_of_birth, today) >= rules.by_agreement_from_age
    review = _pathway_review(facts, rules, by_agreement)
    duties: list[Duty | None] = [review, _in_touch_duty(facts, rules, today, tz)]
    if by_agreement:
        duties.append(_agreed_duty(facts, rules, today, tz))
    elif facts.council_accommodation:
        duties.extend(_reg8_duties(facts, rules, today, tz, review))
    else:
        duties.append(_seen_duty(facts, rules, today, tz))
    return sorted((d for d in duties if d is not None), key=lambda d: (d.due, d.kind))


def _unreachable_reason(
    facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo
) -> str | None:
    if facts.blocked:
        return "blocked"
    known = (c for c in facts.contacts if c.at.astimezone(tz).date() <= today)
    failures = 0
    for contact in sorted(known, key=lambda c: c.at, reverse=True):
        if contact.made:
            break
        failures += 1
    return "no_answer" if failures >= rules.unreachable_after_failures else None


def assess(facts: PersonFacts, rules: CadenceRules, today: date, tz: ZoneInfo) -> Assessment:
    """Every contact duty for one young person on `today`, and the status they add up to.

    Unreachable wins over overdue, overdue over due soon: a PA can't visit someone who blocked
    the bot, and an overdue visit matters more than one coming up.
    """
    duties = _duties(facts, rules, today, tz)
    unreachable = _unreachable_reason(facts, rules, today, tz)
    if unreachable is not None:
        status = Status.UNREACHABLE
    elif any(d.due < today for d in duties):
        status = Status.OVERDUE
    elif any(d.due <= today + timedelta(days=rules.due_soon_days) for d in duties):
        status = Status.DUE_SOON
    else:
        status = Status.ON_TRACK
    next_due = duties[0].due if duties else None
    age = age_on(facts.date_of_birth, today)
    return Assessment(status, next_due, tuple(duties), age, unreachable)


def in_touch(facts: PersonFacts, rules: CadenceRules, as_of: date, tz: ZoneInfo) -> InTouch:
    """The SSDA903 "in touch" answer for the latest 17th-21st birthday window open by `as_of`.

    True: a contact of any kind was made inside the window. False: the window closed without
    one. None ("not yet"): the window is still open and nobody has reached them yet; reports
    show "not yet" apart and leave it out of the percentage (docs/contact-rules.md).
    """
    window = _current_window(facts.date_of_birth, rules, as_of)
    if window is None:
        return InTouch(counted=False, in_touch=None)
    days = _made_days(facts, rules.in_touch_kinds, as_of, tz)
    answer: bool | None
    if any(window.start <= d <= window.end for d in days):
        answer = True
    else:
        answer = None if as_of <= window.end else False
    return InTouch(True, answer, window.age, window.birthday, window.start, window.end)
