"""Reading and validating content packs: every refusal names the file, the entry and why.

Content is what young people rely on, so the loader is strict: unknown keys (usually typos),
missing sources, amounts written into text, a category or status that does not exist, an
``superseded_by`` pointing nowhere — each stops the load with a sentence a council officer can
act on. The bot validates at start-up; ``careleaver-bot content check`` and CI do the same.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from offers.model import (
    CATEGORIES,
    CONDITIONS,
    PERIODS,
    PLEDGE_KINDS,
    STATUSES,
    Amount,
    Council,
    Item,
    Pack,
    Pledge,
    PledgeSet,
    Progress,
    Source,
    Who,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
LINES_RE = re.compile(r"\d{1,5}(-\d{1,5})?")
MONEY_IN_TEXT = re.compile(r"£|\b\d[\d,.]*\s*(pounds|pence|quid)\b", re.IGNORECASE)
LIMITS = {"title": 60, "summary": 160, "details": 900, "how_to_get": 400}


class ContentError(ValueError):
    """A content file that cannot be used, with where and why."""

    def __init__(self, path: str, entry: str, reason: str) -> None:
        super().__init__(f"{path}: {entry}: {reason}")
        self.path, self.entry, self.reason = path, entry, reason


@dataclass
class _Reader:
    """Reads one table, remembering where it is for error messages."""

    path: str
    entry: str
    data: dict[str, Any]

    def fail(self, reason: str) -> ContentError:
        return ContentError(self.path, self.entry, reason)

    def only(self, *allowed: str) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)} (check the spelling)")

    def text(self, key: str, *, required: bool = True, limit: int | None = None) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"'{key}' must be text")
        value = " ".join(value.split()) if key != "details" else value.strip()
        if required and not value:
            raise self.fail(f"'{key}' is missing or empty")
        if limit is not None and len(value) > limit:
            raise self.fail(f"'{key}' is {len(value)} characters; keep it under {limit}")
        return value

    def day(self, key: str, *, required: bool = True) -> date | None:
        value = self.data.get(key)
        if value in (None, "") and not required:
            return None
        if not isinstance(value, date):
            raise self.fail(f"'{key}' must be a date like 2026-04-01")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false")
        return value

    def age(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 14 <= value <= 30:
            raise self.fail(f"'{key}' must be an age in years between 14 and 30")
        return value

    def choices(self, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        values = self.data.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(f"'{key}' must be a list of words")
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise self.fail(f"'{key}' has {', '.join(wrong)}; allowed: {', '.join(allowed)}")
        return tuple(values)

    def tables(self, key: str) -> list[dict[str, Any]]:
        values = self.data.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
            raise self.fail(f"'{key}' must be a list of tables ([[{key}]])")
        return values


def _no_money(reader: _Reader, *values: str) -> None:
    for value in values:
        if MONEY_IN_TEXT.search(value):
            raise reader.fail("amounts belong in [[items.amounts]], not in the text")


def _source(reader: _Reader, data: dict[str, Any], seeds: set[str]) -> Source:
    src = _Reader(reader.path, reader.entry, data)
    src.only("seed", "lines", "quote", "statute")
    statute = src.text("statute", required=False)
    seed = src.text("seed", required=False)
    if statute and not seed:
        return Source(statute=statute)
    if not seed:
        raise src.fail("a source needs either 'statute' or 'seed' with 'lines' and 'quote'")
    if seeds and seed not in seeds:
        raise src.fail(f"seed '{seed}' is not listed in sources.toml")
    lines, quote = src.text("lines"), src.text("quote")
    if not LINES_RE.fullmatch(lines):
        raise src.fail(f"'lines' must look like 330 or 327-331, not {lines!r}")
    return Source(seed=seed, lines=lines, quote=quote, statute=statute or None)


def _sources(reader: _Reader, seeds: set[str]) -> tuple[Source, ...]:
    found = tuple(_source(reader, data, seeds) for data in reader.tables("sources"))
    if not found:
        raise reader.fail("every entry needs at least one source ([[...sources]])")
    return found


def _who(reader: _Reader) -> Who:
    data = reader.data.get("who", {})
    who = _Reader(reader.path, reader.entry, data if isinstance(data, dict) else {})
    who.only("min_age", "max_age", "statuses", "conditions", "note")
    low, high = who.age("min_age"), who.age("max_age")
    if low is not None and high is not None and low > high:
        raise who.fail("min_age is above max_age")
    return Who(
        low,
        high,
        who.choices("statuses", STATUSES),
        who.choices("conditions", CONDITIONS),
        who.text("note", required=False),
    )


def _amount(reader: _Reader, data: dict[str, Any]) -> Amount:
    amount = _Reader(reader.path, reader.entry, data)
    amount.only("pence", "period", "label", "min_age", "max_age", "statuses")
    pence = data.get("pence")
    if not isinstance(pence, int) or isinstance(pence, bool) or pence <= 0:
        raise amount.fail("'pence' must be a whole number above 0 (250000 is £2,500)")
    period = amount.text("period")
    if period not in PERIODS:
        raise amount.fail(f"period {period!r}; allowed: {', '.join(PERIODS)}")
    label = amount.text("label", required=False)
    _no_money(amount, label)
    return Amount(
        pence,
        period,
        label,
        amount.age("min_age"),
        amount.age("max_age"),
        amount.choices("statuses", STATUSES),
    )


ITEM_FIELDS = (
    "id", "category", "title", "summary", "details", "how_to_get", "provider", "keywords",
    "effective_from", "effective_to", "superseded_by", "needs_confirmation", "confirm_note",
    "as_of", "last_reviewed", "who", "amounts", "sources",
)  # fmt: skip


def _item(path: str, pack: str, data: dict[str, Any], seeds: set[str]) -> Item:
    reader = _Reader(path, f"item {data.get('id', '?')!r}", data)
    reader.only(*ITEM_FIELDS)
    item_id = reader.text("id")
    if not ID_RE.fullmatch(item_id):
        raise reader.fail("id must be lower-case letters, digits and hyphens, at most 40")
    category = reader.text("category")
    if category not in CATEGORIES:
        raise reader.fail(f"category {category!r}; allowed: {', '.join(CATEGORIES)}")
    texts = {key: reader.text(key, limit=limit) for key, limit in LIMITS.items()}
    _no_money(reader, *texts.values())
    for key in ("title", "summary"):
        if "care leaver" in texts[key].lower():
            raise reader.fail(f"'{key}' labels the reader a care leaver; say 'you' instead")
    keywords = data.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k for k in keywords):
        raise reader.fail("'keywords' must be a list of words or phrases")
    if any("," in k for k in keywords):
        raise reader.fail("a keyword may not contain a comma (commas separate them)")
    confirm = reader.flag("needs_confirmation")
    note = reader.text("confirm_note", required=False)
    if confirm and not note:
        raise reader.fail("needs_confirmation is true, so say what to confirm in confirm_note")
    return Item(
        id=item_id,
        pack=pack,
        category=category,
        title=texts["title"],
        summary=texts["summary"],
        details=texts["details"],
        how_to_get=texts["how_to_get"],
        provider=reader.text("provider"),
        keywords=tuple(keywords),
        who=_who(reader),
        amounts=tuple(_amount(reader, a) for a in reader.tables("amounts")),
        sources=_sources(reader, seeds),
        as_of=reader.day("as_of"),  # type: ignore[arg-type]
        last_reviewed=reader.day("last_reviewed"),  # type: ignore[arg-type]
        effective_from=reader.day("effective_from", required=False),
        effective_to=reader.day("effective_to", required=False),
        superseded_by=reader.text("superseded_by", required=False),
        needs_confirmation=confirm,
        confirm_note=note,
    )


def _progress(reader: _Reader, data: dict[str, Any], seeds: set[str]) -> Progress:
    step = _Reader(reader.path, reader.entry, data)
    step.only("date", "said", "did", "sources")
    return Progress(
        date=step.day("date"),  # type: ignore[arg-type]
        did=step.text("did"),
        said=step.text("said", required=False),
        sources=_sources(step, seeds),
    )


def _pledge(path: str, data: dict[str, Any], seeds: set[str]) -> Pledge:
    reader = _Reader(path, f"pledge {data.get('id', '?')!r}", data)
    reader.only("id", "title", "exact_title", "meaning", "sources", "progress")
    pledge_id = reader.text("id")
    if not ID_RE.fullmatch(pledge_id):
        raise reader.fail("id must be lower-case letters, digits and hyphens, at most 40")
    return Pledge(
        id=pledge_id,
        title=reader.text("title", limit=200),
        meaning=reader.text("meaning", limit=600),
        exact_title=reader.flag("exact_title"),
        sources=_sources(reader, seeds),
        progress=tuple(_progress(reader, p, seeds) for p in reader.tables("progress")),
    )


def _pledge_set(path: str, pack: str, data: dict[str, Any], seeds: set[str]) -> PledgeSet:
    reader = _Reader(path, f"pledge set {data.get('id', '?')!r}", data)
    reader.only(
        "id", "title", "kind", "version", "effective_from", "effective_to", "superseded_by",
        "as_of", "last_reviewed", "sources", "pledges",
    )  # fmt: skip
    kind = reader.text("kind")
    if kind not in PLEDGE_KINDS:
        raise reader.fail(f"kind {kind!r}; allowed: {', '.join(PLEDGE_KINDS)}")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise reader.fail("'version' must be a whole number from 1")
    pledges = tuple(_pledge(path, p, seeds) for p in reader.tables("pledges"))
    if not pledges:
        raise reader.fail("a pledge set needs at least one [[pledge_sets.pledges]]")
    return PledgeSet(
        id=reader.text("id"),
        pack=pack,
        title=reader.text("title", limit=120),
        kind=kind,
        version=version,
        effective_from=reader.day("effective_from", required=False),
        effective_to=reader.day("effective_to", required=False),
        superseded_by=reader.text("superseded_by", required=False),
        as_of=reader.day("as_of"),  # type: ignore[arg-type]
        last_reviewed=reader.day("last_reviewed"),  # type: ignore[arg-type]
        sources=_sources(reader, seeds),
        pledges=pledges,
    )


def _council(path: str, data: dict[str, Any]) -> Council:
    reader = _Reader(path, "[council]", data)
    reader.only(
        "id", "name", "team_name", "team_contact", "out_of_hours", "website", "time_zone",
        "needs_confirmation", "confirm_note", "last_reviewed",
    )  # fmt: skip
    return Council(
        id=reader.text("id"),
        name=reader.text("name"),
        team_name=reader.text("team_name", required=False) or "Leaving care team",
        team_contact=reader.text("team_contact", required=False),
        out_of_hours=reader.text("out_of_hours", required=False),
        website=reader.text("website", required=False),
        time_zone=reader.text("time_zone", required=False) or "Europe/London",
        needs_confirmation=reader.flag("needs_confirmation"),
        confirm_note=reader.text("confirm_note", required=False),
        last_reviewed=reader.day("last_reviewed"),  # type: ignore[arg-type]
    )


def load_pack(path: Path, seeds: set[str] | None = None) -> Pack:
    """One content file, validated on its own (cross-file checks are in ``load_all``)."""
    shown = _shown(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(shown, "file", f"not valid TOML ({error})") from None
    root = _Reader(shown, "file", data)
    root.only("council", "pack", "items", "pledge_sets")
    known = seeds or set()
    council = _council(shown, data["council"]) if "council" in data else None
    header = data.get("pack", {}) if council is None else {}
    pack_id = council.id if council else _Reader(shown, "[pack]", header).text("id")
    if pack_id != path.stem:
        raise ContentError(shown, "file", f"id {pack_id!r} must match the file name")
    name = council.name if council else _Reader(shown, "[pack]", header).text("name")
    reviewed = (
        council.last_reviewed if council else _Reader(shown, "[pack]", header).day("last_reviewed")
    )
    return Pack(
        id=pack_id,
        name=name,
        path=shown,
        council=council,
        items=tuple(_item(shown, pack_id, d, known) for d in root.tables("items")),
        pledge_sets=tuple(
            _pledge_set(shown, pack_id, d, known) for d in root.tables("pledge_sets")
        ),
        last_reviewed=reviewed,  # type: ignore[arg-type]
    )


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
