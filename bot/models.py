"""Tables of the core: people and one-time invite links.

A *person* is anyone who talks to the bot: a young person or a member of staff. We keep the
minimum: no names, no phone numbers — a Telegram id to reach them, their council, their chosen
language, when they agreed to the privacy notice, and the few answers ("age band", "in
education?") that let the offer be filtered. Conversation state (what the bot is waiting for
from this person) is a row too, so any worker can take the next update.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, BigId, UTCDateTime

ROLES = ("young_person", "pa", "manager", "admin")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    role: Mapped[str] = mapped_column(String(16), default="young_person")
    council_id: Mapped[str] = mapped_column(String(40))
    team: Mapped[str | None] = mapped_column(String(60))
    # Staff only: the name young people see ("Sam, your PA"). Young people need no name.
    display_name: Mapped[str | None] = mapped_column(String(60))
    language: Mapped[str | None] = mapped_column(String(8))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Optional answers a young person may give so "What can I get?" fits them.
    age_band: Mapped[str | None] = mapped_column(String(8))
    in_education: Mapped[bool | None] = mapped_column(Boolean)
    # Which optional questions were asked ("age,edu"), so "rather not say" is respected.
    asked: Mapped[str | None] = mapped_column(String(40))
    # The language whose "this is a draft translation" notice this person has already seen.
    draft_notice_lang: Mapped[str | None] = mapped_column(String(8))
    # What the bot waits for from this person next (typed date, free-text answer...).
    pending: Mapped[str | None] = mapped_column(String(40))
    pending_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Set when Telegram answers "Forbidden": they blocked the bot.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Invite(Base):
    """A one-time link ``t.me/<bot>?start=<token>``; only a hash of the token is stored."""

    __tablename__ = "invites"
    __table_args__ = (Index("ix_invites_expires_at", "expires_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "staff" or "young_person"
    council_id: Mapped[str] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(60))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
