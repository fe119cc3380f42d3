"""Tables of keep-in-touch: a PA's record of each young person, check-ins, contacts, and the
outbox of scheduled messages.

A *case* is the PA's record: a label the PA chose (initials or a nickname, never a full name
required), date of birth, legal status, and the dates the contact rules run from. It links to
the young person's ``people`` row once they open their invite. Every message the bot must send
later — a reminder, a prompt, a digest — is an ``outbox`` row, claimed by one worker, sent once,
and marked with Telegram's message id.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, BigId, UTCDateTime


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_pa_id", "pa_id"),
        Index("ix_cases_council_team", "council_id", "team"),
        Index("ix_cases_next_due", "next_due"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    council_id: Mapped[str] = mapped_column(String(40))
    team: Mapped[str] = mapped_column(String(60))
    pa_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), unique=True
    )
    label: Mapped[str] = mapped_column(String(40))
    date_of_birth: Mapped[date] = mapped_column(Date)
    legal_status: Mapped[str] = mapped_column(String(20))
    council_accommodation: Mapped[bool] = mapped_column(Boolean, default=False)
    last_move: Mapped[date | None] = mapped_column(Date)
    last_review: Mapped[date | None] = mapped_column(Date)
    next_review: Mapped[date | None] = mapped_column(Date)
    agreed_interval_days: Mapped[int | None] = mapped_column(Integer)
    parent: Mapped[bool | None] = mapped_column(Boolean)
    in_education: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the young person deleted their data or left: the record stays for the PA.
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept up to date on every change, so "who became overdue" is an index lookup, not a
    # walk through everyone: the earliest duty's date and the status last told to the PA.
    next_due: Mapped[date | None] = mapped_column(Date)
    last_status: Mapped[str | None] = mapped_column(String(16))
    overdue_told: Mapped[date | None] = mapped_column(Date)


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_case_id_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    pa_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(12))  # visit | call | video | message
    note: Mapped[str | None] = mapped_column(String(300))  # for the PA only
    # scheduled | confirmed | change_requested | call_requested | done | missed | moved
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Contact(Base):
    """Contact that happened (or was attempted): the facts the statutory rules count."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_case_id_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(12))
    made: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Outbox(Base):
    """A message to send at ``due_at``: claimed by one worker, sent once."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)  # the recipient's Telegram id
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Nudges to young people wait out quiet hours; messages to staff and crisis help do not.
    quiet: Mapped[bool] = mapped_column(Boolean, default=False)
    # pending | claimed | sent | dropped | failed
    status: Mapped[str] = mapped_column(String(10), default="pending")
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Why it was dropped or failed, as a short code (never message text).
    reason: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
