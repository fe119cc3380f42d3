"""Relaying completed responses to the council's backend store.

The database is the system of record; a completed response gets one ``survey_relay`` row per
configured sink. Each run claims due rows (one statement, so two workers never take the same
row), sends, and marks them sent — or schedules a retry with exponential backoff (30 s, 1 min,
2 min … at most an hour apart) until 24 hours have passed since the first try, after which the
row is ``failed``: kept, listed by ``careleaver-bot survey relay --failed``, and retried on
request. Delivery is at least once; every payload carries an idempotency key (the response's
random key) so the council's store keeps each response exactly once.

Sinks:
- ``http``: POST JSON to ``CARELEAVER_SURVEY_HTTP_URL`` with ``Idempotency-Key`` and
  ``X-Careleaver-Signature: sha256=<HMAC-SHA256 of the body>`` (key
  ``CARELEAVER_SURVEY_HTTP_SECRET``). 2xx is delivered; anything else, a timeout or a refused
  connection is retried.
- ``files``: appends to ``responses.csv`` (UTF-8 with BOM) and ``responses.jsonl`` in
  ``CARELEAVER_SURVEY_FILES_DIR``, skipping keys already written.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import hmac
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx
from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from surveys.models import SurveyRelay, SurveyResponse
from surveys.service import payload

GIVE_UP_AFTER = timedelta(hours=24)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
LEASE = timedelta(minutes=5)
SIGNATURE = "X-Careleaver-Signature"


class SinkError(Exception):
    """A delivery that did not work; ``code`` is a status code or an error type, never data."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Sink(Protocol):
    name: str

    async def send(self, body: dict[str, Any]) -> None: ...


def signature(secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


class HttpSink:
    name = "http"

    def __init__(self, url: str, secret: str, timeout: float = 10.0) -> None:
        self.url = url
        self.secret = secret
        self.timeout = timeout

    async def send(self, body: dict[str, Any]) -> None:
        raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(body["key"]),
            SIGNATURE: signature(self.secret, raw),
        }
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                answer = await client.post(self.url, content=raw, headers=headers)
        except httpx.HTTPError as error:
            raise SinkError(type(error).__name__) from None
        if not 200 <= answer.status_code < 300:
            raise SinkError(f"HTTP {answer.status_code}")


COLUMNS = ("key", "survey", "version", "council", "anonymous", "case", "language",
           "completed_on", "answers")  # fmt: skip


class FileSink:
    name = "files"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: set[str] | None = None

    def _keys(self) -> set[str]:
        if self._written is None:
            self._written = set()
            jsonl = self.folder / "responses.jsonl"
            if jsonl.exists():
                for line in jsonl.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        self._written.add(json.loads(line)["key"])
        return self._written

    async def send(self, body: dict[str, Any]) -> None:
        await asyncio.to_thread(self._write, body)

    def _write(self, body: dict[str, Any]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if body["key"] in self._keys():
                return
            csv_path = self.folder / "responses.csv"
            new = not csv_path.exists()
            row = io.StringIO()
            writer = csv.writer(row, lineterminator="\r\n")
            if new:
                writer.writerow(COLUMNS)
            writer.writerow([_cell(body, c) for c in COLUMNS])
            with csv_path.open("a", encoding="utf-8-sig" if new else "utf-8", newline="") as f:
                f.write(row.getvalue())
            with (self.folder / "responses.jsonl").open("a", encoding="utf-8") as f:
                f.write(json.dumps(body, ensure_ascii=False, sort_keys=True) + "\n")
            self._keys().add(str(body["key"]))
        except OSError as error:
            raise SinkError(type(error).__name__) from None


def _cell(body: dict[str, Any], column: str) -> object:
    value = body[column]
    if column == "answers":
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


@dataclass(frozen=True)
class Failed:
    relay_id: int
    response_key: str
    survey: str
    sink: str
    attempts: int
    last_error: str | None
    first_at: datetime


def backoff(attempts: int) -> timedelta:
    return min(FIRST_WAIT * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


class RelayService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        sinks: dict[str, Sink],
        anonymous: Callable[[str], bool],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.sinks = sinks
        self._anonymous = anonymous

    async def _claim(self, limit: int) -> list[int]:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            due = or_(
                and_(SurveyRelay.status == "pending", SurveyRelay.next_at <= now),
                and_(SurveyRelay.status == "sending", SurveyRelay.next_at <= now),
            )
            ids = select(SurveyRelay.id).where(due).order_by(SurveyRelay.next_at).limit(limit)
            if session.get_bind().dialect.name == "postgresql":
                # Materialised so that the locking SELECT runs once (see scheduler.outbox.claim).
                locked = ids.with_for_update(skip_locked=True)
                picked = locked.cte("due").prefix_with("MATERIALIZED")
                chosen = SurveyRelay.id == picked.c.id
            else:
                chosen = SurveyRelay.id.in_(ids.scalar_subquery())
            result = await session.execute(
                update(SurveyRelay).where(chosen)
                .values(status="sending", next_at=now + LEASE).returning(SurveyRelay.id)
            )  # fmt: skip
            return [int(i) for i in result.scalars()]

    async def run_once(self, limit: int = 50) -> dict[str, int]:
        """Send what is due; returns counts (sent, retry, failed)."""
        counts = {"sent": 0, "retry": 0, "failed": 0}
        for relay_id in await self._claim(limit):
            async with self._sessions() as session:
                row = await session.get(SurveyRelay, relay_id)
                response = await session.get(SurveyResponse, row.response_id) if row else None
                body = (await payload(session, response, self._anonymous(response.survey_id))
                        if response else None)  # fmt: skip
            if row is None or body is None:
                continue
            sink = self.sinks.get(row.sink)
            error: str | None = None
            if sink is None:
                error = "sink not configured"
            else:
                try:
                    await sink.send(body)
                except SinkError as failure:
                    error = failure.code
            now = self._clock()
            async with self._sessions() as session, session.begin():
                current = await session.get(SurveyRelay, relay_id)
                if current is None:
                    continue
                current.attempts += 1
                if error is None:
                    current.status, current.sent_at, current.last_error = "sent", now, None
                    counts["sent"] += 1
                elif now - current.first_at >= GIVE_UP_AFTER:
                    current.status, current.last_error = "failed", error[:80]
                    counts["failed"] += 1
                else:
                    current.status, current.last_error = "pending", error[:80]
                    current.next_at = now + backoff(current.attempts)
                    counts["retry"] += 1
        return counts

    async def failed(self) -> list[Failed]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(SurveyRelay, SurveyResponse).join(
                    SurveyResponse, SurveyResponse.id == SurveyRelay.response_id
                ).where(SurveyRelay.status == "failed").order_by(SurveyRelay.id))  # fmt: skip
            return [Failed(r.id, resp.key, resp.survey_id, r.sink, r.attempts, r.last_error,
                           r.first_at) for r, resp in rows.all()]  # fmt: skip

    async def retry_failed(self) -> int:
        """Put every failed row back in the queue, with a fresh 24 hours."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(SurveyRelay).where(SurveyRelay.status == "failed")
                .values(status="pending", next_at=now, first_at=now))  # fmt: skip
            return int(getattr(result, "rowcount", 0) or 0)


def configured_sinks(
    http_url: str | None, http_secret: str | None, files_dir: str | None
) -> dict[str, Sink]:
    sinks: dict[str, Sink] = {}
    if http_url:
        sinks["http"] = HttpSink(http_url, http_secret or "")
    if files_dir:
        sinks["files"] = FileSink(Path(files_dir))
    return sinks
