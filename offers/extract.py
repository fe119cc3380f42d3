"""A Babel extractor for content files, so offer items and pledges reach the same catalogs as
the interface and translators work in one place.

Each text field becomes a message whose context names the entry and field
(``offer:ce-setting-up-home-grant:summary``); the English is the message id. Amounts, ages and
rules are data and are never extracted, so no translation can carry an old amount.
Registered in ``babel.cfg`` as ``[offers.extract.extract_content: offers/content/*.toml]``
(dotted: Babel splits a section name at its first colon).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any, BinaryIO

Message = tuple[int, str, tuple[str, str], list[str]]

ITEM_FIELDS = {
    "title": "Title of an offer item: short.",
    "summary": "One-sentence summary of an offer item.",
    "details": "Details of an offer item, in plain words.",
    "how_to_get": "How a young person gets this offer item.",
}


def _line_of(source: str, needle: str) -> int:
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else 0


def content_messages(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(context, English, translator comment) for every translatable text in a pack."""
    for item in data.get("items", []):
        base = f"offer:{item['id']}"
        for name, comment in ITEM_FIELDS.items():
            if item.get(name):
                yield f"{base}:{name}", _clean(item[name], name), comment
        if item.get("keywords"):
            yield (
                f"{base}:keywords",
                ", ".join(item["keywords"]),
                "Search words for this item, separated by commas. Give the words young people "
                "would type in your language; you may add more than the English has.",
            )
        note = (item.get("who") or {}).get("note")
        if note:
            yield f"{base}:who", _clean(note, "note"), "Who can get this offer item."
        for index, amount in enumerate(item.get("amounts", [])):
            if amount.get("label"):
                yield (
                    f"{base}:amount{index}",
                    _clean(amount["label"], "label"),
                    "Who an amount is for.",
                )
    for pledge_set in data.get("pledge_sets", []):
        yield (
            f"pledges:{pledge_set['id']}:title",
            _clean(pledge_set["title"], "t"),
            "Title of a set of pledges.",
        )
        for pledge in pledge_set.get("pledges", []):
            base = f"pledge:{pledge['id']}"
            yield (
                f"{base}:title",
                _clean(pledge["title"], "t"),
                "A council's pledge, as it worded it.",
            )
            yield (
                f"{base}:meaning",
                _clean(pledge["meaning"], "m"),
                "What the pledge means for you.",
            )
            for step in pledge.get("progress", []):
                day = step["date"].isoformat()
                if step.get("said"):
                    yield (
                        f"{base}:{day}:said",
                        _clean(step["said"], "s"),
                        "“You said”: what young people said.",
                    )
                yield (
                    f"{base}:{day}:did",
                    _clean(step["did"], "d"),
                    "“We did”: what the council did.",
                )


def _clean(text: str, field: str) -> str:
    """The same whitespace rules the loader applies, so the msgid equals the shown text."""
    return text.strip() if field == "details" else " ".join(text.split())


def extract_content(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: object
) -> Iterator[Message]:
    raw = fileobj.read().decode("utf-8")
    data = tomllib.loads(raw)
    for context, message, comment in content_messages(data):
        yield _line_of(raw, context.split(":")[1]), "pgettext", (context, message), [comment]
