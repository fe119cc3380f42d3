"""The crisis-word matching engine: phrase syntax, a compiled index, and `Lexicon.match`.

A lexicon phrase is a few words with simple wildcards, parsed by the package's loader. The
phrases of the languages checked for one user language are compiled once into lookups by word,
by stem and by one-letter spelling slip, so matching costs a few dictionary lookups per word.
`Lexicon.match(text, lang)` checks the young person's language, English (messages mix
languages) and the Latin-script spellings of the Arabic-script languages, and returns the
categories found, most urgent first, with the ids of the phrases that matched: never the
text, so a match can be logged. Nothing here reads files, logs or keeps state between messages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.safeguarding.normalise import fold_latin, sentences, squeeze

# Most urgent first: the order the bot answers in and the order categories are reported in.
CATEGORIES = (
    "suicide_self_harm",
    "unsafe_hurt",
    "abuse_exploitation",
    "going_missing",
    "homeless_tonight",
    "no_food_money",
)
NOT_CRISIS = "not_crisis"
LANGUAGES = ("en", "ar", "fa", "fa_AF", "ps", "ckb", "ti", "am", "sq", "vi")
# Languages whose speakers also write in Latin letters (Arabizi, Finglish, Latin Pashto).
ARABIC_SCRIPT = ("ar", "fa", "fa_AF", "ps", "ckb")
# Dari and Farsi are one language written alike; many Pashto speakers also write Dari.
COMPANIONS = {"fa": ("fa_AF",), "fa_AF": ("fa",), "ps": ("fa_AF",)}


@dataclass(frozen=True, slots=True)
class Match:
    """What a message matched: categories (most urgent first) and phrase ids, never text."""

    categories: tuple[str, ...]
    phrase_ids: tuple[str, ...]
    approximate: bool  # True when a spelling slip was tolerated to reach a phrase

    @property
    def category(self) -> str:
        """The most urgent category found."""
        return self.categories[0]


Alt = tuple[bool, str]  # (is a stem, normalised word)
Slot = tuple[Alt, ...] | None  # one word position: alternatives, or None for a gap
Hit = tuple[int, int, int]  # (atom, token after the match, 0 or length of a slipped word)
ANY = "*"  # index over every lexicon, for a language tag with no lexicon of its own
_GAP = 2  # "..." skips at most this many words
_SLIP_MIN = 5  # a spelling slip is tolerated only in words at least this long
_SLIP_ALONE = 7  # ...and in a one-word phrase, only in words at least this long
_JOIN_MAX = 64  # most joined alternatives made from two adjacent word slots


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon phrase: its id (`lang/category/key`), category and slots."""

    pid: str
    category: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """The native-script or the Latin-script half of one lexicon file, with its options."""

    entries: tuple[Entry, ...]
    fuzzy: bool
    fold: bool
    clitics: tuple[str, ...]
    no_fuzzy: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Phrase:
    entry: Entry
    slots: tuple[frozenset[int] | None, ...]
    alone: bool
    guard: bool  # a not_crisis phrase: exact words only, it cancels what it overlaps


@dataclass(frozen=True, slots=True)
class _Text:
    sentence: list[int]  # sentence number of each token
    hits: list[list[Hit]]  # what each token (or token pair) matched


class Index:
    """Word, stem and spelling-slip lookups over a set of lexicon parts, built once."""

    def __init__(self, parts: list[Part], probes: dict[str, set[str]]) -> None:
        """Index `parts`; `probes` maps one-letter deletions to words and may be shared."""
        self._atoms: dict[Alt, int] = {}
        self._words: dict[str, set[int]] = {}
        self._stems: dict[str, set[int]] = {}
        self._slip_words: dict[str, set[int]] = {}
        self._probes = probes
        self._starts: dict[int, list[_Phrase]] = {}
        self._seen: set[tuple[int, bool, bool]] = set()
        for part in parts:
            for entry in part.entries:
                for n, slots in enumerate(_joined_variants(entry.slots)):
                    # Joined forms ("killmyself") are already a variant: no slips on them.
                    self._add(entry, slots, part, slips=part.fuzzy and n == 0)
        self._stem_lengths = sorted({len(key) for key in self._stems})
        self._clitics = tuple(sorted({c for part in parts for c in part.clitics}))
        self._no_fuzzy = frozenset(w for part in parts for w in part.no_fuzzy)

    def _add(self, entry: Entry, slots: tuple[Slot, ...], part: Part, slips: bool) -> None:
        compiled = tuple(
            None if slot is None else frozenset(self._atom(alt, part.fold, slips) for alt in slot)
            for slot in slots
        )
        alone = sum(slot is not None for slot in slots) == 1
        phrase = _Phrase(entry, compiled, alone, entry.category == NOT_CRISIS)
        for atom in compiled[0] or ():
            self._starts.setdefault(atom, []).append(phrase)

    def _atom(self, alt: Alt, fold: bool, slips: bool) -> int:
        atom = self._atoms.setdefault(alt, len(self._atoms))
        if (atom, fold, slips) in self._seen:  # a word in many phrases is indexed once
            return atom
        self._seen.add((atom, fold, slips))
        stem, word = alt
        for key in _keys(word, fold):
            (self._stems if stem else self._words).setdefault(key, set()).add(atom)
            if slips and not stem and len(key) >= _SLIP_MIN:
                self._slip_words.setdefault(key, set()).add(atom)
                if key not in self._probes.get(key, ()):
                    for probe in _deletions(key):
                        self._probes.setdefault(probe, set()).add(key)
        return atom

    def search(self, sentences: list[list[str]]) -> list[tuple[Entry, bool]]:
        """Crisis entries found and not cancelled, each with whether a slip was tolerated."""
        tokens = [token for sentence in sentences for token in sentence]
        numbers = [n for n, sentence in enumerate(sentences) for _ in sentence]
        text = _Text(numbers, self._hits(tokens, numbers))
        found: list[tuple[Entry, int, int, bool]] = []
        guards: list[tuple[int, int]] = []
        for start, row in enumerate(text.hits):
            for atom, end, slip in row:
                for phrase in self._starts.get(atom, ()):
                    stop = _complete(phrase, end, slip, text, text.sentence[start])
                    if stop is None:
                        continue
                    if phrase.guard:
                        guards.append((start, stop[0]))
                    else:
                        found.append((phrase.entry, start, stop[0], stop[1]))
        return [
            (entry, slipped)
            for entry, start, stop, slipped in found
            if not any(g_start < stop and start < g_stop for g_start, g_stop in guards)
        ]

    def _hits(self, tokens: list[str], numbers: list[int]) -> list[list[Hit]]:
        hits = []
        for i, token in enumerate(tokens):
            key, row = squeeze(token), list[Hit]()
            self._lookup(key, i + 1, row)
            for clitic in self._clitics:
                if key.startswith(clitic) and len(key) - len(clitic) >= 2:
                    self._lookup(key[len(clitic) :], i + 1, row)
            if i + 1 < len(tokens) and numbers[i + 1] == numbers[i]:
                # "my self", "no where", "می خواهم": a word split in two still matches.
                row.extend(
                    (atom, i + 2, 0)
                    for atom in self._words.get(squeeze(token + tokens[i + 1]), ())
                )
            # A word the lexicon knows as written is not read as a slip for another one.
            exact = key in self._words
            if len(key) >= _SLIP_MIN and not exact and key not in self._no_fuzzy:
                self._slips(key, i + 1, row)
            hits.append(row)
        return hits

    def _lookup(self, key: str, end: int, row: list[Hit]) -> None:
        row.extend((atom, end, 0) for atom in self._words.get(key, ()))
        for length in self._stem_lengths:
            if length > len(key):
                break
            row.extend((atom, end, 0) for atom in self._stems.get(key[:length], ()))

    def _slips(self, key: str, end: int, row: list[Hit]) -> None:
        words = {w for probe in _deletions(key) for w in self._probes.get(probe, ())}
        for word in words:
            if word in self._slip_words and word != key and _one_edit(word, key):
                row.extend((atom, end, len(word)) for atom in self._slip_words[word])


def _complete(
    phrase: _Phrase, end: int, slip: int, text: _Text, sentence: int
) -> tuple[int, bool] | None:
    """Match the rest of `phrase` after its first word; return (end, whether it slipped)."""
    if slip and (phrase.guard or (phrase.alone and slip < _SLIP_ALONE)):
        return None
    budget = 0 if phrase.guard or slip else 1
    found = _rest(phrase.slots, 1, end, budget, text, sentence)
    if found is None:
        return None
    return found[0], bool(slip) or found[1] < budget


def _rest(
    slots: tuple[frozenset[int] | None, ...], k: int, pos: int, budget: int, text: _Text, s: int
) -> tuple[int, int] | None:
    if k == len(slots):
        return pos, budget
    slot = slots[k]
    if slot is None:
        for skip in range(_GAP + 1):
            if skip and (pos + skip > len(text.sentence) or text.sentence[pos + skip - 1] != s):
                break
            found = _rest(slots, k + 1, pos + skip, budget, text, s)
            if found is not None:
                return found
        return None
    if pos >= len(text.sentence) or text.sentence[pos] != s:
        return None
    for atom, end, slip in text.hits[pos]:
        if atom in slot and (budget or not slip):
            found = _rest(slots, k + 1, end, budget - (slip > 0), text, s)
            if found is not None:
                return found
    return None


def _joined_variants(slots: tuple[Slot, ...]) -> list[tuple[Slot, ...]]:
    """The phrase, plus each version with two neighbouring words written as one.

    "kill* ... myself" also matches "killmyself"; a gap between the two words may be empty.
    """
    variants = [slots]
    for k, first in enumerate(slots):
        step = 2 if k + 2 < len(slots) and slots[k + 1] is None else 1
        second = slots[k + step] if k + step < len(slots) else None
        if first is None or second is None or len(first) * len(second) > _JOIN_MAX:
            continue
        # A stem joins in its bare form: "kill*" + "myself" gives "killmyself".
        joined = tuple((stem, a + b) for _, a in first for stem, b in second)
        variants.append((*slots[:k], joined, *slots[k + step + 1 :]))
    return variants


@functools.cache
def _keys(word: str, fold: bool) -> frozenset[str]:
    return frozenset({squeeze(word), squeeze(fold_latin(word))} if fold else {squeeze(word)})


def _deletions(word: str) -> frozenset[str]:
    return frozenset({word} | {word[:i] + word[i + 1 :] for i in range(len(word))})


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])


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

    def __init__(self, sources: list[Source]) -> None:
        self._sources = {source.language: source for source in sources}
        probes: dict[str, set[str]] = {}
        self._indexes = {lang: Index(self._parts(lang), probes) for lang in self._sources}
        self._indexes[ANY] = Index([p for s in sources for p in (s.native, s.latin)], probes)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The loaded lexicon files, in language-tag order."""
        return tuple(self._sources[lang] for lang in sorted(self._sources))

    def _parts(self, lang: str) -> list[Part]:
        langs = [lang, *COMPANIONS.get(lang, ()), "en"]
        latin = [*langs, *ARABIC_SCRIPT] if lang in ARABIC_SCRIPT else langs
        native = [self._sources[x].native for x in dict.fromkeys(langs) if x in self._sources]
        romans = [self._sources[x].latin for x in dict.fromkeys(latin) if x in self._sources]
        return native + romans

    def match(self, text: str, lang: str) -> Match | None:
        """Crisis categories and phrase ids found in `text`, or None.

        `lang` is the young person's language tag; a tag with no lexicon checks them all.
        """
        index = self._indexes.get(lang) or self._indexes[ANY]
        found = index.search(sentences(text))
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
