"""The outbox: every message the bot must send later, as a row — never a job in memory.

Any number of workers sweep it. A sweep *claims* due rows in one statement
(``UPDATE … WHERE id IN (SELECT … ORDER BY due_at LIMIT n [FOR UPDATE SKIP LOCKED]) AND
status='pending' RETURNING …``), so two workers can never claim the same row, on SQLite or
PostgreSQL; then sends, stores Telegram's message id and marks the row sent. A crash between
sending and marking leaves the row visibly ``claimed``. The cost of a sweep follows the number
of due rows (an index on ``(status, due_at)``), not the number of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.models import Outbox


@dataclass(frozen=True)
class Claimed:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    due_at: datetime
    quiet: bool
    checkin_id: int | None
    attempts: int


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    due_at: datetime,
    now: datetime,
    quiet: bool = False,
    dedupe_key: str | None = None,
    checkin_id: int | None = None,
) -> bool:
    """Add a message to the caller's transaction; ``False`` if ``dedupe_key`` already exists."""
    if dedupe_key is not None:
        exists = await session.scalar(select(Outbox.id).where(Outbox.dedupe_key == dedupe_key))
        if exists is not None:
            return False
    session.add(
        Outbox(
            chat_id=chat_id,
            kind=kind,
            payload=payload,
            due_at=due_at,
            quiet=quiet,
            dedupe_key=dedupe_key,
            checkin_id=checkin_id,
            status="pending",
            attempts=0,
            created_at=now,
        )
    )
    await session.flush()
    return True


async def claim(
    session: AsyncSession, now: datetime, limit: int, worker: str, chat_id: int | None = None
) -> list[Claimed]:
    """Claim up to ``limit`` due rows for ``worker`` in one statement (optionally only one
    recipient's: the terminal chat is one person's phone)."""
    due = (
        select(Outbox.id)
        .where(Outbox.status == "pending", Outbox.due_at <= now)
        .order_by(Outbox.due_at, Outbox.id)
        .limit(limit)
    )
    if chat_id is not None:
        due = due.where(Outbox.chat_id == chat_id)
    if session.get_bind().dialect.name == "postgresql":
        # A materialised CTE runs the locking SELECT once. As an ``IN (subquery)`` PostgreSQL
        # may re-run it for every row it updates, and each run skips the rows the last one
        # locked: a sweep asked for 7 rows took all 600 (tests/integration/test_outbox.py).
        picked = due.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        chosen = Outbox.id == picked.c.id
    else:
        chosen = Outbox.id.in_(due.scalar_subquery())
    statement = (
        update(Outbox)
        .where(and_(chosen, Outbox.status == "pending"))
        .values(status="claimed", claimed_at=now, claimed_by=worker,
                attempts=Outbox.attempts + 1)
        .returning(Outbox.id, Outbox.chat_id, Outbox.kind, Outbox.payload, Outbox.due_at,
                   Outbox.quiet, Outbox.checkin_id, Outbox.attempts)
    )  # fmt: skip
    rows = (await session.execute(statement)).all()
    claimed = [Claimed(*row) for row in rows]
    return sorted(claimed, key=lambda c: (c.due_at, c.id))


async def mark_sent(
    session: AsyncSession, row_id: int, message_id: int, now: datetime, scrub: bool = False
) -> None:
    """Sent: keep Telegram's message id; with ``scrub``, forget the payload (relayed words)."""
    values: dict[str, Any] = {"status": "sent", "sent_at": now, "message_id": message_id}
    if scrub:
        values["payload"] = {}
    await session.execute(update(Outbox).where(Outbox.id == row_id).values(**values))


async def mark(
    session: AsyncSession, row_id: int, status: str, reason: str, scrub: bool = False
) -> None:
    """``dropped`` (no longer makes sense) or ``failed`` (could not be delivered)."""
    values: dict[str, Any] = {"status": status, "reason": reason}
    if scrub:
        values["payload"] = {}
    await session.execute(update(Outbox).where(Outbox.id == row_id).values(**values))


async def release(session: AsyncSession, row_id: int, due_at: datetime, reason: str) -> None:
    """Put a claimed row back to wait (quiet hours, Telegram asked us to slow down)."""
    await session.execute(
        update(Outbox)
        .where(Outbox.id == row_id)
        .values(status="pending", due_at=due_at, claimed_at=None, claimed_by=None, reason=reason)
    )


async def drop_pending(
    session: AsyncSession,
    *,
    chat_id: int | None = None,
    checkin_id: int | None = None,
    reason: str,
) -> int:
    """Drop pending rows for a person (they left) or a check-in (it moved or was cancelled)."""
    condition = Outbox.status == "pending"
    if chat_id is not None:
        condition = and_(condition, Outbox.chat_id == chat_id)
    if checkin_id is not None:
        condition = and_(condition, Outbox.checkin_id == checkin_id)
    result = await session.execute(
        update(Outbox).where(condition).values(status="dropped", reason=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def erase_for(session: AsyncSession, chat_id: int) -> None:
    """Remove every row addressed to a person who deleted their data."""
    await session.execute(delete(Outbox).where(Outbox.chat_id == chat_id))


async def purge_finished(session: AsyncSession, before: datetime) -> int:
    """Delete rows that are done with (sent, dropped, failed) created before ``before``."""
    result = await session.execute(
        delete(Outbox).where(Outbox.status != "pending", Outbox.created_at < before)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Outbox.status, func.count()).group_by(Outbox.status))
    return {status: int(number) for status, number in rows.all()}
