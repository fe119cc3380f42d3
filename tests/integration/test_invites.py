"""Invite links on both databases: single use, expiry, hashing at rest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import invites
from bot.invites import InviteService, hash_token
from bot.models import Invite
from bot.services import Services
from tests.support import Clock, Person


async def test_tokens_are_random_long_and_stored_only_as_hashes(
    sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> None:
    service = InviteService(sessions, clock)
    first = await service.invite_staff("cheshire-east", "North", "pa", days=14)
    second = await service.invite_staff("cheshire-east", "North", "pa", days=14)
    assert first != second
    assert len(first) >= 32  # 24 random bytes, base64url: 192 bits
    async with sessions() as session:
        stored = (await session.execute(select(Invite.token_hash))).scalars().all()
    assert hash_token(first) in stored
    assert first not in stored


async def test_staff_invite_grants_the_role_once(
    services: Services, clock: Clock, make_person: object
) -> None:
    token = await InviteService(services.sessions, clock).invite_staff(
        "cambridgeshire", "South", "pa", days=14
    )
    adviser: Person = make_person(7001)  # type: ignore[operator]
    sent = await adviser.send(f"/start {token}")
    assert "Your staff account is ready" in sent[0].text
    view = await services.people.load(7001)
    assert view is not None
    assert (view.role, view.council_id, view.team) == ("pa", "cambridgeshire", "South")

    intruder: Person = make_person(7002)  # type: ignore[operator]
    sent = await intruder.send(f"/start {token}")
    assert "already been used" in sent[0].text
    other = await services.people.load(7002)
    assert other is not None
    assert other.role == "young_person"


async def test_expired_link_is_explained(
    services: Services, clock: Clock, make_person: object
) -> None:
    token = await InviteService(services.sessions, clock).invite_staff(
        "cheshire-east", "North", "pa", days=14
    )
    clock.advance(days=14, seconds=1)
    late: Person = make_person(7003)  # type: ignore[operator]
    sent = await late.send(f"/start {token}")
    assert "too old" in sent[0].text
    view = await services.people.load(7003)
    assert view is not None
    assert view.role == "young_person"


async def test_claim_refuses_malformed_tokens(
    sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> None:
    async with sessions() as session, session.begin():
        for token in ["", "short", "x" * 200, "../../etc/passwd", "a b c d e f g h i j k l m"]:
            assert (await invites.claim(session, token, 1, clock())).outcome == "unknown"


async def test_a_link_works_until_the_last_second(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, services: Services
) -> None:
    someone = await services.people.register(7004, "x")
    async with sessions() as session, session.begin():
        token = await invites.create(
            session, kind="staff", council_id="x", now=clock(), days=1, role="pa"
        )
    async with sessions() as session, session.begin():
        when = clock() + timedelta(days=1, seconds=-1)
        result = await invites.claim(session, token, someone.id, when)
    assert result.outcome == "ok"
