"""Logging that keeps personal data and secrets out of log files, at every level.

What may be logged: counts, ids the bot made (update id, outbox row id), exception *types* and
where they happened. What may not: message text, names, labels, phone numbers, survey answers,
the bot token. Our own modules follow that rule; third-party libraries do not:

- python-telegram-bot logs every Bot API call's parameters (the message text) and the Bot API
  URL (which contains the token) at DEBUG; httpx logs request URLs (the token) at INFO;
- SQLAlchemy puts statement parameters into error messages (turned off on the engine, see
  ``bot.db.create_engine``).

So those loggers never go below INFO/WARNING whatever ``CARELEAVER_LOG_LEVEL`` says, and every
formatted line passes through a formatter that replaces each known secret with ``[redacted]``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
# The lowest level each chatty library may log at: below it, they log personal data.
FLOORS = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "aiosqlite": logging.INFO,
    "asyncio": logging.INFO,
}


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes every secret from the whole line, traceback included."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        # Longest first, so a secret that contains another is removed whole.
        self._secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


def setup_logging(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Configure the root logger once for the process; returns the handler it installed."""
    wanted = getattr(logging, level.upper(), logging.INFO)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter(FORMAT, secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(wanted)
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(wanted, floor))
    return handler
