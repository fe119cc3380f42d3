"""Anything a person can send gets a sensible answer, never silence or a traceback."""

from __future__ import annotations

import logging

import pytest

from bot.local_telegram import LocalTelegram
from tests.support import Person


@pytest.fixture
async def ready(person: Person) -> Person:
    await person.send("/start")
    await person.tap("English")
    return person


async def test_unknown_command(ready: Person) -> None:
    [sent] = await ready.send("/frobnicate")
    assert "I don't know that command" in sent.text
    assert sent.buttons


@pytest.mark.parametrize(
    "payload",
    [
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 3}},
        {"document": {"file_id": "d1", "file_unique_id": "u4", "file_name": "cv.pdf"}},
        {"location": {"latitude": 53.1, "longitude": -2.4}},
        {"contact": {"phone_number": "+440000000000", "first_name": "Zed"}},
        {"video_note": {"file_id": "n1", "file_unique_id": "u5", "length": 240, "duration": 2}},
    ],
    ids=["sticker", "photo", "voice", "document", "location", "contact", "video_note"],
)
async def test_things_the_bot_cannot_read(ready: Person, payload: dict[str, object]) -> None:
    [sent] = await ready.send_raw(payload)
    assert "I can only read text and button taps" in sent.text
    assert "I haven't kept it" in sent.text


async def test_very_long_text(ready: Person) -> None:
    [sent] = await ready.send("help " * 900)
    assert "That's a long message" in sent.text


async def test_edited_message(ready: Person) -> None:
    [sent] = await ready.send_raw(
        {"text": "changed my mind", "edit_date": 1_764_000_100}, key="edited_message"
    )
    assert "I can't see changes to messages" in sent.text


async def test_the_language_picker_button_opens_the_picker(ready: Person) -> None:
    # A button no screen builds today, but the route accepts it: it must not fail.
    [sent] = await ready.press("lang:pick")
    assert "العربية" in sent.labels


@pytest.mark.parametrize(
    "data",
    [
        "",
        "nonsense",
        "menu:go:",
        "menu:go:../../etc",
        "lang:set:xx",
        "menu:go:offer:extra",
        "x" * 64,
        "lang:set:ar;drop table",
        "privacy:delete:maybe",
    ],
)
async def test_bad_or_stale_button_data(ready: Person, data: str) -> None:
    sent = await ready.press(data)
    assert sent, "a bad button must still get an answer"
    assert any(s.buttons for s in sent)


async def test_message_in_a_group_says_private_only(
    ready: Person, transport: LocalTelegram
) -> None:
    group = {"id": -100123, "type": "group", "title": "Friends"}
    await ready.push({"message": ready.message("hello bot", chat=group)})
    [sent] = transport.sent_to(-100123)
    assert "I only work in a private chat" in sent.text


async def test_channel_post_gets_the_same_answer(ready: Person, transport: LocalTelegram) -> None:
    channel = {"id": -100999, "type": "channel", "title": "News"}
    await ready.push(
        {"channel_post": {"message_id": 5, "date": 1_764_000_000, "chat": channel, "text": "hi"}}
    )
    assert "private chat" in transport.last(-100999).text


async def test_added_to_a_group_explains_and_leaves(
    ready: Person, transport: LocalTelegram
) -> None:
    group = {"id": -100555, "type": "supergroup", "title": "Team"}
    bot_user = {"id": 7000000001, "is_bot": True, "first_name": "Care leavers"}
    await ready.push(
        {
            "my_chat_member": {
                "chat": group,
                "from": ready.user(),
                "date": 1_764_000_000,
                "old_chat_member": {"status": "left", "user": bot_user},
                "new_chat_member": {"status": "member", "user": bot_user},
            }
        }
    )
    assert "private chat" in transport.last(-100555).text
    assert "leaveChat" in transport.methods()


async def test_a_failure_gets_an_apology_and_a_log_without_personal_data(
    ready: Person, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers import fallback

    async def broken(update: object, context: object) -> bool:
        raise ValueError("boom for Zainab 07700 900123")

    monkeypatch.setattr(fallback, "TEXT_HANDLERS", [broken])
    with caplog.at_level(logging.DEBUG):
        [sent] = await ready.send("my name is Zainab, call 07700 900123")
    assert "Sorry, something went wrong on my side" in sent.text
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ValueError" in logged
    assert "Zainab" not in logged
    assert "07700" not in logged
