"""Tables of safeguarding: crisis alerts, and conversations with a PA through the bot.

A crisis alert keeps the message that raised it only so the PA or duty worker can read it
(every reading is audited) and only for a limited time (``crisis_text_days``); the alert itself
— who, which category, when — stays as the record that someone was told. A conversation is
open while a young person and their PA are writing to each other; while it is open, automated
nudges to that young person wait.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, BigId, UTCDateTime


class CrisisAlert(Base):
    __tablename__ = "crisis_alerts"
    __table_args__ = (Index("ix_crisis_alerts_person_at", "person_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    council_id: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(16))  # "message" or "survey"
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The words that raised the alert, for the PA or duty worker to read; erased on schedule.
    text: Mapped[str | None] = mapped_column(Text)
    alerted: Mapped[bool] = mapped_column(default=False)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_person_open", "person_id", "closed_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    pa_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
