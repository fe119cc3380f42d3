"""A PA's caseload: adding young people, invite links, access rules, and handing over.

Every staff action goes through :func:`acting_on`: a PA acts only on their own cases, a team
manager on their team's, an admin on their council's; anyone else is refused. Allowed and
refused attempts are both written to the audit log. Services return frozen ``CaseView``
values; no ORM row leaves this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import audit, invites
from bot.invites import InviteView
from bot.models import Person
from bot.people import PersonView
from scheduler.models import Case

LEGAL_STATUSES = ("eligible", "relevant", "former-relevant", "qualifying")
STAFF_ROLES = ("pa", "manager", "admin")


class NotAllowed(PermissionError):
    """A staff member tried to act on a record that is not theirs."""


@dataclass(frozen=True)
class CaseView:
    id: int
    council_id: str
    team: str
    pa_id: int
    person_id: int | None
    label: str
    date_of_birth: date
    legal_status: str
    council_accommodation: bool
    last_move: date | None
    last_review: date | None
    next_review: date | None
    agreed_interval_days: int | None
    parent: bool | None
    in_education: bool | None
    left: bool
    next_due: date | None
    last_status: str | None
    created_at: datetime

    @property
    def linked(self) -> bool:
        return self.person_id is not None


def case_view(row: Case) -> CaseView:
    return CaseView(
        id=row.id, council_id=row.council_id, team=row.team, pa_id=row.pa_id,
        person_id=row.person_id, label=row.label, date_of_birth=row.date_of_birth,
        legal_status=row.legal_status, council_accommodation=row.council_accommodation,
        last_move=row.last_move, last_review=row.last_review, next_review=row.next_review,
        agreed_interval_days=row.agreed_interval_days, parent=row.parent,
        in_education=row.in_education, left=row.left_at is not None, next_due=row.next_due,
        last_status=row.last_status, created_at=row.created_at,
    )  # fmt: skip


def may_act(staff: PersonView, case: Case | CaseView) -> bool:
    if staff.role == "pa":
        return case.pa_id == staff.id
    if staff.role == "manager":
        return case.council_id == staff.council_id and case.team == staff.team
    if staff.role == "admin":
        return case.council_id == staff.council_id
    return False


@asynccontextmanager
async def acting_on(
    sessions: async_sessionmaker[AsyncSession],
    staff: PersonView,
    case_id: int,
    action: str,
    now: datetime,
) -> AsyncIterator[tuple[AsyncSession, Case]]:
    """A transaction on one case, if ``staff`` may act on it.

    Allowed or not, the attempt is written to the audit log and committed; a refusal then
    raises ``NotAllowed`` (after the commit, so the audit entry is kept).
    """
    refused = False
    async with sessions() as session:
        async with session.begin():
            case = await session.get(Case, case_id)
            allowed = case is not None and may_act(staff, case)
            await audit.record(
                session, now=now, actor_id=staff.id, actor_role=staff.role,
                council_id=staff.council_id, action=action, target=f"case:{case_id}",
                allowed=allowed,
            )  # fmt: skip
            if allowed and case is not None:
                yield session, case
            else:
                refused = True
        if refused:
            raise NotAllowed(action)


@dataclass(frozen=True)
class NewCase:
    label: str
    date_of_birth: date
    legal_status: str
    council_accommodation: bool
    last_move: date | None = None
    next_review: date | None = None


class CaseService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        invite_days: int,
        on_change: Callable[[AsyncSession, Case, datetime], Awaitable[object]] | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._invite_days = invite_days
        # Recomputes a case's next due date (set by the status module).
        self.on_change = on_change

    async def _changed(self, session: AsyncSession, case: Case, now: datetime) -> None:
        if self.on_change is not None:
            await self.on_change(session, case, now)

    async def add(self, staff: PersonView, new: NewCase) -> tuple[CaseView, str]:
        """Add a young person to a PA's caseload; returns the case and a one-time token."""
        if staff.role not in STAFF_ROLES:
            raise NotAllowed("add_case")
        if new.legal_status not in LEGAL_STATUSES:
            raise ValueError("unknown legal status")
        now = self._clock()
        async with self._sessions() as session, session.begin():
            case = Case(
                council_id=staff.council_id, team=staff.team or "", pa_id=staff.id,
                label=new.label.strip()[:40], date_of_birth=new.date_of_birth,
                legal_status=new.legal_status, council_accommodation=new.council_accommodation,
                last_move=new.last_move, next_review=new.next_review, created_at=now,
            )  # fmt: skip
            session.add(case)
            await session.flush()
            await self._changed(session, case, now)
            await audit.record(
                session, now=now, actor_id=staff.id, actor_role=staff.role,
                council_id=staff.council_id, action="add_case", target=f"case:{case.id}",
                allowed=True,
            )  # fmt: skip
            token = await self._invite(session, case, staff, now)
            return case_view(case), token

    async def _invite(
        self, session: AsyncSession, case: Case, staff: PersonView, now: datetime
    ) -> str:
        return await invites.create(
            session, kind="young_person", council_id=case.council_id, now=now,
            days=self._invite_days, created_by=staff.id, case_id=case.id,
        )  # fmt: skip

    async def new_invite(self, staff: PersonView, case_id: int) -> str:
        now = self._clock()
        async with acting_on(self._sessions, staff, case_id, "invite", now) as (session, case):
            return await self._invite(session, case, staff, now)

    async def get(self, staff: PersonView, case_id: int, action: str = "read_case") -> CaseView:
        now = self._clock()
        async with acting_on(self._sessions, staff, case_id, action, now) as (_session, case):
            return case_view(case)

    async def update_dates(self, staff: PersonView, case_id: int, **changes: object) -> CaseView:
        """Record a move, a review or an agreed interval; the due dates follow."""
        allowed = {
            "last_move",
            "last_review",
            "next_review",
            "agreed_interval_days",
            "council_accommodation",
            "parent",
            "in_education",
            "legal_status",
        }
        if set(changes) - allowed:
            raise ValueError("unknown field")
        now = self._clock()
        async with acting_on(self._sessions, staff, case_id, "update_case", now) as (
            session,
            case,
        ):
            for key, value in changes.items():
                setattr(case, key, value)
            await self._changed(session, case, now)
            return case_view(case)

    async def team_pas(self, staff: PersonView) -> list[PersonView]:
        from bot.people import view

        async with self._sessions() as session:
            rows = await session.execute(
                select(Person).where(
                    Person.council_id == staff.council_id, Person.team == staff.team,
                    Person.role == "pa", Person.id != staff.id,
                )
            )  # fmt: skip
            return [view(row) for row in rows.scalars()]

    async def hand_over(self, staff: PersonView, case_id: int, new_pa_id: int) -> CaseView:
        """Move a case to another PA of the same team and council."""
        now = self._clock()
        async with acting_on(self._sessions, staff, case_id, "hand_over", now) as (
            session,
            case,
        ):
            new_pa = await session.get(Person, new_pa_id)
            if (
                new_pa is None
                or new_pa.role != "pa"
                or new_pa.council_id != case.council_id
                or new_pa.team != case.team
            ):
                raise NotAllowed("hand_over_target")
            case.pa_id = new_pa.id
            return case_view(case)


async def link_young_person(session: AsyncSession, invite: InviteView, person: Person) -> None:
    """Invite hook: opening a PA's link joins the young person to their case and council."""
    if invite.case_id is None:
        return
    case = await session.get(Case, invite.case_id)
    if case is None or case.person_id not in (None, person.id):
        return
    # One PA at a time: a new PA's link replaces an older link (after a transfer).
    for older in (
        await session.execute(select(Case).where(Case.person_id == person.id))
    ).scalars():
        if older.id != case.id:
            older.person_id = None
    await session.flush()
    case.person_id = person.id
    person.council_id = case.council_id
    person.role = "young_person"
