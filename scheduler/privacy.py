"""What keep-in-touch holds about a young person, for /mydata and /delete.

On deletion the PA's record stays (the council must keep its own case records) but it is
unlinked from the chat, marked as left, every pending message to the person is removed, and
the PA is told the young person left the chat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Person
from bot.privacy import ERASE_REASON, PrivacyService, Section
from scheduler import outbox
from scheduler.models import Case, CheckIn, Contact


async def _export(session: AsyncSession, person: Person) -> dict[str, Any]:
    case = (
        await session.execute(select(Case).where(Case.person_id == person.id))
    ).scalar_one_or_none()
    if case is None:
        return {"linked_to_a_pa": False}
    pa = await session.get(Person, case.pa_id)
    checkins = await session.scalar(select(func.count()).where(CheckIn.case_id == case.id))
    contacts = await session.scalar(select(func.count()).where(Contact.case_id == case.id))
    return {
        "linked_to_a_pa": True,
        "your_pa": pa.display_name if pa else None,
        "label_your_pa_uses": case.label,
        "date_of_birth": case.date_of_birth.isoformat(),
        "legal_status": case.legal_status,
        "check_ins": int(checkins or 0),
        "contacts_recorded": int(contacts or 0),
    }


async def _erase(session: AsyncSession, person: Person, now: datetime) -> None:
    await outbox.erase_for(session, person.telegram_id)
    case = (
        await session.execute(select(Case).where(Case.person_id == person.id))
    ).scalar_one_or_none()
    if case is None:
        return
    case.person_id = None
    case.left_at = now
    pa = await session.get(Person, case.pa_id)
    if pa is not None:
        await outbox.enqueue(
            session, chat_id=pa.telegram_id, kind="left",
            payload={"case": case.id, "label": case.label,
                     "reason": session.info.get(ERASE_REASON, "request")},
            due_at=now, now=now,
        )  # fmt: skip


def keep_in_touch_privacy(privacy: PrivacyService) -> None:
    privacy.add_section(Section("keeping_in_touch", _export, _erase))
