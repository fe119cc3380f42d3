"""Retention: personal data is kept only as long as the council's rules say.

Run by the hourly job on every worker (each step is idempotent, so two workers running it at
once do no harm). What it does, with the defaults from ``bot/settings.py``:

- the words of crisis messages are erased after ``crisis_text_days`` (90); the record that an
  alert happened stays, for the council's safeguarding review;
- a young person who has not used the chat for ``inactive_months`` (24) is sent one reminder;
  if they still have not used it ``inactive_grace_days`` (30) after that reminder, everything
  the chat keeps about them is erased exactly as ``/delete`` would (their PA is told why);
- audit entries older than ``audit_days`` are deleted — only when the council sets it: by
  default they are kept, because councils keep access logs under their own policy;
- sent, dropped and failed scheduled messages are deleted after ``outbox_keep_days`` (180);
- every other feature that keeps dated personal text (survey free text) registers a purge step.

Staff accounts are not removed by this rule: the council closes them when someone leaves.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.audit import AuditEntry
from bot.models import Person
from bot.privacy import PrivacyService
from bot.settings import Settings
from scheduler import outbox
from scheduler.models import Outbox

log = logging.getLogger(__name__)

Purge = Callable[[datetime], Awaitable[int]]
YOUNG_PERSON = "young_person"
# One month, as the retention rule counts it: a reminder after 24 "months" of 30 days.
MONTH = timedelta(days=30)


@dataclass
class RetentionReport:
    reminded: int = 0
    erased: int = 0
    audit_deleted: int = 0
    purged: dict[str, int] = field(default_factory=dict)

    def any(self) -> bool:
        return bool(
            self.reminded or self.erased or self.audit_deleted or any(self.purged.values())
        )


def reminder_key(person: Person) -> str:
    """One reminder per period of inactivity: a new period starts whenever they come back."""
    return f"inactive:{person.id}:{person.last_seen_at.date().isoformat()}"


class RetentionService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        settings: Settings,
        privacy: PrivacyService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._settings = settings
        self._privacy = privacy
        self._purges: dict[str, Purge] = {}

    def add_purge(self, name: str, purge: Purge) -> None:
        """Register a step that deletes a feature's expired data and returns how many rows."""
        self._purges[name] = purge

    @property
    def inactive_after(self) -> timedelta:
        return MONTH * self._settings.inactive_months

    @property
    def grace(self) -> timedelta:
        return timedelta(days=self._settings.inactive_grace_days)

    async def run(self) -> RetentionReport:
        now = self._clock()
        report = RetentionReport()
        for name, purge in self._purges.items():
            report.purged[name] = await purge(now)
        report.reminded = await self._remind_inactive(now)
        report.erased = await self._erase_inactive(now)
        report.audit_deleted = await self._purge_audit(now)
        report.purged["outbox"] = await self._purge_outbox(now)
        if report.any():
            log.info(
                "retention: %d reminded, %d erased, %d audit entries deleted, purged %s",
                report.reminded, report.erased, report.audit_deleted, report.purged,
            )  # fmt: skip
        return report

    async def _inactive(self, session: AsyncSession, now: datetime) -> list[Person]:
        rows = await session.execute(
            select(Person).where(
                Person.role == YOUNG_PERSON, Person.last_seen_at < now - self.inactive_after
            )
        )
        return list(rows.scalars())

    async def _remind_inactive(self, now: datetime) -> int:
        sent = 0
        async with self._sessions() as session, session.begin():
            for person in await self._inactive(session, now):
                delete_on = (now + self.grace).date()
                queued = await outbox.enqueue(
                    session, chat_id=person.telegram_id, kind="inactive_reminder",
                    payload={"delete_on": delete_on.isoformat()}, due_at=now, now=now,
                    quiet=True, dedupe_key=reminder_key(person),
                )  # fmt: skip
                sent += int(queued)
        return sent

    async def _erase_inactive(self, now: datetime) -> int:
        due: list[int] = []
        async with self._sessions() as session, session.begin():
            for person in await self._inactive(session, now):
                reminded_at = await session.scalar(
                    select(Outbox.created_at).where(Outbox.dedupe_key == reminder_key(person))
                )
                if reminded_at is not None and reminded_at <= now - self.grace:
                    due.append(person.telegram_id)
        erased = 0
        for telegram_id in due:
            # Each erasure is its own transaction, the same one /delete runs.
            erased += int(await self._privacy.erase(telegram_id, reason="inactive"))
        return erased

    async def _purge_outbox(self, now: datetime) -> int:
        keep = timedelta(days=self._settings.outbox_keep_days)
        async with self._sessions() as session, session.begin():
            # Reminder rows prove when an inactive person was reminded: kept while it matters.
            return await outbox.purge_finished(session, now - max(keep, self.grace * 2))

    async def _purge_audit(self, now: datetime) -> int:
        days = self._settings.audit_days
        if days is None:
            return 0
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(AuditEntry).where(AuditEntry.at < now - timedelta(days=days))
            )
            return int(getattr(result, "rowcount", 0) or 0)
