"""The crisis-word matching engine: compiled phrases, and the search of one message.

A lexicon phrase is a few words with simple wildcards (the package's loader parses them into
`Entry` slots). An `Index` compiles the phrases of a set of lexicons once into lookups by
word, by stem and by one-letter typing slip, so searching a message costs a few dictionary
lookups per word; `not_crisis` phrases cancel the crisis phrases they overlap. A `Match`
holds categories, most urgent first, and phrase ids: never the text, so it can be logged.
Nothing here reads files, logs or keeps state between messages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.safeguarding.normalise import (
    deletions,
    fold_latin,
    one_slip,
    squeeze,
)

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
# How a lexicon treats Latin accents: "required" as written; "optional": a word typed with
# no accents also matches (Albanian ë, ç); "plain": only in a message typed with no accents
# at all, since a Vietnamese writer who uses tones means "cho" when they type "cho", not "chỗ".
ACCENTS = ("required", "optional", "plain")
LANGUAGES = ("en", "ar", "fa", "fa_AF", "ps", "ckb", "ti", "am", "sq", "vi")


@dataclass(frozen=True, slots=True)
class Match:
    """What a message matched: categories (most urgent first) and phrase ids, never text."""

    categories: tuple[str, ...]
    phrase_ids: tuple[str, ...]
    approximate: bool  # True when a spelling slip was tolerated to reach a phrase
    learned: bool = False  # True when no phrase matched but the example check did

    @property
    def category(self) -> str:
        """The most urgent category found."""
        return self.categories[0]


Alt = tuple[bool, str]  # (is a stem, normalised word)
Slot = tuple[Alt, ...] | None  # one word position: alternatives, or None for a gap
_Mode = tuple[bool, bool, bool]  # how a word is indexed: (accents folded, slips, loose vowels)
Hit = tuple[int, int, int]  # (atom, token after the match, 0 or length of a slipped word)
ANY = "*"  # index over every lexicon, for a language tag with no lexicon of its own
_GAP = 2  # "..." skips at most this many words
_SLIP_MIN = 5  # a spelling slip is tolerated only in words at least this long
_SLIP_ALONE = 7  # ...and in a one-word phrase, only in words at least this long
_JOIN_MAX = 64  # most joined alternatives made from two adjacent word slots


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon phrase: id (`lang/category/key`), category, and its parts' slots.

    A phrase has one part, or several joined by `&` that must all occur in the message.
    """

    pid: str
    category: str
    parts: tuple[tuple[Slot, ...], ...]


@dataclass(frozen=True, slots=True)
class Part:
    """The native-script or the Latin-script half of one lexicon file, with its options."""

    entries: tuple[Entry, ...]
    fuzzy: bool
    accents: str  # one of ACCENTS: when a word typed without accents matches one with them
    clitics: tuple[str, ...]
    no_fuzzy: frozenset[str]
    loose_vowels: bool = False  # transliterations spell vowels freely ("bokosham"/"bokoshom")


@dataclass(frozen=True, slots=True)
class _Phrase:
    entry: Entry
    part: int  # which `&` part of the entry this is
    slots: tuple[frozenset[int] | None, ...]
    alone: bool
    guard: bool  # a not_crisis phrase: exact words only, it cancels what it overlaps
    anchor: frozenset[int] | None  # the narrowest word slot after the first, for a quick check


@dataclass(frozen=True, slots=True)
class _Text:
    sentence: list[int]  # sentence number of each token
    hits: list[list[Hit]]  # what each token (or token pair) matched


class Index:
    """Word, stem and spelling-slip lookups over a set of lexicon parts, built once."""

    def __init__(self, parts: list[Part], probes: dict[str, set[str]], plain: bool) -> None:
        """Index `parts` for messages typed without accents (`plain`) or with them.

        `probes` maps one-letter deletions to lexicon words; indexes may share it.
        """
        self._atoms: dict[Alt, int] = {}
        self._words: dict[str, set[int]] = {}
        self._stems: dict[str, set[int]] = {}
        self._slip_words: dict[str, set[int]] = {}
        self._probes = probes
        self._starts: dict[int, list[_Phrase]] = {}
        self._seen: set[tuple[int, _Mode]] = set()
        self._slots: dict[tuple[tuple[Alt, ...], _Mode], frozenset[int]] = {}
        self._loose: set[str] = set()
        for part in parts:
            for entry in part.entries:
                for k, slots in enumerate(entry.parts):
                    for n, variant in enumerate(_joined_variants(slots)):
                        # Joined forms ("killmyself") are already a variant: no slips on them.
                        fold = part.accents == "optional" or (plain and part.accents == "plain")
                        slips = part.fuzzy and n == 0
                        self._add(entry, k, variant, (fold, slips, part.loose_vowels))
        self._stem_lengths = sorted({len(key) for key in self._stems})
        self._clitics = tuple(sorted({c for part in parts for c in part.clitics}))
        self._no_fuzzy = frozenset(w for part in parts for w in part.no_fuzzy)

    def _slot(self, slot: tuple[Alt, ...], mode: _Mode) -> frozenset[int]:
        # The same alternatives ("my|own", "tonight") recur in many phrases: compile each once.
        found = self._slots.get((slot, mode))
        if found is None:
            found = self._slots[(slot, mode)] = frozenset(self._atom(alt, mode) for alt in slot)
        return found

    def _add(self, entry: Entry, k: int, slots: tuple[Slot, ...], mode: _Mode) -> None:
        compiled = tuple(None if slot is None else self._slot(slot, mode) for slot in slots)
        alone = sum(slot is not None for slot in slots) == 1
        rest = [slot for slot in compiled[1:] if slot is not None]
        anchor = min(rest, key=len) if rest else None
        phrase = _Phrase(entry, k, compiled, alone, entry.category == NOT_CRISIS, anchor)
        for atom in compiled[0] or ():
            self._starts.setdefault(atom, []).append(phrase)

    def _atom(self, alt: Alt, mode: _Mode) -> int:
        atom = self._atoms.setdefault(alt, len(self._atoms))
        if (atom, mode) in self._seen:  # a word in many phrases is indexed once
            return atom
        self._seen.add((atom, mode))
        (stem, word), (fold, slips, loose_vowels) = alt, mode
        for key in _keys(word, fold):
            (self._stems if stem else self._words).setdefault(key, set()).add(atom)
            if slips and not stem and len(key) >= _SLIP_MIN:
                self._slip_words.setdefault(key, set()).add(atom)
                if loose_vowels:
                    self._loose.add(key)
                if key not in self._probes.get(key, ()):
                    for probe in deletions(key):
                        self._probes.setdefault(probe, set()).add(key)
        return atom

    def search(self, sentences: list[list[str]]) -> list[tuple[Entry, bool]]:
        """Crisis entries found and not cancelled, each with whether a slip was tolerated."""
        tokens = [token for sentence in sentences for token in sentence]
        numbers = [n for n, sentence in enumerate(sentences) for _ in sentence]
        text = _Text(numbers, self._hits(tokens, numbers))
        found: list[tuple[_Phrase, int, int, bool]] = []
        guards: list[tuple[int, int]] = []
        # A phrase is only followed if its narrowest later slot has a word in the message.
        present = {atom for row in text.hits for atom, _, _ in row}
        candidates: dict[int, list[_Phrase]] = {}
        for start, row in enumerate(text.hits):
            for atom, end, slip in row:
                phrases = candidates.get(atom)
                if phrases is None:
                    phrases = candidates[atom] = [
                        phrase
                        for phrase in self._starts.get(atom, ())
                        if phrase.anchor is None or not phrase.anchor.isdisjoint(present)
                    ]
                for phrase in phrases:
                    stop = _complete(phrase, end, slip, text, text.sentence[start])
                    if stop is None:
                        continue
                    if phrase.guard:
                        guards.append((start, stop[0]))
                    else:
                        found.append((phrase, start, stop[0], stop[1]))
        kept = [
            (phrase, slipped)
            for phrase, start, stop, slipped in found
            if not any(g_start < stop and start < g_stop for g_start, g_stop in guards)
        ]
        return _assemble(kept)

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
        words = {w for probe in deletions(key) for w in self._probes.get(probe, ())}
        for word in words:
            if word in self._slip_words and one_slip(word, key, word in self._loose):
                row.extend((atom, end, len(word)) for atom in self._slip_words[word])


def _assemble(kept: list[tuple[_Phrase, bool]]) -> list[tuple[Entry, bool]]:
    """Entries whose every `&` part was found (and not cancelled), with whether one slipped."""
    parts: dict[int, dict[int, bool]] = {}
    entries: dict[int, Entry] = {}
    for phrase, slipped in kept:
        seen = parts.setdefault(id(phrase.entry), {})
        seen[phrase.part] = seen.get(phrase.part, True) and slipped
        entries[id(phrase.entry)] = phrase.entry
    return [
        (entries[key], any(seen.values()))
        for key, seen in parts.items()
        if len(seen) == len(entries[key].parts)
    ]


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


@functools.cache
def _joined_variants(slots: tuple[Slot, ...]) -> tuple[tuple[Slot, ...], ...]:
    """The phrase, plus each version with two neighbouring words written as one.

    "kill* ... myself" also matches "killmyself"; a gap between the two words may be empty.
    """
    variants = [slots]
    for k, first in enumerate(slots):
        step = 2 if k + 2 < len(slots) and slots[k + 1] is None else 1
        second = slots[k + step] if k + step < len(slots) else None
        if first is None or second is None or len(first) * len(second) > _JOIN_MAX:
            continue
        # A stem joins in its bare form: "kill*" + "myself" gives "killmyself". A join that
        # folds back to the first word ("giết" + "t" is "giết" once doubled letters are cut)
        # would let that word match alone, so it is left out.
        joined = tuple(
            (stem, a + b) for _, a in first for stem, b in second if squeeze(a + b) != squeeze(a)
        )
        if not joined:
            continue
        variants.append((*slots[:k], joined, *slots[k + step + 1 :]))
    return tuple(variants)


@functools.cache
def _keys(word: str, fold: bool) -> frozenset[str]:
    return frozenset({squeeze(word), squeeze(fold_latin(word))} if fold else {squeeze(word)})
