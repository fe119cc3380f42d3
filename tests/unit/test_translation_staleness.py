"""A translation made from older English is stale: counted as such, and never shown."""

from __future__ import annotations

import gettext
from datetime import date
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from bot.i18n import FSI, PDI, Catalog, Translator
from bot.translation_status import language_status
from handlers.offer_cards import item_card
from tests.conftest import fixture_catalogue

ITEM = "ts-setup-home"


def arabic_with(
    entries: dict[tuple[str | None, str], str], fuzzy: set[str] = frozenset()
) -> PoCatalog:  # type: ignore[assignment]
    catalog = PoCatalog(locale="ar")
    for (context, english), text in entries.items():
        flags = ["fuzzy"] if english in fuzzy else []
        catalog.add(english, text, context=context, flags=flags)
    return catalog


def translator_for(po: PoCatalog) -> Translator:
    buffer = BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return Translator("ar", Catalog("ar", gettext.GNUTranslations(buffer), "draft"))


def test_stale_summary_falls_back_to_isolated_english_with_a_note() -> None:
    item = fixture_catalogue().items[ITEM]
    po = arabic_with(
        {
            (f"offer:{ITEM}:title", item.title): "مال لتأسيس منزلك الأول",
            # Made from an older English summary: must not be shown.
            (f"offer:{ITEM}:summary", "An old summary that said something else."): "ملخص قديم",
        }
    )
    card = item_card(translator_for(po), item, date(2026, 11, 24))
    assert "مال لتأسيس منزلك الأول" in card
    assert "ملخص قديم" not in card
    assert f"{FSI}{item.summary}{PDI}" in card
    assert "its translation is not ready or is out of date" in card


def test_amounts_come_from_data_whatever_the_catalog_says() -> None:
    item = fixture_catalogue().items[ITEM]
    card = item_card(translator_for(arabic_with({})), item, date(2026, 11, 24))
    assert "2,500" in card


def write_locales(tmp_path: Path, po: PoCatalog, template_ids: list[str]) -> Path:
    locales = tmp_path / "locales"
    (locales / "ar" / "LC_MESSAGES").mkdir(parents=True)
    with (locales / "ar" / "LC_MESSAGES" / "messages.po").open("wb") as handle:
        write_po(handle, po)
    template = PoCatalog()
    for english in template_ids:
        template.add(english)
    with (locales / "messages.pot").open("wb") as handle:
        write_po(handle, template)
    return locales


def test_status_counts_translated_missing_and_stale(tmp_path: Path) -> None:
    po = arabic_with(
        {
            (None, "Hello"): "مرحبا",
            (None, "Old button"): "زر",
            ("offer:x:title", "New title"): "عنوان جديد",
            ("offer:x:summary", "Old summary"): "ملخص قديم",
            ("offer:x:details", "Details"): "تفاصيل",
        },
        fuzzy={"Details"},
    )
    locales = write_locales(tmp_path, po, ["Hello", "Goodbye"])
    from babel.messages.pofile import read_po

    with (locales / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    packs = {
        "testshire": [
            ("offer:x:title", "New title"),
            ("offer:x:summary", "New summary"),
            ("offer:x:details", "Details"),
            ("offer:x:how_to_get", "Ask"),
        ]
    }
    status = language_status("ar", template, packs, locales)
    assert (status.interface.translated, status.interface.missing) == (1, 1)
    content = status.content["testshire"]
    assert (content.translated, content.stale, content.missing) == (1, 2, 1)
    assert "ar\toffer:x:summary" in status.stale_entries
    assert "ar\toffer:x:details" in status.stale_entries
