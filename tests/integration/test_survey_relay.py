"""The relay to the council's store, against a real HTTP server that misbehaves.

The server refuses connections at first (not started), then answers 500, then takes longer
than the client waits (and stores the response anyway, as real servers do), then works. Every
response must arrive exactly once by its idempotency key, with a valid signature; rows survive
a restart of the relay; files get CSV with a BOM and JSON lines without duplicates; after 24
hours of failure a row is kept as failed, listed, and can be retried.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_application, build_services
from bot.local_telegram import LocalTelegram
from bot.services import Services
from bot.settings import Settings
from surveys.models import SurveyRelay
from surveys.relay import HttpSink, RelayService, configured_sinks
from tests.bot.test_surveys import skip_to_the_end
from tests.conftest import fixture_catalogue
from tests.support import Clock, Person

SECRET = "relay-test-secret"


class Store:
    """The council's store: keeps each response once by its idempotency key."""

    def __init__(self) -> None:
        self.script: list[str] = []  # what to do with the next requests: "500", "slow", "ok"
        self.deliveries: Counter[str] = Counter()
        self.kept: dict[str, dict[str, object]] = {}
        self.bad_signatures = 0
        self.lock = threading.Lock()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def store_server() -> Iterator[tuple[Store, int, Callable[[], None]]]:
    store = Store()
    port = free_port()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            return

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
            with store.lock:
                action = store.script.pop(0) if store.script else "ok"
            if self.headers.get("X-Careleaver-Signature") != expected:
                store.bad_signatures += 1
                self.send_response(401)
                self.end_headers()
                return
            if action == "500":
                self.send_response(500)
                self.end_headers()
                return
            key = self.headers["Idempotency-Key"]
            with store.lock:
                store.deliveries[key] += 1
                store.kept.setdefault(key, json.loads(raw))
            if action == "slow":
                time.sleep(1.0)  # stored, but the client has given up waiting
            self.send_response(200)
            self.end_headers()

    servers: list[ThreadingHTTPServer] = []

    def start() -> None:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)

    yield store, port, start
    for server in servers:
        server.shutdown()
        server.server_close()


async def completed_responses(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    count: int,
) -> Services:
    services = build_services(
        settings, engine=engine, sessions=sessions, clock=clock, catalogue=fixture_catalogue()
    )
    transport = LocalTelegram()
    app = build_application(services, request=transport, rate_limit=False)
    await app.initialize()
    try:
        for n in range(count):
            young = Person(app, transport, user_id=60_000 + n)
            await young.send("/start")
            await young.tap("English")
            await young.press("sv:open:how-are-we-doing")
            await young.press("sv:go:how-are-we-doing")
            await young.press(str(young.last_with_buttons().buttons[7]["callback_data"]))  # "7"
            await skip_to_the_end(young)
    finally:
        await app.shutdown()
    return services


async def test_every_response_arrives_exactly_once_through_faults_and_a_restart(
    store_server: tuple[Store, int, Callable[[], None]],
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    tmp_path: Path,
) -> None:
    store, port, start = store_server
    configured = settings.model_copy(update={
        "survey_http_url": f"http://127.0.0.1:{port}/responses",
        "survey_http_secret": SecretStr(SECRET),
        "survey_files_dir": str(tmp_path / "out"),
    })  # fmt: skip
    services = await completed_responses(configured, engine, sessions, clock, 3)
    sinks = configured_sinks(configured.survey_http_url, SECRET, configured.survey_files_dir)
    http = sinks["http"]
    assert isinstance(http, HttpSink)
    http.timeout = 0.3

    def relay() -> RelayService:  # a fresh relay each time: a worker restart
        return RelayService(sessions, clock, sinks, lambda _sid: True)

    # 1. Nobody listening yet: every HTTP delivery is retried later; files are written.
    first = await relay().run_once()
    assert first == {"sent": 3, "retry": 3, "failed": 0}
    # 2. The server is up but answers 500, then is too slow (yet stores it), then works.
    start()
    store.script = ["500", "slow", "500"]
    for _ in range(12):
        clock.advance(minutes=5)
        await relay().run_once()
    async with sessions() as session:
        statuses = Counter((await session.execute(select(SurveyRelay.status))).scalars())
    assert statuses == {"sent": 6}
    assert store.bad_signatures == 0
    assert len(store.kept) == 3, "each response kept once by its key"
    assert sum(store.deliveries.values()) >= 4, "the slow answer made the client send again"
    for body in store.kept.values():
        assert body["anonymous"] is True and body["survey"] == "how-are-we-doing"
        assert body["answers"]["pa-support"] == {"choices": ["7"], "text": None}  # type: ignore[index]
    # 3. Files: a BOM, a header and three rows; a second run adds nothing.
    out = tmp_path / "out"
    csv_text = (out / "responses.csv").read_bytes()
    assert csv_text.startswith("\ufeff".encode())
    assert len(csv_text.decode("utf-8-sig").strip().splitlines()) == 4
    lines = (out / "responses.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["key"] for line in lines) == sorted(store.kept)
    await relay().run_once()
    assert len((out / "responses.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    del services


async def test_after_24_hours_of_failure_it_is_kept_listed_and_can_be_retried(
    store_server: tuple[Store, int, Callable[[], None]],
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
) -> None:
    _store, port, start = store_server
    configured = settings.model_copy(update={
        "survey_http_url": f"http://127.0.0.1:{port}/responses",
        "survey_http_secret": SecretStr(SECRET),
    })  # fmt: skip
    await completed_responses(configured, engine, sessions, clock, 1)
    sinks = configured_sinks(configured.survey_http_url, SECRET, None)
    relay = RelayService(sessions, clock, sinks, lambda _sid: True)
    attempts = 0
    while not await relay.failed():
        await relay.run_once()
        attempts += 1
        clock.advance(hours=1)
        assert attempts < 40, "never gave up"
    [failed] = await relay.failed()
    assert failed.sink == "http" and failed.last_error == "ConnectError"
    assert 8 <= failed.attempts <= 30, failed.attempts  # backoff, not hammering
    start()
    assert await relay.retry_failed() == 1
    assert (await relay.run_once())["sent"] == 1
    assert await relay.failed() == []
