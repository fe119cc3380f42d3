"""All content packs together, checked as a whole, and the questions the bot asks of them.

A young person sees their council's pack plus England's baseline. This module answers:
which categories have something current, which items are in a category, which item has this
id, which pledge set is current — for a council, on a day. Loading checks what no single file
can: ids unique across packs, and every ``superseded_by`` pointing at something that exists.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from offers.loader import CONTENT_DIR, ContentError, load_pack
from offers.model import CATEGORIES, Council, Item, Pack, PledgeSet

BASELINE = "england"


@dataclass(frozen=True)
class SeedInfo:
    id: str
    title: str
    publisher: str
    date: date
    council: str


def load_seeds(folder: Path = CONTENT_DIR) -> dict[str, SeedInfo]:
    path = folder / "sources.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    seeds: dict[str, SeedInfo] = {}
    for key, value in data.get("seeds", {}).items():
        try:
            seeds[key] = SeedInfo(
                key, value["title"], value["publisher"], value["date"], value["council"]
            )
        except KeyError as missing:
            raise ContentError(str(path), f"seed {key}", f"missing {missing}") from None
    return seeds


class Catalogue:
    """Every pack, indexed. Immutable once built; safe to share between updates."""

    def __init__(self, packs: list[Pack], seeds: dict[str, SeedInfo]) -> None:
        self.packs = {pack.id: pack for pack in packs}
        self.seeds = seeds
        self.items: dict[str, Item] = {}
        self.pledge_sets: dict[str, PledgeSet] = {}
        for pack in packs:
            for item in pack.items:
                if item.id in self.items:
                    raise ContentError(pack.path, f"item {item.id!r}", "id used twice")
                self.items[item.id] = item
            for pledge_set in pack.pledge_sets:
                if pledge_set.id in self.pledge_sets:
                    raise ContentError(pack.path, f"pledge set {pledge_set.id!r}", "id used twice")
                self.pledge_sets[pledge_set.id] = pledge_set
        self._check_links()

    def _check_links(self) -> None:
        for item in self.items.values():
            if item.superseded_by and item.superseded_by not in self.items:
                raise ContentError(
                    self.packs[item.pack].path,
                    f"item {item.id!r}",
                    f"superseded_by {item.superseded_by!r} is not an item",
                )
        for pledge_set in self.pledge_sets.values():
            target = pledge_set.superseded_by
            if target and target not in self.pledge_sets:
                raise ContentError(
                    self.packs[pledge_set.pack].path,
                    f"pledge set {pledge_set.id!r}",
                    f"superseded_by {target!r} is not a pledge set",
                )

    # --- councils ----------------------------------------------------------------
    def councils(self) -> list[Council]:
        return [pack.council for pack in self.packs.values() if pack.council is not None]

    def council(self, council_id: str) -> Council | None:
        pack = self.packs.get(council_id)
        return pack.council if pack else None

    def packs_for(self, council_id: str) -> list[str]:
        """The packs a young person of this council sees: theirs, then England's."""
        return [p for p in (council_id, BASELINE) if p in self.packs]

    # --- items -------------------------------------------------------------------
    def item(self, item_id: str) -> Item | None:
        return self.items.get(item_id)

    def visible(self, council_id: str, today: date) -> list[Item]:
        """Items in effect for this council today, council items first."""
        packs = self.packs_for(council_id)
        return [
            item
            for pack_id in packs
            for item in self.packs[pack_id].items
            if item.current_on(today)
        ]

    def categories(self, council_id: str, today: date) -> list[str]:
        present = {item.category for item in self.visible(council_id, today)}
        return [category for category in CATEGORIES if category in present]

    def in_category(self, council_id: str, category: str, today: date) -> list[Item]:
        return [i for i in self.visible(council_id, today) if i.category == category]

    def replacement(self, item: Item) -> Item | None:
        """The newest item that replaces ``item`` (following the chain)."""
        seen: set[str] = set()
        current = item
        while current.superseded_by and current.superseded_by not in seen:
            seen.add(current.id)
            nxt = self.items.get(current.superseded_by)
            if nxt is None:
                break
            current = nxt
        return current if current is not item else None

    # --- pledges -----------------------------------------------------------------
    def current_pledges(self, council_id: str, today: date) -> list[PledgeSet]:
        """The council's pledge sets in effect today (not superseded), pledges first."""
        found = [
            ps
            for pack_id in self.packs_for(council_id)
            for ps in self.packs[pack_id].pledge_sets
            if not ps.superseded_by
            and (ps.effective_from is None or ps.effective_from <= today)
            and (ps.effective_to is None or today <= ps.effective_to)
        ]
        order = {"pledges": 0, "promises": 1, "charter": 2, "principles": 3}
        return sorted(found, key=lambda ps: (ps.pack == BASELINE, order.get(ps.kind, 9)))

    def earlier_versions(self, pledge_set: PledgeSet) -> list[PledgeSet]:
        return [ps for ps in self.pledge_sets.values() if ps.superseded_by == pledge_set.id]


def load_all(folder: Path = CONTENT_DIR) -> Catalogue:
    """Every ``*.toml`` pack in ``folder`` (except ``sources.toml``), validated together."""
    seeds = load_seeds(folder)
    packs = [
        load_pack(path, set(seeds))
        for path in sorted(folder.glob("*.toml"))
        if path.name != "sources.toml"
    ]
    if not any(pack.id == BASELINE for pack in packs):
        raise ContentError(str(folder), BASELINE, "the England baseline pack is missing")
    return Catalogue(packs, seeds)
