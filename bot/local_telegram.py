"""An in-process stand-in for Telegram's Bot API, used by the terminal chat and the tests.

The real :class:`telegram.ext.Application` talks to it through python-telegram-bot's own
``BaseRequest`` interface, so every handler, keyboard and error path runs exactly as it would
against Telegram; only the network is gone. It keeps each chat's messages, answers the methods
the bot uses, refuses any other method loudly (a test then fails instead of passing by accident),
and can be told to answer like Telegram does when a person has blocked the bot (403) or when
the bot sends too fast (429 with ``retry_after``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Care leavers",
    "username": "careleaver_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """What a reader sees of an HTML-formatted message: tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", text))


@dataclass
class Sent:
    """One message as the reader's screen holds it."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[dict[str, Any]] = field(default_factory=list)
    document: str | None = None
    edited: bool = False

    @property
    def labels(self) -> list[str]:
        return [str(button["text"]) for button in self.buttons]


def _flatten(markup: Any) -> list[dict[str, Any]]:
    if not isinstance(markup, dict):
        return []
    rows = markup.get("inline_keyboard") or []
    return [dict(button) for row in rows for button in row]


class LocalTelegram(BaseRequest):
    """The Bot API, answered in memory. ``on_message`` sees every message sent or edited."""

    # Methods that succeed with ``True`` and change nothing we show.
    _TRIVIAL = frozenset(
        {
            "setMyCommands",
            "deleteMyCommands",
            "sendChatAction",
            "setChatMenuButton",
            "deleteWebhook",
            "leaveChat",
            "close",
            "logOut",
        }
    )

    def __init__(self, on_message: Callable[[Sent], None] | None = None) -> None:
        self.on_message = on_message
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[int, list[Sent]] = {}
        # Every message sent or edited, in order: what a reader saw appear, edits included.
        self.log: list[Sent] = []
        self.blocked: set[int] = set()
        self.retry_after: list[int] = []
        self._next_id = 1000

    # --- what tests and the terminal read -------------------------------------------
    def sent_to(self, chat_id: int) -> list[Sent]:
        return self.messages.get(chat_id, [])

    def last(self, chat_id: int) -> Sent:
        return self.sent_to(chat_id)[-1]

    def seen_by(self, chat_id: int, since: int = 0) -> list[Sent]:
        """Messages that appeared in a chat (sent or edited) after log position ``since``."""
        return [sent for sent in self.log[since:] if sent.chat_id == chat_id]

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    def clear(self) -> None:
        self.calls.clear()
        self.messages.clear()
        self.log.clear()

    # --- BaseRequest --------------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            # Uploaded files arrive as multipart parts: keep their file names, not their bytes.
            parts = request_data.multipart_data or {}
            params["_files"] = {name: part[0] for name, part in parts.items()}
        self.calls.append((api_method, params))
        status, body = self._answer(api_method, params)
        return status, json.dumps(body).encode()

    # --- answering ----------------------------------------------------------------
    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _int(params.get("chat_id"))
        if self.retry_after and method.startswith(("send", "edit")):
            seconds = self.retry_after.pop(0)
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {seconds}",
                "parameters": {"retry_after": seconds},
            }
        if chat_id in self.blocked and method.startswith("send"):
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in self._TRIVIAL or method == "answerCallbackQuery":
            return 200, {"ok": True, "result": True}
        handler = {
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_text,
            "editMessageReplyMarkup": self._edit_markup,
            "deleteMessage": self._delete,
        }.get(method)
        if handler is None:
            return 400, {"ok": False, "error_code": 400, "description": f"unexpected {method}"}
        return handler(chat_id, params)

    def _store(self, sent: Sent) -> dict[str, Any]:
        self.messages.setdefault(sent.chat_id, []).append(sent)
        self.log.append(sent)
        if self.on_message is not None:
            self.on_message(sent)
        result: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": 1_700_000_000,
            "chat": {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "group"},
            "from": BOT_USER,
            "text": sent.text,
        }
        if sent.buttons:
            result["reply_markup"] = {"inline_keyboard": [[b] for b in sent.buttons]}
        return result

    def _send_message(self, chat_id: int, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        text = str(params.get("text", ""))
        if not text.strip() or len(plain(text)) > 4096:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: text"}
        self._next_id += 1
        sent = Sent(chat_id, self._next_id, plain(text), _flatten(params.get("reply_markup")))
        return 200, {"ok": True, "result": self._store(sent)}

    def _send_document(self, chat_id: int, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self._next_id += 1
        caption = plain(str(params.get("caption", "")))
        files = params.get("_files") or {}
        name = next(iter(files.values()), None) or str(params.get("document", "file"))
        sent = Sent(chat_id, self._next_id, caption, document=name)
        return 200, {"ok": True, "result": self._store(sent)}

    def _find(self, chat_id: int, message_id: int) -> Sent | None:
        for sent in self.sent_to(chat_id):
            if sent.message_id == message_id:
                return sent
        return None

    def _edit_text(self, chat_id: int, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = self._find(chat_id, _int(params.get("message_id")))
        if found is None:
            return 400, {"ok": False, "error_code": 400, "description": "message not found"}
        edited = Sent(
            chat_id,
            found.message_id,
            plain(str(params.get("text", ""))),
            _flatten(params.get("reply_markup")),
            edited=True,
        )
        self.messages[chat_id].remove(found)
        return 200, {"ok": True, "result": self._store(edited)}

    def _edit_markup(self, chat_id: int, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = self._find(chat_id, _int(params.get("message_id")))
        if found is None:
            return 400, {"ok": False, "error_code": 400, "description": "message not found"}
        found.buttons = _flatten(params.get("reply_markup"))
        return 200, {"ok": True, "result": True}

    def _delete(self, chat_id: int, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = self._find(chat_id, _int(params.get("message_id")))
        if found is not None:
            self.messages[chat_id].remove(found)
        return 200, {"ok": True, "result": True}


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
