"""What we hold about a person, and erasing it: the service behind /mydata and /delete.

Each feature that stores something about a person adds a *section*: an exporter that describes
what it holds in plain data, and an eraser that removes or anonymises it. /mydata shows every
section; /delete runs every eraser and then removes the person, in one transaction, so a
deletion is never half done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Person

ERASE_REASON = "erase_reason"

Exporter = Callable[[AsyncSession, Person], Awaitable[dict[str, Any]]]
Eraser = Callable[[AsyncSession, Person, datetime], Awaitable[None]]


@dataclass(frozen=True)
class Section:
    name: str
    export: Exporter
    erase: Eraser | None = None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


async def _export_person(session: AsyncSession, person: Person) -> dict[str, Any]:
    return {
        "telegram_account": person.telegram_id,
        "role": person.role,
        "council": person.council_id,
        "language": person.language,
        "agreed_to_privacy_notice": _iso(person.consented_at),
        "first_used": _iso(person.created_at),
        "last_used": _iso(person.last_seen_at),
        "age_band": person.age_band,
        "in_education_or_training": person.in_education,
    }


class PrivacyService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.sections: list[Section] = [Section("you", _export_person)]

    def add_section(self, section: Section) -> None:
        self.sections.append(section)

    async def export(self, telegram_id: int) -> dict[str, Any] | None:
        async with self._sessions() as session, session.begin():
            person = await _person(session, telegram_id)
            if person is None:
                return None
            return {s.name: await s.export(session, person) for s in self.sections}

    async def erase(self, telegram_id: int, reason: str = "request") -> bool:
        """Remove everything about this person; ``False`` if there was nothing to remove.

        ``reason`` is ``"request"`` (they asked, /delete) or ``"inactive"`` (the retention
        rule); erasers read it from ``session.info[ERASE_REASON]`` to word what they tell others.
        """
        now = self._clock()
        async with self._sessions() as session, session.begin():
            person = await _person(session, telegram_id)
            if person is None:
                return False
            session.info[ERASE_REASON] = reason
            for section in reversed(self.sections):
                if section.erase is not None:
                    await section.erase(session, person, now)
            await session.execute(delete(Person).where(Person.id == person.id))
            return True


async def _person(session: AsyncSession, telegram_id: int) -> Person | None:
    result = await session.execute(select(Person).where(Person.telegram_id == telegram_id))
    return result.scalar_one_or_none()
