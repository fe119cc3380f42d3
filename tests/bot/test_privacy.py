"""/privacy, /mydata and /delete as a young person uses them."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.local_telegram import LocalTelegram
from bot.models import Person as PersonRow
from bot.services import Services
from tests.support import Person


async def _ready(person: Person) -> None:
    await person.send("/start")
    await person.tap("English")


async def test_privacy_shows_the_notice_again(person: Person) -> None:
    await _ready(person)
    [sent] = await person.send("/privacy")
    assert "Your privacy, in short" in sent.text


async def test_mydata_shows_everything_as_text_and_a_file(
    person: Person, transport: LocalTelegram
) -> None:
    await _ready(person)
    sent = await person.send("/mydata")
    assert "This is everything I keep about you" in sent[0].text
    assert "language: en" in sent[0].text
    assert "council: testshire" in sent[0].text
    assert sent[1].document == "my-data.json"
    [(_, params)] = [call for call in transport.calls if call[0] == "sendDocument"]
    assert params["chat_id"] == 1001


async def test_mydata_for_a_stranger(make_person: object) -> None:
    stranger = make_person(3003)  # type: ignore[operator]
    [sent] = await stranger.send("/mydata")
    assert "I don't hold anything about you" in sent.text


async def test_delete_asks_first_and_no_keeps_everything(
    person: Person, services: Services
) -> None:
    await _ready(person)
    [question] = await person.send("/delete")
    assert "what the law requires" in question.text or "as the law requires" in question.text
    [answer] = await person.tap("No, keep it")
    assert "nothing was deleted" in answer.text
    async with services.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(PersonRow).where(PersonRow.telegram_id == 1001)
        )
    assert count == 1


async def test_delete_erases_the_person(person: Person, services: Services) -> None:
    await _ready(person)
    await person.send("/delete")
    [answer] = await person.tap("Yes, delete it")
    assert "I have deleted what I kept about you" in answer.text
    async with services.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(PersonRow).where(PersonRow.telegram_id == 1001)
        )
    assert count == 0
    # Coming back starts afresh, with the notice and the picker.
    [again] = await person.send("hello")
    assert "Choose your language" in again.text


async def test_export_is_json_serialisable(person: Person, services: Services) -> None:
    await _ready(person)
    data = await services.privacy.export(1001)
    assert data is not None
    text = json.dumps(data)
    assert '"language": "en"' in text
