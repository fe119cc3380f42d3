"""Caseload views and the periodic work behind them: overdue prompts and weekly digests.

A PA sees their own cases, a team manager their team's, an admin their council's — each read
audited. "Who has just become overdue" uses the indexed ``cases.next_due`` (kept current on
every change), so the hourly check costs what is due, not the whole population. Digests go
out on Monday morning through the outbox, once per person per week.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import audit
from bot.models import Person
from bot.people import PersonView
from scheduler import outbox
from scheduler.cases import CaseService, CaseView, NotAllowed, acting_on
from scheduler.models import Case
from scheduler.status import LONDON, Standing, refresh, standings

DIGEST_DAY = 0  # Monday
DIGEST_TIME = time(8, 0)


def visible_cases(staff: PersonView) -> Select[Case]:
    # Cases of young people who left the chat stay: the duty to keep in touch does not end.
    query = select(Case)
    if staff.role == "pa":
        return query.where(Case.pa_id == staff.id)
    if staff.role == "manager":
        return query.where(Case.council_id == staff.council_id, Case.team == staff.team)
    if staff.role == "admin":
        return query.where(Case.council_id == staff.council_id)
    return query.where(Case.id.is_(None))


class CaseloadService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        cases: CaseService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._cases = cases

    def _today(self) -> datetime:
        return self._clock()

    async def caseload(self, staff: PersonView) -> list[Standing]:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            if not staff.is_staff:
                await _audit(session, staff, "read_caseload", None, False, now)
                raise NotAllowed("read_caseload")
            rows = list((await session.execute(visible_cases(staff))).scalars())
            await _audit(session, staff, "read_caseload", None, True, now)
            return await standings(session, rows, now.astimezone(LONDON).date())

    async def standing(self, staff: PersonView, case_id: int) -> Standing:
        now = self._clock()
        async with acting_on(self._sessions, staff, case_id, "read_case", now) as (session, case):
            return await refresh(session, case, now)

    async def hand_over(self, staff: PersonView, case_id: int, new_pa_id: int) -> CaseView:
        moved = await self._cases.hand_over(staff, case_id, new_pa_id)
        now = self._clock()
        async with self._sessions() as session, session.begin():
            new_pa = await session.get(Person, new_pa_id)
            young = await session.get(Person, moved.person_id) if moved.person_id else None
            if young is not None and new_pa is not None:
                await outbox.enqueue(
                    session, chat_id=young.telegram_id, kind="handover",
                    payload={"name": new_pa.display_name or ""}, due_at=now, now=now,
                    quiet=True,
                )  # fmt: skip
        return moved

    async def team_overdue(self, staff: PersonView, days: int) -> list[Standing]:
        now = self._clock()
        limit = now.astimezone(LONDON).date() - timedelta(days=days)
        async with self._sessions() as session, session.begin():
            if staff.role not in ("manager", "admin"):
                await _audit(session, staff, "read_team", None, False, now)
                raise NotAllowed("read_team")
            query = visible_cases(staff).where(Case.next_due < limit)
            rows = list((await session.execute(query)).scalars())
            await _audit(session, staff, "read_team", None, True, now)
            found = await standings(session, rows, now.astimezone(LONDON).date())
            return [s for s in found if s.status in ("overdue", "unreachable")]

    async def prompt_newly_overdue(self, limit: int = 500) -> int:
        """Tell each PA once when one of their young people becomes overdue."""
        now = self._clock()
        today = now.astimezone(LONDON).date()
        told = 0
        async with self._sessions() as session, session.begin():
            rows = await session.execute(
                select(Case, Person.telegram_id)
                .join(Person, Person.id == Case.pa_id)
                .where(Case.next_due < today, Case.overdue_told.is_(None))
                .order_by(Case.next_due).limit(limit)
            )  # fmt: skip
            for case, pa_chat in rows.all():
                standing = await refresh(session, case, now)
                if standing.status != "overdue" or standing.next_due is None:
                    continue
                case.overdue_told = today
                await outbox.enqueue(
                    session, chat_id=pa_chat, kind="overdue",
                    payload={"case": case.id, "label": case.label,
                             "due": standing.next_due.isoformat()},
                    due_at=now, now=now, dedupe_key=f"overdue:{case.id}:{today.isoformat()}",
                )  # fmt: skip
                told += 1
        return told

    async def queue_digests(self) -> int:
        """On Monday from 08:00 (UK time), one digest per PA and manager for the week."""
        now = self._clock()
        local = now.astimezone(LONDON)
        if local.weekday() != DIGEST_DAY or local.time() < DIGEST_TIME:
            return 0
        week = f"{local.isocalendar().year}-W{local.isocalendar().week:02d}"
        queued = 0
        async with self._sessions() as session, session.begin():
            staff_rows = await session.execute(
                select(Person).where(Person.role.in_(("pa", "manager", "admin")))
            )
            for staff in staff_rows.scalars():
                queued += await self._digest_for(session, staff, week, now)
        return queued

    async def _digest_for(
        self, session: AsyncSession, staff: Person, week: str, now: datetime
    ) -> int:
        from bot.people import view

        staff_view = view(staff)
        cases = list((await session.execute(visible_cases(staff_view))).scalars())
        if not cases:
            return 0
        found = await standings(session, cases, now.astimezone(LONDON).date())
        if staff.role != "pa":
            limit = now.astimezone(LONDON).date() - timedelta(days=7)
            found = [s for s in found if s.status == "overdue" and s.next_due
                     and s.next_due < limit]  # fmt: skip
        counts: dict[str, int] = {}
        for standing in found:
            counts[standing.status] = counts.get(standing.status, 0) + 1
        payload = {"counts": counts,
                   "people": [{"label": s.case.label, "status": s.status} for s in found[:30]
                              if s.status != "on_track"]}  # fmt: skip
        added = await outbox.enqueue(
            session, chat_id=staff.telegram_id, kind="digest", payload=payload, due_at=now,
            now=now, dedupe_key=f"digest:{staff.id}:{week}",
        )  # fmt: skip
        return int(added)


async def _audit(
    session: AsyncSession,
    staff: PersonView,
    action: str,
    target: str | None,
    allowed: bool,
    now: datetime,
) -> None:
    await audit.record(session, now=now, actor_id=staff.id, actor_role=staff.role,
                       council_id=staff.council_id, action=action, target=target,
                       allowed=allowed)  # fmt: skip
