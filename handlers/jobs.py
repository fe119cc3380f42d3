"""The repeating jobs every worker runs (PTB's job queue, APScheduler underneath).

Nothing is scheduled per person: the outbox sweep runs every few seconds and claims what is
due; an hourly job prompts PAs about newly overdue young people and, on Monday mornings,
queues the weekly digests, and applies the retention rules (``bot/retention.py``). Late runs
are not silently skipped (APScheduler's default one second grace would drop them), and a run
never overlaps the previous one.
"""

from __future__ import annotations

import logging

from telegram.ext import JobQueue

from bot.settings import Settings
from handlers.context import BotContext
from handlers.sweep import sweep_job

log = logging.getLogger(__name__)

JOB_KWARGS = {"misfire_grace_time": 300, "coalesce": True, "max_instances": 1}


async def hourly_job(context: BotContext) -> None:
    caseload = context.services.caseload
    overdue = await caseload.prompt_newly_overdue()
    digests = await caseload.queue_digests()
    if overdue or digests:
        log.info("hourly: %d overdue prompts, %d digests queued", overdue, digests)
    await context.services.retention.run()


async def relay_job(context: BotContext) -> None:
    """Completed survey responses on to the council's store (surveys/relay.py)."""
    counts = await context.services.relay.run_once()
    if any(counts.values()):
        log.info("survey relay: %s", counts)


def schedule(queue: JobQueue[BotContext], settings: Settings) -> None:
    queue.run_repeating(
        sweep_job,
        interval=settings.sweep_seconds,
        first=1.0,
        name="outbox-sweep",
        job_kwargs=JOB_KWARGS,
    )
    queue.run_repeating(
        hourly_job, interval=3600, first=30.0, name="hourly", job_kwargs=JOB_KWARGS
    )
    queue.run_repeating(
        relay_job, interval=30.0, first=15.0, name="survey-relay", job_kwargs=JOB_KWARGS
    )
