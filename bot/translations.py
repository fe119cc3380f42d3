"""Keeping the catalogs in step with the code and the content: extract, update, compile, status.

A thin layer over Babel's own commands (so translators' tools and ``pybabel`` keep working)
with the project's settings in one place, plus the repairs Babel needs: its Arabic
``Plural-Forms`` header swaps the "many" and "other" forms (python-babel issue #816), so the
GNU expression is written back after every update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LOCALES_DIR, STATUS_RE
from bot.settings import SUPPORTED_LANGUAGES

ROOT = LOCALES_DIR.parent
POT = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS = ("_", "N_", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3")
ARABIC_PLURALS = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5);"
)
TRANSLATED_LANGUAGES = tuple(lang for lang in SUPPORTED_LANGUAGES if lang != "en")


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> Path:
    """Write the template from the code and the content files."""
    keyword_args = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _babel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *keyword_args,
        "-c",
        "Translators:",
        "--no-location",
        "--sort-output",
        "--project",
        "careleaver-bot",
        "--copyright-holder",
        "careleaver-bot contributors",
        "-o",
        str(POT),
        str(ROOT),
    )
    return POT


def update(langs: tuple[str, ...] = TRANSLATED_LANGUAGES) -> None:
    """Merge the template into every catalog (creating missing ones as drafts)."""
    for lang in langs:
        path = po_path(lang)
        if not path.exists():
            _babel("init", "-D", DOMAIN, "-i", str(POT), "-d", str(LOCALES_DIR), "-l", lang)
            set_status(lang, "draft")
        else:
            _babel(
                "update",
                "-D",
                DOMAIN,
                "-i",
                str(POT),
                "-d",
                str(LOCALES_DIR),
                "-l",
                lang,
                "--previous",
                "--no-wrap",
            )
        if lang == "ar":
            fix_arabic_plurals(path)


def compile_all() -> None:
    _babel("compile", "-D", DOMAIN, "-d", str(LOCALES_DIR))


def fix_arabic_plurals(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fixed = re.sub(
        r'"Plural-Forms: nplurals=6;.*?\\n"\n',
        f'"Plural-Forms: {ARABIC_PLURALS}\\\\n"\n',
        text,
        count=1,
        flags=re.DOTALL,
    )
    path.write_text(fixed, encoding="utf-8")


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def set_status(lang: str, status: str) -> None:
    """Record in the catalog's header comment whether it is a draft or reviewed."""
    catalog = read(lang)
    header = catalog.header_comment or ""
    line = f"# Translation-Status: {status}"
    if STATUS_RE.search(header):
        header = re.sub(r"# Translation-Status:.*", line, header)
    else:
        header = f"{header}\n{line}" if header else line
    catalog.header_comment = header
    with po_path(lang).open("wb") as handle:
        write_po(handle, catalog, width=0)
    if lang == "ar":
        fix_arabic_plurals(po_path(lang))


@dataclass(frozen=True)
class Coverage:
    lang: str
    status: str
    total: int
    translated: int
    fuzzy: int
    missing: int
