"""Tables of surveys: responses and their answers, invitations, the relay queue, updates.

Every answer is a row written as it is given, so a young person who stops halfway loses
nothing and any worker can take the next answer. An *anonymous* response has no person id: a
keyed hash of the survey and the Telegram account (the *pseudonym*) lets the same person resume
and stops them answering twice, and nothing else; its times are kept to the day. The relay
queue holds one row per response and sink until the council's store has it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, BigId, UTCDateTime


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_survey_status", "survey_id", "status"),
        Index("ix_survey_responses_person", "person_id"),
        Index("ix_survey_responses_pseudonym", "survey_id", "pseudonym"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)  # the idempotency key
    survey_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    council_id: Mapped[str] = mapped_column(String(40))
    # Named surveys only; anonymous ones leave it empty.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    pseudonym: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))  # open | completed
    current: Mapped[str | None] = mapped_column(String(40))  # the question being asked
    started_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)


class SurveyAnswer(Base):
    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(40))
    # Button answers ("7", "always", ["telegram", "call"]); [] when skipped.
    choices: Mapped[list[Any]] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)  # free text, deleted after 12 months
    answered_on: Mapped[date] = mapped_column(Date)


class SurveyInvite(Base):
    """Who was asked (for the response rate, and "at most once per 30 days")."""

    __tablename__ = "survey_invites"
    __table_args__ = (Index("ix_survey_invites_survey_person", "survey_id", "person_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(40))
    council_id: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(20))  # staff | after-checkin


class SurveyRelay(Base):
    """One completed response on its way to one sink."""

    __tablename__ = "survey_relay"
    __table_args__ = (
        UniqueConstraint("response_id", "sink"),
        Index("ix_survey_relay_status_next", "status", "next_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    sink: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(80))  # a status code or error type


class SurveyUpdate(Base):
    """ "You said, we did": what a manager published about a survey's results."""

    __tablename__ = "survey_updates"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(40))
    council_id: Mapped[str] = mapped_column(String(40))
    # {"en": "...", "ar": "..."}: English always; other languages where a translation exists.
    texts: Mapped[dict[str, str]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AppSecret(Base):
    """Secrets the deployment makes for itself when none is configured (the pseudonym key)."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
