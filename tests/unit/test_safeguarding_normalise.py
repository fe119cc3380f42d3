"""Unit tests for the spelling rules the safeguarding matcher relies on.

Each rule in `bot.safeguarding.normalise` is checked on its own: Unicode and case folding,
Arabic-script marks and letter variants, digits, invisible characters, repeated letters,
script-aware tokens and Ethiopic separators, accent folding, and the typing-slip model.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.safeguarding.normalise import (
    fold_latin,
    has_latin_accents,
    normalise,
    one_slip,
    sentences,
    squeeze,
    tokens,
)


def test_nfkc_and_casefold() -> None:
    assert normalise("ＫＩＬＬ Myself") == "kill myself"
    assert normalise("ﻻ") == "لا"  # Arabic presentation form lam-alef


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("أَمُوتُ", "اموت"),  # harakat
        ("كِتَاباً", "کتابا"),  # tanwin
        ("شدّة", "شده"),  # shadda
        ("مِنْ", "من"),  # sukun
        ("هٰذا", "هذا"),  # superscript alef
        ("مـــوت", "موت"),  # tatweel
    ],
)
def test_arabic_marks_and_tatweel_are_removed(marked: str, plain: str) -> None:
    assert normalise(marked) == plain


@pytest.mark.parametrize(
    "variants",
    [
        ("علي", "علی", "على"),  # yeh, Persian yeh, alef maksura
        ("ئ", "ی"),  # hamza seat folds to the yeh form
        ("ې", "ۍ", "ی"),  # Pashto yeh letters
        ("ك", "ک"),  # kaf
        ("مدرسة", "مدرسه", "مدرسۀ"),  # teh marbuta, heh, heh with yeh
        ("أ", "إ", "آ", "ٱ", "ا"),  # alef forms
        ("ؤ", "و"),  # waw with hamza
        ("ە", "ه"),  # Sorani ae typed as heh
        ("ګ", "گ"),  # Pashto gaf
        ("ړ", "ر"),  # Pashto retroflex reh
        ("ښ", "ش"),  # Pashto x̌in
    ],
)
def test_letter_variants_fold_to_one_form(variants: tuple[str, ...]) -> None:
    assert len({normalise(v) for v in variants}) == 1


def test_persian_and_arabic_indic_digits_become_ascii() -> None:
    assert normalise("۱۲۳ ٤٥٦") == "123 456"


def test_zero_width_characters_join_and_vanish() -> None:
    assert normalise("می\u200cخوام") == normalise("میخوام") == "میخوام"
    assert normalise("ki\u200bll \u200dme\u200f") == "kill me"


def test_repeated_letters_are_cut_but_digits_kept() -> None:
    assert normalise("plzzzz") == "plz"
    assert normalise("nooooo") == "no"
    assert normalise("موووت") == "موت"
    assert normalise("in 2000") == "in 2000"


def test_whitespace_punctuation_and_apostrophes() -> None:
    assert normalise("  hi!!!   there??  ") == "hi! there?"
    assert normalise("don't can’t") == "dont cant"


def test_an_ellipsis_is_a_pause_not_a_sentence_end() -> None:
    assert sentences("i just... want to die") == [["i", "just", "want", "to", "die"]]
    assert sentences("no. food") == [["no"], ["food"]]


def test_ethiopic_word_space_and_full_stop() -> None:
    assert sentences("ራሴን፡ማጥፋት። ሰላም") == [["ራሴን", "ማጥፋት"], ["ሰላም"]]


def test_ethiopic_homophones_fold() -> None:
    assert normalise("ሕይወት") == normalise("ህይወት")
    assert normalise("ዓመጽ") == normalise("ኣመጽ")


def test_tokens_split_at_a_change_of_script_and_keep_arabizi_digits() -> None:
    assert tokens("helloسلام 2moot") == ["hello", "سلام", "2moot"]
    assert tokens("😭😭 help") == ["help"]


def test_squeeze_cuts_doubled_latin_letters_only() -> None:
    assert squeeze("killll") == squeeze("kill") == "kil"
    assert squeeze("هدد") == "هدد"


def test_latin_accents_fold_for_lookup() -> None:
    assert fold_latin("chết") == "chet"
    assert fold_latin("vetëvrasje") == "vetevrasje"
    assert fold_latin("đánh") == "danh"
    assert has_latin_accents([["tôi", "muốn"]])
    assert not has_latin_accents([["toi", "muon"], ["بدي"]])


@pytest.mark.parametrize(
    ("word", "typed", "expected"),
    [
        ("suicide", "sucide", True),  # a letter left out
        ("myself", "myselgf", True),  # an extra letter
        ("myself", "mysefl", True),  # neighbours swapped
        ("myself", "myseld", True),  # a neighbouring key (f/d)
        ("dying", "doing", False),  # o is not next to y: another real word
        ("rapes", "rates", False),
        ("dying", "lying", False),  # never in the first letter
        ("kill", "kill", False),  # no slip at all
        ("suicide", "sucidde", False),  # two slips
        ("انتحار", "انتظار", False),  # no key-neighbour substitutions outside Latin
        ("انتحار", "انتحر", True),  # but a letter left out is a slip in any script
    ],
)
def test_one_slip(word: str, typed: str, expected: bool) -> None:
    assert one_slip(word, typed) is expected


def test_transliterations_may_spell_vowels_freely() -> None:
    assert not one_slip("bokosham", "bokoshom")
    assert one_slip("bokosham", "bokoshom", loose_vowels=True)


@given(st.text(max_size=60))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
