"""The local offer in the chat: browse by category, "What can I get?", and typed questions.

Buttons carry neutral data (``offer:item:<id>``); any id that no longer exists, or a page that
is out of range, is answered as an out-of-date button. "What can I get?" asks at most two
optional questions (age band, education) and never anything about immigration status.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardMarkup, Update

from bot.i18n import _, current, translator
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.menu import back_row
from handlers.offer_cards import CATEGORY_LABELS, item_card, source_card
from handlers.screens import Button, acknowledge, columns, keyboard, say, show
from offers.eligibility import Fit, item_fit, personal
from offers.model import CATEGORIES, Item

PAGE = 6
SLUG = callbacks.SLUG
callbacks.register(
    "offer",
    {
        "cats": (),
        "cat": (r"[a-z-]{3,12}", r"\d{1,3}"),
        "item": (SLUG,),
        "src": (SLUG,),
        "en": (SLUG,),
        "ask": (SLUG,),
        "mine": (r"\d{1,3}",),
        "age": (r"16-17|18-20|21-25|skip",),
        "edu": (r"yes|no|skip",),
    },
)


def today(context: BotContext) -> date:
    return context.services.clock().date()


def council_of(context: BotContext) -> str:
    person = context.person
    return person.council_id if person else context.services.settings.default_council


def item_title(item: Item) -> str:
    tr = current()
    context = f"offer:{item.id}:title"
    return (
        tr.pgettext(context, item.title) if tr.has_translation(context, item.title) else item.title
    )


async def show_categories(update: Update, context: BotContext) -> None:
    """The "Local offer" menu entry."""
    await acknowledge(update)
    desk = context.services.offers
    categories = desk.catalogue.categories(council_of(context), today(context))
    buttons: list[Button] = [
        (_(CATEGORY_LABELS[c]), callbacks.build("offer", "cat", c, 0)) for c in categories
    ]
    rows = [[(_("✨ What can I get?"), callbacks.build("offer", "mine", 0))]]
    rows += columns(buttons, 2)
    rows.append(back_row())
    text = _("What do you need help with? Choose a topic, or type a question in your own words.")
    await show(update, context, text, keyboard(rows))


def _list_markup(
    items: list[Item], page: int, paging: str, extra: tuple[str, ...] = ()
) -> InlineKeyboardMarkup:
    start = page * PAGE
    rows: list[list[Button]] = [
        [(item_title(item)[:60], callbacks.build("offer", "item", item.id))]
        for item in items[start : start + PAGE]
    ]
    nav: list[Button] = []
    if page > 0:
        nav.append((_("◀ Previous"), callbacks.build("offer", paging, *extra, page - 1)))
    if start + PAGE < len(items):
        nav.append((_("More ▶"), callbacks.build("offer", paging, *extra, page + 1)))
    rows.append(nav)
    rows.append([(_("⬅️ Topics"), callbacks.build("offer", "cats"))])
    return keyboard(rows)


async def show_category(update: Update, context: BotContext) -> None:
    category, page = context.tapped.args
    desk = context.services.offers
    items = desk.catalogue.in_category(council_of(context), category, today(context))
    if category not in CATEGORIES or not items or int(page) * PAGE >= len(items):
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    text = "<b>" + _(CATEGORY_LABELS[category]) + "</b>\n" + _("Tap one to read more.")
    await show(update, context, text, _list_markup(items, int(page), "cat", (category,)))


def _item_markup(item: Item) -> InlineKeyboardMarkup:
    rows: list[list[Button]] = [
        [(_("🙋 Ask my PA about this"), callbacks.build("offer", "ask", item.id))],
        [(_("📚 Where does this come from?"), callbacks.build("offer", "src", item.id))],
    ]
    if current().lang != "en":
        rows.append([(_("🇬🇧 Show in English"), callbacks.build("offer", "en", item.id))])
    rows.append(
        [
            (_("⬅️ Back"), callbacks.build("offer", "cat", item.category, 0)),
            (_("🏠 Main menu"), callbacks.build("menu", "show")),
        ]
    )
    return keyboard(rows)


def _known_item(context: BotContext) -> Item | None:
    item = context.services.offers.catalogue.item(context.tapped.arg())
    if item is None or item.pack not in context.services.offers.catalogue.packs_for(
        council_of(context)
    ):
        return None
    return item


async def show_item(update: Update, context: BotContext) -> None:
    item = _known_item(context)
    if item is None:
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    catalogue = context.services.offers.catalogue
    newer = catalogue.replacement(item)
    shown = newer or item
    fit = item_fit(shown, await context.services.people.profile(context.person))
    text = item_card(current(), shown, today(context), fit)
    if newer is not None:
        text = _("This has changed. Here is the newest information:") + "\n\n" + text
    await show(update, context, text, _item_markup(shown))


async def show_source(update: Update, context: BotContext) -> None:
    item = _known_item(context)
    if item is None:
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    markup = keyboard([[(_("⬅️ Back"), callbacks.build("offer", "item", item.id))]])
    await show(
        update, context, source_card(current(), item, context.services.offers.catalogue), markup
    )


async def show_in_english(update: Update, context: BotContext) -> None:
    item = _known_item(context)
    if item is None:
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    text = item_card(translator("en"), item, today(context))
    markup = keyboard([[(_("⬅️ Back"), callbacks.build("offer", "item", item.id))]])
    await say(update, context, text, markup)


async def ask_pa(update: Update, context: BotContext) -> None:
    item = _known_item(context)
    if item is None:
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    outcome = await context.services.contact.ask_about(context.person, item)
    if outcome.passed_to_pa:
        text = _(
            "I've told your PA you'd like to know more about this. They will get back to you."
        )
    else:
        text = _(
            "You are not linked to a PA in this chat yet. Your PA can send you a link to join. "
            "Until then, please contact your council's leaving care team."
        )
        council = outcome.council
        if council is not None and council.team_contact:
            text += "\n" + current().ltr(council.team_contact)
    back = [(_("⬅️ Back"), callbacks.build("offer", "item", item.id))]
    await say(update, context, text, keyboard([back]))


async def what_can_i_get(update: Update, context: BotContext) -> None:
    """A personal list; asks the optional questions first if we know nothing yet."""
    page = int(context.tapped.arg())
    person = context.person
    profile = await context.services.people.profile(person)
    if profile.age is None and profile.age_band is None and not _asked(context, "age"):
        await _ask_age(update, context)
        return
    if profile.in_education is None and not _asked(context, "edu"):
        await _ask_education(update, context)
        return
    await acknowledge(update)
    items = context.services.offers.catalogue.visible(council_of(context), today(context))
    matches = personal(items, profile)
    if page * PAGE >= max(1, len(matches)):
        await fallback.stale_button(update, context)
        return
    await show(
        update,
        context,
        _mine_text(matches),
        _list_markup([item for item, _fit in matches], page, "mine"),
    )


def _mine_text(matches: list[tuple[Item, Fit]]) -> str:
    sure = sum(1 for _item, fit in matches if fit.verdict == "yes")
    return _(
        "Here is what you can get ({sure} for sure, {maybe} that may be for you). "
        "Tap one to read more."
    ).format(sure=sure, maybe=len(matches) - sure)


def _asked(context: BotContext, question: str) -> bool:
    return context.person is not None and question in context.person.asked


async def _ask_age(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    rows = [
        [(band, callbacks.build("offer", "age", band))] for band in ("16-17", "18-20", "21-25")
    ]
    rows.append([(_("I'd rather not say"), callbacks.build("offer", "age", "skip"))])
    await show(update, context, _("So I can show what fits you: how old are you?"), keyboard(rows))


async def _ask_education(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    rows = [
        [
            (_("Yes"), callbacks.build("offer", "edu", "yes")),
            (_("No"), callbacks.build("offer", "edu", "no")),
        ],
        [(_("I'd rather not say"), callbacks.build("offer", "edu", "skip"))],
    ]
    await show(
        update, context, _("Are you in school, college, university or training?"), keyboard(rows)
    )


async def answer_age(update: Update, context: BotContext) -> None:
    answer = context.tapped.arg()
    user = update.effective_user
    if user is None:
        return
    people = context.services.people
    context.person = await people.set_profile(
        user.id, age_band=None if answer == "skip" else answer, asked="age"
    )
    context.button = callbacks.parse(callbacks.build("offer", "mine", 0))
    await what_can_i_get(update, context)


async def answer_education(update: Update, context: BotContext) -> None:
    answer = context.tapped.arg()
    user = update.effective_user
    if user is None:
        return
    people = context.services.people
    value = {"yes": True, "no": False}.get(answer)
    context.person = await people.set_profile(user.id, in_education=value, asked="edu")
    context.button = callbacks.parse(callbacks.build("offer", "mine", 0))
    await what_can_i_get(update, context)


ROUTES = {
    "cats": show_categories,
    "cat": show_category,
    "item": show_item,
    "src": show_source,
    "en": show_in_english,
    "ask": ask_pa,
    "mine": what_can_i_get,
    "age": answer_age,
    "edu": answer_education,
}


async def on_button(update: Update, context: BotContext) -> None:
    await ROUTES[context.tapped.action](update, context)


async def answer_question(update: Update, context: BotContext) -> bool:
    """Typed text: the best three items as buttons, or the topics and "Ask my PA"."""
    message = update.effective_message
    if message is None or not message.text:
        return False
    tr = current()
    found = context.services.offers.search(
        council_of(context), tr.lang, message.text, today(context)
    )
    if not found:
        await say(
            update,
            context,
            _("I couldn't find that. Try other words, choose a topic, or ask your PA."),
            keyboard(
                [
                    [(_("📋 Topics"), callbacks.build("offer", "cats"))],
                    [(_("👤 My PA and meetings"), callbacks.build("menu", "go", "pa"))],
                ]
            ),
        )
        return True
    rows = [[(item_title(item)[:60], callbacks.build("offer", "item", item.id))] for item in found]
    rows.append([(_("📋 Topics"), callbacks.build("offer", "cats"))])
    await say(update, context, _("This might help:"), keyboard(rows))
    return True
