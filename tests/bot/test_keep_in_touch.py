"""Keep in touch through the real Application: a PA invites a young person, schedules a
check-in, the young person answers, reminders arrive, the PA records contact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.audit import AuditEntry
from bot.invites import InviteService
from bot.local_telegram import LocalTelegram
from bot.services import Services
from handlers.sweep import sweep_once
from scheduler.models import Case, Contact, Outbox
from tests.support import Clock, Person

PA_ID, YOUNG_ID, OTHER_PA_ID = 5001, 5002, 5003


async def make_staff(
    services: Services,
    make_person: Callable[..., Person],
    user_id: int,
    team: str = "North",
    role: str = "pa",
    name: str = "Sam",
) -> Person:
    token = await InviteService(services.sessions, services.clock).invite_staff(
        "testshire", team, role, days=14
    )
    staff = make_person(user_id)
    await staff.send(f"/start {token}")
    [question] = await staff.tap("English")
    assert "What name should young people see for you?" in question.text
    [thanks] = await staff.send(name)
    assert name in thanks.text
    return staff


async def add_young_person(pa: Person, label: str = "AB", dob: str = "02/03/2007") -> str:
    await pa.send("/menu")
    await pa.tap("Add a young person")
    await pa.send(label)
    await pa.send(dob)
    await pa.tap("Former relevant (18–25)")
    await pa.tap("No")  # council does not provide accommodation
    await pa.tap("Skip")  # last move
    [added] = await pa.tap("Skip")  # next review
    assert f"Added {label}." in added.text
    return added.text.split("https://t.me/careleaver_test_bot?start=")[1].split()[0]


async def test_add_form_names_statuses_and_refuses_impossible_dates(
    services: Services, make_person: Callable[..., Person]
) -> None:
    pa = await make_staff(services, make_person, PA_ID)
    await pa.send("/menu")
    await pa.tap("Add a young person")
    await pa.send("CD")
    [answer] = await pa.send("31/02/2008")
    assert "That date doesn't exist" in answer.text
    [answer] = await pa.send("24/12/1970")
    assert "doesn't look like a date of birth" in answer.text
    [status] = await pa.send("24/12/2008")
    assert status.labels[:4] == [
        "Eligible (16–17, still in care)",
        "Relevant (16–17, left care)",
        "Former relevant (18–25)",
        "Qualifying",
    ]
    await pa.tap("Qualifying")
    await pa.tap("Yes")
    [answer] = await pa.send("30/02/2026")
    assert "That date doesn't exist" in answer.text
    [answer] = await pa.send("soon")
    assert "Please type a date like" in answer.text


@pytest.fixture
async def linked(services: Services, make_person: Callable[..., Person]) -> tuple[Person, Person]:
    pa = await make_staff(services, make_person, PA_ID)
    token = await add_young_person(pa)
    young = make_person(YOUNG_ID)
    await young.send(f"/start {token}")
    await young.tap("English")
    return pa, young


async def schedule(
    pa: Person, day_label_index: int = 2, time_label: str = "14:30", kind: str = "A visit"
) -> str:
    await pa.send("/caseload")
    await pa.tap("AB")
    await pa.tap("Schedule a check-in")
    picker = pa.last_with_buttons()
    await pa.press(str(picker.buttons[day_label_index]["callback_data"]), picker.message_id)
    await pa.tap(time_label)
    [booked] = await pa.tap(kind)
    return booked.text


async def sweep(app: object, services: Services) -> dict[str, int]:
    return dict(await sweep_once(app.bot, services))  # type: ignore[attr-defined]


async def test_pa_invite_link_joins_the_young_person(
    linked: tuple[Person, Person], services: Services
) -> None:
    _pa, young = linked
    me = await services.people.load(YOUNG_ID)
    assert me is not None
    link = await services.links.link_of(me)
    assert link is not None
    assert (link.label, link.pa_name) == ("AB", "Sam")
    [screen] = await young.tap("My PA and meetings")
    assert "Your PA: Sam" in screen.text


async def test_reusing_the_young_persons_link_is_refused_kindly(
    services: Services, make_person: Callable[..., Person]
) -> None:
    pa = await make_staff(services, make_person, PA_ID)
    token = await add_young_person(pa)
    await make_person(YOUNG_ID).send(f"/start {token}")
    [problem, *_] = await make_person(6000).send(f"/start {token}")
    assert "already been used" in problem.text


async def test_check_in_notice_answer_reminders_and_outcome(
    linked: tuple[Person, Person],
    app: object,
    services: Services,
    clock: Clock,
    transport: LocalTelegram,
) -> None:
    pa, young = linked
    booked = await schedule(pa)
    assert "Booked: a visit with AB" in booked
    assert (await sweep(app, services)).get("sent") == 1
    notice = young.last()
    assert "Your PA would like to meet: a visit" in notice.text
    assert notice.labels == ["Yes, see you then", "I need to change it", "Please call me"]
    await young.tap("Yes, see you then")
    await sweep(app, services)
    assert "AB answered about the check-in" in transport.last(PA_ID).text
    assert "Yes, see you then" in transport.last(PA_ID).text

    async with services.sessions() as session:
        checkin_at = await session.scalar(
            select(Outbox.due_at).where(Outbox.kind == "outcome_prompt")
        )
    assert checkin_at is not None
    clock.now = checkin_at - timedelta(hours=1) - timedelta(hours=24) + timedelta(minutes=1)
    await sweep(app, services)
    assert young.last().text.startswith("Reminder: a visit with your PA")
    clock.now = checkin_at - timedelta(hours=1) - timedelta(hours=2) + timedelta(minutes=1)
    await sweep(app, services)
    assert young.last().text.startswith("Reminder")
    clock.now = checkin_at + timedelta(minutes=1)
    await sweep(app, services)
    prompt = transport.last(PA_ID)
    assert prompt.text.startswith("Did you make contact with AB")
    [case_screen] = await pa.tap("Yes – visit")
    assert "AB" in case_screen.text
    async with services.sessions() as session:
        contacts = list((await session.execute(select(Contact))).scalars())
    assert [(c.kind, c.made) for c in contacts] == [("visit", True)]


async def test_young_person_can_ask_to_talk(
    linked: tuple[Person, Person], app: object, services: Services, transport: LocalTelegram
) -> None:
    _pa, young = linked
    await young.tap("My PA and meetings")
    [told] = await young.tap("I'd like to talk to my PA")
    assert "I've told your PA" in told.text
    await sweep(app, services)
    assert transport.last(PA_ID).text == "AB would like to talk to you."


async def test_record_contact_outside_the_bot(
    linked: tuple[Person, Person], services: Services
) -> None:
    pa, _young = linked
    await pa.send("/caseload")
    await pa.tap("AB")
    await pa.tap("Record contact")
    await pa.tap("A phone call")
    [screen] = await pa.tap("Yesterday")
    assert "AB" in screen.text
    async with services.sessions() as session:
        made = (await session.execute(select(Contact.kind, Contact.made))).all()
    assert made == [("call", True)]


@pytest.mark.parametrize("typed", ["31/02 10:00", "yesterday 10:00", "blah", "01/01/2020 09:00"])
async def test_bad_typed_times_are_refused_clearly(
    linked: tuple[Person, Person], typed: str
) -> None:
    pa, _young = linked
    await pa.send("/caseload")
    await pa.tap("AB")
    await pa.tap("Schedule a check-in")
    [answer] = await pa.send(typed)
    assert any(
        phrase in answer.text
        for phrase in ("doesn't exist", "already passed", "couldn't read", "more than a year")
    )


async def test_typed_time_books(linked: tuple[Person, Person]) -> None:
    pa, _young = linked
    await pa.send("/caseload")
    await pa.tap("AB")
    await pa.tap("Schedule a check-in")
    [kinds] = await pa.send("tomorrow 15:30")
    assert "what kind of check-in" in kinds.text
    [booked] = await pa.tap("A phone call")
    assert "Booked: a phone call with AB" in booked.text


async def test_staff_buttons_refused_for_others_and_audited(
    linked: tuple[Person, Person], services: Services, make_person: Callable[..., Person]
) -> None:
    _pa, young = linked
    async with services.sessions() as session:
        case_id = await session.scalar(select(Case.id))
    other = await make_staff(services, make_person, OTHER_PA_ID, team="South", name="Kim")
    for who in (young, other):
        for data in (
            f"staff:case:{case_id}",
            f"form:sched:{case_id}",
            f"form:rec:{case_id}",
            f"staff:inv:{case_id}",
            f"staff:ho:{case_id}",
            f"form:moved:{case_id}",
        ):
            sent = await who.press(data)
            assert any("only for staff who work with this young person" in s.text for s in sent)
            assert not any("AB" in s.text for s in sent)
    async with services.sessions() as session:
        refused = (
            (await session.execute(select(AuditEntry.action).where(AuditEntry.allowed.is_(False))))
            .scalars()
            .all()
        )
    assert len(refused) >= 6


async def test_blocked_bot_marks_unreachable_and_tells_the_pa(
    linked: tuple[Person, Person], app: object, services: Services, transport: LocalTelegram
) -> None:
    pa, _young = linked
    await schedule(pa)
    transport.blocked.add(YOUNG_ID)
    result = await sweep(app, services)
    assert result.get("blocked") == 1
    await sweep(app, services)
    assert "We couldn't reach AB" in transport.last(PA_ID).text
    [caseload] = await pa.send("/caseload")
    assert "⚫" in caseload.labels[0]


async def test_quiet_hours_hold_nudges_until_morning(
    linked: tuple[Person, Person], app: object, services: Services, clock: Clock
) -> None:
    pa, young = linked
    clock.now = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 22:30 in London (GMT)
    before = len(young.screen())
    await schedule(pa, day_label_index=3)
    result = await sweep(app, services)
    assert result.get("sent", 0) == 0
    assert len(young.screen()) == before
    clock.now = datetime(2026, 11, 25, 8, 1, tzinfo=UTC)
    await sweep(app, services)
    assert "Your PA would like to meet" in young.last().text


async def test_telegram_asking_to_slow_down_is_honoured(
    linked: tuple[Person, Person],
    app: object,
    services: Services,
    clock: Clock,
    transport: LocalTelegram,
) -> None:
    pa, young = linked
    await schedule(pa)
    transport.retry_after.append(30)
    assert (await sweep(app, services)).get("retry_after") == 1
    async with services.sessions() as session:
        row = (
            await session.execute(select(Outbox).where(Outbox.kind == "checkin_notice"))
        ).scalar_one()
    assert row.status == "pending"
    assert row.due_at >= clock.now + timedelta(seconds=30)
    clock.advance(seconds=31)
    await sweep(app, services)
    assert "Your PA would like to meet" in young.last().text


async def test_messages_due_while_down_are_sent_or_dropped_after_restart(
    linked: tuple[Person, Person], app: object, services: Services, clock: Clock
) -> None:
    pa, _young = linked
    await schedule(pa)  # notice due now; reminders and the PA prompt later
    clock.advance(days=10)  # the bot was down; the check-in has passed
    result = await sweep(app, services)
    # The notice and both reminders no longer make sense; the PA's question still does.
    assert result.get("checkin_past") == 3
    assert result.get("sent") == 1


async def test_late_reminders_collapse_into_one(
    linked: tuple[Person, Person], app: object, services: Services, clock: Clock
) -> None:
    pa, young = linked
    await schedule(pa)
    await sweep(app, services)  # the notice
    async with services.sessions() as session:
        outcome_due = await session.scalar(
            select(Outbox.due_at).where(Outbox.kind == "outcome_prompt")
        )
    assert outcome_due is not None
    clock.now = outcome_due - timedelta(hours=1, minutes=30)  # both reminders now overdue
    result = await sweep(app, services)
    assert result == {"reminder_superseded": 1, "sent": 1}
    assert young.last().text.startswith("Reminder")


async def test_overdue_prompt_once_and_weekly_digest(
    linked: tuple[Person, Person],
    app: object,
    services: Services,
    clock: Clock,
    transport: LocalTelegram,
) -> None:
    # No contact since the PA added them: the council's 8-week standard runs from that day.
    clock.advance(days=50)
    assert await services.caseload.prompt_newly_overdue() == 0
    clock.advance(days=10)
    assert await services.caseload.prompt_newly_overdue() == 1
    assert await services.caseload.prompt_newly_overdue() == 0
    await sweep(app, services)
    assert "AB is now overdue for contact" in transport.last(PA_ID).text
    clock.now = datetime(2027, 1, 25, 8, 30, tzinfo=UTC)  # the next Monday morning
    assert await services.caseload.queue_digests() == 1
    assert await services.caseload.queue_digests() == 0  # once a week
    await sweep(app, services)
    digest = transport.last(PA_ID).text
    assert digest.startswith("Your week")
    assert "AB — overdue" in digest


async def test_hand_over_tells_the_young_person(
    linked: tuple[Person, Person],
    app: object,
    services: Services,
    make_person: Callable[..., Person],
) -> None:
    pa, young = linked
    await make_staff(services, make_person, OTHER_PA_ID, team="North", name="Kim")
    await pa.send("/caseload")
    await pa.tap("AB")
    [choices] = await pa.tap("Hand over")
    assert choices.labels[0] == "Kim"
    [done] = await pa.tap("Kim")
    assert "has been told who their new PA is" in done.text
    await sweep(app, services)
    assert young.last().text == "You have a new PA: Kim. They will be in touch soon."
    me = await services.people.load(YOUNG_ID)
    assert me is not None
    link = await services.links.link_of(me)
    assert link is not None
    assert link.pa_name == "Kim"


async def test_deleting_tells_the_pa_and_keeps_the_record(
    linked: tuple[Person, Person], app: object, services: Services, transport: LocalTelegram
) -> None:
    pa, young = linked
    await schedule(pa)
    await young.send("/delete")
    await young.tap("Yes, delete it")
    result = await sweep(app, services)
    assert result.get("sent") == 1  # only the PA's message: the young person's were erased
    assert "AB has deleted their data and left the chat" in transport.last(PA_ID).text
    [caseload] = await pa.send("/caseload")
    assert any("AB" in label for label in caseload.labels)


async def test_the_pa_record_makes_the_offer_personal(
    linked: tuple[Person, Person], services: Services
) -> None:
    _pa, young = linked
    me = await services.people.load(YOUNG_ID)
    profile = await services.people.profile(me)
    assert profile.status == "former-relevant"
    assert profile.age == 19  # born 2 March 2007, today 24 November 2026
    [mine] = await young.press("offer:mine:0")  # no questions: the PA's record answers them
    assert "Here is what you can get" in mine.text or "school, college" in mine.text


async def test_a_scheduled_message_speaks_the_recipients_language(
    services: Services, make_person: Callable[..., Person], app: object
) -> None:
    """An English-speaking PA books; the Arabic-speaking young person is told in Arabic, and
    their answer reaches the PA in English."""
    pa = await make_staff(services, make_person, PA_ID)
    token = await add_young_person(pa)
    young = make_person(YOUNG_ID, "ar")
    await young.send(f"/start {token}")
    await young.press("lang:set:ar")
    await schedule(pa)
    await sweep(app, services)
    notice = young.last()
    assert "مستشارك يريد أن يلتقي بك" in notice.text
    assert "Your PA would like to meet" not in notice.text
    assert notice.labels == ["نعم، أراك حينها", "أحتاج إلى تغيير الموعد", "من فضلك اتصل بي"]
    await young.press(str(notice.buttons[0]["callback_data"]), notice.message_id)
    await sweep(app, services)
    assert "AB answered about the check-in" in pa.last().text
