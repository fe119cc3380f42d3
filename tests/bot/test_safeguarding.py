"""Help in a crisis, a person behind the bot, and a pause for automation while they talk."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.audit import AuditEntry
from bot.local_telegram import LocalTelegram
from bot.safeguarding.models import CrisisAlert
from bot.services import Services
from handlers.sweep import sweep_once
from tests.bot.test_keep_in_touch import (
    OTHER_PA_ID,
    PA_ID,
    YOUNG_ID,
    add_young_person,
    make_staff,
    schedule,
)
from tests.support import Clock, Person

DEV = Path(__file__).resolve().parents[2] / "bot" / "safeguarding" / "examples" / "dev.tsv"


def crisis_line(lang: str, label: str = "suicide_self_harm") -> str:
    """A crisis message in ``lang`` from the tuning set (never the held-out set)."""
    with DEV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["lang"] == lang and row["label"] == label:
                return row["text"]
    raise AssertionError(f"no {label} line for {lang}")


async def linked_pair(
    services: Services, make_person: Callable[..., Person], lang: str
) -> tuple[Person, Person]:
    pa = await make_staff(services, make_person, PA_ID)
    token = await add_young_person(pa)
    young = make_person(YOUNG_ID, lang)
    await young.send(f"/start {token}")
    await young.press(f"lang:set:{lang}")
    return pa, young


@pytest.mark.parametrize("lang", ["en", "ar", "ps", "ti"])
async def test_crisis_gets_help_at_once_and_the_pa_is_alerted(
    lang: str,
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
) -> None:
    pa, young = await linked_pair(services, make_person, lang)
    sent = await young.send(crisis_line(lang))
    everything = "\n".join(s.text for s in sent)
    for number in ("999", "116 123", "85258", "0800 1111", "01234 999999"):
        assert number in everything, number
    alert = transport.last(PA_ID)
    assert "AB may need urgent help" in alert.text
    [read] = await pa.tap("Read the message")
    assert crisis_line(lang) in read.text
    async with services.sessions() as session:
        reads = (
            (
                await session.execute(
                    select(AuditEntry.allowed).where(AuditEntry.action == "read_crisis_message")
                )
            )
            .scalars()
            .all()
        )
    assert reads == [True]


async def test_a_crisis_in_words_no_phrase_holds_still_gets_help_and_an_alert(
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
) -> None:
    """The example check, behind the lexicons, in the real chat: same help, same alert."""
    words = "i dont see the point of anything any more"
    assert services.safeguarding.lexicon.match_phrases(words, "en") is None
    _pa, young = await linked_pair(services, make_person, "en")
    sent = await young.send(words)
    assert "116 123" in "\n".join(s.text for s in sent)
    assert "AB may need urgent help" in transport.last(PA_ID).text
    async with services.sessions() as session:
        [category] = (await session.execute(select(CrisisAlert.category))).scalars().all()
    assert category == "suicide_self_harm"
    ordinary = await young.send("can we meet on tuesday at the library")
    assert "116 123" not in "\n".join(s.text for s in ordinary)


async def test_a_newcomer_in_crisis_gets_help_before_anything_else(
    make_person: Callable[..., Person],
) -> None:
    stranger = make_person(7777, "en")
    sent = await stranger.send("i want to kill myself")
    assert "116 123" in sent[0].text
    assert "not linked to a PA" in sent[1].text
    assert not any("Choose your language" in s.text for s in sent)


async def test_one_alert_an_hour_but_help_every_time(
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
    clock: Clock,
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    for _ in range(3):
        sent = await young.send("i want to die")
        assert "116 123" in sent[0].text
    alerts = [s for s in transport.sent_to(PA_ID) if "may need urgent help" in s.text]
    assert len(alerts) == 1
    clock.advance(hours=1, minutes=1)
    await young.send("i want to die")
    alerts = [s for s in transport.sent_to(PA_ID) if "may need urgent help" in s.text]
    assert len(alerts) == 2


async def test_another_pa_cannot_read_the_message(
    services: Services,
    make_person: Callable[..., Person],
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    await young.send("i want to die")
    other = await make_staff(services, make_person, OTHER_PA_ID, team="South", name="Kim")
    async with services.sessions() as session:
        alert_id = await session.scalar(select(CrisisAlert.id))
    [refused] = await other.press(f"sg:see:{alert_id}")
    assert "can't see this message" in refused.text
    assert "die" not in refused.text


async def test_talking_to_the_pa_relays_both_ways_and_pauses_nudges(
    app: object,
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
    clock: Clock,
) -> None:
    clock.now = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)  # a Tuesday, office hours
    pa, young = await linked_pair(services, make_person, "en")
    await young.tap("My PA and meetings")
    [opened] = await young.tap("I'd like to talk to my PA")
    assert "Write your message here" in opened.text
    assert "office hours" not in opened.text
    assert transport.last(PA_ID).text == "AB would like to talk to you."
    [ack] = await young.send("can we meet about college")
    assert ack.text == "Sent to your PA."
    relay = transport.last(PA_ID)
    assert "can we meet about college" in relay.text
    await pa.tap("Reply")
    await pa.send("yes, thursday at 2?")
    assert "yes, thursday at 2?" in young.last().text
    # While they talk, a check-in notice waits.
    await schedule(pa)
    result = await sweep_once(app.bot, services)  # type: ignore[attr-defined]
    assert result.get("paused") == 1
    await young.tap("End the conversation")
    clock.advance(hours=1, minutes=1)
    await sweep_once(app.bot, services)  # type: ignore[attr-defined]
    assert "Your PA would like to meet" in young.last().text


async def test_outside_office_hours_the_young_person_is_told_when(
    services: Services,
    make_person: Callable[..., Person],
    clock: Clock,
) -> None:
    clock.now = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)  # Saturday night
    _pa, young = await linked_pair(services, make_person, "en")
    await young.tap("My PA and meetings")
    [opened] = await young.tap("I'd like to talk to my PA")
    assert "they will see it from Monday 30 November, 09:00" in opened.text
    assert "116 123" in opened.text


async def test_a_flood_gets_one_slow_down_but_crisis_still_gets_help(
    services: Services,
    make_person: Callable[..., Person],
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    answers = []
    for n in range(25):
        answers += await young.send(f"hello {n}")
    slow = [a for a in answers if "slow down" in a.text]
    assert len(slow) == 1
    assert len(answers) <= 22
    sent = await young.send("i want to die")
    assert "116 123" in sent[0].text


async def test_mydata_and_delete_cover_urgent_help(
    services: Services,
    make_person: Callable[..., Person],
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    await young.send("i want to die")
    [shown, _file] = await young.send("/mydata")
    assert "times_we_offered_urgent_help" in shown.text
    await young.send("/delete")
    await young.tap("Yes, delete it")
    async with services.sessions() as session:
        alert = (await session.execute(select(CrisisAlert))).scalar_one()
    assert alert.text is None
    assert alert.person_id is None
    assert alert.category == "suicide_self_harm"


async def test_old_crisis_words_are_purged(
    services: Services,
    make_person: Callable[..., Person],
    clock: Clock,
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    await young.send("i want to die")
    clock.advance(days=91)
    assert await services.safeguarding.purge_text(90) == 1
    async with services.sessions() as session:
        alert = (await session.execute(select(CrisisAlert))).scalar_one()
    assert alert.text is None
    assert alert.at < clock.now - timedelta(days=90)
