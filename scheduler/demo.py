"""Synthetic people for trying the bot and for benchmarks: PAs, young people, check-ins,
contacts — realistic in shape, invented in every detail.

Labels are random initials, PAs are "Demo PA 7", Telegram ids sit in a range no real account
uses in this database. The mix follows the councils' papers loosely: ages 16–25, about one PA
per 20 young people, most seen within the last two months, a few overdue or unreachable.
Rows are written with bulk inserts so 100,000 young people take seconds, not minutes.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Person
from scheduler.models import Case, CheckIn, Contact, Outbox

DEMO_IDS = 8_000_000_000  # Telegram ids for demo people start here
BATCH = 5000


@dataclass(frozen=True)
class Seeded:
    pas: int
    young_people: int
    contacts: int
    checkins: int
    outbox: int


def _status(age: int, rng: random.Random) -> str:
    if age < 18:
        return rng.choice(("eligible", "relevant"))
    return "qualifying" if rng.random() < 0.05 else "former-relevant"


async def _bulk(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        await session.execute(insert(table), rows[start : start + BATCH])


async def seed(
    session: AsyncSession,
    council_id: str,
    young_people: int,
    now: datetime,
    seed_value: int = 7,
    due_now: int = 0,
) -> Seeded:
    """Fill the database; ``due_now`` adds that many outbox rows already due (benchmarks)."""
    rng = random.Random(seed_value)
    base = DEMO_IDS + (await _next_offset(session))
    pa_count = max(1, young_people // 20)
    await _bulk(session, Person.__table__, [
        {"telegram_id": base + n, "role": "pa", "council_id": council_id, "team": f"Team {n % 5}",
         "display_name": f"Demo PA {n + 1}", "language": "en", "consented_at": now,
         "created_at": now, "last_seen_at": now}
        for n in range(pa_count)])  # fmt: skip
    pa_ids = list((await session.execute(
        select(Person.id).where(Person.telegram_id >= base,
                                Person.telegram_id < base + pa_count))).scalars())  # fmt: skip
    today = now.date()
    cases = [_case(rng, council_id, pa_ids, today, now) for _ in range(young_people)]
    await _bulk(session, Case.__table__, cases)
    first = await session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0
    case_ids = range(first - young_people + 1, first + 1)
    contacts = [_contact(rng, case_id, now) for case_id in case_ids
                for _ in range(rng.choice((0, 1, 1, 2, 3)))]  # fmt: skip
    await _bulk(session, Contact.__table__, contacts)
    checkins = [{"case_id": case_id, "pa_id": rng.choice(pa_ids), "kind": "visit",
                 "at": now + timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8)),
                 "status": "scheduled", "created_at": now}
                for case_id in case_ids if rng.random() < 0.3]  # fmt: skip
    await _bulk(session, CheckIn.__table__, checkins)
    pending = [{"chat_id": base + pa_count + n, "kind": "talk_request",
                "payload": {"case": 0, "label": "XX"}, "due_at": now - timedelta(seconds=n % 60),
                "quiet": False, "status": "pending", "attempts": 0, "created_at": now}
               for n in range(due_now)]  # fmt: skip
    await _bulk(session, Outbox.__table__, pending)
    return Seeded(pa_count, young_people, len(contacts), len(checkins), len(pending))


def _case(
    rng: random.Random, council_id: str, pa_ids: list[int], today: date, now: datetime
) -> dict[str, Any]:
    age_days = rng.randint(16 * 365, 25 * 365 + 300)
    born = today - timedelta(days=age_days)
    pa = rng.choice(pa_ids)
    return {
        "council_id": council_id, "team": f"Team {pa % 5}", "pa_id": pa,
        "label": "".join(rng.choice(string.ascii_uppercase) for _ in range(2)),
        "date_of_birth": born, "legal_status": _status(age_days // 365, rng),
        "council_accommodation": rng.random() < 0.3,
        "last_move": today - timedelta(days=rng.randint(1, 700)) if rng.random() < 0.5 else None,
        "next_review": today + timedelta(days=rng.randint(-20, 180)),
        "last_review": today - timedelta(days=rng.randint(1, 200)),
        # What the status refresh would have stored: some already past, so overdue prompts
        # and digests have work to do.
        "next_due": today + timedelta(days=rng.randint(-40, 60)),
        "created_at": now,
    }  # fmt: skip


def _contact(rng: random.Random, case_id: int, now: datetime) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "at": now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 9)),
        "kind": rng.choice(("visit", "visit", "call", "video", "message")),
        "made": rng.random() < 0.9, "recorded_at": now,
    }  # fmt: skip


async def _next_offset(session: AsyncSession) -> int:
    highest = await session.scalar(
        select(Person.telegram_id).where(Person.telegram_id >= DEMO_IDS)
        .order_by(Person.telegram_id.desc()).limit(1))  # fmt: skip
    return 0 if highest is None else highest - DEMO_IDS + 1
