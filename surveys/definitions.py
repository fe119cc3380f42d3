"""Survey definitions: TOML files under ``surveys/definitions/``, validated strictly.

Pure: no Telegram, no database. The loader names the file, the question and the reason when it
refuses something, like the offer loader. Survey text reaches the gettext catalogs through the
content extractor (``offers.extract``), with contexts such as
``survey:how-are-we-doing:listened:text``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
KINDS = ("scale", "choice", "multi", "yesno", "text")
# Survey ids, question ids and option keys travel in button data (64 bytes at most).
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
QID = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,11}$")
YES_NO = (("yes", "Yes"), ("no", "No"))
TRIGGERS = ("", "after-checkin")


class SurveyError(ValueError):
    """A definition file the loader refuses, with where and why."""


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class ShowIf:
    question: str
    values: frozenset[str]


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    options: tuple[Option, ...] = ()
    min: int = 0
    max: int = 10
    optional: bool = False
    max_length: int = 500
    show_if: ShowIf | None = None

    def allowed(self) -> tuple[str, ...]:
        """The answers a button may carry for this question."""
        if self.kind == "scale":
            return tuple(str(n) for n in range(self.min, self.max + 1))
        return tuple(option.key for option in self.options)

    def label(self, key: str) -> str:
        for option in self.options:
            if option.key == key:
                return option.label
        return key


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    council: str
    title: str
    intro: str
    anonymous: bool
    closing: str
    minutes: int
    questions: tuple[Question, ...]
    trigger: str = ""
    repeat_days: int = 0
    last_reviewed: date | None = None
    sources: tuple[Mapping[str, str], ...] = field(default_factory=tuple)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def index(self, question_id: str) -> int:
        return next(n for n, q in enumerate(self.questions) if q.id == question_id)

    def for_council(self, council_id: str) -> bool:
        return not self.council or self.council == council_id


def shown(question: Question, answers: Mapping[str, Sequence[str]]) -> bool:
    """Whether ``question`` is asked, given the answers so far (skip logic)."""
    if question.show_if is None:
        return True
    given = answers.get(question.show_if.question, ())
    return any(value in question.show_if.values for value in given)


def next_question(
    survey: Survey, answers: Mapping[str, Sequence[str]], after: str | None
) -> Question | None:
    """The first question after ``after`` (``None``: from the start) that is shown."""
    start = 0 if after is None else survey.index(after) + 1
    for question in survey.questions[start:]:
        if shown(question, answers):
            return question
    return None


def previous_question(
    survey: Survey, answers: Mapping[str, Sequence[str]], before: str
) -> Question | None:
    """The shown question before ``before``, for the Back button."""
    for question in reversed(survey.questions[: survey.index(before)]):
        if shown(question, answers):
            return question
    return None


def position(
    survey: Survey, answers: Mapping[str, Sequence[str]], current: str
) -> tuple[int, int]:
    """("Question n of m"), counting only questions shown with the answers so far."""
    visible = [q.id for q in survey.questions if shown(q, answers) or q.id == current]
    return visible.index(current) + 1, len(visible)


# --- loading ---------------------------------------------------------------------------------
def _fail(path: Path, where: str, reason: str) -> SurveyError:
    return SurveyError(f"{path.name}: {where}: {reason}")


def _text(data: Mapping[str, Any], key: str, path: Path, where: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"'{key}' must be some text")
    if len(value) > limit:
        raise _fail(path, where, f"'{key}' is longer than {limit} characters")
    return value.strip()


def _question(raw: Any, path: Path, seen: dict[str, Question]) -> Question:
    if not isinstance(raw, dict):
        raise _fail(path, "questions", "each question must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not QID.match(qid):
        raise _fail(path, f"question {qid!r}", "needs an id of up to 20 a-z, 0-9 and '-'")
    where = f"question '{qid}'"
    if qid in seen:
        raise _fail(path, where, "the id is used twice")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(path, where, f"kind must be one of {', '.join(KINDS)}")
    text = _text(raw, "text", path, where, 300)
    options: tuple[Option, ...] = ()
    if kind in ("choice", "multi"):
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or not 2 <= len(raw_options) <= 8:
            raise _fail(path, where, "needs between 2 and 8 options")
        keys = [o.get("key") if isinstance(o, dict) else None for o in raw_options]
        if any(not isinstance(k, str) or not KEY.match(k) for k in keys) or len(set(keys)) != len(
            keys
        ):
            raise _fail(path, where, "each option needs a unique key of up to 12 a-z, 0-9, '-'")
        options = tuple(
            Option(str(o["key"]), _text(o, "label", path, where, 40)) for o in raw_options
        )
    elif kind == "yesno":
        options = tuple(Option(key, label) for key, label in YES_NO)
    low, high = raw.get("min", 0), raw.get("max", 10)
    if kind == "scale" and not (
        isinstance(low, int) and isinstance(high, int) and 0 <= low < high <= 10
    ):
        raise _fail(path, where, "a scale needs whole numbers 0 <= min < max <= 10")
    max_length = raw.get("max_length", 500)
    if not isinstance(max_length, int) or not 10 <= max_length <= 2000:
        raise _fail(path, where, "max_length must be between 10 and 2000")
    show_if = None
    if "show_if" in raw:
        rule = raw["show_if"]
        target = seen.get(rule.get("question", "")) if isinstance(rule, dict) else None
        if target is None:
            raise _fail(path, where, "show_if must name an earlier question")
        values = rule.get("values")
        if (
            not isinstance(values, list)
            or not values
            or any(v not in target.allowed() for v in values)
        ):
            raise _fail(path, where, f"show_if values must be answers of '{target.id}'")
        show_if = ShowIf(target.id, frozenset(values))
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise _fail(path, where, "optional must be true or false")
    return Question(
        qid, str(kind), text, options, int(low), int(high), optional, max_length, show_if
    )


def load_survey(path: Path) -> Survey:
    return parse_survey(path.read_text(encoding="utf-8"), path)


def parse_survey(raw: str, path: Path) -> Survey:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise SurveyError(f"{path.name}: not valid TOML: {error}") from None
    sid = data.get("id")
    if not isinstance(sid, str) or not ID.match(sid) or sid != path.stem:
        raise _fail(path, "id", "must be the file name without .toml")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise _fail(path, "version", "must be a whole number from 1")
    anonymous = data.get("anonymous")
    if not isinstance(anonymous, bool):
        raise _fail(path, "anonymous", "must be true or false")
    trigger = data.get("trigger", "")
    if trigger not in TRIGGERS:
        raise _fail(path, "trigger", f"must be one of {TRIGGERS}")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not 1 <= len(raw_questions) <= 20:
        raise _fail(path, "questions", "a survey needs between 1 and 20 questions")
    seen: dict[str, Question] = {}
    for raw in raw_questions:
        question = _question(raw, path, seen)
        seen[question.id] = question
    minutes = data.get("minutes", 2)
    repeat = data.get("repeat_days", 0)
    if not isinstance(minutes, int) or not isinstance(repeat, int) or minutes < 1 or repeat < 0:
        raise _fail(path, "minutes", "minutes and repeat_days must be whole numbers")
    council = data.get("council", "")
    if not isinstance(council, str):
        raise _fail(path, "council", "must be a council id or empty")
    return Survey(
        id=sid,
        version=version,
        council=council,
        title=_text(data, "title", path, "title", 60),
        intro=_text(data, "intro", path, "intro", 300),
        anonymous=anonymous,
        closing=_text(data, "closing", path, "closing", 300),
        minutes=minutes,
        questions=tuple(seen.values()),
        trigger=str(trigger),
        repeat_days=repeat,
        last_reviewed=data.get("last_reviewed"),
        sources=tuple(data.get("sources", ())),
    )


def load_surveys(folder: Path = DEFINITIONS_DIR) -> dict[str, Survey]:
    """Every survey in ``folder``; the first refusal stops loading with its reason."""
    return {s.id: s for s in (load_survey(p) for p in sorted(folder.glob("*.toml")))}


def texts(survey: Survey) -> list[tuple[str, str]]:
    """(context, English) for every translatable text of ``survey``, for the catalogs."""
    base = f"survey:{survey.id}"
    found = [(f"{base}:title", survey.title), (f"{base}:intro", survey.intro),
             (f"{base}:closing", survey.closing)]  # fmt: skip
    for q in survey.questions:
        found.append((f"{base}:{q.id}:text", q.text))
        if q.kind in ("choice", "multi"):
            found += [(f"{base}:{q.id}:{o.key}", o.label) for o in q.options]
    return found


def extract_survey(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor (``babel.cfg``): every survey text, with a context naming its place."""
    raw = fileobj.read().decode("utf-8")
    survey = parse_survey(raw, Path(getattr(fileobj, "name", "survey.toml")))
    for context, english in texts(survey):
        part = context.split(":")[2]
        line = raw.count("\n", 0, max(0, raw.find(part))) + 1
        yield line, "pgettext", (context, english), [f"Survey “{survey.title}”."]
