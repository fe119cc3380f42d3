"""The audit log: every staff action and every staff read of personal data, allowed or refused.

Entries name who acted (person id and role), what they did (a short action code), on what
(a case or record id) and whether it was allowed — never message text or a young person's
details. ``careleaver-bot audit --since DATE`` prints them for a council's information
governance team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, BigId, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_at", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(16))
    council_id: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(60))
    allowed: Mapped[bool] = mapped_column(Boolean)


@dataclass(frozen=True)
class AuditView:
    at: datetime
    actor_id: int | None
    actor_role: str
    council_id: str | None
    action: str
    target: str | None
    allowed: bool


async def record(
    session: AsyncSession,
    *,
    now: datetime,
    actor_id: int | None,
    actor_role: str,
    council_id: str | None,
    action: str,
    target: str | None,
    allowed: bool,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor_id=actor_id,
            actor_role=actor_role,
            council_id=council_id,
            action=action,
            target=target,
            allowed=allowed,
        )
    )
    await session.flush()


async def since(session: AsyncSession, when: datetime) -> list[AuditView]:
    rows = await session.execute(
        select(AuditEntry).where(AuditEntry.at >= when).order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        AuditView(r.at, r.actor_id, r.actor_role, r.council_id, r.action, r.target, r.allowed)
        for r in rows.scalars()
    ]
