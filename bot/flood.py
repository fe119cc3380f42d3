"""Per-person flood control: a burst of messages gets one "slow down" and a short pause.

In memory and per worker on purpose: it protects the worker that receives the burst, holds
nothing about anyone beyond a few timestamps, and forgets them in seconds. The crisis check
runs before it, so no crisis message is ever lost to it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Literal

WINDOW = 10.0
MUTE = 30.0
Verdict = Literal["ok", "warn", "muted"]


class FloodControl:
    def __init__(self, limit: int, window: float = WINDOW, mute: float = MUTE) -> None:
        self.limit = limit
        self.window = window
        self.mute = mute
        self._recent: dict[int, deque[float]] = defaultdict(deque)
        self._muted: dict[int, float] = {}

    def check(self, person: int, now: float) -> Verdict:
        """``warn`` on the message that crosses the limit, ``muted`` while paused."""
        if self._muted.get(person, 0.0) > now:
            return "muted"
        self._muted.pop(person, None)
        seen = self._recent[person]
        seen.append(now)
        while seen and seen[0] < now - self.window:
            seen.popleft()
        if len(seen) > self.limit:
            self._muted[person] = now + self.mute
            del self._recent[person]
            return "warn"
        if not seen:
            del self._recent[person]
        return "ok"
