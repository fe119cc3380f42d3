"""What happens after a crisis match: record it, tell the PA and the duty team, let them read it.

The young person always gets help at once (the handler does that). For a linked young person,
their PA and the council's duty workers get an alert through the outbox — who (the PA's label),
the category and when, with a button to read the message. At most one alert per person per
hour, so a young person writing many distressed messages is not turned into a flood of alerts
(every message still gets the help answer). Reading the message is allowed to the PA's
caseload rules or a duty worker of the same council, and is audited either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import audit
from bot.models import Person
from bot.people import PersonView
from bot.safeguarding import Lexicon
from bot.safeguarding.matcher import Match
from bot.safeguarding.models import CrisisAlert
from scheduler import outbox
from scheduler.cases import may_act
from scheduler.links import find_link
from scheduler.models import Case

ALERT_GAP = timedelta(hours=1)


@dataclass(frozen=True)
class AlertOutcome:
    alert_id: int
    linked: bool
    notified: tuple[int, ...]  # Telegram ids told (PA, duty workers); empty if rate-limited


@dataclass(frozen=True)
class AlertView:
    id: int
    label: str
    category: str
    at: datetime
    text: str | None


class SafeguardingService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        lexicon: Lexicon,
        duty_chats: tuple[int, ...],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.lexicon = lexicon
        self._duty = duty_chats

    def check(self, text: str, lang: str) -> Match | None:
        return self.lexicon.match(text, lang)

    async def raise_alert(
        self, young: PersonView, match: Match, text: str, source: str = "message"
    ) -> AlertOutcome:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            found = await find_link(session, young.id)
            recent = await session.scalar(
                select(CrisisAlert.id).where(
                    CrisisAlert.person_id == young.id, CrisisAlert.alerted.is_(True),
                    CrisisAlert.at > now - ALERT_GAP))  # fmt: skip
            notify = found is not None and recent is None
            alert = CrisisAlert(
                person_id=young.id,
                case_id=found[0].id if found else None,
                council_id=young.council_id,
                category=match.category,
                source=source,
                at=now,
                text=text[:4000],
                alerted=notify,
            )
            session.add(alert)
            await session.flush()
            told: list[int] = []
            if notify and found is not None:
                case, pa = found
                for chat in dict.fromkeys((pa.telegram_id, *self._duty)):
                    await outbox.enqueue(
                        session, chat_id=chat, kind="crisis_alert",
                        payload={"alert": alert.id, "label": case.label, "case": case.id,
                                 "category": match.category, "at": now.isoformat()},
                        due_at=now, now=now, dedupe_key=f"crisis:{alert.id}:{chat}",
                    )  # fmt: skip
                    told.append(chat)
            return AlertOutcome(alert.id, found is not None, tuple(told))

    async def read(self, staff: PersonView, alert_id: int) -> AlertView | None:
        """The alert and its words, if ``staff`` may see them; audited either way."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            alert = await session.get(CrisisAlert, alert_id)
            case = await session.get(Case, alert.case_id) if alert and alert.case_id else None
            allowed = (
                alert is not None
                and case is not None
                and staff.is_staff
                and (
                    may_act(staff, case)
                    or (staff.telegram_id in self._duty and staff.council_id == case.council_id)
                )
            )
            await audit.record(session, now=now, actor_id=staff.id, actor_role=staff.role,
                               council_id=staff.council_id, action="read_crisis_message",
                               target=f"alert:{alert_id}", allowed=allowed)  # fmt: skip
            if not allowed or alert is None or case is None:
                return None
            return AlertView(alert.id, case.label, alert.category, alert.at, alert.text)

    async def purge_text(self, days: int) -> int:
        """Erase the words of alerts older than ``days`` (the alert record stays)."""
        limit = self._clock() - timedelta(days=days)
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(CrisisAlert).where(CrisisAlert.at < limit, CrisisAlert.text.is_not(None))
                .values(text=None))  # fmt: skip
            return int(getattr(result, "rowcount", 0) or 0)


async def erase_for(session: AsyncSession, person: Person, _now: datetime) -> None:
    """/delete: the words go; that an alert happened stays, without the person."""
    await session.execute(
        update(CrisisAlert).where(CrisisAlert.person_id == person.id)
        .values(text=None, person_id=None))  # fmt: skip


async def export_for(session: AsyncSession, person: Person) -> dict[str, object]:
    rows = (await session.execute(
        select(CrisisAlert.at, CrisisAlert.category).where(CrisisAlert.person_id == person.id)
    )).all()  # fmt: skip
    return {
        "times_we_offered_urgent_help": [
            {"when": at.isoformat(timespec="minutes"), "about": category} for at, category in rows
        ]
    }
