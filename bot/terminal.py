"""``careleaver-bot chat``: the real bot in a terminal, no Telegram needed.

The same Application, handlers, database and translations as in production; only the
transport differs (``bot.local_telegram``). The contract, so scripts can drive it: each input
line is one message; a line that is only a number N presses button N of the most recent
message that had buttons; every bot message is printed, then its buttons one per line as
``[N] label``. Messages the bot sends to *other* people (a PA, a young person) are printed with
who they are for. The chat ends at the end of input.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from telegram import Update

from bot.local_telegram import LocalTelegram, Sent


class TerminalChat:
    """Turns lines into updates and prints what the bot sends back."""

    def __init__(
        self,
        user_id: int,
        language_code: str | None,
        out: TextIO = sys.stdout,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.user_id = user_id
        self.language_code = language_code
        self.out = out
        self.transport = LocalTelegram(on_message=self._print)
        self.last_buttons: Sent | None = None
        self._ids = itertools.count(1)
        self._clock = clock or (lambda: datetime.now(UTC))

    def _print(self, sent: Sent) -> None:
        header = "" if sent.chat_id == self.user_id else f"── to user {sent.chat_id} ──\n"
        body = sent.text
        if sent.document:
            body = f"{body}\n(file: {sent.document})".strip()
        self.out.write(f"{header}{body}\n")
        for number, label in enumerate(sent.labels, start=1):
            self.out.write(f"[{number}] {label}\n")
        self.out.write("\n")
        self.out.flush()
        if sent.buttons and sent.chat_id == self.user_id:
            self.last_buttons = sent

    def _user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": "You"}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def update_for(self, line: str) -> dict[str, Any] | None:
        """The Bot API update a typed line stands for (``None`` for a bad button number)."""
        update_id = next(self._ids)
        stamp = int(self._clock().timestamp())
        if line.strip().isdigit() and self.last_buttons is not None:
            index = int(line.strip()) - 1
            buttons = self.last_buttons.buttons
            if not 0 <= index < len(buttons):
                return None
            message = {
                "message_id": self.last_buttons.message_id,
                "date": stamp,
                "chat": {"id": self.user_id, "type": "private"},
                "text": self.last_buttons.text,
            }
            return {
                "update_id": update_id,
                "callback_query": {
                    "id": str(update_id),
                    "from": self._user(),
                    "chat_instance": str(self.user_id),
                    "message": message,
                    "data": buttons[index].get("callback_data", ""),
                },
            }
        message = {
            "message_id": 10_000_000 + update_id,
            "date": stamp,
            "chat": {"id": self.user_id, "type": "private"},
            "from": self._user(),
            "text": line,
        }
        if line.startswith("/"):
            command = line.split(" ", 1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": update_id, "message": message}

    async def run(
        self,
        app: Any,
        deliver: Callable[[], Awaitable[object]],
        lines: TextIO = sys.stdin,
    ) -> None:
        """Read lines until the end of input; ``deliver`` brings this person's waiting
        messages (reminders, a PA's answer) before the first line and after each one."""
        loop = asyncio.get_running_loop()
        await deliver()
        while True:
            line = await loop.run_in_executor(None, lines.readline)
            if not line:
                return
            line = line.rstrip("\n")
            if not line.strip():
                continue
            data = self.update_for(line)
            if data is None:
                self.out.write("(There is no button with that number.)\n\n")
                continue
            await app.process_update(Update.de_json(data, app.bot))
            await deliver()
