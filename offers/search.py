"""Answering a question typed in a young person's own words with the items that fit it.

Each council+language pair gets an index over item titles, keywords, summaries and details —
in English *and* in the reader's language, so "rent", "ایجاره" and "اجاره" all find the same
item. Matching forgives what people type on a phone: case, accents and Arabic diacritics,
Arabic/Persian letter variants, simple plurals and endings, and one or two wrong letters
(a symmetric-delete index keeps that fast: a query costs well under a millisecond at 500
items). Scores follow BM25-style weighting, so rare words count more than common ones.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from offers.model import Item

# Arabic-script letters that people type interchangeably, mapped to one form.
_LETTERS = str.maketrans(
    {
        "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
        "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7",
        "٨": "8", "٩": "9", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5",
        "۶": "6", "۷": "7", "۸": "8", "۹": "9", "ـ": "", "\u200c": " ", "\u200d": "",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are can could do does for from get give go have help how i im i'm is it me my "
    "need of on or please the there to want what when where who will with would you your "
    "about any get got can't cant dont don't".split()
)
FIELD_WEIGHTS = {"title": 3.0, "keywords": 3.0, "summary": 1.5, "details": 0.6}
MIN_SCORE = 1.2


def fold(text: str) -> str:
    """Lower-case, strip accents and Arabic marks, unify letter variants."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def stem(token: str) -> str:
    """A light stem: enough to join "grants"/"grant", "الإيجار"/"إيجار", "کتاب‌ها"/"کتاب"."""
    if token.isascii():
        for suffix in ("ies", "ing", "es", "ed", "s"):
            if len(token) > len(suffix) + 3 and token.endswith(suffix):
                return token[: -len(suffix)] + ("y" if suffix == "ies" else "")
        return token
    if token.startswith("ال") and len(token) > 4:
        token = token[2:]
    for suffix in ("های", "ها", "ات", "ان", "ون", "ین"):
        if len(token) > len(suffix) + 2 and token.endswith(suffix):
            return token[: -len(suffix)]
    return token


def tokens(text: str) -> list[str]:
    return [
        stem(word)
        for word in _WORD.findall(fold(text))
        if word not in STOPWORDS and (len(word) > 1 or not word.isascii())
    ]


def _deletes(token: str, depth: int) -> set[str]:
    found = {token}
    frontier = {token}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


@dataclass(frozen=True)
class Hit:
    item_id: str
    score: float


class SearchIndex:
    """An index over some items' texts; build once per council and language."""

    def __init__(self, documents: dict[str, dict[str, list[str]]]) -> None:
        # documents: item id -> field -> texts (English and translated)
        self._postings: dict[str, dict[str, float]] = defaultdict(dict)
        for item_id, fields in documents.items():
            for field_name, texts in fields.items():
                weight = FIELD_WEIGHTS.get(field_name, 1.0)
                for token in {t for text in texts for t in tokens(text)}:
                    current = self._postings[token].get(item_id, 0.0)
                    self._postings[token][item_id] = max(current, weight)
        count = max(1, len(documents))
        self._idf = {
            token: math.log(1 + (count - len(p) + 0.5) / (len(p) + 0.5))
            for token, p in self._postings.items()
        }
        self._near: dict[str, set[str]] = defaultdict(set)
        for token in self._postings:
            depth = 2 if len(token) >= 8 else 1 if len(token) >= 4 else 0
            for variant in _deletes(token, depth):
                self._near[variant].add(token)

    def _expand(self, token: str) -> Iterable[tuple[str, float]]:
        if token in self._postings:
            yield token, 1.0
            return
        depth = 2 if len(token) >= 8 else 1 if len(token) >= 4 else 0
        seen: set[str] = set()
        for variant in _deletes(token, depth):
            for candidate in self._near.get(variant, ()):
                if candidate not in seen and abs(len(candidate) - len(token)) <= depth:
                    seen.add(candidate)
                    yield candidate, 0.7
        if len(token) >= 4 and not seen:
            for candidate in self._postings:
                if candidate.startswith(token) and len(candidate) - len(token) <= 4:
                    yield candidate, 0.6

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        scores: dict[str, float] = defaultdict(float)
        for token in dict.fromkeys(tokens(query)):
            best: dict[str, float] = {}
            for candidate, factor in self._expand(token):
                idf = self._idf[candidate]
                for item_id, weight in self._postings[candidate].items():
                    value = idf * weight * factor
                    best[item_id] = max(best.get(item_id, 0.0), value)
            for item_id, value in best.items():
                scores[item_id] += value
        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
        return [Hit(item_id, score) for item_id, score in ranked[:limit] if score >= MIN_SCORE]


Translate = Callable[[str, str], str]  # (context, English) -> text in the reader's language


def item_texts(item: Item, translate: Translate | None = None) -> dict[str, list[str]]:
    """The searchable texts of an item: English, plus the reader's language if given."""
    english = {
        "title": [item.title],
        "keywords": list(item.keywords),
        "summary": [item.summary],
        "details": [item.details],
    }
    if translate is None:
        return english
    keywords = ", ".join(item.keywords)
    translated = {
        "title": translate(f"offer:{item.id}:title", item.title),
        "keywords": translate(f"offer:{item.id}:keywords", keywords) if keywords else "",
        "summary": translate(f"offer:{item.id}:summary", item.summary),
        "details": translate(f"offer:{item.id}:details", item.details),
    }
    return {
        key: english[key] + ([value] if value and value not in english[key] else [])
        for key, value in translated.items()
    }


def build_index(items: Iterable[Item], translate: Translate | None = None) -> SearchIndex:
    return SearchIndex({item.id: item_texts(item, translate) for item in items})
