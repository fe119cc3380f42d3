"""Test-only adjustments so python-telegram-bot can talk to the ``telegram-test-api`` emulator.

The emulator deviates from the real Bot API in ways PTB 22 rejects: ``getMe`` lacks
``is_bot``; message dates are in milliseconds; callback queries lack ``chat_instance``; edits
and ``answerCallbackQuery`` return ``null``; methods it does not know (``setMyCommands``,
``sendChatAction``, ``sendDocument``, ``leaveChat``) answer HTTP 500. This request class mends
the answers on their way in and answers the unknown methods itself. It lives in the tests only;
the bot never needs it against Telegram.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.request import HTTPXRequest, RequestData

LOCAL_ONLY = {"setMyCommands", "deleteMyCommands", "sendChatAction", "leaveChat", "deleteWebhook"}
TRUE_WHEN_NULL = {
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "deleteMessage",
}


def _fix_message(message: dict[str, Any]) -> None:
    date = message.get("date")
    if isinstance(date, int) and date > 10_000_000_000:  # milliseconds, not seconds
        message["date"] = date // 1000
    if isinstance(message.get("from"), dict):
        message["from"].setdefault("is_bot", False)
    if "chat" not in message and "chat_id" in message:
        message["chat"] = {"id": int(message["chat_id"]), "type": "private"}


def _fix_update(update: dict[str, Any]) -> None:
    if isinstance(update.get("message"), dict):
        _fix_message(update["message"])
    query = update.get("callback_query")
    if isinstance(query, dict):
        query.setdefault("chat_instance", str(query.get("from", {}).get("id", 0)))
        query.get("from", {}).setdefault("is_bot", False)
        if isinstance(query.get("message"), dict):
            _fix_message(query["message"])


class EmulatorRequest(HTTPXRequest):
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
        if api_method in LOCAL_ONLY:
            return 200, b'{"ok": true, "result": true}'
        status, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout,
            write_timeout,
            connect_timeout,
            pool_timeout,
        )
        body = json.loads(payload)
        result = body.get("result")
        if api_method == "getMe" and isinstance(result, dict):
            result.setdefault("is_bot", True)
        elif api_method == "getUpdates" and isinstance(result, list):
            for update in result:
                _fix_update(update)
        elif isinstance(result, dict):
            _fix_message(result)
        elif result is None and api_method in TRUE_WHEN_NULL:
            body["result"] = True
        return status, json.dumps(body).encode()
