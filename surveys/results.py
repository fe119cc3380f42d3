"""Survey results: counts, percentages, scales, bands and response rate — never free text.

Pure: takes completed responses as plain data. Counts under 5 are shown as "<5" (and the
percentages that would give them away are hidden), so a small group cannot be picked out.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from surveys.definitions import Survey

SMALL = 5
# 0–10 scales are also reported in the councils' own bands (seed 001, line 44).
BANDS = (("0-5", 0, 5), ("6-9", 6, 9), ("10", 10, 10))


@dataclass(frozen=True)
class Answered:
    """One completed response: answers by question id, and the language it was given in."""

    answers: Mapping[str, Sequence[str]]
    lang: str


@dataclass
class QuestionResult:
    question: str
    text: str
    kind: str
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    bands: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Results:
    survey: str
    invited: int
    completed: int
    by_language: list[tuple[str, int]]
    questions: list[QuestionResult]


def shown(count: int) -> str:
    return "<5" if 0 < count < SMALL else str(count)


def percent(count: int, base: int) -> str:
    """A whole-number percentage; hidden when the count or the base is small."""
    if base == 0:
        return "—"
    if 0 < count < SMALL or base < SMALL:
        return "—"
    # Half up, as people round: 67.5% is 68%.
    return f"{(200 * count + base) // (2 * base)}%"


def build(survey: Survey, responses: Sequence[Answered], invited: int) -> Results:
    languages = Counter(r.lang for r in responses)
    questions: list[QuestionResult] = []
    for question in survey.questions:
        result = QuestionResult(question.id, question.text, question.kind)
        given = [r.answers[question.id] for r in responses if r.answers.get(question.id)]
        result.answered = len(given)
        if question.kind == "text":
            questions.append(result)  # how many answered; never what they wrote
            continue
        tally = Counter(value for values in given for value in values)
        result.counts = [(key, tally.get(key, 0)) for key in question.allowed()]
        if question.kind == "scale":
            numbers = [int(values[0]) for values in given]
            if numbers:
                result.mean = statistics.fmean(numbers)
                result.median = float(statistics.median(numbers))
            if (question.min, question.max) == (0, 10):
                result.bands = [
                    (name, sum(1 for n in numbers if low <= n <= high))
                    for name, low, high in BANDS
                ]
        questions.append(result)
    return Results(
        survey=survey.id,
        invited=invited,
        completed=len(responses),
        by_language=sorted(languages.items()),
        questions=questions,
    )


def rows(results: Results, survey: Survey) -> list[list[str]]:
    """The report as rows: question, answer, count, percent of those who answered."""
    out = [["question", "answer", "count", "percent"]]
    rate = percent(results.completed, results.invited) if results.invited else "—"
    out.append(["(responses)", "completed", shown(results.completed), ""])
    out.append(["(responses)", "invited", shown(results.invited), ""])
    out.append(["(responses)", "response rate", "", rate])
    for lang, count in results.by_language:
        out.append(["(language)", lang, shown(count), percent(count, results.completed)])
    for q in results.questions:
        question = survey.question(q.question)
        assert question is not None
        out.append([q.question, "(answered)", shown(q.answered), ""])
        for key, count in q.counts:
            label = key if q.kind == "scale" else question.label(key)
            out.append([q.question, label, shown(count), percent(count, q.answered)])
        for name, count in q.bands:
            out.append([q.question, f"band {name}", shown(count), percent(count, q.answered)])
        if q.mean is not None and q.answered >= SMALL:
            out.append([q.question, "mean", f"{q.mean:.1f}", ""])
            out.append([q.question, "median", f"{q.median:g}", ""])
    return out


def as_table(results: Results, survey: Survey) -> str:
    table = rows(results, survey)
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = [f"{survey.title} ({survey.id}, version {survey.version})"]
    lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in table]
    return "\n".join(lines)


def as_csv(results: Results, survey: Survey) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows(results, survey))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
