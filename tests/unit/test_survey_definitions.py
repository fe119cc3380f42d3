"""Survey definitions: clear refusals, skip logic, results with small numbers hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveys import results
from surveys.definitions import (
    SurveyError,
    load_survey,
    load_surveys,
    next_question,
    parse_survey,
    position,
    previous_question,
)

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "surveys" / "test-kinds.toml"
GOOD = FIXTURE.read_text(encoding="utf-8")


def test_the_bundled_surveys_load() -> None:
    surveys = load_surveys()
    assert set(surveys) == {"how-are-we-doing", "after-checkin"}
    assert surveys["how-are-we-doing"].anonymous is True
    assert surveys["after-checkin"].anonymous is False
    assert surveys["after-checkin"].repeat_days == 30
    kinds = {q.kind for q in surveys["how-are-we-doing"].questions}
    assert kinds == {"scale", "choice", "multi", "text"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kind = "yesno"', 'kind = "slider"'), "question 'pet': kind must be one of"),
        (('id = "pet-name"', 'id = "pet"'), "question 'pet': the id is used twice"),
        (('question = "pet"', 'question = "foods"'), "show_if must name an earlier question"),
        (('values = ["yes"]', 'values = ["maybe"]'), "show_if values must be answers of 'pet'"),
        (("max = 5", "max = 11"), "a scale needs whole numbers"),
        (("max_length = 20", "max_length = 5"), "max_length must be between"),
        (('title = "Every kind of question"', 'title = ""'), "title: 'title' must be some text"),
        (('id = "test-kinds"', 'id = "other"'), "id: must be the file name"),
        (("anonymous = false", 'anonymous = "no"'), "anonymous: must be true or false"),
    ],
)
def test_the_loader_names_the_file_the_question_and_the_reason(
    change: tuple[str, str], message: str
) -> None:
    broken = GOOD.replace(*change, 1)
    assert broken != GOOD
    with pytest.raises(SurveyError) as caught:
        parse_survey(broken, FIXTURE)
    assert str(caught.value).startswith("test-kinds.toml: ")
    assert message in str(caught.value)


def test_broken_toml_is_refused_with_the_file_name() -> None:
    with pytest.raises(SurveyError, match=r"test-kinds\.toml: not valid TOML"):
        parse_survey("id = ", FIXTURE)


def test_skip_logic_shows_a_question_only_after_the_answer_it_needs() -> None:
    survey = load_survey(FIXTURE)
    assert next_question(survey, {"pet": ["no"]}, "pet").id == "colour"  # type: ignore[union-attr]
    assert next_question(survey, {"pet": ["yes"]}, "pet").id == "pet-name"  # type: ignore[union-attr]
    assert next_question(survey, {}, "foods") is None
    assert previous_question(survey, {"pet": ["no"]}, "colour").id == "pet"  # type: ignore[union-attr]
    assert position(survey, {"pet": ["no"]}, "colour") == (3, 4)
    assert position(survey, {"pet": ["yes"]}, "colour") == (4, 5)


def test_results_hide_small_counts_and_never_show_free_text() -> None:
    survey = load_survey(FIXTURE)
    answers = [results.Answered({"scale": ["5"], "pet": ["yes"], "pet-name": ["(text)"]}, "en")]
    answers += [results.Answered({"scale": ["4"], "pet": ["no"]}, "ar") for _ in range(6)]
    found = results.build(survey, answers, invited=10)
    table = results.as_table(found, survey)
    rows = results.rows(found, survey)
    assert ["pet", "Yes", "<5", "—"] in rows
    assert ["pet", "No", "6", "86%"] in rows
    assert ["(language)", "en", "<5", "—"] in rows
    assert ["(responses)", "response rate", "", "70%"] in rows
    assert ["pet-name", "(answered)", "<5", ""] in rows
    assert "(text)" not in table
    assert results.as_csv(found, survey).startswith("\ufeff".encode())
