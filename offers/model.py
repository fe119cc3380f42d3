"""The shapes of content: councils, offer items, amounts, who qualifies, sources, pledges.

Frozen dataclasses, built only by ``offers.loader`` from validated files. Everything a young
person is told about an entitlement — how much, who can get it, where it comes from, when it
was last checked — is a field here, so it can be tested, filtered and translated without
copying amounts into any language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CATEGORIES: tuple[str, ...] = (
    "money",
    "home",
    "education",
    "work",
    "health",
    "support",
    "rights",
    "new-to-uk",
)
STATUSES: tuple[str, ...] = ("eligible", "relevant", "former-relevant", "qualifying")
CONDITIONS: tuple[str, ...] = (
    "in-education",
    "in-higher-education",
    "parent",
    "leaving-residential-care",
    "new-to-uk",
    "in-work-or-apprenticeship",
    "disabled",
    "staying-put",
)
PERIODS: tuple[str, ...] = ("one-off", "weekly", "monthly", "yearly")
PLEDGE_KINDS: tuple[str, ...] = ("pledges", "principles", "charter", "promises")


@dataclass(frozen=True)
class Source:
    """A council paper (``seed`` + ``lines`` + exact ``quote``) or a named statute."""

    seed: str | None = None
    lines: str | None = None
    quote: str | None = None
    statute: str | None = None

    @property
    def line_range(self) -> tuple[int, int] | None:
        if not self.lines:
            return None
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)


@dataclass(frozen=True)
class Who:
    min_age: int | None = None
    max_age: int | None = None
    statuses: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Amount:
    pence: int
    period: str
    label: str = ""
    min_age: int | None = None
    max_age: int | None = None
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    id: str
    pack: str
    category: str
    title: str
    summary: str
    details: str
    how_to_get: str
    provider: str
    keywords: tuple[str, ...]
    who: Who
    amounts: tuple[Amount, ...]
    sources: tuple[Source, ...]
    as_of: date
    last_reviewed: date
    effective_from: date | None = None
    effective_to: date | None = None
    superseded_by: str = ""
    needs_confirmation: bool = False
    confirm_note: str = ""

    def current_on(self, day: date) -> bool:
        """In effect on ``day`` and not replaced by a newer item."""
        if self.superseded_by:
            return False
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_to and day > self.effective_to)


@dataclass(frozen=True)
class Progress:
    date: date
    did: str
    said: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Pledge:
    id: str
    title: str
    meaning: str
    exact_title: bool
    sources: tuple[Source, ...]
    progress: tuple[Progress, ...] = ()

    @property
    def latest(self) -> Progress | None:
        return max(self.progress, key=lambda p: p.date) if self.progress else None


@dataclass(frozen=True)
class PledgeSet:
    id: str
    pack: str
    title: str
    kind: str
    version: int
    effective_from: date | None
    as_of: date
    last_reviewed: date
    sources: tuple[Source, ...]
    pledges: tuple[Pledge, ...]
    effective_to: date | None = None
    superseded_by: str = ""


@dataclass(frozen=True)
class Council:
    id: str
    name: str
    team_name: str
    team_contact: str
    out_of_hours: str
    website: str
    time_zone: str
    needs_confirmation: bool
    confirm_note: str
    last_reviewed: date


@dataclass(frozen=True)
class Pack:
    """One content file: a council (or England's baseline), its items and pledge sets."""

    id: str
    name: str
    path: str
    council: Council | None
    items: tuple[Item, ...]
    pledge_sets: tuple[PledgeSet, ...]
    last_reviewed: date
    extra: dict[str, str] = field(default_factory=dict)
