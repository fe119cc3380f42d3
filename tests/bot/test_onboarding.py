"""Onboarding through the real Application: greeting, privacy notice, language, menu."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.i18n import LANGUAGE_NAMES
from bot.models import Person as PersonRow
from bot.services import Services
from tests.support import Person


async def test_start_shows_privacy_notice_and_ten_languages(person: Person) -> None:
    [sent] = await person.send("/start")
    assert "Your privacy, in short" in sent.text
    assert "/delete" in sent.text
    assert sent.labels == list(LANGUAGE_NAMES.values())
    assert sent.labels[:2] == ["English", "العربية"]
    assert "دری" in sent.labels
    assert "کوردیی ناوەندی" in sent.labels
    assert "ትግርኛ" in sent.labels


async def test_choosing_a_language_records_agreement_and_shows_the_menu(
    person: Person, services: Services
) -> None:
    await person.send("/start")
    shown = await person.tap("English")
    menu = shown[-1]
    assert menu.text == "What would you like to do?"
    assert len(menu.labels) == 6
    assert any("Local offer" in label for label in menu.labels)
    async with services.sessions() as session:
        row = (
            await session.execute(select(PersonRow).where(PersonRow.telegram_id == 1001))
        ).scalar_one()
    assert row.language == "en"
    assert row.consented_at is not None
    assert row.council_id == "testshire"


async def test_nothing_works_before_a_language_is_chosen(person: Person) -> None:
    [sent] = await person.send("what can I get")
    assert "Choose your language" in sent.text
    assert sent.labels == list(LANGUAGE_NAMES.values())


async def test_a_returning_person_goes_straight_to_the_menu(person: Person) -> None:
    await person.send("/start")
    await person.tap("English")
    sent = await person.send("/start")
    assert sent[0].text == "Welcome back!"
    assert sent[-1].text == "What would you like to do?"


async def test_telegram_language_only_suggests(make_person: Callable[..., Person]) -> None:
    visitor = make_person(2002, "ar")
    [sent] = await visitor.send("/start")
    # The picker is offered whatever Telegram suggests: choosing is the person's.
    assert sent.labels == list(LANGUAGE_NAMES.values())


async def test_language_menu_reachable_from_menu(person: Person) -> None:
    await person.send("/start")
    await person.tap("English")
    [picker] = await person.tap("Language")
    assert picker.labels == list(LANGUAGE_NAMES.values())
    [menu] = (await person.tap("Shqip"))[-1:]
    assert menu.buttons


async def test_unknown_invite_token_is_explained_kindly(person: Person) -> None:
    sent = await person.send("/start abcdefghijklmnopqrstuvwxyz123456")
    assert "I don't recognise this link" in sent[0].text
    assert sent[-1].labels == list(LANGUAGE_NAMES.values())


async def test_help_lists_crisis_lines(person: Person) -> None:
    await person.send("/start")
    await person.tap("English")
    [sent] = await person.send("/help")
    for number in ("999", "116 123", "85258", "0800 1111"):
        assert number in sent.text
