"""Where each young person stands against the contact rules, kept up to date in the database.

The rules themselves are pure (``scheduler.cadence``); this module feeds them a case's facts —
its dates, its contacts, whether the young person blocked the bot — and stores the earliest
due date on the case. Because ``cases.next_due`` is indexed and refreshed on every change,
"who has just become overdue" is a range lookup, not a pass over the whole population.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Person
from scheduler import cadence
from scheduler.cases import CaseView, case_view
from scheduler.models import Case, Contact

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Standing:
    """A case and its assessment, for caseload screens and digests."""

    case: CaseView
    status: str
    next_due: date | None
    duties: tuple[cadence.Duty, ...]


def facts(
    case: Case | CaseView, contacts: Sequence[Contact], blocked: bool
) -> cadence.PersonFacts:
    return cadence.PersonFacts(
        date_of_birth=case.date_of_birth,
        council_accommodation=case.council_accommodation,
        last_move=case.last_move,
        last_pathway_review=case.last_review,
        next_pathway_review=case.next_review,
        contacts=tuple(cadence.Contact(at=c.at, kind=c.kind, made=c.made) for c in contacts),
        agreed_interval_days=case.agreed_interval_days,
        blocked=blocked,
        known_since=_opened(case),
    )


def _opened(case: Case | CaseView) -> date | None:
    created = getattr(case, "created_at", None)
    return created.astimezone(LONDON).date() if created is not None else None


async def contacts_of(session: AsyncSession, case_ids: Sequence[int]) -> dict[int, list[Contact]]:
    found: dict[int, list[Contact]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    rows = await session.execute(
        select(Contact).where(Contact.case_id.in_(case_ids)).order_by(Contact.at)
    )
    for contact in rows.scalars():
        found[contact.case_id].append(contact)
    return found


async def blocked_people(session: AsyncSession, person_ids: Sequence[int]) -> set[int]:
    ids = [pid for pid in person_ids if pid is not None]
    if not ids:
        return set()
    rows = await session.execute(
        select(Person.id).where(Person.id.in_(ids), Person.blocked_at.is_not(None))
    )
    return set(rows.scalars())


async def refresh(
    session: AsyncSession, case: Case, now: datetime, rules: cadence.CadenceRules | None = None
) -> Standing:
    """Recompute one case's status and next due date and store them on the case."""
    contacts = (await contacts_of(session, [case.id]))[case.id]
    blocked = case.person_id in await blocked_people(session, [case.person_id or 0])
    result = cadence.assess(
        facts(case, contacts, blocked),
        rules or cadence.CadenceRules(),
        now.astimezone(LONDON).date(),
        LONDON,
    )
    case.next_due = result.next_due
    if result.status != "overdue":
        case.overdue_told = None
    case.last_status = result.status
    await session.flush()
    return Standing(case_view(case), result.status, result.next_due, tuple(result.duties))


async def standings(
    session: AsyncSession,
    cases: Sequence[Case],
    today: date,
    rules: cadence.CadenceRules | None = None,
) -> list[Standing]:
    """Assess many cases with two queries (contacts, blocks), overdue first."""
    contacts = await contacts_of(session, [c.id for c in cases])
    blocked = await blocked_people(session, [c.person_id or 0 for c in cases])
    found = []
    for case in cases:
        result = cadence.assess(
            facts(case, contacts[case.id], case.person_id in blocked),
            rules or cadence.CadenceRules(), today, LONDON,
        )  # fmt: skip
        found.append(
            Standing(case_view(case), result.status, result.next_due, tuple(result.duties))
        )
    order = {"unreachable": 0, "overdue": 1, "due_soon": 2, "on_track": 3}
    return sorted(
        found, key=lambda s: (order.get(s.status, 9), s.next_due or date.max, s.case.label)
    )
