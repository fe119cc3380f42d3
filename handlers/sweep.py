"""The outbox sweep: a short repeating job on every worker that sends what is due.

Claim (one statement) → for each row: drop it if it no longer makes sense (a reminder for a
check-in that has passed or moved), let it wait if it is a nudge inside quiet hours, render it
in the recipient's language, send, store Telegram's message id, mark it sent. Telegram's
"slow down" (429) puts the row back for ``retry_after`` seconds; "Forbidden" means the person
blocked the bot: the row fails, the person is marked unreachable, and their PA is told.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.i18n import use_language
from bot.models import Person
from bot.safeguarding.conversations import is_talking
from bot.services import Services
from handlers.context import BotContext
from handlers.notices import RENDERERS
from scheduler import outbox, quiet
from scheduler.checkins import FINAL, REMINDERS
from scheduler.models import Case, CheckIn
from scheduler.status import LONDON

log = logging.getLogger(__name__)

WORKER = f"{socket.gethostname()}:{os.getpid()}"
BATCH = 50
CHECKIN_NUDGES = frozenset({"checkin_notice", "checkin_reminder"})
PRIVATE_KINDS = frozenset({"relay_to_pa", "relay_to_young"})


async def _still_makes_sense(services: Services, row: outbox.Claimed, now: datetime) -> str | None:
    """A reason to drop the row, or ``None`` to send it."""
    if row.checkin_id is None:
        return None
    async with services.sessions() as session:
        checkin = await session.get(CheckIn, row.checkin_id)
    if checkin is None:
        return "checkin_gone"
    if checkin.status in FINAL:
        return "checkin_settled"
    if row.kind in CHECKIN_NUDGES and checkin.at <= now:
        return "checkin_past"
    # Sent late (the bot was down): one reminder is enough when a later one is due too.
    last = min(REMINDERS)
    earlier_reminder = row.payload.get("before", 0) > last.total_seconds()
    if row.kind == "checkin_reminder" and earlier_reminder and now >= checkin.at - last:
        return "reminder_superseded"
    return None


async def _recipient(services: Services, chat_id: int) -> Person | None:
    async with services.sessions() as session:
        return (
            await session.execute(select(Person).where(Person.telegram_id == chat_id))
        ).scalar_one_or_none()


async def deliver(bot: Bot, services: Services, row: outbox.Claimed, now: datetime) -> str:
    """Send one claimed row; returns what happened (for counting, never logging content)."""
    reason = await _still_makes_sense(services, row, now)
    person = await _recipient(services, row.chat_id)
    if person is None:
        reason = reason or "no_recipient"
    if reason is not None:
        return await _finish(services, row, "dropped", reason)
    assert person is not None
    settings = services.settings
    allowed = quiet.next_allowed(now, settings.quiet_start_time, settings.quiet_end_time, LONDON)
    if row.quiet and allowed > now:
        async with services.sessions() as session, session.begin():
            await outbox.release(session, row.id, allowed, "quiet_hours")
        return "waiting"
    if row.quiet and await _talking(services, row.chat_id, now):
        # A person is handling this young person right now: automation waits.
        async with services.sessions() as session, session.begin():
            await outbox.release(session, row.id, now + timedelta(hours=1), "conversation_open")
        return "paused"
    render = RENDERERS.get(row.kind)
    if render is None:
        return await _finish(services, row, "failed", "unknown_kind")
    with use_language(person.language or settings.default_language):
        text, markup = render(row.payload)
    try:
        sent = await bot.send_message(
            row.chat_id, text, reply_markup=markup, parse_mode=ParseMode.HTML
        )
    except RetryAfter as error:
        wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        async with services.sessions() as session, session.begin():
            await outbox.release(session, row.id, now + timedelta(seconds=seconds), "retry_after")
        return "retry_after"
    except Forbidden:
        await _blocked(services, person, now)
        return await _finish(services, row, "failed", "blocked")
    except BadRequest:
        return await _finish(services, row, "failed", "bad_request")
    except (NetworkError, TelegramError):
        if row.attempts >= 5:
            return await _finish(services, row, "failed", "network")
        async with services.sessions() as session, session.begin():
            await outbox.release(session, row.id, now + timedelta(minutes=1), "network")
        return "retry_network"
    async with services.sessions() as session, session.begin():
        # Relayed words are delivered: the outbox keeps that it happened, not what was said.
        scrub = row.kind in PRIVATE_KINDS
        await outbox.mark_sent(session, row.id, sent.message_id, services.clock(), scrub=scrub)
    return "sent"


async def _talking(services: Services, chat_id: int, now: datetime) -> bool:
    async with services.sessions() as session, session.begin():
        return await is_talking(session, chat_id, now)


async def _finish(services: Services, row: outbox.Claimed, status: str, reason: str) -> str:
    async with services.sessions() as session, session.begin():
        await outbox.mark(session, row.id, status, reason, scrub=row.kind in PRIVATE_KINDS)
    return reason


async def _blocked(services: Services, person: Person, now: datetime) -> None:
    """They blocked the bot: a safeguarding signal for their PA, not just a status."""
    await services.people.mark_blocked(person.telegram_id)
    async with services.sessions() as session, session.begin():
        case = (
            await session.execute(select(Case).where(Case.person_id == person.id))
        ).scalar_one_or_none()
        if case is None:
            return
        pa = await session.get(Person, case.pa_id)
        if pa is None:
            return
        await outbox.enqueue(
            session, chat_id=pa.telegram_id, kind="unreachable",
            payload={"case": case.id, "label": case.label}, due_at=now, now=now,
            dedupe_key=f"unreachable:{case.id}:{now.date().isoformat()}",
        )  # fmt: skip


async def sweep_once(
    bot: Bot, services: Services, limit: int = BATCH, chat_id: int | None = None
) -> Counter[str]:
    now = services.clock()
    async with services.sessions() as session, session.begin():
        rows = await outbox.claim(session, now, limit, WORKER, chat_id)
    results: Counter[str] = Counter()
    for row in rows:
        try:
            results[await deliver(bot, services, row, now)] += 1
        except Exception as error:  # one bad row must not stop the others
            log.exception("outbox row %s failed: %s", row.id, type(error).__name__)
            results[await _finish(services, row, "failed", f"error:{type(error).__name__}")] += 1
    if rows:
        log.info("outbox sweep: %s", dict(results))
    return results


async def sweep_job(context: BotContext) -> None:
    await sweep_once(context.bot, context.services)
