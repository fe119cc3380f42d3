"""The second net: a check learned from labelled example messages, behind the lexicons.

The lexicons catch the phrases someone thought of. A young person in crisis often says it
another way, so a message no phrase matched is also scored against the labelled example
messages in `examples/*.tsv` (the same format as the evaluation set: `lang<TAB>label<TAB>text`,
a crisis category or `none`). The score is naive Bayes over what a message is made of — its
words, pairs of words and the two- to four-letter pieces of each word, after the matcher's own
normalisation — so a new phrasing that shares pieces with crisis examples, and few with the
ordinary ones, is noticed; spelling slips and word endings matter less than to a phrase.

Two kinds of `none` example teach it what is not a crisis: look-alikes ("this homework is
killing me", in the development sets `dev*.tsv`) and everyday messages to the bot
(`ordinary*.tsv`: questions about the offer, meetings, thanks). A message needs at least
three words for the check to speak (short ones are left to the lexicons), and numbers count
for nothing. The threshold is calibrated on the examples alone: in five-fold
cross-validation it is the score above which 5% of the look-alikes would raise an alarm
(`calibrate()`; the test suite checks `THRESHOLD` still agrees). The evaluation set's
held-out file is never read here.
Everything is learned when the lexicons are loaded (about 0.3 s); nothing is downloaded and
no message a young person sends is ever kept for learning.
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from itertools import pairwise

from bot.safeguarding.matcher import CATEGORIES, LANGUAGES
from bot.safeguarding.normalise import fold_latin, squeeze, tokens

NONE = "none"
ALPHA = 0.1  # smoothing: how much a piece seen in one class only is trusted
PIECES = (2, 3, 4)  # lengths of the letter pieces taken from each word
FALSE_ALARMS = 0.05  # the share of ordinary examples the threshold lets through in calibration
FOLDS = 5
MIN_WORDS = 3  # fewer words than this and the example check stays silent
EVERYDAY = "ordinary"  # files named ordinary*.tsv hold everyday messages, not look-alikes
THRESHOLD = 4.55  # calibrate(read_examples()) rounded; see the module's docstring


class ExamplesError(ValueError):
    """An example file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message."""

    lang: str
    label: str
    text: str
    everyday: bool = False  # from an ordinary*.tsv file: not a look-alike


def features(text: str) -> frozenset[str]:
    """What a message is made of: words, pairs of neighbouring words and letter pieces.

    Empty for a message of fewer than `MIN_WORDS` words (numbers not counted).
    """
    words = [squeeze(fold_latin(token)) for token in tokens(text) if not token.isdigit()]
    if len(words) < MIN_WORDS:
        return frozenset()
    found: set[str] = set()
    for word in words:
        found.add("w:" + word)
        marked = f"<{word}>"
        for size in PIECES:
            found.update(marked[i : i + size] for i in range(len(marked) - size + 1))
    found.update(f"b:{a} {b}" for a, b in pairwise(words))
    return frozenset(found)


def _log_odds(
    inside: Counter[str], n_in: int, outside: Counter[str], n_out: int
) -> dict[str, float]:
    """Per feature: log of how much likelier it is in one class of examples than the other."""
    weights = {}
    for feature in inside.keys() | outside.keys():
        p_in = (inside[feature] + ALPHA) / (n_in + 2 * ALPHA)
        p_out = (outside[feature] + ALPHA) / (n_out + 2 * ALPHA)
        weights[feature] = math.log(p_in / p_out)
    return weights


def _score(weights: dict[str, float], found: frozenset[str]) -> float:
    if not found:
        return -math.inf
    return sum(weights.get(f, 0.0) for f in found) / math.sqrt(len(found))


class ExampleCheck:
    """Scores a message against the examples; `check` names a category or returns None."""

    def __init__(self, examples: Sequence[Example], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.size = len(examples)
        crisis: Counter[str] = Counter()
        ordinary: Counter[str] = Counter()
        by_category: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
        counts: Counter[str] = Counter()
        for example in examples:
            found = features(example.text)
            counts[example.label] += 1
            if example.label == NONE:
                ordinary.update(found)
            else:
                crisis.update(found)
                by_category[example.label].update(found)
        n_crisis = self.size - counts[NONE]
        self._crisis = _log_odds(crisis, n_crisis, ordinary, counts[NONE])
        # Which crisis it is: each category against the other crisis examples.
        self._categories = {
            category: _log_odds(seen, counts[category], crisis - seen, n_crisis - counts[category])
            for category, seen in by_category.items()
            if counts[category]
        }

    def score(self, text: str) -> float:
        """How much more the message looks like the crisis examples than the ordinary ones
        (minus infinity for a message too short to judge)."""
        return _score(self._crisis, features(text))

    def check(self, text: str) -> str | None:
        """The likeliest crisis category if the message scores above the threshold, else None."""
        found = features(text)
        if _score(self._crisis, found) <= self.threshold:
            return None
        rank = {category: i for i, category in enumerate(CATEGORIES)}
        return max(
            self._categories,
            key=lambda c: (_score(self._categories[c], found), -rank[c]),
        )


def calibrate(examples: Sequence[Example], seed: int = 7) -> float:
    """The threshold that lets `FALSE_ALARMS` of the look-alike examples through, out of fold."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    ordinary: list[float] = []
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        check = ExampleCheck([examples[i] for i in order if i not in held])
        ordinary += [
            check.score(examples[i].text)
            for i in held
            if examples[i].label == NONE and not examples[i].everyday
        ]
    ordinary.sort(reverse=True)
    return ordinary[int(FALSE_ALARMS * len(ordinary))] if ordinary else math.inf


def default_folder() -> Traversable:
    """The shipped example files."""
    return files("bot.safeguarding") / "examples"


def read_examples(folder: Traversable | None = None) -> list[Example]:
    """Every row of every `*.tsv` in `folder`; a bad row is refused, naming file and line."""
    folder = folder if folder is not None else default_folder()
    found = sorted((f for f in folder.iterdir() if f.name.endswith(".tsv")), key=lambda f: f.name)
    if not found:
        raise ExamplesError(f"{folder}: no example files")
    return [row for file in found for row in _read(file)]


def _read(file: Traversable) -> Iterable[Example]:
    labels = (*CATEGORIES, NONE)
    text = file.read_text(encoding="utf-8")
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, fields in enumerate(reader, start=1):
        if n == 1 and fields[:2] == ["lang", "label"]:
            continue
        if len(fields) != 3:
            raise ExamplesError(f"{file.name}:{n}: needs three tab-separated columns")
        lang, label, message = fields
        if lang not in LANGUAGES:
            raise ExamplesError(f"{file.name}:{n}: unknown language {lang!r}")
        if label not in labels:
            raise ExamplesError(f"{file.name}:{n}: unknown label {label!r}")
        if not message.strip():
            raise ExamplesError(f"{file.name}:{n}: empty message")
        yield Example(lang, label, message, everyday=file.name.startswith(EVERYDAY))
