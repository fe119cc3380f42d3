"""Feedback surveys in the chat: one question at a time, with buttons, Skip, Back and Stop.

The young person opens a survey from the Feedback menu or from an invitation; every answer is
stored at once (``surveys/service.py``), so Stop — or just walking away — loses nothing and the
survey resumes where they left it. While a survey waits for an answer, ``people.pending`` says
so: typed text is then the answer to a free-text question, or a kind reminder to use the
buttons. Free text is checked for crisis words here (not by the general guard): in a named
survey the PA is alerted as for any message; in an anonymous one the young person gets the
help lines at once and is asked whether they want to be contacted — no one is alerted unless
they say yes.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.i18n import _, current, ngettext
from bot.safeguarding.matcher import Match
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.menu import back_row
from handlers.safeguarding import help_text
from handlers.screens import Button, acknowledge, columns, keyboard, say, show
from handlers.sweep import sweep_once
from surveys import results
from surveys.definitions import Survey
from surveys.service import Step

NUM = callbacks.NUM
SID = r"[a-z0-9][a-z0-9-]{0,29}"
QID = r"[a-z0-9][a-z0-9-]{0,19}"
KEY = r"[a-z0-9][a-z0-9-]{0,11}"
callbacks.register(
    "sv",
    {
        "list": (), "open": (SID,), "go": (SID,),
        "ans": (NUM, QID, KEY), "tog": (NUM, QID, KEY), "done": (NUM, QID),
        "skip": (NUM, QID), "back": (NUM, QID), "stop": (NUM,),
        "help": (NUM, r"[a-z_]{2,30}"), "nohelp": (NUM,),
        "send": (SID,), "res": (SID,), "staff": (),
    },
)  # fmt: skip
TEXT_PENDING = "survey"  # typed text answers a free-text question
BUTTON_PENDING = "surveyq"  # a button question is waiting: typed text gets a kind reminder


def tr(survey: Survey, part: str, english: str) -> str:
    """Survey text in the reader's language (English until a current translation exists)."""
    return current().pgettext(f"survey:{survey.id}:{part}", english)


def title(survey: Survey) -> str:
    return tr(survey, "title", survey.title)


# --- the young person's side -------------------------------------------------------------------
async def show_feedback(update: Update, context: BotContext) -> None:
    """The Feedback menu entry: the surveys this person can answer."""
    await acknowledge(update)
    person = context.person
    council = person.council_id if person else context.services.settings.default_council
    live = context.services.surveys.live(council)
    if not live:
        await show(update, context, _("There is no survey to answer right now. Thank you for "
                                      "looking!"), keyboard([back_row()]))  # fmt: skip
        return
    rows: list[list[Button]] = [[(title(s), callbacks.build("sv", "open", s.id))] for s in live]
    await show(
        update,
        context,
        _("Tell us what you think. Your answers help us make things better for you and others."),
        keyboard([*rows, back_row()]),
    )


def intro_text(survey: Survey) -> str:
    minutes = ngettext("It takes about {n} minute.", "It takes about {n} minutes.",
                       survey.minutes).format(n=current().number(survey.minutes))  # fmt: skip
    privacy = (
        _("It is anonymous: nobody can see which answers are yours.")
        if survey.anonymous
        else _("It is not anonymous: your PA will see your answers, so they can follow up.")
    )
    return (
        f"<b>{html.escape(title(survey))}</b>\n\n"
        f"{html.escape(tr(survey, 'intro', survey.intro))}\n\n{minutes} {privacy}\n"
        + _("You can skip any question, go back, or stop and carry on later.")
    )


async def open_survey(update: Update, context: BotContext, survey_id: str) -> None:
    survey = context.services.surveys.surveys.get(survey_id)
    if survey is None or context.person is None or context.person.is_staff:
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    await show(update, context, intro_text(survey), keyboard([
        [(_("▶️ Start"), callbacks.build("sv", "go", survey.id))],
        [(_("⬅️ Back"), callbacks.build("sv", "list"))],
    ]))  # fmt: skip


def question_markup(step: Step) -> InlineKeyboardMarkup:
    question, rid = step.question, step.response_id
    assert question is not None and step.survey is not None
    survey = step.survey
    rows: list[list[Button]] = []
    if question.kind == "scale":
        numbers = [
            (
                current().number(n).strip("\u2068\u2069"),
                callbacks.build("sv", "ans", rid, question.id, n),
            )
            for n in range(question.min, question.max + 1)
        ]
        rows += columns(numbers, 6)
    elif question.kind in ("choice", "yesno"):
        rows += [[(tr(survey, f"{question.id}:{o.key}", o.label) if question.kind == "choice"
                   else _(o.label), callbacks.build("sv", "ans", rid, question.id, o.key))]
                 for o in question.options]  # fmt: skip
    elif question.kind == "multi":
        for option in question.options:
            mark = "✅ " if option.key in step.selected else "▫️ "
            label = mark + tr(survey, f"{question.id}:{option.key}", option.label)
            rows.append([(label, callbacks.build("sv", "tog", rid, question.id, option.key))])
        rows.append([(_("Done"), callbacks.build("sv", "done", rid, question.id))])
    controls: list[Button] = []
    if step.number > 1:
        controls.append((_("⬅️ Back"), callbacks.build("sv", "back", rid, question.id)))
    controls.append((_("Skip"), callbacks.build("sv", "skip", rid, question.id)))
    controls.append((_("⏸ Stop"), callbacks.build("sv", "stop", rid)))
    rows.append(controls)
    return keyboard(rows)


def question_text(step: Step) -> str:
    question, survey = step.question, step.survey
    assert question is not None and survey is not None
    head = _("Question {n} of {total}").format(
        n=current().number(step.number), total=current().number(step.total)
    )
    body = html.escape(tr(survey, f"{question.id}:text", question.text))
    if question.kind == "text":
        body += "\n\n" + _("Type your answer (up to {limit} characters).").format(
            limit=current().number(question.max_length)
        )
    return f"<b>{head}</b>\n{body}"


async def render(update: Update, context: BotContext, step: Step) -> None:
    """Show what ``step`` says, and remember what kind of answer is awaited."""
    person = context.person
    assert person is not None
    people = context.services.people
    if step.kind == "question" and step.question is not None:
        prefix = TEXT_PENDING if step.question.kind == "text" else BUTTON_PENDING
        await people.set_pending(person.telegram_id, f"{prefix}:{step.response_id}")
        await show(update, context, question_text(step), question_markup(step))
        return
    await people.set_pending(person.telegram_id, None)
    survey = step.survey
    if step.kind == "done" and survey is not None:
        text = html.escape(tr(survey, "closing", survey.closing))
    elif step.kind == "already":
        text = _("You have already answered this survey. Thank you!")
    elif step.kind == "changed" and survey is not None:
        text = _("This survey has changed since you started it. Your earlier answers are kept. "
                 "Tap Start to answer the new version.")  # fmt: skip
        await show(update, context, text, keyboard([
            [(_("▶️ Start"), callbacks.build("sv", "go", survey.id))], back_row()]))  # fmt: skip
        return
    elif step.kind == "stale" and step.question is not None and survey is not None:
        await acknowledge(update, _("That button was for an earlier question."))
        again = await context.services.surveys.open(person, survey.id, current().lang)
        await render(update, context, again)
        return
    else:
        await fallback.stale_button(update, context)
        return
    await show(update, context, text, keyboard([back_row()]))


async def on_button(update: Update, context: BotContext) -> None:
    person = context.person
    tapped = context.tapped
    if person is None:
        await fallback.stale_button(update, context)
        return
    service = context.services.surveys
    action, args = tapped.action, tapped.args
    if action == "list":
        await show_feedback(update, context)
        return
    if action in ("send", "res", "staff"):
        await staff_button(update, context)
        return
    if person.is_staff:
        await fallback.stale_button(update, context)
        return
    if action == "open":
        await open_survey(update, context, args[0])
        return
    await acknowledge(update)
    lang = current().lang
    if action == "go":
        step = await service.open(person, args[0], lang)
    elif action == "stop":
        await context.services.people.set_pending(person.telegram_id, None)
        saved = _("Saved. You can carry on from where you stopped at any time: open Feedback.")
        await show(update, context, saved, keyboard([back_row()]))
        return
    elif action == "help":
        await contact_me(update, context, int(args[0]), args[1])
        return
    elif action == "nohelp":
        await show(update, context, _("OK. Nobody will be told. The numbers above are there "
                                      "whenever you need them."))  # fmt: skip
        return
    else:
        rid, qid = int(args[0]), args[1]
        if action == "ans":
            step = await service.answer(person, rid, qid, choice=args[2])
        elif action == "tog":
            step = await service.answer(person, rid, qid, toggle=args[2])
        elif action == "done":
            step = await service.answer(person, rid, qid, choice="done")
        elif action == "skip":
            step = await service.answer(person, rid, qid, skip=True)
        else:
            step = await service.back(person, rid, qid)
    await render(update, context, step)


async def answer_text(update: Update, context: BotContext, text: str) -> None:
    """Typed text while a free-text question waits (pending ``survey:<response>``)."""
    person = context.person
    assert person is not None and person.pending is not None
    rid = int(person.pending.split(":", 1)[1])
    service = context.services.surveys
    step = await service.open_step(person, rid)
    if step.kind != "question" or step.question is None or step.question.kind != "text":
        await context.services.people.set_pending(person.telegram_id, None)
        await render(update, context, step)
        return
    limit = step.question.max_length
    if len(text) > limit:
        await say(update, context, _("That's {count} characters, and the limit is {limit}. "
                                     "Please make it shorter, or tap Skip.").format(
            count=current().number(len(text)), limit=current().number(limit)),
            question_markup(step))  # fmt: skip
        return
    after = await service.answer(person, rid, step.question.id, text=text)
    await crisis_check(update, context, rid, step, text)
    await say_step(update, context, after)


async def say_step(update: Update, context: BotContext, step: Step) -> None:
    """Like ``render`` but as a new message (the answer came as typed text, not a tap)."""
    if step.kind == "question":
        assert context.person is not None and step.question is not None
        prefix = TEXT_PENDING if step.question.kind == "text" else BUTTON_PENDING
        await context.services.people.set_pending(
            context.person.telegram_id, f"{prefix}:{step.response_id}"
        )
        await say(update, context, question_text(step), question_markup(step))
        return
    await render(update, context, step)


async def remind_buttons(update: Update, context: BotContext, text: str) -> None:
    """Typed text while a button question waits: check it, then ask again kindly."""
    person = context.person
    assert person is not None and person.pending is not None
    rid = int(person.pending.split(":", 1)[1])
    step = await context.services.surveys.open_step(person, rid)
    if step.kind != "question":
        await context.services.people.set_pending(person.telegram_id, None)
        await say_step(update, context, step)
        return
    if await crisis_check(update, context, rid, step, text):
        return
    await say(update, context, _("Please answer with the buttons below, or tap Stop to leave "
                                 "the survey for now."))  # fmt: skip
    await say_step(update, context, step)


async def crisis_check(
    update: Update, context: BotContext, rid: int, step: Step, text: str
) -> bool:
    """Crisis words in a survey: help at once; alert per the survey's kind. True if matched."""
    person = context.person
    services = context.services
    found = services.safeguarding.check(text, current().lang)
    if person is None or found is None or step.survey is None:
        return False
    council = services.offers.catalogue.council(person.council_id)
    await say(update, context, help_text(council, found.category))
    if step.survey.anonymous:
        await say(update, context, _(
            "Your answers are anonymous, so nobody knows you wrote this. Would you like someone "
            "from the leaving care team to contact you? If you say yes, they will know it was "
            "you, but not your other answers."), keyboard([
                [(_("Yes, please contact me"),
                  callbacks.build("sv", "help", rid, found.category))],
                [(_("No, thank you"), callbacks.build("sv", "nohelp", rid))],
            ]))  # fmt: skip
        return True
    outcome = await services.safeguarding.raise_alert(person, found, text, source="survey")
    if outcome.linked:
        await say(update, context, _("I have told your PA, so someone can help you."))
        for chat in outcome.notified:
            await sweep_once(context.bot, services, chat_id=chat)
    return True


async def contact_me(update: Update, context: BotContext, rid: int, category: str) -> None:
    """An anonymous respondent asked to be contacted: alert, without their words."""
    person = context.person
    assert person is not None
    services = context.services
    if not await services.surveys.owns(person, rid):
        await fallback.stale_button(update, context)
        return
    match = Match(categories=(category,), phrase_ids=(), approximate=False)
    note = "(asked to be contacted after an anonymous survey answer; words not shared)"
    outcome = await services.safeguarding.raise_alert(person, match, note, source="survey")
    if outcome.linked:
        await show(update, context, _("Thank you. I have told your PA, so someone can help you."))
        for chat in outcome.notified:
            await sweep_once(context.bot, services, chat_id=chat)
    else:
        await show(update, context, _(
            "You are not linked to a PA in this chat, so I can't tell anyone for you. "
            "Please call one of the numbers above now."))  # fmt: skip


# --- the staff side ------------------------------------------------------------------------------
async def show_staff_surveys(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    person = context.person
    assert person is not None
    surveys = context.services.surveys.live(person.council_id)
    send = _("Send to my caseload") if person.role == "pa" else _("Send to my team")
    rows: list[list[Button]] = []
    for survey in surveys:
        rows.append([(f"📊 {title(survey)}", callbacks.build("sv", "res", survey.id))])
        rows.append([(f"✉️ {send}", callbacks.build("sv", "send", survey.id))])
    await show(update, context, _("Surveys: see the results so far, or invite young people to "
                                  "answer. Invitations respect quiet hours and wait while a "
                                  "young person is talking to their PA."),
               keyboard([*rows, back_row()]))  # fmt: skip


async def staff_button(update: Update, context: BotContext) -> None:
    person = context.person
    if person is None or not person.is_staff:
        await fallback.stale_button(update, context)
        return
    action = context.tapped.action
    if action == "staff":
        await show_staff_surveys(update, context)
        return
    survey_id = context.tapped.arg()
    service = context.services.surveys
    survey = service.surveys.get(survey_id)
    if survey is None:
        await fallback.stale_button(update, context)
        return
    back = keyboard([[(_("⬅️ Surveys"), callbacks.build("sv", "staff"))]])
    if action == "send":
        sent = await service.invite_caseload(person, survey_id)
        await acknowledge(update)
        if sent is None:
            await show(update, context, _("Sorry, you can't send this survey."), back)
            return
        await show(update, context, ngettext(
            "Invited {n} young person. They will get the invitation outside quiet hours.",
            "Invited {n} young people. They will get the invitation outside quiet hours.",
            sent).format(n=current().number(sent)), back)  # fmt: skip
        await sweep_once(context.bot, context.services)
        return
    found = await service.results(survey_id, person.council_id)
    await acknowledge(update)
    table = html.escape(results.as_table(found, survey))
    await show(update, context, f"<pre>{table[:3800]}</pre>", back)
