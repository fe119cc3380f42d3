"""The outbox on both databases: claims never overlap, two worker processes send each
message exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot import migrate
from bot.db import create_engine, session_factory
from bot.models import Person
from scheduler import outbox
from scheduler.models import Outbox
from tests.support import scratch_database

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # in the past: due for the workers too


async def _fill(url: str, rows: int, people: int = 50) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        async with session_factory(engine)() as session, session.begin():
            for n in range(people):
                session.add(
                    Person(
                        telegram_id=900_000 + n,
                        role="pa",
                        council_id="testshire",
                        language="en",
                        created_at=NOW,
                        last_seen_at=NOW,
                    )
                )
            for n in range(rows):
                await outbox.enqueue(
                    session,
                    chat_id=900_000 + n % people,
                    kind="talk_request",
                    payload={"case": 1, "label": f"P{n}"},
                    due_at=NOW - timedelta(seconds=n),
                    now=NOW,
                )
    finally:
        await engine.dispose()


async def test_concurrent_claims_never_overlap(tmp_root: Path) -> None:
    async with scratch_database(str(tmp_root)) as url:
        await _fill(url, 200)
        engines = [create_engine(url), create_engine(url)]
        claimed: list[list[int]] = [[], []]

        async def worker(index: int) -> None:
            sessions = session_factory(engines[index])
            while True:
                async with sessions() as session, session.begin():
                    rows = await outbox.claim(session, NOW, 20, f"w{index}")
                if not rows:
                    return
                claimed[index] += [row.id for row in rows]

        try:
            await asyncio.gather(worker(0), worker(1))
        finally:
            for engine in engines:
                await engine.dispose()
        assert not set(claimed[0]) & set(claimed[1])
        assert len(claimed[0]) + len(claimed[1]) == 200


async def test_a_claim_takes_no_more_than_its_limit(tmp_root: Path) -> None:
    # On PostgreSQL an ``IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`` may be re-run per row
    # and claim everything; a sweep must cost in proportion to its limit, not the backlog.
    async with scratch_database(str(tmp_root)) as url:
        await _fill(url, 300)
        engine = create_engine(url)
        try:
            sessions = session_factory(engine)
            taken: list[int] = []
            for _ in range(3):
                async with sessions() as session, session.begin():
                    rows = await outbox.claim(session, NOW, 7, "w")
                assert len(rows) == 7
                taken += [row.id for row in rows]
            assert len(set(taken)) == 21
            async with sessions() as session:
                pending = await session.scalar(
                    select(func.count()).where(Outbox.status == "pending")
                )
            assert pending == 300 - 21
        finally:
            await engine.dispose()


async def test_only_due_rows_are_claimed_oldest_first(tmp_root: Path) -> None:
    async with scratch_database(str(tmp_root)) as url:
        await _fill(url, 10)
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session, session.begin():
                early = await outbox.claim(session, NOW - timedelta(seconds=5), 100, "w")
            assert len(early) == 5  # due_at = NOW - n seconds: n = 5..9
            assert [row.due_at for row in early] == sorted(row.due_at for row in early)
        finally:
            await engine.dispose()


def test_two_bot_processes_send_each_message_exactly_once(tmp_root: Path) -> None:
    async def prepare_and_run() -> list[list[list[object]]]:
        async with scratch_database(str(tmp_root)) as url:
            await _fill(url, 600)
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            command = [sys.executable, "-m", "tests.integration.sweeper_process", url]
            processes = [
                subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    cwd=ROOT,
                    env=env,
                )
                for _ in range(2)
            ]
            # Both initialised before either starts sweeping, then "go" to both at once.
            for process in processes:
                assert process.stdout is not None
                assert process.stdout.readline().strip() == "ready"
            for process in processes:
                assert process.stdin is not None
                process.stdin.write("go\n")
                process.stdin.flush()
            outputs = []
            for process in processes:
                out, err = process.communicate(timeout=180)
                assert process.returncode == 0, err[-2000:]
                outputs.append(json.loads(out.strip().splitlines()[-1]))
            engine = create_engine(url)
            try:
                async with session_factory(engine)() as session:
                    sent = await session.scalar(
                        select(func.count()).where(Outbox.status == "sent")
                    )
            finally:
                await engine.dispose()
            assert sent == 600
            return outputs

    first, second = asyncio.run(prepare_and_run())
    texts = [text for _chat, text in first + second]
    assert len(texts) == 600
    assert len(set(texts)) == 600, "a message was sent twice"
    assert first, "both workers should have taken part"
    assert second, "both workers should have taken part"
