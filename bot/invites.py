"""One-time invite links: ``https://t.me/<bot>?start=<token>``.

A token is 192 random bits (``secrets``), shown once and stored only as a SHA-256 hash, so a
copy of the database cannot be turned into working links. A token works once, until it
expires (14 days by default). Redeeming reports *why* a link does not work — unknown, expired
or already used — so the bot can explain kindly instead of failing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Invite

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
Outcome = Literal["ok", "unknown", "expired", "used"]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


@dataclass(frozen=True)
class InviteView:
    id: int
    kind: str
    council_id: str
    role: str | None
    team: str | None
    created_by: int | None
    case_id: int | None
    expires_at: datetime


@dataclass(frozen=True)
class Redeemed:
    outcome: Outcome
    invite: InviteView | None = None


def _view(row: Invite) -> InviteView:
    return InviteView(
        id=row.id,
        kind=row.kind,
        council_id=row.council_id,
        role=row.role,
        team=row.team,
        created_by=row.created_by,
        case_id=row.case_id,
        expires_at=row.expires_at,
    )


async def create(
    session: AsyncSession,
    *,
    kind: str,
    council_id: str,
    now: datetime,
    days: int,
    role: str | None = None,
    team: str | None = None,
    created_by: int | None = None,
    case_id: int | None = None,
) -> str:
    """Add an invite to the caller's transaction and return its token (shown once)."""
    token = secrets.token_urlsafe(24)
    session.add(
        Invite(
            token_hash=hash_token(token),
            kind=kind,
            council_id=council_id,
            role=role,
            team=team,
            created_by=created_by,
            case_id=case_id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    await session.flush()
    return token


async def claim(session: AsyncSession, token: str, person_id: int, now: datetime) -> Redeemed:
    """Use ``token`` inside the caller's transaction; exactly one claimant can succeed."""
    if not TOKEN_SHAPE.fullmatch(token):
        return Redeemed("unknown")
    row = (
        await session.execute(select(Invite).where(Invite.token_hash == hash_token(token)))
    ).scalar_one_or_none()
    if row is None:
        return Redeemed("unknown")
    if row.used_at is not None:
        return Redeemed("used", _view(row))
    if row.expires_at <= now:
        return Redeemed("expired", _view(row))
    # Conditional update: if two people open the same link at once only one row changes.
    result = await session.execute(
        update(Invite)
        .where(Invite.id == row.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=person_id)
    )
    if getattr(result, "rowcount", 0) != 1:
        return Redeemed("used", _view(row))
    return Redeemed("ok", _view(row))


class InviteService:
    """Creating staff invites from the command line."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self._sessions = sessions
        self._clock = clock

    async def invite_staff(self, council_id: str, team: str, role: str, days: int) -> str:
        async with self._sessions() as session, session.begin():
            return await create(
                session,
                kind="staff",
                council_id=council_id,
                role=role,
                team=team,
                now=self._clock(),
                days=days,
            )
