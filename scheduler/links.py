"""A young person's link to their PA: who it is, and telling the PA something at once.

Used by "I'd like to talk to my PA", by "Ask my PA about this" on an offer card, and by
safeguarding alerts. Messages to the PA go through the outbox (due now, no quiet hours:
PAs are told at once), so they survive a restart and are sent exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Person
from bot.people import PersonView
from offers.eligibility import Profile
from scheduler import cadence, outbox
from scheduler.models import Case


@dataclass(frozen=True)
class PaLink:
    case_id: int
    label: str
    pa_id: int
    pa_chat: int
    pa_name: str | None


async def find_link(session: AsyncSession, young_id: int) -> tuple[Case, Person] | None:
    row = (
        await session.execute(
            select(Case, Person)
            .join(Person, Person.id == Case.pa_id)
            .where(Case.person_id == young_id, Case.left_at.is_(None))
        )
    ).first()
    return (row[0], row[1]) if row else None


class LinkService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    async def link_of(self, young: PersonView) -> PaLink | None:
        async with self._sessions() as session:
            found = await find_link(session, young.id)
        if found is None:
            return None
        case, pa = found
        return PaLink(case.id, case.label, pa.id, pa.telegram_id, pa.display_name)

    async def tell_pa(self, young: PersonView, kind: str, payload: dict[str, Any]) -> bool:
        """Queue a message to this young person's PA, due now. False if they have no PA."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            found = await find_link(session, young.id)
            if found is None:
                return False
            case, pa = found
            await outbox.enqueue(
                session, chat_id=pa.telegram_id, kind=kind,
                payload={**payload, "case": case.id, "label": case.label},
                due_at=now, now=now,
            )  # fmt: skip
            return True

    async def profile(self, young: PersonView, known: Profile) -> Profile:
        """What the PA's record adds to the offer profile: exact age, status, parent."""
        async with self._sessions() as session:
            found = await find_link(session, young.id)
        if found is None:
            return known
        case, _pa = found
        today = self._clock().date()
        return Profile(
            age=cadence.age_on(case.date_of_birth, today),
            age_band=known.age_band,
            status=case.legal_status,
            in_education=case.in_education
            if case.in_education is not None
            else known.in_education,
            parent=case.parent,
        )
