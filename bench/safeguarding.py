"""Benchmark of the safeguarding crisis-word matcher on the labelled evaluation set.

Run `python -m bench.safeguarding` from the repository root. It loads the lexicons and the
example check and reads the development sets (`bot/safeguarding/examples/dev*.tsv`, which the
lexicons were tuned on and the example check learns from), the held-out set
(`tests/data/safeguarding/heldout.tsv`, used for neither) and a set of everyday messages
never learned from (`everyday.tsv`, beside it); a missing file is reported and skipped. Per
file and per language it prints what the bot does with a message: crisis messages, recall (a
crisis counts as caught when any category matched), exact-category accuracy (the most urgent
category found equals the label), ordinary messages, false-alarm rate, and mean and p99
microseconds per message. Under each table, one line splits the totals between the two nets:
the lexicons alone, and the example check alone.
It prints figures only, never message text, and always exits 0: it measures, it does not gate.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.safeguarding import CATEGORIES, LANGUAGES, Lexicon, load_lexicon
from bot.safeguarding.examples import default_folder

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("tests/data/safeguarding")
EXAMPLES = Path(str(default_folder()))
FILES = ("dev.tsv", "dev2.tsv", "dev3.tsv", "dev4.tsv", "dev5.tsv", "heldout.tsv", "everyday.tsv")
TUNING = ("dev.tsv", "dev2.tsv", "dev3.tsv", "dev4.tsv", "dev5.tsv")
NONE = "none"


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled message: language tag, label (a category or "none") and text."""

    lang: str
    label: str
    text: str


@dataclass(slots=True)
class Tally:
    """Counts and timings for one language (or the total) in one file."""

    crisis: int = 0
    caught: int = 0
    exact: int = 0
    ordinary: int = 0
    alarms: int = 0
    micros: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        self.crisis += other.crisis
        self.caught += other.caught
        self.exact += other.exact
        self.ordinary += other.ordinary
        self.alarms += other.alarms
        self.micros.extend(other.micros)


def read_rows(path: Path) -> tuple[list[Row], int]:
    """The usable rows of a `lang<TAB>label<TAB>text` file, and how many lines were unusable."""
    rows, bad = [], 0
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, fields in enumerate(reader):
            if n == 0 and fields[:2] == ["lang", "label"]:
                continue
            if len(fields) != 3 or fields[1] not in (*CATEGORIES, NONE):
                bad += 1
                continue
            rows.append(Row(*fields))
    return rows, bad


def measure(lexicon: Lexicon, rows: Sequence[Row], repeat: int) -> dict[str, Tally]:
    """Run every row through the matcher `repeat` times; tally by language."""
    tallies: dict[str, Tally] = {}
    for row in rows:
        tally = tallies.setdefault(row.lang, Tally())
        found = None
        for _ in range(repeat):
            start = time.perf_counter_ns()
            found = lexicon.match(row.text, row.lang)
            tally.micros.append((time.perf_counter_ns() - start) / 1000)
        if row.label == NONE:
            tally.ordinary += 1
            tally.alarms += found is not None
        else:
            tally.crisis += 1
            tally.caught += found is not None
            tally.exact += found is not None and found.category == row.label
    return tallies


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.1f}%" if whole else "     -"


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)] if ordered else 0.0


HEADER = (
    f"{'lang':<6} {'crisis':>6} {'caught':>6} {'recall':>7} {'category':>8} "
    f"{'none':>5} {'alarms':>6} {'false-alarm':>11} {'mean µs':>8} {'p99 µs':>7}"
)


def format_line(name: str, tally: Tally) -> str:
    """One table line for a language or the total."""
    mean = statistics.fmean(tally.micros) if tally.micros else 0.0
    return (
        f"{name:<6} {tally.crisis:>6} {tally.caught:>6} {_percent(tally.caught, tally.crisis):>7} "
        f"{_percent(tally.exact, tally.crisis):>8} {tally.ordinary:>5} {tally.alarms:>6} "
        f"{_percent(tally.alarms, tally.ordinary):>11} {mean:>8.1f} {_p99(tally.micros):>7.1f}"
    )


def report(name: str, tallies: dict[str, Tally]) -> list[str]:
    """The table for one file: a line per language, then the total."""
    total = Tally()
    ordered = [lang for lang in LANGUAGES if lang in tallies]
    ordered += sorted(set(tallies) - set(LANGUAGES))
    lines = [name, HEADER]
    for lang in ordered:
        lines.append(format_line(lang, tallies[lang]))
        total.add(tallies[lang])
    lines.append(format_line("all", total))
    return lines


def describe(lexicon: Lexicon, seconds: float) -> str:
    """One line about the lexicons themselves: languages, phrases, review state, load time."""
    sources = lexicon.sources
    reviewed = sum(source.reviewed for source in sources)
    phrases = sum(source.phrases for source in sources)
    return (
        f"lexicons: {len(sources)} languages, {phrases} crisis phrases, "
        f"{reviewed} of {len(sources)} reviewed; loaded and compiled in {seconds:.2f} s"
    )


def split(lexicon: Lexicon, rows: Sequence[Row]) -> str:
    """One line: crises caught and false alarms by the lexicons alone and the examples alone."""
    phrases = [lexicon.match_phrases(row.text, row.lang) is not None for row in rows]
    learned = [
        lexicon.examples is not None and lexicon.examples.check(row.text) is not None
        for row in rows
    ]
    crisis = [row.label != NONE for row in rows]
    parts = []
    for name, hits in (("lexicons alone", phrases), ("example check alone", learned)):
        caught = sum(h and c for h, c in zip(hits, crisis, strict=True))
        alarms = sum(h and not c for h, c in zip(hits, crisis, strict=True))
        parts.append(
            f"{name}: recall {_percent(caught, sum(crisis)).strip()}, "
            f"false alarms {_percent(alarms, len(rows) - sum(crisis)).strip()}"
        )
    return "; ".join(parts)


def misses(lexicon: Lexicon, rows: Sequence[Row]) -> list[str]:
    """Missed crises and false alarms of the lexicons on a *tuning* file, for their editors."""
    found: list[str] = []
    for row in rows:
        matched = lexicon.match_phrases(row.text, row.lang)
        if row.label != NONE and matched is None:
            found.append(f"missed\t{row.lang}\t{row.label}\t{row.text}")
        elif row.label == NONE and matched is not None:
            found.append(f"alarm\t{row.lang}\t{matched.category}\t{row.text}")
    return found


def locate(data: Path, name: str) -> Path:
    """A development set lives with the examples; the held-out set under `data`."""
    return data / name if (data / name).is_file() or name not in TUNING else EXAMPLES / name


def run(data: Path, repeat: int, files: Sequence[str] = FILES, show: bool = False) -> list[str]:
    """Everything the benchmark prints, as lines."""
    start = time.perf_counter()
    lexicon = load_lexicon()
    lexicon.warm()  # every language compiled before anything is timed
    lines = [describe(lexicon, time.perf_counter() - start), f"timing: {repeat} runs a message"]
    for name in files:
        path = locate(data, name)
        lines.append("")
        if not path.is_file():
            lines.append(f"{name}: not found at {path}; skipped")
            continue
        rows, bad = read_rows(path)
        lines.extend(report(f"{name} ({len(rows)} messages)", measure(lexicon, rows, repeat)))
        lines.append(split(lexicon, rows))
        if show and name in TUNING:
            lines.extend(misses(lexicon, rows))
        if bad:
            lines.append(f"({bad} unusable lines ignored)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures; return 0 whatever happens, because this is not a gate."""
    parser = argparse.ArgumentParser(prog="python -m bench.safeguarding", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=ROOT / DATA, help="folder of the held-out .tsv file"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each message")
    parser.add_argument("--files", nargs="+", default=list(FILES), help="which .tsv files")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list missed crises and false alarms (tuning files only; never the held-out set)",
    )
    args = parser.parse_args(argv)
    try:
        print("\n".join(run(args.data, max(1, args.repeat), args.files, args.misses)))
    except Exception as exc:  # a benchmark reports a failure, it does not gate on it
        print(f"benchmark failed: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
