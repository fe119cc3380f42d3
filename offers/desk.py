"""The offer as the bot serves it: the catalogue plus per-language search indexes.

Built once at start (content is validated then); search indexes are built on first use for
each council and language and kept, since content and catalogs do not change while the bot
runs. Pure: no Telegram, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from offers.catalogue import Catalogue
from offers.model import Item
from offers.search import SearchIndex, Translate, build_index

TranslatorFor = Callable[[str], Translate | None]  # language -> translate function


class OfferDesk:
    def __init__(self, catalogue: Catalogue, translator_for: TranslatorFor) -> None:
        self.catalogue = catalogue
        self._translator_for = translator_for
        self._indexes: dict[tuple[str, str, date], SearchIndex] = {}

    def index(self, council_id: str, lang: str, today: date) -> SearchIndex:
        key = (council_id, lang, today)
        found = self._indexes.get(key)
        if found is None:
            # Keyed by day too: an item that takes effect tomorrow joins tomorrow's index.
            items = self.catalogue.visible(council_id, today)
            found = build_index(items, self._translator_for(lang))
            self._indexes = {k: v for k, v in self._indexes.items() if k[2] == today}
            self._indexes[key] = found
        return found

    def search(self, council_id: str, lang: str, text: str, today: date) -> list[Item]:
        hits = self.index(council_id, lang, today).search(text)
        return [self.catalogue.items[hit.item_id] for hit in hits]
