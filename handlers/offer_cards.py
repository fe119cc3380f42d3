"""Turning offer items and pledges into messages a young person can read.

Every text comes from the catalogs (content strings carry a context such as
``offer:<id>:summary``). When a translation is missing — or was made from older English and is
therefore stale — the English is shown instead, isolated for right-to-left readers, with a
short note in the reader's language: an out-of-date amount or rule is never shown as current.
Amounts and dates are formatted by Babel for the reader's locale.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date

from bot.i18n import FSI, N_, PDI, Translator, _
from offers.catalogue import Catalogue
from offers.eligibility import Fit
from offers.model import Amount, Item, Source, Who

LIMIT = 4000  # Telegram allows 4096 characters; leave room for notes.

CATEGORY_LABELS = {
    "money": N_("💷 Money"),
    "home": N_("🏠 Somewhere to live"),
    "education": N_("🎓 Education and training"),
    "work": N_("💼 Work"),
    "health": N_("❤️ Health and wellbeing"),
    "support": N_("🤝 People to help you"),
    "rights": N_("⚖️ Your rights and having a say"),
    "new-to-uk": N_("🌍 New to the UK"),
}
PERIODS = {
    "one-off": N_("{amount}, once"),
    "weekly": N_("{amount} a week"),
    "monthly": N_("{amount} a month"),
    "yearly": N_("{amount} a year"),
}
STATUS_LABELS = {
    "eligible": N_("16 or 17 and still in care"),
    "relevant": N_("16 or 17 and have left care"),
    "former-relevant": N_("18 or over and have left care"),
    "qualifying": N_("with “qualifying” status (your PA can tell you if this is you)"),
}
CONDITION_LABELS = {
    "in-education": N_("if you are in education or training"),
    "in-higher-education": N_("if you are at university or college (higher education)"),
    "parent": N_("if you are a parent"),
    "leaving-residential-care": N_("if you are leaving a children's home"),
    "new-to-uk": N_("if you are new to the UK"),
    "in-work-or-apprenticeship": N_("if you are working or doing an apprenticeship"),
    "disabled": N_("if you have a disability"),
    "staying-put": N_("if you are staying on with your foster carers"),
}


@dataclass
class Reader:
    """Who a card is for: their translator and whether English was needed anywhere."""

    tr: Translator
    fell_back: bool = False

    def content(self, context: str, english: str) -> str:
        """Translated content text, escaped for HTML; English (isolated) when not current."""
        if self.tr.has_translation(context, english):
            return html.escape(self.tr.pgettext(context, english))
        if self.tr.lang != "en":
            self.fell_back = True
            return f"{FSI}{html.escape(english)}{PDI}" if self.tr.is_rtl else html.escape(english)
        return html.escape(english)

    def note(self) -> str:
        if not self.fell_back:
            return ""
        return "\n\n" + _(
            "ℹ️ Some of this is in English because its translation is not ready or is out of "
            "date. Your PA can explain it."
        )


def amount_line(tr: Translator, amount: Amount, item: Item, index: int, reader: Reader) -> str:
    money = tr.gettext(PERIODS[amount.period]).format(amount=tr.money(amount.pence))
    if amount.label:
        label = reader.content(f"offer:{item.id}:amount{index}", amount.label)
        return f"💷 {money} — {label}"
    return f"💷 {money}"


def who_lines(tr: Translator, who: Who, item: Item, reader: Reader) -> list[str]:
    lines: list[str] = []
    if who.min_age is not None and who.max_age is not None:
        ages = _("Aged {low} to {high}").format(
            low=tr.ltr(str(who.min_age)), high=tr.ltr(str(who.max_age))
        )
        lines.append(ages)
    elif who.min_age is not None:
        lines.append(_("Aged {low} or over").format(low=tr.ltr(str(who.min_age))))
    elif who.max_age is not None:
        lines.append(_("Up to age {high}").format(high=tr.ltr(str(who.max_age))))
    if who.statuses:
        lines.append(
            _("For young people who are:")
            + " "
            + "; ".join(tr.gettext(STATUS_LABELS[s]) for s in who.statuses)
        )
    lines.extend(tr.gettext(CONDITION_LABELS[c]) for c in who.conditions)
    if who.note:
        lines.append(reader.content(f"offer:{item.id}:who", who.note))
    return lines


def report_date_note(
    tr: Translator, sources: tuple[Source, ...], as_of: date, today: date
) -> str | None:
    """Content known only from a council paper more than a year old says so, with its date:
    a young person is never shown an old scheme or promise as if it were current."""
    if not any(source.seed for source in sources) or as_of >= today - timedelta(days=365):
        return None
    month = tr.isolate(format_date(as_of, "MMMM y", locale=tr.locale))
    return _(
        "ℹ️ This comes from a council report from {month}. Ask your PA whether it still applies."
    ).format(month=month)


def freshness_lines(tr: Translator, item: Item, today: date) -> list[str]:
    lines: list[str] = []
    dated = report_date_note(tr, item.sources, item.as_of, today)
    if dated:
        lines.append(dated)
    if item.needs_confirmation:
        lines.append(_("⚠️ The council still needs to confirm this. Please check with your PA."))
    lines.append(_("🕒 Last checked {date}").format(date=tr.day(item.last_reviewed)))
    return lines


def item_card(tr: Translator, item: Item, today: date, fit: Fit | None = None) -> str:
    reader = Reader(tr)
    parts = [
        f"<b>{reader.content(f'offer:{item.id}:title', item.title)}</b>",
        reader.content(f"offer:{item.id}:summary", item.summary),
    ]
    amounts = [amount_line(tr, a, item, i, reader) for i, a in enumerate(item.amounts)]
    if amounts:
        parts.append("\n".join(amounts))
    parts.append(reader.content(f"offer:{item.id}:details", item.details))
    who = who_lines(tr, item.who, item, reader)
    if who:
        parts.append("<b>" + _("Who can get it") + "</b>\n" + "\n".join(f"• {w}" for w in who))
    if fit is not None and fit.verdict == "maybe":
        parts.append(_("❔ This may be for you. Your PA can check."))
    parts.append(
        "<b>"
        + _("How to get it")
        + "</b>\n"
        + reader.content(f"offer:{item.id}:how_to_get", item.how_to_get)
    )
    parts.append("\n".join(freshness_lines(tr, item, today)))
    return _fit("\n\n".join(parts) + reader.note())


def source_card(tr: Translator, item: Item, catalogue: Catalogue) -> str:
    reader = Reader(tr)
    lines = [
        "<b>" + _("Where this comes from") + "</b>",
        f"<b>{reader.content(f'offer:{item.id}:title', item.title)}</b>",
    ]
    for source in item.sources:
        if source.statute:
            lines.append(
                "• " + _("The law: {name}").format(name=tr.ltr(html.escape(source.statute)))
            )
        if source.seed:
            seed = catalogue.seeds.get(source.seed)
            title = f"{seed.publisher}, {seed.title}" if seed else source.seed
            when = tr.day(seed.date) if seed else ""
            lines.append(
                "• "
                + _("A council paper: {title} ({date}), lines {lines}").format(
                    title=tr.ltr(html.escape(title)), date=when, lines=tr.ltr(source.lines or "")
                )
                + (f"\n  “{tr.ltr(html.escape(source.quote))}”" if source.quote else "")
            )
    if item.needs_confirmation and item.confirm_note:
        lines.append(
            _("What the council needs to confirm:") + " " + tr.ltr(html.escape(item.confirm_note))
        )
    lines.append(_("🕒 Last checked {date}").format(date=tr.day(item.last_reviewed)))
    return _fit("\n\n".join(lines) + reader.note())


def _fit(text: str) -> str:
    """Keep a message within Telegram's limit without cutting a tag in half."""
    if len(text) <= LIMIT:
        return text
    cut = text[:LIMIT]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return cut + "\n…"
