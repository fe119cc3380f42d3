"""How complete and how current each language is: the numbers behind
``careleaver-bot translations status`` and the stale list of ``content stale``.

A content string is *translated* when the catalog holds a non-fuzzy translation of exactly
the current English; *stale* when the catalog only has a translation made from older English
(an entry with the same context but another message id, or one marked fuzzy by an update);
*missing* otherwise. The bot never shows a stale translation (see ``handlers.offer_cards``):
this module is how people find and fix them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, LOCALES_DIR, STATUS_RE
from bot.settings import SUPPORTED_LANGUAGES
from offers.extract import content_messages
from offers.loader import CONTENT_DIR

CONTENT_PREFIXES = ("offer:", "pledge:", "pledges:", "survey:")
TRANSLATED = tuple(lang for lang in SUPPORTED_LANGUAGES if lang != "en")


@dataclass
class Counts:
    total: int = 0
    translated: int = 0
    missing: int = 0
    stale: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


@dataclass
class LanguageStatus:
    lang: str
    review: str  # "draft" or "reviewed" (from the catalog header)
    interface: Counts = field(default_factory=Counts)
    content: dict[str, Counts] = field(default_factory=dict)  # per content pack
    stale_entries: list[str] = field(default_factory=list)

    @property
    def draft(self) -> int:
        translated = self.interface.translated + sum(c.translated for c in self.content.values())
        return translated if self.review == "draft" else 0


def read_catalog(lang: str, locales: Path = LOCALES_DIR) -> Catalog | None:
    path = locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def interface_messages(template: Catalog) -> Iterator[tuple[str | None, str]]:
    for message in template:
        if not message.id:
            continue
        context = message.context
        if context and context.startswith(CONTENT_PREFIXES):
            continue
        yield context, message.id if isinstance(message.id, str) else message.id[0]


def content_by_pack(folder: Path = CONTENT_DIR) -> dict[str, list[tuple[str, str]]]:
    packs: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "sources.toml":
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        packs[path.stem] = [(ctx, english) for ctx, english, _ in content_messages(data)]
    return packs


def _state(catalog: Catalog | None, context: str | None, english: str) -> str:
    if catalog is None:
        return "missing"
    found = catalog.get(english, context=context)
    if found is not None and found.string and not found.fuzzy:
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if all(strings):
            return "translated"
    if found is not None and found.fuzzy and found.string:
        return "stale"
    if context is not None:
        for message in catalog:
            if message.context == context and message.id != english and message.string:
                return "stale"
        for message in catalog.obsolete.values():
            if message.context == context and message.string:
                return "stale"
    return "missing"


def _count(counts: Counts, state: str) -> None:
    counts.total += 1
    if state == "translated":
        counts.translated += 1
    elif state == "stale":
        counts.stale += 1
    else:
        counts.missing += 1


def language_status(
    lang: str,
    template: Catalog,
    packs: dict[str, list[tuple[str, str]]],
    locales: Path = LOCALES_DIR,
) -> LanguageStatus:
    catalog = read_catalog(lang, locales)
    header = catalog.header_comment if catalog is not None else ""
    found = STATUS_RE.search(header or "")
    status = LanguageStatus(lang, found.group(1).lower() if found else "draft")
    for context, english in interface_messages(template):
        _count(status.interface, _state(catalog, context, english))
    for pack, messages in packs.items():
        counts = status.content.setdefault(pack, Counts())
        for context, english in messages:
            state = _state(catalog, context, english)
            _count(counts, state)
            if state == "stale":
                status.stale_entries.append(f"{lang}\t{context}")
    return status


def all_status(locales: Path = LOCALES_DIR, folder: Path = CONTENT_DIR) -> list[LanguageStatus]:
    with (locales / f"{DOMAIN}.pot").open("rb") as handle:
        template = read_po(handle)
    packs = content_by_pack(folder)
    return [language_status(lang, template, packs, locales) for lang in TRANSLATED]


def stale_translations(_catalogue: object = None) -> list[str]:
    """Every stale content translation, as "lang<TAB>context" lines."""
    return [entry for status in all_status() for entry in status.stale_entries]
