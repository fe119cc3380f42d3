"""Surveys through the real Application: every kind, skip, back, stop and resume, stale
buttons, anonymity, crisis words, invitations, deletion, results and "you said, we did"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import BotApplication
from bot.local_telegram import LocalTelegram, Sent
from bot.safeguarding.models import CrisisAlert
from bot.services import Services
from handlers.sweep import sweep_once
from surveys.definitions import load_survey
from surveys.models import SurveyAnswer, SurveyInvite, SurveyResponse
from tests.bot.test_keep_in_touch import PA_ID, YOUNG_ID
from tests.bot.test_safeguarding import crisis_line, linked_pair
from tests.support import Clock, Person

KINDS = Path(__file__).resolve().parents[1] / "data" / "surveys" / "test-kinds.toml"


@pytest.fixture
def kinds(services: Services) -> str:
    survey = load_survey(KINDS)
    services.surveys.surveys[survey.id] = survey
    return survey.id


async def start(person: Person, survey_id: str) -> Sent:
    await person.press(f"sv:open:{survey_id}")
    [first] = await person.press(f"sv:go:{survey_id}")
    return first


def data_of(sent: Sent, label: str) -> str:
    for button in sent.buttons:
        if str(button["text"]).endswith(label):
            return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {sent.labels}")


async def tap(person: Person, label: str) -> Sent:
    screen = person.last_with_buttons()
    answers = await person.press(data_of(screen, label), screen.message_id)
    return answers[-1]


async def skip_to_the_end(person: Person) -> None:
    """Press Skip (found by its data, so in any language) until the survey is finished."""
    while True:
        screen = person.last_with_buttons()
        skips = [b for b in screen.buttons if str(b["callback_data"]).startswith("sv:skip:")]
        if not skips:
            return
        await person.press(str(skips[0]["callback_data"]), screen.message_id)


async def answers_of(services: Services, response_id: int | None = None) -> dict[str, object]:
    async with services.sessions() as session:
        rows = await session.execute(select(SurveyAnswer))
        return {a.question_id: (a.choices, a.text) for a in rows.scalars()
                if response_id is None or a.response_id == response_id}  # fmt: skip


async def test_every_kind_of_question_skip_logic_back_and_finish(
    kinds: str, person: Person, services: Services
) -> None:
    await person.send("/start")
    await person.tap("English")
    first = await start(person, kinds)
    assert "Question 1 of 4" in first.text and "Pick a number." in first.text
    assert first.labels[:5] == ["1", "2", "3", "4", "5"]
    assert "⬅️ Back" not in first.labels
    second = await tap(person, "4")
    assert "Question 2 of 4" in second.text and "Do you have a pet?" in second.text
    third = await tap(person, "Yes")  # skip logic: the pet's name is asked now
    assert "Question 3 of 5" in third.text and "up to 20 characters" in third.text
    [refused] = await person.send("A name much longer than twenty letters")
    assert "the limit is 20" in refused.text
    [colour] = await person.send("Biscuit")
    assert "Favourite colour?" in colour.text
    back = await tap(person, "Back")
    assert "What is your pet called?" in back.text
    await tap(person, "Skip")
    foods = await tap(person, "Blue")
    assert "Foods you like?" in foods.text
    toggled = await tap(person, "Rice")
    assert "✅ Rice" in toggled.labels
    toggled = await tap(person, "Beans")
    toggled = await tap(person, "Rice")  # and off again
    assert "▫️ Rice" in toggled.labels and "✅ Beans" in toggled.labels
    done = await tap(person, "Done")
    assert "Thanks for testing." in done.text
    stored = await answers_of(services)
    assert stored == {
        "scale": (["4"], None),
        "pet": (["yes"], None),
        "pet-name": ([], None),  # skipped after going back
        "colour": (["blue"], None),
        "foods": (["beans"], None),
    }
    [again] = await person.press(f"sv:go:{kinds}")
    assert "already answered" in again.text


async def test_stop_and_resume_where_they_left_and_typing_is_redirected_kindly(
    kinds: str, person: Person, services: Services
) -> None:
    await person.send("/start")
    await person.tap("English")
    await start(person, kinds)
    await tap(person, "2")
    reminded = await person.send("what do I press")
    assert "Please answer with the buttons below" in reminded[0].text
    assert "Do you have a pet?" in reminded[-1].text
    stopped = await tap(person, "Stop")
    assert "carry on from where you stopped" in stopped.text
    # The answer given before stopping is stored; typing now is an ordinary question again.
    assert (await answers_of(services))["scale"] == (["2"], None)
    await person.send("/menu")
    resumed = await start(person, kinds)
    assert "Question 2 of 4" in resumed.text and "Do you have a pet?" in resumed.text


async def test_old_buttons_finished_surveys_and_other_peoples_responses_change_nothing(
    kinds: str, make_person: Callable[..., Person], services: Services
) -> None:
    ana, bo = make_person(3001), make_person(3002)
    for someone in (ana, bo):
        await someone.send("/start")
        await someone.tap("English")
    first = await start(ana, kinds)
    old_button = data_of(first, "5")
    await tap(ana, "3")
    # A tap on the first question's button, now that the second is asked.
    answers = await ana.press(old_button)
    assert any("earlier question" in a.text or "Do you have a pet?" in a.text for a in answers)
    assert (await answers_of(services))["scale"] == (["3"], None)
    # Bo forges Ana's response id.
    response_id = old_button.split(":")[2]
    forged = await bo.press(f"sv:ans:{response_id}:pet:yes")
    assert not any("pet" in a.text.lower() for a in forged)
    assert "pet" not in await answers_of(services)
    # The survey changes version while Ana is halfway: her answers stay, she starts afresh.
    survey = services.surveys.surveys[kinds]
    services.surveys.surveys[kinds] = type(survey)(**{**survey.__dict__, "version": 2})
    changed = await ana.press(f"sv:ans:{response_id}:pet:no")
    assert any("has changed since you started" in a.text for a in changed)
    assert (await answers_of(services))["scale"] == (["3"], None)


async def test_anonymous_answers_name_no_one_and_crisis_words_get_help_and_a_choice(
    person: Person, services: Services, transport: LocalTelegram, app: BotApplication
) -> None:
    await person.send("/start")
    await person.tap("English")
    await start(person, "how-are-we-doing")
    await tap(person, "10")
    await tap(person, "Never")
    help_given = await person.send(crisis_line("en"))
    everything = "\n".join(s.text for s in help_given)
    assert "116 123" in everything
    assert "Would you like someone from the leaving care team to contact you?" in everything
    async with services.sessions() as session:
        assert (await session.execute(select(CrisisAlert))).first() is None, "alerted unasked"
        response = (await session.execute(select(SurveyResponse))).scalar_one()
        assert response.person_id is None and response.case_id is None
        assert response.pseudonym is not None and str(person.user_id) not in response.pseudonym
    # The schema itself: no column of an answer or a response points at a person except the
    # named-survey person id, which anonymous responses leave empty.
    columns = set(SurveyAnswer.__table__.columns.keys())
    assert not {"person_id", "telegram_id", "case_id"} & columns
    # The words are the answer to "What would help you feel listened to?"; the survey goes on.
    stored = await answers_of(services)
    assert stored["listened-help"] == ([], crisis_line("en"))
    assert any("Do you know what help you can get from us?" in s.text for s in help_given)
    no_thanks = [b for s in help_given for b in s.buttons if b["text"] == "No, thank you"]
    [answer] = await person.press(str(no_thanks[0]["callback_data"]))
    assert "Nobody will be told" in answer.text
    async with services.sessions() as session:
        assert (await session.execute(select(CrisisAlert))).first() is None


async def test_an_anonymous_respondent_can_ask_to_be_contacted(
    services: Services, make_person: Callable[..., Person], transport: LocalTelegram
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    await start(young, "how-are-we-doing")
    await tap(young, "2")
    await tap(young, "Sometimes")
    help_given = await young.send(crisis_line("en"))
    yes = [b for s in help_given for b in s.buttons if b["text"] == "Yes, please contact me"]
    await young.press(str(yes[0]["callback_data"]))
    async with services.sessions() as session:
        alert = (await session.execute(select(CrisisAlert))).scalar_one()
    assert alert.source == "survey"
    assert crisis_line("en") not in (alert.text or ""), "the words were not shared"
    assert "AB may need urgent help" in transport.last(PA_ID).text


async def test_staff_invite_their_caseload_then_see_results_with_small_numbers_hidden(
    services: Services, make_person: Callable[..., Person], transport: LocalTelegram
) -> None:
    pa, young = await linked_pair(services, make_person, "en")
    await pa.send("/menu")
    await pa.tap("📊 Surveys")
    [sent] = await pa.tap("✉️ Send to my caseload")
    assert "Invited 1 young person" in sent.text
    invitation = transport.last(YOUNG_ID)
    assert "We'd like to hear what you think: “How are we doing?”" in invitation.text
    opened = await young.tap("Open the survey")
    assert "It is anonymous" in opened[-1].text
    # Sending again does not invite twice.
    await pa.tap("⬅️ Surveys")
    [again] = await pa.tap("✉️ Send to my caseload")
    assert "Invited 0 young people" in again.text
    await pa.tap("⬅️ Surveys")
    [report] = await pa.tap("📊 How are we doing?")
    assert "invited" in report.text and "<5" in report.text


async def test_after_a_check_in_one_question_at_most_every_30_days(
    services: Services, make_person: Callable[..., Person], clock: Clock, app: BotApplication
) -> None:
    pa, young = await linked_pair(services, make_person, "en")
    from scheduler.models import Case

    async with services.sessions() as session:
        case_id = int(await session.scalar(select(Case.id)) or 0)
    assert await services.surveys.invite_after_checkin(case_id) is True
    assert await services.surveys.invite_after_checkin(case_id) is False
    clock.advance(days=31)
    assert await services.surveys.invite_after_checkin(case_id) is True
    async with services.sessions() as session:
        reasons = (await session.execute(select(SurveyInvite.reason))).scalars().all()
    assert reasons == ["after-checkin", "after-checkin"]
    await sweep_once(app.bot, services)
    [intro] = await young.press("sv:open:after-checkin")
    assert "It is not anonymous: your PA will see your answers" in intro.text
    [first] = await young.press("sv:go:after-checkin")
    assert "Question 1 of 2" in first.text and "How was it?" in first.text
    await tap(young, "2")
    alerted = await young.send(crisis_line("en"))
    assert any("I have told your PA" in s.text for s in alerted), "named survey: the PA is told"
    assert "AB may need urgent help" in pa.last().text


async def test_deleting_leaves_only_anonymous_counts(
    services: Services, make_person: Callable[..., Person]
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    from scheduler.models import Case

    async with services.sessions() as session:
        case_id = int(await session.scalar(select(Case.id)) or 0)
    await services.surveys.invite_after_checkin(case_id)
    await start(young, "after-checkin")
    await tap(young, "4")
    await young.send("it was fine, thanks")
    await young.send("/delete")
    await young.tap("Yes, delete")
    async with services.sessions() as session:
        response = (await session.execute(select(SurveyResponse))).scalar_one()
        answers = (await session.execute(select(SurveyAnswer))).scalars().all()
    assert response.person_id is None and response.case_id is None
    assert response.status == "completed"
    assert sorted((a.question_id, a.choices, a.text) for a in answers) == [
        ("comment", [], None),
        ("rating", ["4"], None),
    ]


async def test_you_said_we_did_reaches_anonymous_respondents_in_their_language(
    services: Services, make_person: Callable[..., Person], app: BotApplication,
    transport: LocalTelegram,
) -> None:  # fmt: skip
    answered, other = make_person(4001, "ar"), make_person(4002)
    for someone, lang in ((answered, "ar"), (other, "en")):
        await someone.send("/start")
        await someone.press(f"lang:set:{lang}")
    await start(answered, "how-are-we-doing")
    await skip_to_the_end(answered)
    queued = await services.surveys.publish(
        "how-are-we-doing",
        "testshire",
        {"en": "We now answer within a day.", "ar": "نرد الآن خلال يوم."},
    )
    assert queued == 1
    await sweep_once(app.bot, services)
    assert "نرد الآن خلال يوم." in transport.last(4001).text
    assert not any("within a day" in s.text for s in transport.sent_to(4002))


async def test_the_seed_figures_come_out_as_the_council_reported_them(
    services: Services, make_person: Callable[..., Person]
) -> None:
    """Seed 001, lines 44–45: 79 ratings (34 × 10, 31 in 6–9, 14 in 0–5) and 80 answers
    to "listened to" (54 always, 21 sometimes, 5 never), fed through the bot."""
    ratings = ["10"] * 34 + ["6", "7", "8", "9"] * 7 + ["8", "9", "7"] + ["0", "3", "5"] * 4 \
        + ["4", "2"] + [None]  # fmt: skip
    listened = ["Always"] * 54 + ["Sometimes"] * 21 + ["Never"] * 5
    assert len(ratings) == len(listened) == 80 and ratings.count(None) == 1
    for n, (rating, heard) in enumerate(zip(ratings, listened, strict=True)):
        young = make_person(50_000 + n)
        await young.send("/start")
        await young.tap("English")
        await start(young, "how-are-we-doing")
        await tap(young, rating if rating is not None else "Skip")
        await tap(young, heard)
        await skip_to_the_end(young)
    found = await services.surveys.results("how-are-we-doing")
    from surveys import results

    rows = results.rows(found, services.surveys.surveys["how-are-we-doing"])
    assert ["pa-support", "band 10", "34", "43%"] in rows
    assert ["pa-support", "band 6-9", "31", "39%"] in rows
    assert ["pa-support", "band 0-5", "14", "18%"] in rows
    assert ["listened", "Always", "54", "68%"] in rows
    assert ["listened", "Sometimes", "21", "26%"] in rows
    assert ["listened", "Never", "5", "6%"] in rows
    assert ["(responses)", "completed", "80", ""] in rows
