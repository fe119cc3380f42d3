"""The example check: the second net behind the lexicons.

It learns from the shipped example messages only (never the held-out evaluation set), stays
silent on short messages and numbers, names a category, is calibrated as documented, and
refuses a bad example file with its name and line.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.safeguarding import CATEGORIES, Lexicon, load_lexicon
from bot.safeguarding.examples import (
    THRESHOLD,
    Example,
    ExampleCheck,
    ExamplesError,
    calibrate,
    features,
    read_examples,
)

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "data" / "safeguarding" / "heldout.tsv"
EVERYDAY = ROOT / "tests" / "data" / "safeguarding" / "everyday.tsv"
LEXICONS = ROOT / "bot" / "safeguarding" / "lexicon"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(("path", "size"), [(HELDOUT, 200), (EVERYDAY, 100)])
def test_the_measurement_sets_are_not_among_the_examples(path: Path, size: int) -> None:
    with path.open(encoding="utf-8") as handle:
        held = {row[2] for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    learned = {example.text for example in read_examples()}
    assert len(held) > size and len(learned) > 3000
    assert held & learned == set()


def test_the_threshold_is_the_calibrated_one() -> None:
    """If the examples change, recalibrate: `calibrate(read_examples())`, rounded."""
    assert calibrate(read_examples()) == pytest.approx(THRESHOLD, abs=0.05)


@pytest.mark.parametrize(
    ("lang", "text", "category"),
    [
        ("en", "i dont see the point of anything any more", "suicide_self_harm"),
        ("en", "he said if i tell anyone he will find me", "unsafe_hurt"),
        ("ar", "ما في شي بيستاهل اني ضل عايش عشانه", "suicide_self_harm"),
    ],
)
def test_a_crisis_no_phrase_names_is_still_caught(
    lexicon: Lexicon, lang: str, text: str, category: str
) -> None:
    assert lexicon.match_phrases(text, lang) is None
    found = lexicon.match(text, lang)
    assert found is not None
    assert found.learned and found.approximate
    assert found.categories == (category,)
    assert found.phrase_ids == (f"examples/{category}",)


def test_a_phrase_match_is_not_marked_learned(lexicon: Lexicon) -> None:
    found = lexicon.match("i want to kill myself", "en")
    assert found is not None and not found.learned


@pytest.mark.parametrize(
    "text",
    [
        "can we meet on tuesday at the library",
        "i want to have my say about the leaving care service",
        "how do i apply for a provisional driving licence",
        "hello 3",
        "hello 20",
        "help",
    ],
)
def test_everyday_messages_and_short_ones_raise_nothing(lexicon: Lexicon, text: str) -> None:
    assert lexicon.match(text, "en") is None


def test_short_messages_and_numbers_are_not_judged() -> None:
    assert features("hello 3") == frozenset()
    assert features("i 20 3 5") == frozenset()
    assert "w:point" in features("no point any more")


def test_a_check_learned_from_a_few_examples_names_their_category() -> None:
    examples = [
        Example("en", "homeless_tonight", "they locked me out and i sleep on the street"),
        Example("en", "no_food_money", "no money for food since monday at all"),
        Example("en", "none", "see you on the street corner at five"),
        Example("en", "none", "what is for tea on monday"),
    ]
    check = ExampleCheck(examples, threshold=0.0)
    assert check.check("locked me out again so i sleep outside") == "homeless_tonight"
    assert check.check("what is for tea tonight") is None
    assert set(check._categories) <= set(CATEGORIES)


def test_a_bad_example_file_is_refused_with_its_name_and_line(tmp_path: Path) -> None:
    (tmp_path / "mine.tsv").write_text(
        "lang\tlabel\ttext\nen\tnone\tfine thanks\nen\tscary\tsomething\n", encoding="utf-8"
    )
    with pytest.raises(ExamplesError, match=r"mine\.tsv:3: unknown label 'scary'"):
        read_examples(tmp_path)
    (tmp_path / "mine.tsv").write_text("xx\tnone\thello there friend\n", encoding="utf-8")
    with pytest.raises(ExamplesError, match=r"mine\.tsv:1: unknown language 'xx'"):
        read_examples(tmp_path)
    (tmp_path / "mine.tsv").write_text("en\tnone\n", encoding="utf-8")
    with pytest.raises(ExamplesError, match=r"mine\.tsv:1: needs three"):
        read_examples(tmp_path)


def test_a_lexicon_folder_of_ones_own_goes_without_the_examples_unless_asked() -> None:
    own = load_lexicon(LEXICONS)
    assert own.examples is None
    assert own.match("i dont see the point of anything any more", "en") is None
    both = load_lexicon(LEXICONS, examples=True)
    assert both.examples is not None
    assert load_lexicon(examples=False).examples is None
