"""End to end over HTTP: the real bot polls the Bot API emulator; a user writes to it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import BotApplication, build_application, build_services
from bot.i18n import translator, use_language
from bot.settings import Settings
from handlers.menu import help_text
from tests.e2e.conftest import wait_for
from tests.e2e.shim import EmulatorRequest
from tests.support import Clock

pytestmark = pytest.mark.e2e


class EmulatedUser:
    """A person using Telegram, played through the emulator's client API."""

    def __init__(self, http: httpx.AsyncClient, token: str, user_id: int) -> None:
        self.http = http
        self.token = token
        self.user_id = user_id

    def _meta(self) -> dict[str, Any]:
        return {
            "botToken": self.token,
            "date": int(time.time()),
            "from": {"id": self.user_id, "is_bot": False, "first_name": "Test"},
            "chat": {"id": self.user_id, "type": "private", "first_name": "Test"},
        }

    async def send(self, text: str) -> None:
        body = {**self._meta(), "text": text}
        if text.startswith("/"):
            body["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
            await self.http.post("/sendCommand", json=body)
        else:
            await self.http.post("/sendMessage", json=body)

    async def tap(self, message: dict[str, Any], label: str) -> None:
        for row in message["reply_markup"]["inline_keyboard"]:
            for button in row:
                if button["text"] == label:
                    meta = self._meta()
                    body = {
                        "botToken": self.token,
                        "from": meta["from"],
                        "date": meta["date"],
                        "message": {
                            "message_id": message["message_id"],
                            "chat": meta["chat"],
                            "date": meta["date"],
                            "text": message.get("text", ""),
                        },
                        "data": button["callback_data"],
                    }
                    await self.http.post("/sendCallback", json=body)
                    return
        raise AssertionError(f"no button {label!r}")

    async def screen(self) -> list[dict[str, Any]]:
        """Every bot message in this chat, as it looks now (edits applied), oldest first."""
        answer = await self.http.post("/getUpdatesHistory", json={"token": self.token})
        found = []
        for item in answer.json()["result"]:
            message = item.get("message", {})
            if "messageId" in item and str(message.get("chat_id")) == str(self.user_id):
                found.append({**message, "message_id": item["messageId"]})
        return found

    async def wait_text(self, text: str) -> dict[str, Any]:
        found: dict[str, Any] = {}

        async def seen() -> bool:
            for message in await self.screen():
                if text in message.get("text", ""):
                    found.update(message)
                    return True
            return False

        await wait_for(seen)
        return found


@pytest.fixture
async def polling_bot(
    emulator_url: str,
    bot_token: str,
    database_url: str,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[BotApplication]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=bot_token,
        database_url=database_url,
        telegram_base_url=f"{emulator_url}/bot",
    )
    services = build_services(settings, engine=engine, sessions=sessions, clock=Clock())
    app = build_application(
        services,
        request=EmulatorRequest(),
        updates_request=EmulatorRequest(),
        polling=True,
        rate_limit=False,
    )
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.05, timeout=0)
    yield app
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


@pytest.mark.parametrize(("language", "label"), [("ar", "العربية"), ("en", "English")])
async def test_start_pick_language_menu_help(
    polling_bot: BotApplication,
    client: httpx.AsyncClient,
    bot_token: str,
    language: str,
    label: str,
) -> None:
    tr = translator(language)
    menu_text = tr.gettext("What would you like to do?")
    help_label = tr.gettext("❓ Help")
    if language != "en":
        assert menu_text != "What would you like to do?", "the Arabic catalog lacks the menu"
    user = EmulatedUser(client, bot_token, user_id=4242)

    await user.send("/start")
    picker = await user.wait_text("Choose your language")
    await user.tap(picker, label)

    menu = await user.wait_text(menu_text)
    labels = [b["text"] for row in menu["reply_markup"]["inline_keyboard"] for b in row]
    assert help_label in labels
    await user.tap(menu, help_label)

    helped = await user.wait_text("116 123")
    with use_language(language):
        expected = help_text()
    assert helped["text"] == expected
    assert "999" in helped["text"]
    arabic_letters = sum(1 for char in helped["text"] if "\u0600" <= char <= "\u06ff")
    if language == "ar":
        assert arabic_letters > 50
    else:
        assert arabic_letters == 0
