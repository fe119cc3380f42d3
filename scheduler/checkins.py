"""Check-ins and contact: scheduling, the young person's answer, the PA's outcome.

Scheduling a check-in writes its messages to the outbox at once: the notice to the young
person, reminders 24 and 2 hours before (both wait out quiet hours), and the question to the
PA an hour after ("Did you make contact?"). Each answer is checked against who is answering:
a young person can only answer their own check-ins, a PA only record outcomes for their cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Person
from bot.people import PersonView
from scheduler import outbox, quiet
from scheduler.cases import NotAllowed, acting_on
from scheduler.models import Case, CheckIn, Contact
from scheduler.status import LONDON, refresh

KINDS = ("visit", "call", "video", "message")
ANSWERS = {"yes": "confirmed", "change": "change_requested", "call": "call_requested"}
FINAL = frozenset({"done", "missed", "moved"})
REMINDERS = (timedelta(hours=24), timedelta(hours=2))
OUTCOME_AFTER = timedelta(hours=1)


class Stale(ValueError):
    """The check-in this button was about has moved on (done, moved, or long past)."""


@dataclass(frozen=True)
class CheckInView:
    id: int
    case_id: int
    at: datetime
    kind: str
    status: str
    label: str


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time


class CheckInService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        quiet_hours: QuietHours,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._quiet = quiet_hours

    def _nudge_time(self, at: datetime) -> datetime:
        return quiet.next_allowed(at, self._quiet.start, self._quiet.end, LONDON)

    async def schedule(
        self, staff: PersonView, case_id: int, at: datetime, kind: str, note: str | None = None
    ) -> CheckInView:
        now = self._clock()
        if kind not in KINDS:
            raise ValueError("unknown kind")
        if at <= now:
            raise ValueError("in_the_past")
        async with acting_on(self._sessions, staff, case_id, "schedule_checkin", now) as (
            session,
            case,
        ):
            checkin = CheckIn(case_id=case.id, pa_id=case.pa_id, at=at, kind=kind,
                              note=(note or None) and note[:300], status="scheduled",
                              created_at=now)  # fmt: skip
            session.add(checkin)
            await session.flush()
            await self._enqueue_for(session, case, checkin, now)
            return CheckInView(checkin.id, case.id, at, kind, checkin.status, case.label)

    async def _enqueue_for(
        self, session: AsyncSession, case: Case, checkin: CheckIn, now: datetime
    ) -> None:
        payload = {"checkin": checkin.id, "at": checkin.at.isoformat(), "kind": checkin.kind,
                   "case": case.id, "label": case.label}  # fmt: skip
        young = await session.get(Person, case.person_id) if case.person_id else None
        if young is not None and case.left_at is None:
            await outbox.enqueue(
                session, chat_id=young.telegram_id, kind="checkin_notice", payload=payload,
                due_at=self._nudge_time(now), now=now, quiet=True,
                dedupe_key=f"checkin:{checkin.id}:notice", checkin_id=checkin.id,
            )  # fmt: skip
            for before in REMINDERS:
                due = checkin.at - before
                if due > now:
                    await outbox.enqueue(
                        session, chat_id=young.telegram_id, kind="checkin_reminder",
                        payload={**payload, "before": int(before.total_seconds())},
                        due_at=self._nudge_time(due), now=now, quiet=True,
                        dedupe_key=f"checkin:{checkin.id}:remind:{int(before.total_seconds())}",
                        checkin_id=checkin.id,
                    )  # fmt: skip
        pa = await session.get(Person, case.pa_id)
        if pa is not None:
            await outbox.enqueue(
                session, chat_id=pa.telegram_id, kind="outcome_prompt", payload=payload,
                due_at=checkin.at + OUTCOME_AFTER, now=now,
                dedupe_key=f"checkin:{checkin.id}:outcome", checkin_id=checkin.id,
            )  # fmt: skip

    async def answer(self, young: PersonView, checkin_id: int, answer: str) -> CheckInView:
        """The young person's reply to a notice or reminder; their PA is told at once."""
        if answer not in ANSWERS:
            raise ValueError("unknown answer")
        now = self._clock()
        async with self._sessions() as session, session.begin():
            checkin = await session.get(CheckIn, checkin_id)
            case = await session.get(Case, checkin.case_id) if checkin else None
            if checkin is None or case is None or case.person_id != young.id:
                raise NotAllowed("answer_checkin")
            if checkin.status in FINAL or checkin.at < now - OUTCOME_AFTER:
                raise Stale("checkin")
            checkin.status = ANSWERS[answer]
            checkin.answered_at = now
            pa = await session.get(Person, case.pa_id)
            if pa is not None:
                await outbox.enqueue(
                    session, chat_id=pa.telegram_id, kind="checkin_answer",
                    payload={"checkin": checkin.id, "answer": answer, "label": case.label,
                             "at": checkin.at.isoformat(), "case": case.id},
                    due_at=now, now=now,
                )  # fmt: skip
            return CheckInView(
                checkin.id, case.id, checkin.at, checkin.kind, checkin.status, case.label
            )

    async def record_outcome(
        self, staff: PersonView, checkin_id: int, outcome: str
    ) -> CheckInView:
        """ "Did you make contact?": a kind of contact (yes), ``no``, or ``moved``."""
        if outcome not in (*KINDS, "no", "moved"):
            raise ValueError("unknown outcome")
        now = self._clock()
        async with self._sessions() as session:
            case_id = await session.scalar(select(CheckIn.case_id).where(CheckIn.id == checkin_id))
        if case_id is None:
            raise NotAllowed("record_outcome")
        async with acting_on(self._sessions, staff, case_id, "record_outcome", now) as (
            session,
            case,
        ):
            checkin = await session.get(CheckIn, checkin_id)
            assert checkin is not None
            if checkin.status in FINAL:
                raise Stale("checkin")
            if outcome == "moved":
                checkin.status = "moved"
            else:
                made = outcome != "no"
                session.add(Contact(case_id=case.id, at=min(checkin.at, now),
                                    kind=outcome if made else checkin.kind, made=made,
                                    recorded_by=staff.id, checkin_id=checkin.id,
                                    recorded_at=now))  # fmt: skip
                checkin.status = "done" if made else "missed"
            await outbox.drop_pending(session, checkin_id=checkin.id, reason="outcome_recorded")
            await refresh(session, case, now)
            return CheckInView(
                checkin.id, case.id, checkin.at, checkin.kind, checkin.status, case.label
            )

    async def record_contact(
        self, staff: PersonView, case_id: int, kind: str, at: datetime, made: bool = True
    ) -> None:
        """Contact that happened outside the bot (a visit, a phone call)."""
        now = self._clock()
        if kind not in KINDS:
            raise ValueError("unknown kind")
        if at > now + timedelta(minutes=5):
            raise ValueError("in_the_future")
        async with acting_on(self._sessions, staff, case_id, "record_contact", now) as (
            session,
            case,
        ):
            session.add(Contact(case_id=case.id, at=at, kind=kind, made=made,
                                recorded_by=staff.id, recorded_at=now))  # fmt: skip
            await refresh(session, case, now)

    async def upcoming(self, young: PersonView) -> list[CheckInView]:
        """A young person's own coming check-ins."""
        now = self._clock()
        async with self._sessions() as session:
            rows = await session.execute(
                select(CheckIn, Case.label).join(Case, Case.id == CheckIn.case_id)
                .where(Case.person_id == young.id, CheckIn.at >= now,
                       CheckIn.status.not_in(FINAL))
                .order_by(CheckIn.at).limit(5)
            )  # fmt: skip
            return [
                CheckInView(c.id, c.case_id, c.at, c.kind, c.status, label)
                for c, label in rows.all()
            ]
