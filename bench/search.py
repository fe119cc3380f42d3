"""How well "ask in your own words" finds the right offer item, and how fast.

Reads the labelled questions in ``tests/data/search/questions.tsv`` (language, council, the
item ids that answer it, the question as a young person might type it), asks the real offer
desk (real content packs, real catalogs) each question in its language, and prints per
language: questions, top-1 and top-3 hit rates (a hit is any of the expected items), and the
mean and p99 time per query. Then it times queries against a synthetic index of 500 items
(the real items repeated with changed ids) to show the cost at that size.

Run: ``python -m bench.search [--file PATH] [--items 500]``. Figures only; always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from bot.i18n import content_translator
from offers.catalogue import load_all
from offers.desk import OfferDesk
from offers.search import build_index

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "search" / "questions.tsv"
TODAY = date(2026, 11, 24)


@dataclass(frozen=True)
class Question:
    lang: str
    council: str
    expected: frozenset[str]
    text: str


@dataclass
class Tally:
    asked: int = 0
    top1: int = 0
    top3: int = 0
    micros: list[float] = field(default_factory=list)


def read_questions(path: Path) -> list[Question]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Question(row["lang"], row["council"], frozenset(row["expected"].split(",")),
                     row["question"])
            for row in rows
        ]  # fmt: skip


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]


def run(path: Path, synthetic_items: int) -> None:
    catalogue = load_all()
    desk = OfferDesk(catalogue, content_translator)
    questions = read_questions(path)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    for question in questions:
        desk.index(question.council, question.lang, TODAY)  # built once, not timed
        start = time.perf_counter()
        found = [item.id for item in desk.search(question.council, question.lang,
                                                 question.text, TODAY)]  # fmt: skip
        micros = (time.perf_counter() - start) * 1e6
        for key in (question.lang, "all"):
            tally = tallies[key]
            tally.asked += 1
            tally.top1 += bool(found[:1] and found[0] in question.expected)
            tally.top3 += bool(question.expected & set(found[:3]))
            tally.micros.append(micros)
        if not question.expected & set(found[:3]):
            wanted = ",".join(sorted(question.expected))
            got = ",".join(found) or "-"
            misses.append(f"{question.lang}/{question.council}: wanted {wanted}, got {got}")
    print(f"{len(questions)} questions from {path.name}; content as on {TODAY.isoformat()}")
    print(f"{'lang':<7}{'asked':>6}{'top-1':>8}{'top-3':>8}{'mean ms':>9}{'p99 ms':>8}")
    order = [*sorted(k for k in tallies if k != "all"), "all"]
    for key in order:
        t = tallies[key]
        top1, top3 = 100 * t.top1 / t.asked, 100 * t.top3 / t.asked
        mean, slow = statistics.fmean(t.micros) / 1000, p99(t.micros) / 1000
        print(f"{key:<7}{t.asked:>6}{top1:>7.1f}%{top3:>7.1f}%{mean:>9.3f}{slow:>8.3f}")
    if misses:
        print(f"\nmissed in the top 3 ({len(misses)}), by item id only:")
        for miss in misses:
            print(f"  {miss}")

    # The same queries against an index of ``synthetic_items`` items.
    base = list(catalogue.items.values())
    copies = [replace(base[n % len(base)], id=f"x{n}-{base[n % len(base)].id}"[:40])
              for n in range(synthetic_items)]  # fmt: skip
    start = time.perf_counter()
    index = build_index(copies)
    built = time.perf_counter() - start
    english = [q.text for q in questions]
    times = []
    for text in english:
        start = time.perf_counter()
        index.search(text)
        times.append((time.perf_counter() - start) * 1e6)
    print(
        f"\n{synthetic_items}-item index (English texts): built in {built * 1000:.0f} ms; "
        f"query mean {statistics.fmean(times) / 1000:.3f} ms, p99 {p99(times) / 1000:.3f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=QUESTIONS)
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args()
    run(args.file, args.items)
