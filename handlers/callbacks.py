"""Button data: built and parsed here only, never trusted.

Inline buttons carry short neutral data such as ``offer:item:ce-setup-home`` — never translated
text, never more than Telegram's 64 bytes. Incoming data is untrusted input: it may be old (a
button from last month), truncated, or hand-made. :func:`parse` accepts only data whose feature
and action are known and whose arguments match a strict pattern; anything else is ``None`` and
the caller answers kindly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
SEP = ":"

# Argument shapes. Ids are lower-case slugs or decimal numbers; nothing else gets through.
SLUG = r"[a-z0-9][a-z0-9-]{0,39}"
LANG = r"[a-z]{2,3}(?:_[A-Z]{2})?"
NUM = r"\d{1,12}"
WORD = r"[a-z0-9_]{1,24}"

# feature -> action -> argument patterns (positional)
ROUTES: dict[str, dict[str, tuple[str, ...]]] = {
    "lang": {"pick": (), "set": (LANG,)},
    "menu": {"show": (), "go": (WORD,)},
    "help": {"show": ()},
}


@dataclass(frozen=True)
class Callback:
    feature: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int = 0) -> str:
        return self.args[index]


def register(feature: str, actions: dict[str, tuple[str, ...]]) -> None:
    """A feature module declares the buttons it understands (at import time)."""
    ROUTES.setdefault(feature, {}).update(actions)


def build(feature: str, action: str, *args: object) -> str:
    """Button data for ``feature``/``action``; refuses anything parse would refuse."""
    data = SEP.join([feature, action, *(str(a) for a in args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"button data over {MAX_BYTES} bytes: {feature}:{action}")
    if parse(data) is None:
        raise ValueError(f"button data does not match its route: {feature}:{action}")
    return data


def parse(data: str | None) -> Callback | None:
    """The button behind ``data``, or ``None`` when it is unknown, stale or malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    feature, _, rest = data.partition(SEP)
    action, _, tail = rest.partition(SEP)
    shapes = ROUTES.get(feature, {}).get(action)
    if shapes is None:
        return None
    args = tuple(tail.split(SEP)) if tail else ()
    if len(args) != len(shapes):
        return None
    for value, shape in zip(args, shapes, strict=True):
        if not re.fullmatch(shape, value):
            return None
    return Callback(feature, action, args)


def pattern(feature: str) -> str:
    """A regex for ``CallbackQueryHandler`` that routes a feature's buttons to its module."""
    return rf"^{re.escape(feature)}{SEP}"
