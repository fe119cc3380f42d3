"""What each kind of scheduled message says, in its recipient's language.

The outbox stores a kind and a few facts (a check-in id, a time, a label); the words are made
here at send time, in the language the recipient chose — a reminder to an Arabic-speaking
young person is in Arabic even when an English-speaking PA scheduled it. Nothing that shows on
a locked phone screen calls the reader a care leaver.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from telegram import InlineKeyboardMarkup

from bot.i18n import N_, _, current
from handlers import callbacks
from handlers.screens import keyboard

callbacks.register("ret", {"keep": ()})
callbacks.register(
    "kit",
    {
        "ans": (callbacks.NUM, r"yes|change|call"),
        "out": (callbacks.NUM, r"visit|call|video|message|no|moved"),
        "case": (callbacks.NUM,),
    },
)

KIND_LABELS = {
    "visit": N_("a visit"),
    "call": N_("a phone call"),
    "video": N_("a video call"),
    "message": N_("a chat by message"),
}
ANSWER_LABELS = {
    "yes": N_("Yes, see you then"),
    "change": N_("I need to change it"),
    "call": N_("Please call me"),
}
Rendered = tuple[str, InlineKeyboardMarkup | None]


def when(payload: dict[str, Any]) -> str:
    return current().moment(datetime.fromisoformat(payload["at"]))


def label(payload: dict[str, Any]) -> str:
    return current().ltr(html.escape(str(payload.get("label", ""))))


def _answers(checkin: int) -> InlineKeyboardMarkup:
    return keyboard(
        [
            [(_(text), callbacks.build("kit", "ans", checkin, key))]
            for key, text in ANSWER_LABELS.items()
        ]
    )


def checkin_notice(payload: dict[str, Any]) -> Rendered:
    text = _("Your PA would like to meet: {kind} on {when}. Is that OK?").format(
        kind=_(KIND_LABELS[payload["kind"]]), when=when(payload)
    )
    return text, _answers(payload["checkin"])


def checkin_reminder(payload: dict[str, Any]) -> Rendered:
    text = _("Reminder: {kind} with your PA on {when}.").format(
        kind=_(KIND_LABELS[payload["kind"]]), when=when(payload)
    )
    return text, _answers(payload["checkin"])


def checkin_answer(payload: dict[str, Any]) -> Rendered:
    text = _("{label} answered about the check-in on {when}: “{answer}”").format(
        label=label(payload), when=when(payload), answer=_(ANSWER_LABELS[payload["answer"]])
    )
    return text, _open_case(payload)


def outcome_prompt(payload: dict[str, Any]) -> Rendered:
    text = _("Did you make contact with {label} ({when})?").format(
        label=label(payload), when=when(payload)
    )
    checkin = payload["checkin"]
    rows = [
        [
            (_("Yes – visit"), callbacks.build("kit", "out", checkin, "visit")),
            (_("Yes – call"), callbacks.build("kit", "out", checkin, "call")),
        ],
        [
            (_("Yes – video"), callbacks.build("kit", "out", checkin, "video")),
            (_("Yes – message"), callbacks.build("kit", "out", checkin, "message")),
        ],
        [
            (_("No"), callbacks.build("kit", "out", checkin, "no")),
            (_("Moved to another time"), callbacks.build("kit", "out", checkin, "moved")),
        ],
    ]
    return text, keyboard(rows)


def _open_case_row(payload: dict[str, Any]) -> list[tuple[str, str]]:
    title = _("Open {label}").format(label=html.unescape(label(payload)))
    return [(title, callbacks.build("kit", "case", payload["case"]))]


def _open_case(payload: dict[str, Any]) -> InlineKeyboardMarkup:
    return keyboard([_open_case_row(payload)])


def talk_request(payload: dict[str, Any]) -> Rendered:
    return _("{label} would like to talk to you.").format(label=label(payload)), _open_case(
        payload
    )


def ask_item(payload: dict[str, Any]) -> Rendered:
    text = _("{label} would like to know more about: {item}").format(
        label=label(payload), item=current().ltr(html.escape(payload.get("item", "")))
    )
    return text, _open_case(payload)


def overdue(payload: dict[str, Any]) -> Rendered:
    text = _("{label} is now overdue for contact (it was due on {date}).").format(
        label=label(payload), date=current().day(datetime.fromisoformat(payload["due"]).date())
    )
    return text, _open_case(payload)


def unreachable(payload: dict[str, Any]) -> Rendered:
    text = _(
        "We couldn't reach {label}: they may have blocked the bot or deleted Telegram. "
        "This could be a sign that something is wrong — please try to get in touch another way."
    ).format(label=label(payload))
    return text, _open_case(payload)


def left(payload: dict[str, Any]) -> Rendered:
    if payload.get("reason") == "inactive":
        text = _(
            "{label} had not used the chat for a long time, so their account was deleted as "
            "the retention rule says. Your own records are not affected. You may want to check "
            "in with them another way."
        )
    else:
        text = _(
            "{label} has deleted their data and left the chat. Your own records are not "
            "affected. You may want to check in with them another way."
        )
    return text.format(label=label(payload)), None


def inactive_reminder(payload: dict[str, Any]) -> Rendered:
    deadline = current().day(date.fromisoformat(payload["delete_on"]))
    text = _(
        "Hello. You have not used this chat for a long time. To keep your account, send any "
        "message or tap the button. If we don't hear from you, we will delete what this chat "
        "keeps about you on {date}. You can always start again later with /start."
    ).format(date=deadline)
    return text, keyboard([[(_("Keep my account"), callbacks.build("ret", "keep"))]])


def handover(payload: dict[str, Any]) -> Rendered:
    name = current().ltr(html.escape(payload.get("name") or ""))
    return _("You have a new PA: {name}. They will be in touch soon.").format(name=name), None


def digest(payload: dict[str, Any]) -> Rendered:
    # Outside the f-string, so the extractor sees it.
    week = _("Your week")
    lines = [f"<b>{week}</b>"]
    counts = payload.get("counts", {})
    lines.append(
        _("Overdue: {overdue} · Due within 7 days: {soon} · Unreachable: {gone}").format(
            overdue=counts.get("overdue", 0),
            soon=counts.get("due_soon", 0),
            gone=counts.get("unreachable", 0),
        )
    )
    for entry in payload.get("people", [])[:30]:
        lines.append(
            f"• {current().ltr(html.escape(entry['label']))} — {_(STATUS[entry['status']])}"
        )
    return "\n".join(lines), keyboard(
        [[(_("👥 My caseload"), callbacks.build("staff", "list", 0))]]
    )


CATEGORY_LABELS = {
    "suicide_self_harm": N_("thoughts of suicide or self-harm"),
    "unsafe_hurt": N_("feeling unsafe or being hurt"),
    "abuse_exploitation": N_("abuse or exploitation"),
    "homeless_tonight": N_("nowhere to sleep tonight"),
    "no_food_money": N_("no food or money for food"),
    "going_missing": N_("going missing"),
}


def crisis_alert(payload: dict[str, Any]) -> Rendered:
    text = _(
        "⚠️ {label} may need urgent help: {category} ({when}). Please contact them now."
    ).format(
        label=label(payload),
        category=_(CATEGORY_LABELS.get(payload["category"], "")),
        when=when(payload),
    )
    rows = [[(_("Read the message"), callbacks.build("sg", "see", payload["alert"]))]]
    return text, keyboard([*rows, _open_case_row(payload)])


def relay_to_pa(payload: dict[str, Any]) -> Rendered:
    text = (
        _("Message from {label}:").format(label=label(payload))
        + "\n\n"
        + current().isolate(html.escape(payload.get("text", "")))
    )
    conversation = payload["conversation"]
    rows = [
        [
            (_("↩️ Reply"), callbacks.build("sg", "reply", conversation)),
            (_("End the conversation"), callbacks.build("sg", "end", conversation)),
        ]
    ]
    return text, keyboard(rows)


def relay_to_young(payload: dict[str, Any]) -> Rendered:
    name = current().ltr(html.escape(payload.get("name") or _("your PA")))
    text = (
        _("Message from your PA, {name}:").format(name=name)
        + "\n\n"
        + current().isolate(html.escape(payload.get("text", "")))
    )
    rows = [[(_("End the conversation"), callbacks.build("sg", "end", payload["conversation"]))]]
    return text, keyboard(rows)


STATUS = {
    "on_track": N_("on track"),
    "due_soon": N_("due within 7 days"),
    "overdue": N_("overdue"),
    "unreachable": N_("unreachable"),
}


def survey_invite(payload: dict[str, Any]) -> Rendered:
    survey_id = str(payload["survey"])
    name = current().pgettext(f"survey:{survey_id}:title", str(payload.get("title", "")))
    text = _("We'd like to hear what you think: “{title}”. You can answer when it suits you.")
    markup = keyboard([[(_("Open the survey"), callbacks.build("sv", "open", survey_id))]])
    return text.format(title=html.escape(name)), markup


def survey_update(payload: dict[str, Any]) -> Rendered:
    texts: dict[str, str] = payload.get("texts") or {}
    lang = current().lang
    words = texts.get(lang) or texts.get("en", "")
    head = _("You said, we did: what changed after the survey “{title}”").format(
        title=html.escape(payload.get("title", ""))
    )
    note = ""
    if lang != "en" and lang not in texts:
        note = "\n\n" + _("(This update has not been translated yet, so it is in English.)")
    return f"<b>{head}</b>\n\n{current().isolate(html.escape(words))}{note}", None


RENDERERS: dict[str, Callable[[dict[str, Any]], Rendered]] = {
    "checkin_notice": checkin_notice,
    "checkin_reminder": checkin_reminder,
    "checkin_answer": checkin_answer,
    "outcome_prompt": outcome_prompt,
    "talk_request": talk_request,
    "ask_item": ask_item,
    "overdue": overdue,
    "unreachable": unreachable,
    "handover": handover,
    "left": left,
    "inactive_reminder": inactive_reminder,
    "crisis_alert": crisis_alert,
    "relay_to_pa": relay_to_pa,
    "relay_to_young": relay_to_young,
    "digest": digest,
    "survey_invite": survey_invite,
    "survey_update": survey_update,
}
