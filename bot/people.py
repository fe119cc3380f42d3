"""People: finding, registering and updating the person behind a Telegram account.

Service functions own their transaction and return frozen :class:`PersonView` values, so no ORM
row ever reaches a handler. Loading the person happens on every update, so it costs one
``SELECT``; "last seen" is written at most once an hour per person, not on every tap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import invites
from bot.db import read_only
from bot.invites import InviteView, Redeemed
from bot.models import Person
from bot.settings import SUPPORTED_LANGUAGES
from offers.eligibility import Profile

SEEN_RESOLUTION = timedelta(hours=1)
ProfileSource = Callable[["PersonView", Profile], Awaitable[Profile]]
AGE_BANDS = ("16-17", "18-20", "21-25")


@dataclass(frozen=True)
class PersonView:
    id: int
    telegram_id: int
    role: str
    council_id: str
    team: str | None
    display_name: str | None
    language: str | None
    consented: bool
    age_band: str | None
    in_education: bool | None
    asked: frozenset[str]
    draft_notice_lang: str | None
    pending: str | None
    pending_data: dict[str, Any] | None
    blocked: bool

    @property
    def is_staff(self) -> bool:
        return self.role != "young_person"


def view(row: Person) -> PersonView:
    return PersonView(
        id=row.id,
        telegram_id=row.telegram_id,
        role=row.role,
        council_id=row.council_id,
        team=row.team,
        display_name=row.display_name,
        language=row.language,
        consented=row.consented_at is not None,
        age_band=row.age_band,
        in_education=row.in_education,
        asked=frozenset(filter(None, (row.asked or "").split(","))),
        draft_notice_lang=row.draft_notice_lang,
        pending=row.pending,
        pending_data=dict(row.pending_data) if row.pending_data else None,
        blocked=row.blocked_at is not None,
    )


async def _by_telegram_id(session: AsyncSession, telegram_id: int) -> Person | None:
    result = await session.execute(select(Person).where(Person.telegram_id == telegram_id))
    return result.scalar_one_or_none()


def _new_person(telegram_id: int, council_id: str, now: datetime) -> Person:
    return Person(
        telegram_id=telegram_id,
        role="young_person",
        council_id=council_id,
        created_at=now,
        last_seen_at=now,
    )


class PeopleService:
    """Registering people and recording what they choose."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.profile_sources: list[ProfileSource] = []

    async def load(self, telegram_id: int) -> PersonView | None:
        """The person for this Telegram account, noting that they were seen."""
        now = self._clock()
        # Most updates only read: one statement, no write lock. Writing "last seen" happens at
        # most once per SEEN_RESOLUTION per person, in its own short transaction.
        async with self._sessions() as session:
            await read_only(session)
            row = await _by_telegram_id(session, telegram_id)
        if row is None:
            return None
        if row.last_seen_at >= now - SEEN_RESOLUTION and row.blocked_at is None:
            return view(row)
        async with self._sessions() as session, session.begin():
            row = await _by_telegram_id(session, telegram_id)
            if row is None:
                return None
            # Someone who is talking to us has not blocked us.
            row.last_seen_at = now
            row.blocked_at = None
            return view(row)

    async def register(self, telegram_id: int, council_id: str) -> PersonView:
        """Get or create the person behind ``telegram_id`` (a young person by default)."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            row = await _by_telegram_id(session, telegram_id)
            if row is None:
                row = _new_person(telegram_id, council_id, now)
                session.add(row)
                await session.flush()
            return view(row)

    async def choose_language(
        self, telegram_id: int, lang: str, council_id: str, *, draft: bool = False
    ) -> tuple[PersonView, bool]:
        """Store the chosen language; choosing after reading the notice records agreement.

        One transaction, creating the person if needed (an old picker tapped after /delete).
        With ``draft``, also notes that this language's draft notice is being shown and
        returns ``True`` if the person has not seen it for this language before.
        """
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        now = self._clock()
        async with self._sessions() as session, session.begin():
            row = await _by_telegram_id(session, telegram_id)
            if row is None:
                row = _new_person(telegram_id, council_id, now)
                session.add(row)
            row.language = lang
            if row.consented_at is None:
                row.consented_at = now
            row.last_seen_at = now
            notice = draft and row.draft_notice_lang != lang
            if notice:
                row.draft_notice_lang = lang
            await session.flush()
            return view(row), notice

    async def set_profile(
        self,
        telegram_id: int,
        *,
        age_band: str | None = None,
        in_education: bool | None = None,
        asked: str | None = None,
    ) -> PersonView:
        """Record the optional answers that make the offer personal (``asked``: which
        question was put, so a "rather not say" is not asked again)."""
        if age_band is not None and age_band not in AGE_BANDS:
            raise ValueError(f"unknown age band {age_band!r}")
        async with self._sessions() as session, session.begin():
            row = await _by_telegram_id(session, telegram_id)
            if row is None:
                raise LookupError("person not registered")
            if age_band is not None:
                row.age_band = age_band
            if in_education is not None:
                row.in_education = in_education
            if asked:
                row.asked = ",".join(sorted({*(row.asked or "").split(","), asked} - {""}))
            return view(row)

    async def profile(self, person: PersonView | None) -> Profile:
        """What the offer may use about this person (their PA's record is added by the
        keep-in-touch feature through ``profile_sources``)."""
        if person is None:
            return Profile()
        found = Profile(age_band=person.age_band, in_education=person.in_education)
        for source in self.profile_sources:
            found = await source(person, found)
        return found

    async def set_pending(
        self, telegram_id: int, pending: str | None, data: dict[str, Any] | None = None
    ) -> None:
        """Remember what the bot waits for from this person (``None`` clears it)."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(Person)
                .where(Person.telegram_id == telegram_id)
                .values(pending=pending, pending_data=data)
            )

    async def set_display_name(self, telegram_id: int, name: str) -> None:
        """Staff only: the name young people see for them."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(Person)
                .where(Person.telegram_id == telegram_id, Person.role != "young_person")
                .values(display_name=name.strip()[:60], pending=None, pending_data=None)
            )

    async def mark_blocked(self, telegram_id: int) -> None:
        """Telegram said Forbidden: this person blocked the bot."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(Person)
                .where(Person.telegram_id == telegram_id, Person.blocked_at.is_(None))
                .values(blocked_at=now)
            )


InviteHook = Callable[[AsyncSession, InviteView, Person], Awaitable[None]]


class InviteRedeemer:
    """Opening an invite link: register the person and apply what the invite grants."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        hooks: dict[str, InviteHook] | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        # Feature packages add what a kind of invite does (e.g. link a young person to a PA).
        self.hooks: dict[str, InviteHook] = dict(hooks or {})

    async def redeem(
        self, telegram_id: int, token: str, default_council: str
    ) -> tuple[Redeemed, PersonView]:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            row = await _by_telegram_id(session, telegram_id)
            if row is None:
                row = _new_person(telegram_id, default_council, now)
                session.add(row)
                await session.flush()
            result = await invites.claim(session, token, row.id, now)
            if result.outcome == "ok" and result.invite is not None:
                await self._apply(session, result.invite, row)
            return result, view(row)

    async def _apply(self, session: AsyncSession, invite: InviteView, row: Person) -> None:
        row.council_id = invite.council_id
        if invite.kind == "staff" and invite.role:
            row.role = invite.role
            row.team = invite.team
        hook = self.hooks.get(invite.kind)
        if hook is not None:
            await hook(session, invite, row)
