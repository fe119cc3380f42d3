"""Logs at DEBUG hold no names, labels, phone numbers, message text or the bot token."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_application, build_services
from bot.local_telegram import LocalTelegram
from bot.logs import REDACTED, setup_logging
from bot.settings import Settings
from handlers.sweep import sweep_once
from tests.bot.test_keep_in_touch import PA_ID, YOUNG_ID, add_young_person, make_staff
from tests.bot.test_safeguarding import crisis_line
from tests.conftest import fixture_catalogue
from tests.support import Clock, Person

TOKEN = "7000000001:AAFakeTokenForLogPrivacyTest_abcdefgh"
LABEL = "Zainab Qx"  # an invented label a PA might choose
PHONE = "07700 900123"  # a number from Ofcom's range reserved for drama
PRIVATE = "meet me by the Greenfield Road bus stop"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    levels = {name: logging.getLogger(name).level for name in ("telegram", "httpx", "sqlalchemy")}
    buffer = io.StringIO()
    setup_logging("DEBUG", secrets=[TOKEN], stream=buffer)
    yield buffer
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_a_whole_conversation_at_debug_leaks_nothing(
    captured: io.StringIO,
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    transport: LocalTelegram,
) -> None:
    with_token = settings.model_copy(update={"bot_token": SecretStr(TOKEN)})
    services = build_services(
        with_token, engine=engine, sessions=sessions, clock=clock, catalogue=fixture_catalogue()
    )
    app = build_application(services, request=transport, rate_limit=False)
    await app.initialize()
    try:
        pa = await make_staff(services, lambda uid: Person(app, transport, user_id=uid), PA_ID)
        token = await add_young_person(pa, label=LABEL)
        young = Person(app, transport, user_id=YOUNG_ID, language_code="en")
        await young.send(f"/start {token}")
        await young.press("lang:set:en")
        await young.send(f"my new number is {PHONE}")
        await young.send(crisis_line("en"))
        await young.send("/menu")
        await young.tap("My PA and meetings")
        await young.tap("I'd like to talk to my PA")
        await young.send(PRIVATE)
        await sweep_once(app.bot, services)
        await young.send("/mydata")
        await pa.send("/menu")
        await pa.tap("My caseload")
    finally:
        await app.shutdown()

    # The capture works: a line with the token in it is redacted, not dropped.
    logging.getLogger("careleaver.test").warning("calling https://api.example/bot%s/getMe", TOKEN)
    # And the chatty library's DEBUG lines (message parameters, token URL) are held back.
    logging.getLogger("telegram._bot").debug("Calling Bot API endpoint with %s", PRIVATE)

    log = captured.getvalue()
    assert REDACTED in log
    assert log.count("\n") > 3, "nothing was logged: the test would prove nothing"
    for secret in (TOKEN, LABEL, PHONE, PRIVATE, crisis_line("en"), "Zainab"):
        assert secret not in log, f"{secret[:12]}… reached the log"
