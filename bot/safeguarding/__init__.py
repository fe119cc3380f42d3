"""Crisis-word detection: per-language lexicons as data, read once, and a pure matcher.

This module is the front door. `load_lexicon()` reads every `lexicon/<tag>.toml`, checks
each entry and refuses a bad one with an error naming the file and the entry, and builds a
`Lexicon`, which knows which lexicons to check together for each language. `match(text,
lang)` answers whether a message holds crisis words, with categories and phrase ids but
never the text. What the bot then does is described in docs/safeguarding.md; how the
lexicons are written and reviewed is in docs/safeguarding-lexicon.md.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from bot.safeguarding.examples import ExampleCheck, read_examples
from bot.safeguarding.matcher import (
    ACCENTS,
    ANY,
    CATEGORIES,
    LANGUAGES,
    NOT_CRISIS,
    Entry,
    Index,
    Match,
    Part,
    Slot,
)
from bot.safeguarding.normalise import has_latin_accents, sentences, squeeze, tokens

__all__ = [
    "CATEGORIES",
    "LANGUAGES",
    "Lexicon",
    "LexiconError",
    "Match",
    "default_lexicon",
    "load_lexicon",
    "match",
    "parse_pattern",
]

GAPS = ("...", "…")  # how a phrase writes "up to two words here"
# Languages whose speakers also write in Latin letters (Arabizi, Finglish, Latin Pashto).
ARABIC_SCRIPT = ("ar", "fa", "fa_AF", "ps", "ckb")
# Dari and Farsi are one language written alike; many Pashto speakers also write it.
COMPANIONS = {"fa": ("fa_AF",), "fa_AF": ("fa",), "ps": ("fa_AF", "fa")}
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GROUP = re.compile(r"\(([^()]*)\)")
# A word alternative next to a group alternative, "a|(b c)" or "(b c)|a": one group of options.
_ALTERNATIVE = r"(?:\([^()]*\)|[^\s|()]+)"
_MIXED = re.compile(rf"{_ALTERNATIVE}(?:\|{_ALTERNATIVE})+")
_VARIANTS_MAX = 64
_OPTIONS = {"fuzzy": bool, "accents": str, "clitics": list, "no_fuzzy": list}


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Source:
    """One lexicon file, parsed: what a reviewer sees about it and its two halves."""

    language: str
    name: str
    reviewed: bool
    native: Part
    latin: Part

    @property
    def phrases(self) -> int:
        """How many crisis phrases (not counting not_crisis ones) the file holds."""
        entries = self.native.entries + self.latin.entries
        return sum(entry.category != NOT_CRISIS for entry in entries)


class Lexicon:
    """Every language's phrases, compiled once; `match` is then pure and fast."""

    def __init__(self, sources: list[Source], examples: ExampleCheck | None = None) -> None:
        self._sources = {source.language: source for source in sources}
        # The second net (bot/safeguarding/examples.py): asked only when no phrase matched.
        self.examples = examples
        self._probes: dict[str, set[str]] = {}
        # Each language's index is compiled when it is first needed (about 0.2 s each): the
        # terminal chat and a test start at once; `warm()` compiles them all before a server
        # takes its first message.
        self._indexes: dict[str, tuple[Index, Index]] = {}

    def warm(self) -> None:
        """Compile every language's index now, so that no message waits for it."""
        for lang in self._sources:
            self._index(lang)

    def _index(self, lang: str) -> tuple[Index, Index]:
        if lang not in self._sources:
            lang = ANY
        found = self._indexes.get(lang)
        if found is None:
            parts = (
                self._parts(lang)
                if lang != ANY
                else [p for s in self._sources.values() for p in (s.native, s.latin)]
            )
            found = self._indexes[lang] = self._pair(parts)
        return found

    @property
    def sources(self) -> tuple[Source, ...]:
        """The loaded lexicon files, in language-tag order."""
        return tuple(self._sources[lang] for lang in sorted(self._sources))

    def _pair(self, parts: list[Part]) -> tuple[Index, Index]:
        """Indexes for messages typed without accents and with them (one, if they agree)."""
        plain = Index(parts, self._probes, plain=True)
        if all(part.accents != "plain" for part in parts):
            return plain, plain
        return plain, Index(parts, self._probes, plain=False)

    def _parts(self, lang: str) -> list[Part]:
        langs = [lang, *COMPANIONS.get(lang, ()), "en"]
        latin = [*langs, *ARABIC_SCRIPT] if lang in ARABIC_SCRIPT else langs
        native = [self._sources[x].native for x in dict.fromkeys(langs) if x in self._sources]
        romans = [self._sources[x].latin for x in dict.fromkeys(latin) if x in self._sources]
        return native + romans

    def match(self, text: str, lang: str) -> Match | None:
        """Crisis categories and phrase ids found in `text`, or None.

        `lang` is the young person's language tag; a tag with no lexicon checks them all.
        When no phrase matches, the example check (if loaded) may still find a crisis; its
        match names the category, has the phrase id `examples/<category>` and `learned=True`.
        """
        found = self.match_phrases(text, lang)
        if found is not None or self.examples is None:
            return found
        category = self.examples.check(text)
        if category is None:
            return None
        return Match((category,), (f"examples/{category}",), approximate=True, learned=True)

    def match_phrases(self, text: str, lang: str) -> Match | None:
        """What the lexicons alone find in `text` (no example check), or None."""
        plain, accented = self._index(lang)
        words = sentences(text)
        found = (accented if has_latin_accents(words) else plain).search(words)
        if not found:
            return None
        rank = {category: i for i, category in enumerate(CATEGORIES)}
        entries = sorted({entry for entry, _ in found}, key=lambda e: (rank[e.category], e.pid))
        exact = {entry.pid for entry, slipped in found if not slipped}
        return Match(
            categories=tuple(dict.fromkeys(entry.category for entry in entries)),
            phrase_ids=tuple(dict.fromkeys(entry.pid for entry in entries)),
            approximate=any(entry.pid not in exact for entry in entries),
        )


def match(text: str, lang: str) -> Match | None:
    """Crisis categories and phrase ids in `text` for a young person using `lang`, or None."""
    return default_lexicon().match(text, lang)


@functools.cache
def default_lexicon() -> Lexicon:
    """The shipped lexicons, loaded and compiled on first use; call it at start-up."""
    return load_lexicon()


def load_lexicon(
    directory: Traversable | None = None, examples: Traversable | bool | None = None
) -> Lexicon:
    """Read, check and compile every `<tag>.toml` in `directory` (default: the shipped ones).

    `examples` is the folder of labelled example messages for the second net; by default the
    shipped examples go with the shipped lexicons, and a lexicon folder of one's own goes
    without them (pass a folder, or True for the shipped ones, to have them; False for none).
    """
    folder = directory if directory is not None else files(__name__) / "lexicon"
    found = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=_file_name)
    if not found:
        raise LexiconError(f"{folder}: no lexicon files")
    if examples is None:
        examples = directory is None
    check = None
    if examples is not False:
        check = ExampleCheck(read_examples(None if examples is True else examples))
    return Lexicon([_read(file) for file in found], check)


def parse_pattern(pattern: str) -> list[tuple[tuple[Slot, ...], ...]]:
    """Turn one lexicon phrase into its variants' parts and slots; ValueError if it is wrong.

    Words are separated by spaces; `a|b` is either word; `stem*` is any word starting with
    the stem; `...` is a gap of up to two words; `(a b|c d)` is either group of words and
    makes one variant each, and `a|(b c)` is read as `(a|b c)`; `A & B` needs both A and B
    somewhere in the same message.
    Each word is normalised like a message.
    """
    return [
        tuple(_parse_variant(part) for part in variant.split(" & "))
        for variant in _expand(pattern)
    ]


def _merge_groups(pattern: str) -> str:
    """Rewrite "a|(b c)|d" as the group "(a|b c|d)"; plain "a|b" and "(a b|c)" stay as they are."""

    def merge(found: re.Match[str]) -> str:
        if "(" not in found.group(0):
            return found.group(0)
        parts = re.findall(_ALTERNATIVE, found.group(0))
        return "(" + "|".join(part.strip("()") for part in parts) + ")"

    return _MIXED.sub(merge, pattern)


def _expand(pattern: str) -> list[str]:
    pattern = _merge_groups(pattern)
    group = _GROUP.search(pattern)
    if group is None:
        if "(" in pattern or ")" in pattern:
            raise ValueError("unbalanced '(' or ')'")
        return [pattern]
    options = [option.strip() for option in group.group(1).split("|")]
    if not all(options):
        raise ValueError("empty alternative inside '( )'")
    before, after = pattern[: group.start()], pattern[group.end() :]
    variants = [v for option in options for v in _expand(f"{before} {option} {after}")]
    if len(variants) > _VARIANTS_MAX:
        raise ValueError(f"more than {_VARIANTS_MAX} variants; split the phrase")
    return variants


def _parse_variant(pattern: str) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    for word in pattern.split():
        if word in GAPS:
            if not slots or slots[-1] is None:
                raise ValueError("'...' must stand between two words")
            slots.append(None)
            continue
        slots.extend(_parse_word(word))
    if not slots:
        raise ValueError("empty phrase")
    if slots[-1] is None:
        raise ValueError("'...' must stand between two words")
    return tuple(slots)


def _parse_word(word: str) -> list[Slot]:
    alternatives = word.split("|")
    parsed: list[tuple[bool, str]] = []
    for alt in alternatives:
        stem = alt.endswith("*")
        found = tokens(alt.removesuffix("*"))
        if not found:
            raise ValueError(f"{alt!r} has no letters (an empty '|' alternative?)")
        if len(found) > 1:
            if len(alternatives) > 1 or stem:
                raise ValueError(f"{alt!r} is more than one word once normalised")
            return [((False, token),) for token in found]
        if stem and len(squeeze(found[0])) < 3:
            raise ValueError(f"stem {alt!r} needs at least 3 letters")
        parsed.append((stem, found[0]))
    return [tuple(parsed)]


def _fail(where: str, section: str, key: str, reason: str) -> LexiconError:
    entry = f"[{section}] {key}".rstrip()
    return LexiconError(f"{where}: {entry}: {reason}")


def _entries(where: str, section: str, table: Any, pid: str) -> list[Entry]:
    category = section.removeprefix("latin.")
    if category not in (*CATEGORIES, NOT_CRISIS):
        allowed = ", ".join((*CATEGORIES, NOT_CRISIS))
        raise _fail(where, section, "", f"unknown category; expected one of {allowed}")
    if not isinstance(table, dict):
        raise _fail(where, section, "", "must be a table of id = phrase(s)")
    entries: list[Entry] = []
    for key, value in table.items():
        if not _KEY.match(key):
            raise _fail(where, section, key, "id must be lower-case ASCII words and hyphens")
        patterns = [value] if isinstance(value, str) else value
        if not isinstance(patterns, list) or not patterns:
            raise _fail(where, section, key, "needs a phrase or a list of phrases")
        for pattern in patterns:
            if not isinstance(pattern, str):
                raise _fail(where, section, key, "every phrase must be a string")
            try:
                variants = parse_pattern(pattern)
                if category == NOT_CRISIS and any(len(parts) > 1 for parts in variants):
                    raise ValueError("'&' is for crisis phrases, not not_crisis ones")
            except ValueError as exc:
                raise _fail(where, section, key, f"{exc} in {pattern!r}") from None
            entries.extend(Entry(f"{pid}/{category}/{key}", category, v) for v in variants)
    return entries


def _meta(where: str, language: str, data: dict[str, Any]) -> dict[str, Any]:
    meta = data.pop("lexicon", None)
    if not isinstance(meta, dict):
        raise _fail(where, "lexicon", "", "missing [lexicon] table")
    if meta.get("language") != language:
        raise _fail(where, "lexicon", "language", f"must be {language!r}, as in the file name")
    if not isinstance(meta.get("reviewed"), bool):
        raise _fail(where, "lexicon", "reviewed", "must be true or false")
    for key in ("name", "review_note"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise _fail(where, "lexicon", key, "must be a non-empty string")
    for key, kind in _OPTIONS.items():
        if key in meta and not isinstance(meta[key], kind):
            raise _fail(where, "lexicon", key, f"must be a {kind.__name__}")
    if meta.get("accents", "required") not in ACCENTS:
        raise _fail(where, "lexicon", "accents", f"must be one of {', '.join(ACCENTS)}")
    for key in ("clitics", "no_fuzzy"):
        if not all(isinstance(w, str) and len(tokens(w)) == 1 for w in meta.get(key, [])):
            raise _fail(where, "lexicon", key, "must list single words")
    return meta


def _read(file: Traversable) -> Source:
    where, language = file.name, file.name.removesuffix(".toml")
    if language not in LANGUAGES:
        raise LexiconError(f"{where}: unknown language tag; expected one of {LANGUAGES}")
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"{where}: cannot read: {exc}") from None
    meta = _meta(where, language, data)
    latin = data.pop("latin", {})
    if not isinstance(latin, dict):
        raise _fail(where, "latin", "", "must hold category tables")
    native = [e for s, t in data.items() for e in _entries(where, s, t, language)]
    roman = [
        e for s, t in latin.items() for e in _entries(where, f"latin.{s}", t, f"{language}-latn")
    ]
    fuzzy = meta.get("fuzzy", True)
    clitics = tuple(squeeze(tokens(c)[0]) for c in meta.get("clitics", []))
    no_fuzzy = frozenset(squeeze(tokens(w)[0]) for w in meta.get("no_fuzzy", []))
    return Source(
        language=language,
        name=meta["name"],
        reviewed=meta["reviewed"],
        native=Part(tuple(native), fuzzy, meta.get("accents", "required"), clitics, no_fuzzy),
        latin=Part(tuple(roman), fuzzy, "required", (), no_fuzzy, loose_vowels=True),
    )


def _file_name(file: Traversable) -> str:
    return file.name
