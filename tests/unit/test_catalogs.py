"""Every translation in every catalog keeps its placeholders and markup, and plurals are right.

These run over the committed catalogs, so a translator's slip (a renamed ``{amount}``, a
``<b>`` left open, an Arabic plural with five forms instead of six) fails CI with the language,
the message and the problem named.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGE_NAMES, set_language

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
LANGS = [lang for lang in LANGUAGE_NAMES if lang != "en"]
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
TAG = re.compile(r"<(/?)([a-zA-Z]+)[^>]*>")


def catalog(lang: str) -> Catalog:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def header_comment(lang: str) -> str:
    text = (LOCALES / lang / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    return text.split('msgid ""', 1)[0]


def translated(entry: Message) -> list[tuple[str, str]]:
    """(English, translation) pairs for every filled, non-fuzzy form of ``entry``."""
    if not entry.id or entry.fuzzy:
        return []
    if isinstance(entry.id, tuple):
        _singular, plural = entry.id
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        # Form 0 may stand for n == 1 (or 0 in Arabic): compare with the plural's placeholders.
        return [(plural, form) for form in forms if form]
    assert isinstance(entry.string, str)
    return [(entry.id, entry.string)] if entry.string else []


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def tags(text: str) -> list[str]:
    return [f"{close}{name.lower()}" for close, name in TAG.findall(text)]


def balanced(text: str) -> bool:
    stack: list[str] = []
    for close, name in TAG.findall(text):
        if not close:
            stack.append(name.lower())
        elif not stack or stack.pop() != name.lower():
            return False
    return not stack


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_every_placeholder(lang: str) -> None:
    problems = [
        f"{english[:50]!r}: {dict(placeholders(english))} became {dict(placeholders(text))}"
        for entry in catalog(lang)
        for english, text in translated(entry)
        if placeholders(english) != placeholders(text)
    ]
    assert problems == [], f"{lang}: {len(problems)} translations change placeholders"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_html_tags_and_balance_them(lang: str) -> None:
    problems = [
        f"{english[:50]!r}"
        for entry in catalog(lang)
        for english, text in translated(entry)
        if Counter(tags(english)) != Counter(tags(text)) or not balanced(text)
    ]
    assert problems == [], f"{lang}: tags differ or are unbalanced in {problems}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_match_the_language(lang: str) -> None:
    po = catalog(lang)
    expected = get_plural(lang)
    assert po.num_plurals == expected.num_plurals, f"{lang} header has the wrong nplurals"
    for entry in po:
        if isinstance(entry.id, tuple) and not entry.fuzzy and any(entry.string):
            assert isinstance(entry.string, tuple)
            assert len(entry.string) == expected.num_plurals
            assert all(entry.string), f"{lang}: a plural form is empty for {entry.id[0]!r}"


def test_arabic_has_six_plural_forms_chosen_by_number() -> None:
    po = catalog("ar")
    assert po.num_plurals == 6
    # The header's C expression, run the way gettext runs it.
    choose = gettext.c2py(po.plural_expr)
    forms = {n: choose(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)}
    assert forms == {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5}


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_says_whether_it_is_a_draft(lang: str) -> None:
    status = re.search(r"^# Translation-Status: (draft|reviewed)\s*$", header_comment(lang), re.M)
    assert status, f"{lang}: the header must say 'Translation-Status: draft' or 'reviewed'"


@pytest.mark.parametrize("lang", ["ar", "fa", "fa_AF", "ps", "ckb"])
def test_right_to_left_languages_isolate_numbers(lang: str) -> None:
    tr = set_language(lang)
    assert tr.is_rtl
    assert tr.ltr("116 123") == "\u2066116 123\u2069"
    assert tr.money(250000).startswith("\u2068") and tr.money(250000).endswith("\u2069")
    for ltr_lang in ("en", "ti", "am", "sq", "vi"):
        assert not set_language(ltr_lang).is_rtl
        assert set_language(ltr_lang).ltr("116 123") == "116 123"
    set_language("en")


def test_the_template_holds_every_content_and_survey_text() -> None:
    """Offer items, pledges and survey questions reach the catalogs (through babel.cfg)."""
    import tomllib

    from offers.extract import content_messages
    from surveys.definitions import load_surveys, texts

    with (LOCALES / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    present = {(m.context, m.id) for m in template if m.id}
    wanted: list[tuple[str, str]] = []
    for path in sorted((ROOT / "offers" / "content").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        wanted += [(ctx, english) for ctx, english, _ in content_messages(data)]
    for survey in load_surveys().values():
        wanted += texts(survey)
    assert wanted, "no content found: paths are wrong"
    missing = [ctx for ctx, english in wanted if (ctx, english) not in present]
    assert missing == [], "run `careleaver-bot translations update`; missing: " + ", ".join(
        missing[:5]
    )


@pytest.mark.parametrize("lang", ["ar", "fa", "fa_AF", "ps", "ckb"])
def test_crisis_lines_read_right_to_left_even_when_a_line_starts_with_a_latin_name(
    lang: str,
) -> None:
    from handlers.menu import crisis_lines

    set_language(lang)
    try:
        lines = crisis_lines().splitlines()
    finally:
        set_language("en")
    assert len(lines) == 5
    assert all(line.startswith("\u200f") for line in lines)
    assert set_language("en") and not crisis_lines().startswith("\u200f")
