"""Office hours: when a PA will see a message, so a young person is told honestly.

Written like ``Mon-Fri 09:00-17:00`` (days, then times, UK wall clock). Pure: the moment is a
parameter; answers are aware datetimes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHAPE = re.compile(r"^\s*(\w{3})\s*-\s*(\w{3})\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class OfficeHours:
    days: frozenset[int]  # Monday is 0
    start: time
    end: time

    def is_open(self, at: datetime, tz: ZoneInfo) -> bool:
        local = at.astimezone(tz)
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def next_open(self, at: datetime, tz: ZoneInfo) -> datetime:
        """``at`` itself if the office is open, else when it next opens."""
        if self.is_open(at, tz):
            return at
        local = at.astimezone(tz)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            opening = datetime.combine(day, self.start, tz)
            if day.weekday() in self.days and opening > local:
                return opening
        raise ValueError("office hours have no open day")


def parse_office_hours(text: str) -> OfficeHours:
    found = SHAPE.match(text.lower())
    if not found or found[1] not in DAYS or found[2] not in DAYS:
        raise ValueError("office hours look like 'Mon-Fri 09:00-17:00'")
    first, last = DAYS.index(found[1]), DAYS.index(found[2])
    days = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
    start, end = time.fromisoformat(found[3].zfill(5)), time.fromisoformat(found[4].zfill(5))
    if start >= end:
        raise ValueError("office hours must start before they end")
    return OfficeHours(frozenset(days), start, end)
