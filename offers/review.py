"""Tools for the people who keep the offer true: quote checks, stale items, and exports.

``quote_problems`` proves every seed reference by finding its quote on the cited lines.
``stale_items`` lists what needs a look: past its review date, superseded, or waiting for
the council to confirm. ``export_rows`` gives one row per item for a council's annual review.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from offers.catalogue import Catalogue
from offers.model import Item, Source

WINDOW = 1  # a quote may sit one line either side of the cited range (line wrapping)


def _seed_lines(folder: Path, seed: str) -> list[str] | None:
    matches = sorted(folder.glob(f"{seed}_*.txt"))
    if not matches:
        return None
    return matches[0].read_text(encoding="utf-8").splitlines()


def quote_problems(catalogue: Catalogue, seeds_folder: Path) -> list[str]:
    """Every seed source whose quote is not on its cited lines, as readable sentences."""
    problems: list[str] = []
    cache: dict[str, list[str] | None] = {}
    for where, source in _all_sources(catalogue):
        if not source.seed or source.line_range is None:
            continue
        if source.seed not in cache:
            cache[source.seed] = _seed_lines(seeds_folder, source.seed)
        lines = cache[source.seed]
        if lines is None:
            problems.append(f"{where}: seed {source.seed} not found in {seeds_folder}")
            continue
        first, last = source.line_range
        window = "\n".join(lines[max(0, first - 1 - WINDOW) : last + WINDOW])
        if " ".join((source.quote or "").split()) not in " ".join(window.split()):
            problems.append(
                f"{where}: quote {source.quote!r} is not on lines {source.lines} of seed "
                f"{source.seed}"
            )
    return problems


def _all_sources(catalogue: Catalogue) -> list[tuple[str, Source]]:
    found: list[tuple[str, Source]] = []
    for item in catalogue.items.values():
        found += [(f"item {item.id}", s) for s in item.sources]
    for pledge_set in catalogue.pledge_sets.values():
        found += [(f"pledge set {pledge_set.id}", s) for s in pledge_set.sources]
        for pledge in pledge_set.pledges:
            found += [(f"pledge {pledge.id}", s) for s in pledge.sources]
            for step in pledge.progress:
                found += [(f"pledge {pledge.id} progress {step.date}", s) for s in step.sources]
    return found


@dataclass(frozen=True)
class Finding:
    pack: str
    entry: str
    reason: str


def stale_items(catalogue: Catalogue, as_of: date, months: int = 12) -> list[Finding]:
    """Items past their review date (``months`` since ``last_reviewed``), superseded items,
    and items the council still has to confirm."""
    limit = _months_before(as_of, months)
    findings: list[Finding] = []
    for item in catalogue.items.values():
        if item.last_reviewed < limit:
            findings.append(
                Finding(
                    item.pack,
                    item.id,
                    f"last reviewed {item.last_reviewed}, over {months} months before {as_of}",
                )
            )
        if item.superseded_by:
            findings.append(Finding(item.pack, item.id, f"superseded by {item.superseded_by}"))
        elif item.effective_to and item.effective_to < as_of:
            findings.append(Finding(item.pack, item.id, f"ended {item.effective_to}"))
        if item.needs_confirmation:
            findings.append(Finding(item.pack, item.id, f"to confirm: {item.confirm_note}"))
    return findings


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


EXPORT_COLUMNS = (
    "id", "pack", "category", "title", "summary", "details", "how_to_get", "provider",
    "amounts", "min_age", "max_age", "statuses", "conditions", "who_note", "sources",
    "as_of", "last_reviewed", "effective_from", "effective_to", "superseded_by",
    "needs_confirmation", "confirm_note", "keywords",
)  # fmt: skip


def _amounts(item: Item) -> str:
    return "; ".join(
        f"{a.pence / 100:,.2f} GBP {a.period}" + (f" ({a.label})" if a.label else "")
        for a in item.amounts
    )


def _source_text(source: Source) -> str:
    if source.statute and not source.seed:
        return source.statute
    return f"seed {source.seed} lines {source.lines}: {source.quote}"


def export_rows(catalogue: Catalogue, council_id: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for pack_id in catalogue.packs_for(council_id):
        for item in catalogue.packs[pack_id].items:
            rows.append({
                "id": item.id, "pack": item.pack, "category": item.category,
                "title": item.title, "summary": item.summary, "details": item.details,
                "how_to_get": item.how_to_get, "provider": item.provider,
                "amounts": _amounts(item),
                "min_age": "" if item.who.min_age is None else str(item.who.min_age),
                "max_age": "" if item.who.max_age is None else str(item.who.max_age),
                "statuses": ", ".join(item.who.statuses),
                "conditions": ", ".join(item.who.conditions), "who_note": item.who.note,
                "sources": " | ".join(_source_text(s) for s in item.sources),
                "as_of": item.as_of.isoformat(), "last_reviewed": item.last_reviewed.isoformat(),
                "effective_from": item.effective_from.isoformat() if item.effective_from else "",
                "effective_to": item.effective_to.isoformat() if item.effective_to else "",
                "superseded_by": item.superseded_by,
                "needs_confirmation": "yes" if item.needs_confirmation else "no",
                "confirm_note": item.confirm_note, "keywords": ", ".join(item.keywords),
            })  # fmt: skip
    return rows


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...] = EXPORT_COLUMNS) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so spreadsheets show every script."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
