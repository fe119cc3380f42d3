"""Talking to a PA through the bot: a person behind it, and the bot keeping out of the way.

A young person opens a conversation; what they type is passed to their PA, and the PA's
replies come back, both through the outbox (the words leave the outbox row once delivered).
While a conversation is open, automated nudges and survey invitations to that young person
wait. A conversation closes when either side ends it, or after a day without messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Person
from bot.people import PersonView
from bot.safeguarding.models import Conversation
from scheduler import outbox
from scheduler.links import find_link
from scheduler.models import Case

IDLE = timedelta(hours=24)


@dataclass(frozen=True)
class ConversationView:
    id: int
    case_id: int
    label: str
    pa_chat: int
    young_chat: int


async def open_conversation(
    session: AsyncSession, person_id: int, now: datetime
) -> Conversation | None:
    found = (await session.execute(
        select(Conversation).where(Conversation.person_id == person_id,
                                   Conversation.closed_at.is_(None))
    )).scalar_one_or_none()  # fmt: skip
    if found is not None and found.last_message_at < now - IDLE:
        found.closed_at = now
        return None
    return found


async def is_talking(session: AsyncSession, chat_id: int, now: datetime) -> bool:
    """Whether the person behind ``chat_id`` is in an open conversation with their PA."""
    person_id = await session.scalar(select(Person.id).where(Person.telegram_id == chat_id))
    return person_id is not None and await open_conversation(session, person_id, now) is not None


class ConversationService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    async def start(self, young: PersonView) -> ConversationView | None:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            found = await find_link(session, young.id)
            if found is None:
                return None
            case, pa = found
            conversation = await open_conversation(session, young.id, now)
            if conversation is None:
                conversation = Conversation(
                    case_id=case.id,
                    person_id=young.id,
                    pa_id=pa.id,
                    opened_at=now,
                    last_message_at=now,
                )
                session.add(conversation)
                await session.flush()
            return ConversationView(
                conversation.id, case.id, case.label, pa.telegram_id, young.telegram_id
            )

    async def current(self, young: PersonView) -> bool:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            return await open_conversation(session, young.id, now) is not None

    async def from_young(self, young: PersonView, text: str) -> bool:
        """Pass a young person's message to their PA; False if no conversation is open."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            conversation = await open_conversation(session, young.id, now)
            if conversation is None:
                return False
            case = await session.get(Case, conversation.case_id)
            pa = await session.get(Person, conversation.pa_id)
            if case is None or pa is None:
                return False
            conversation.last_message_at = now
            await outbox.enqueue(
                session, chat_id=pa.telegram_id, kind="relay_to_pa",
                payload={"conversation": conversation.id, "case": case.id, "label": case.label,
                         "text": text[:3500]},
                due_at=now, now=now,
            )  # fmt: skip
            return True

    async def from_pa(self, pa: PersonView, conversation_id: int, text: str) -> bool:
        """Pass a PA's reply to the young person, if the conversation is the PA's and open."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None or conversation.pa_id != pa.id:
                return False
            if conversation.closed_at is not None:
                return False
            young = await session.get(Person, conversation.person_id)
            if young is None:
                return False
            conversation.last_message_at = now
            await outbox.enqueue(
                session, chat_id=young.telegram_id, kind="relay_to_young",
                payload={"conversation": conversation.id, "name": pa.display_name or "",
                         "text": text[:3500]},
                due_at=now, now=now,
            )  # fmt: skip
            return True

    async def close(self, person: PersonView, conversation_id: int | None = None) -> bool:
        """Either side ends the conversation."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            query = select(Conversation).where(Conversation.closed_at.is_(None))
            if conversation_id is not None:
                query = query.where(Conversation.id == conversation_id)
            query = query.where(
                (Conversation.person_id == person.id) | (Conversation.pa_id == person.id)
            )
            found = (await session.execute(query)).scalars().first()
            if found is None:
                return False
            found.closed_at = now
            return True
