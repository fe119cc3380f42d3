"""Retention: nothing personal is kept longer than the rules say, and no one is surprised."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from bot.app import BotApplication
from bot.audit import AuditEntry
from bot.local_telegram import LocalTelegram
from bot.models import Person as PersonRow
from bot.retention import RetentionService
from bot.safeguarding.models import CrisisAlert
from bot.services import Services
from handlers.sweep import sweep_once
from scheduler.models import Case, Outbox
from tests.bot.test_keep_in_touch import PA_ID, YOUNG_ID
from tests.bot.test_safeguarding import crisis_line, linked_pair
from tests.support import Clock, Person


async def count(services: Services, *where: object) -> int:
    async with services.sessions() as session:
        return int(await session.scalar(select(func.count()).where(*where)) or 0)  # type: ignore[arg-type]


async def sweep(app: BotApplication, services: Services) -> None:
    await sweep_once(app.bot, services)


async def test_an_inactive_account_is_reminded_once_then_erased_and_the_pa_told_why(
    app: BotApplication,
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
    clock: Clock,
) -> None:
    pa, _young = await linked_pair(services, make_person, "en")
    # Almost 24 months of 30 days without a word: not yet.
    clock.advance(days=719, hours=23)
    assert (await services.retention.run()).reminded == 0
    clock.advance(hours=2)
    report = await services.retention.run()
    assert report.reminded == 1 and report.erased == 0
    # Running again (another worker, the next hour) adds nothing.
    again = await services.retention.run()
    assert again.reminded == 0 and again.erased == 0
    await sweep(app, services)
    reminder = transport.last(YOUNG_ID)
    # It names the day of deletion and offers a button that keeps the account.
    deadline = (clock.now + timedelta(days=30)).strftime("%-d %B %Y")
    assert "You have not used this chat for a long time" in reminder.text
    assert deadline in reminder.text
    assert [b["callback_data"] for b in reminder.buttons] == ["ret:keep"]
    # The PA, who did use the chat, is untouched; 29 days later the account is still there.
    clock.advance(days=29)
    await pa.send("/menu")
    assert (await services.retention.run()).erased == 0
    clock.advance(days=1, hours=1)
    assert (await services.retention.run()).erased == 1
    assert await count(services, PersonRow.telegram_id == YOUNG_ID) == 0
    assert await count(services, PersonRow.telegram_id == PA_ID) == 1
    assert await count(services, Case.person_id.is_not(None)) == 0
    assert await count(services, Outbox.chat_id == YOUNG_ID) == 0
    await sweep(app, services)
    assert "had not used the chat for a long time" in transport.last(PA_ID).text


async def test_coming_back_after_the_reminder_keeps_the_account(
    app: BotApplication,
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
    clock: Clock,
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    clock.advance(days=725)
    assert (await services.retention.run()).reminded == 1
    await sweep(app, services)
    assert "You have not used this chat for a long time" in transport.last(YOUNG_ID).text
    clock.advance(days=2)
    [kept] = await young.press("ret:keep")
    assert "Your account stays" in kept.text
    clock.advance(days=60)
    report = await services.retention.run()
    assert report.erased == 0 and report.reminded == 0
    assert await count(services, PersonRow.telegram_id == YOUNG_ID) == 1


async def test_crisis_words_are_erased_after_their_time_but_the_alert_stays(
    services: Services,
    make_person: Callable[..., Person],
    clock: Clock,
) -> None:
    _pa, young = await linked_pair(services, make_person, "en")
    await young.send(crisis_line("en"))
    assert await count(services, CrisisAlert.text.is_not(None)) == 1
    clock.advance(days=services.settings.crisis_text_days - 1)
    assert (await services.retention.run()).purged["crisis_text"] == 0
    clock.advance(days=2)
    assert (await services.retention.run()).purged["crisis_text"] == 1
    assert await count(services, CrisisAlert.text.is_not(None)) == 0
    assert await count(services, CrisisAlert.id.is_not(None)) == 1


async def test_audit_entries_are_kept_unless_the_council_sets_a_period(
    services: Services,
    make_person: Callable[..., Person],
    clock: Clock,
) -> None:
    pa, _young = await linked_pair(services, make_person, "en")
    await pa.send("/menu")
    await pa.tap("My caseload")
    entries = await count(services, AuditEntry.id.is_not(None))
    assert entries > 0
    clock.advance(days=4000)
    await pa.send("/menu")  # the PA stays active, so only the audit rule is in play
    assert (await services.retention.run()).audit_deleted == 0
    council_rule = services.settings.model_copy(update={"audit_days": 3650})
    retention = RetentionService(services.sessions, clock, council_rule, services.privacy)
    assert (await retention.run()).audit_deleted == entries


async def test_finished_scheduled_messages_are_deleted_after_their_time(
    app: BotApplication,
    services: Services,
    make_person: Callable[..., Person],
    clock: Clock,
) -> None:
    pa, young = await linked_pair(services, make_person, "en")
    await young.tap("My PA and meetings")
    await young.tap("I'd like to talk to my PA")
    await sweep(app, services)
    finished = await count(services, Outbox.status != "pending")
    assert finished > 0
    clock.advance(days=services.settings.outbox_keep_days - 1)
    await pa.send("/menu")
    await young.send("/menu")
    assert (await services.retention.run()).purged["outbox"] == 0
    clock.advance(days=2)
    assert (await services.retention.run()).purged["outbox"] == finished
