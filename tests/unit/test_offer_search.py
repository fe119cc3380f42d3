"""Search forgives what people type: case, plurals, typos, Arabic and Persian letter forms."""

from __future__ import annotations

from datetime import date

import pytest

from offers.search import SearchIndex, fold, stem, tokens

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(
        {
            "rent": {
                "title": ["Help with rent"],
                "keywords": ["rent", "housing costs", "اجاره"],
                "summary": ["Money towards your rent."],
            },
            "uni": {
                "title": ["Money for university"],
                "keywords": ["university", "bursary"],
                "summary": ["A bursary for your degree."],
            },
            "bike": {
                "title": ["A bicycle"],
                "keywords": ["bike", "cycle", "دراجة"],
                "summary": ["Get around town."],
            },
            "tax": {
                "title": ["No council tax"],
                "keywords": ["council tax", "bills"],
                "summary": ["You don't pay council tax."],
            },
        }
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rent", "rent"),
        ("RENT??", "rent"),
        ("help with my rents", "rent"),
        ("univercity", "uni"),  # one wrong letter
        ("bursarys", "uni"),
        ("bicycles", "bike"),
        ("counsil tax", "tax"),
        ("الدراجة", "bike"),  # Arabic article
        ("دراجه", "bike"),  # ة typed as ه
        ("اجاره", "rent"),
        ("اجارە", "rent"),  # Kurdish letter form of ه
    ],
)
def test_finds(index: SearchIndex, query: str, expected: str) -> None:
    hits = index.search(query)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].item_id == expected


@pytest.mark.parametrize("query", ["", "   ", "??!!", "the and of", "zzzzqqq", "x" * 5000])
def test_nothing_relevant_returns_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_at_most_three(index: SearchIndex) -> None:
    assert len(index.search("rent university bike tax")) == 3


def test_folding_and_stemming() -> None:
    assert fold("Café") == "cafe"
    assert fold("مُسَاعَدَة") == "مساعده"
    assert fold("كتاب") == fold("کتاب")
    assert stem("grants") == "grant"
    assert stem("universities") == "university"
    assert tokens("the money for my flat") == ["money", "flat"]


def test_the_labelled_questions_are_well_formed_and_name_real_items() -> None:
    """tests/data/search/questions.tsv drives `python -m bench.search`."""
    from bench.search import QUESTIONS, read_questions
    from offers.catalogue import load_all

    questions = read_questions(QUESTIONS)
    catalogue = load_all()
    assert len(questions) >= 80
    assert {"en", "ar", "fa", "ps", "ti"} <= {q.lang for q in questions}
    for question in questions:
        visible = {item.id for item in catalogue.visible(question.council, TODAY)}
        assert question.expected <= visible, (question.council, sorted(question.expected))
        assert question.text.strip() and "\t" not in question.text
