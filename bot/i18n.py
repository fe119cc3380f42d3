"""Translation: gettext catalogs, the current reader's language, and locale-aware formatting.

English source text is the msgid. Every update and every scheduled message sets the language of
its *recipient* with :func:`use_language` (a context variable — set it every time, because PTB
handles updates one after another in one task and a value left over from the previous user
would leak). Amounts and dates are formatted by Babel for that language; in right-to-left
languages every left-to-right fragment is wrapped in Unicode directional isolates so that
Telegram, which picks a paragraph's direction from its first strong character, lays the line
out correctly.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, parse_pattern

from bot.settings import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
LONDON = ZoneInfo("Europe/London")

# Unicode isolates: LRI … PDI marks a left-to-right fragment inside right-to-left text.
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"

# Each language named in its own script, in the order the picker shows them.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "fa_AF": "دری",
    "ps": "پښتو",
    "ckb": "کوردیی ناوەندی",
    "ti": "ትግርኛ",
    "am": "አማርኛ",
    "sq": "Shqip",
    "vi": "Tiếng Việt",
}

# The header comment line that records whether a catalog is a draft or reviewed.
STATUS_RE = re.compile(r"^#?\s*Translation-Status:\s*(\w+)", re.MULTILINE)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated where shown)."""
    return message


@dataclass(frozen=True)
class Catalog:
    """One language's compiled translations and what its header says about review."""

    lang: str
    translations: _gettext.NullTranslations
    status: str  # "source", "draft" or "reviewed"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


def _compile(po_path: Path) -> tuple[_gettext.GNUTranslations, str]:
    """Read a .po file and compile it in memory, so a fresh clone needs no build step."""
    with po_path.open("rb") as handle:
        po = read_po(handle, locale=po_path.parent.parent.name)
    found = STATUS_RE.search(po.header_comment or "")
    buffer = BytesIO()
    write_mo(buffer, po, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer), (found.group(1).lower() if found else "draft")


@cache
def load_catalog(lang: str) -> Catalog:
    """The catalog for ``lang``; English and any missing catalog fall back to the source text."""
    if lang == "en":
        return Catalog("en", _gettext.NullTranslations(), "source")
    po_path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        log.warning("no catalog for language %s; showing English", lang)
        return Catalog(lang, _gettext.NullTranslations(), "missing")
    translations, status = _compile(po_path)
    return Catalog(lang, translations, status)


@cache
def babel_locale(lang: str) -> Locale:
    # English readers here are in England: British dates ("24 November 2026").
    return Locale.parse("en_GB" if lang == "en" else lang)


@dataclass(frozen=True)
class Translator:
    """Everything needed to speak to one reader: their catalog and their locale's formats."""

    lang: str
    catalog: Catalog = field(repr=False)

    @property
    def locale(self) -> Locale:
        return babel_locale(self.lang)

    @property
    def is_rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    def gettext(self, message: str) -> str:
        return self.catalog.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalog.translations.pgettext(context, message)

    def has_translation(self, context: str | None, message: str) -> bool:
        """Whether the catalog holds a translation of exactly this English text."""
        if self.lang == "en":
            return True
        key = message if context is None else f"{context}\x04{message}"
        # Compiled catalogs hold translated, non-fuzzy entries only.
        return key in getattr(self.catalog.translations, "_catalog", {})

    def ltr(self, fragment: str) -> str:
        """Wrap a left-to-right fragment (amount, number, URL, English name) for RTL text."""
        return f"{LRI}{fragment}{PDI}" if self.is_rtl and fragment else fragment

    def isolate(self, fragment: str) -> str:
        """Isolate a formatted fragment whose own direction depends on its first strong
        letter (a date with a native month name, an amount with an RTL mark)."""
        return f"{FSI}{fragment}{PDI}" if self.is_rtl and fragment else fragment

    def number(self, value: int) -> str:
        """A whole number in the reader's language's digits and grouping."""
        return self.isolate(format_decimal(value, locale=self.locale))

    def money(self, pence: int) -> str:
        """An amount in pounds, formatted for the reader's language."""
        pounds = Decimal(pence) / 100
        if pence % 100:
            text = format_currency(pounds, "GBP", locale=self.locale)
        else:
            # Whole pounds without ".00", keeping the locale's own symbol placement.
            pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
            pattern.frac_prec = (0, 0)
            text = pattern.apply(pounds, self.locale, currency="GBP", currency_digits=False)
        return self.isolate(text)

    def day(self, value: date, form: str = "long") -> str:
        """A date such as "24 November 2026" in the reader's language."""
        return self.isolate(_babel_date(value, format=form, locale=self.locale))

    def moment(self, value: datetime, tz: ZoneInfo = LONDON) -> str:
        """A date and time shown in UK time (summer time included)."""
        # A skeleton, so each language orders weekday, day and month its own way.
        local = value.astimezone(tz)
        day = format_skeleton("MMMMEEEEd", local, locale=self.locale)
        clock = format_time(local, "short", locale=self.locale)
        # The locale's own way of joining a date and a time ("{1}, {0}", "{1} ساعت {0}"...).
        joined = str(self.locale.datetime_formats["medium"]).replace("'", "")
        return self.isolate(joined.replace("{1}", day).replace("{0}", clock))


@cache
def translator(lang: str) -> Translator:
    if lang not in SUPPORTED_LANGUAGES:
        lang = "en"
    return Translator(lang, load_catalog(lang))


def content_translator(lang: str) -> Callable[[str, str], str] | None:
    """A (context, English) -> text function giving only *current* translations, for search;
    ``None`` for English."""
    if lang == "en":
        return None
    found = translator(lang)

    def translate(context: str, english: str) -> str:
        return found.pgettext(context, english) if found.has_translation(context, english) else ""

    return translate


_current: ContextVar[Translator] = ContextVar("careleaver_translator")


def set_language(lang: str) -> Translator:
    """Make ``lang`` the language of everything said from here in this task."""
    found = translator(lang)
    _current.set(found)
    return found


@contextmanager
def use_language(lang: str) -> Iterator[Translator]:
    """Speak ``lang`` inside the block (jobs, messages to a person other than the sender)."""
    token = _current.set(translator(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def current() -> Translator:
    return _current.get(translator("en"))


def _(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return current().pgettext(context, message)


def match_language(code: str | None) -> str | None:
    """Map Telegram's ``language_code`` (an IETF tag) to a supported language, if any."""
    if not code:
        return None
    tag = code.replace("-", "_")
    lowered = tag.lower()
    for lang in SUPPORTED_LANGUAGES:
        if lowered == lang.lower():
            return lang
    if lowered in ("prs", "fa_af"):
        return "fa_AF"
    base = lowered.split("_", 1)[0]
    return base if base in SUPPORTED_LANGUAGES else None
