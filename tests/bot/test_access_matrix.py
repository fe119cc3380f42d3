"""Who may see and do what: every staff button and command, tried by everyone who may not.

A PA sees only their own caseload; a team manager their team; an admin their council. Young
people see no staff screen at all. Anyone else gets a refusal that names no one, nothing
changes, and the attempt is in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from bot.audit import AuditEntry
from bot.invites import InviteService
from bot.local_telegram import LocalTelegram
from bot.safeguarding.models import Conversation, CrisisAlert
from bot.services import Services
from scheduler.models import Case, CheckIn, Contact
from tests.bot.test_keep_in_touch import PA_ID, YOUNG_ID, add_young_person, make_staff, schedule
from tests.bot.test_safeguarding import crisis_line
from tests.support import Person

LABEL = "AB"


@dataclass
class World:
    pa: Person
    young: Person
    case: int
    checkin: int
    alert: int
    conversation: int


async def staff_of(
    services: Services,
    make_person: Callable[..., Person],
    user_id: int,
    council: str,
    team: str,
    role: str,
) -> Person:
    token = await InviteService(services.sessions, services.clock).invite_staff(
        council, team, role, days=14
    )
    staff = make_person(user_id)
    await staff.send(f"/start {token}")
    await staff.tap("English")
    await staff.send("Robin")
    return staff


@pytest.fixture
async def world(services: Services, make_person: Callable[..., Person]) -> World:
    pa = await make_staff(services, make_person, PA_ID)
    token = await add_young_person(pa, label=LABEL)
    young = make_person(YOUNG_ID)
    await young.send(f"/start {token}")
    await young.tap("English")
    await schedule(pa)
    await young.send(crisis_line("en"))
    await young.send("/menu")
    await young.tap("My PA and meetings")
    await young.tap("I'd like to talk to my PA")
    async with services.sessions() as session:
        return World(
            pa,
            young,
            case=int(await session.scalar(select(Case.id)) or 0),
            checkin=int(await session.scalar(select(CheckIn.id)) or 0),
            alert=int(await session.scalar(select(CrisisAlert.id)) or 0),
            conversation=int(await session.scalar(select(Conversation.id)) or 0),
        )


# Everyone who must not reach AB: (user id, council, team, role); role "young" is a young
# person with no link to AB.
OUTSIDERS = {
    "young person (AB themselves)": None,
    "another young person": (7101, "testshire", None, "young"),
    "PA in the same team": (7102, "testshire", "North", "pa"),
    "PA in another team": (7103, "testshire", "South", "pa"),
    "manager of another team": (7104, "testshire", "South", "manager"),
    "PA of another council": (7105, "otherton", "North", "pa"),
    "admin of another council": (7106, "otherton", "Central", "admin"),
}


async def outsider(
    name: str, world: World, services: Services, make_person: Callable[..., Person]
) -> Person:
    spec = OUTSIDERS[name]
    if spec is None:
        return world.young
    user_id, council, team, role = spec
    if role == "young":
        person = make_person(user_id)
        await person.send("/start")
        await person.tap("English")
        return person
    assert team is not None
    return await staff_of(services, make_person, user_id, council, team, role)


def buttons(world: World) -> list[str]:
    case, checkin = world.case, world.checkin
    return [
        f"staff:case:{case}",
        f"staff:inv:{case}",
        f"staff:ho:{case}",
        f"staff:hto:{case}:{PA_ID}",
        f"form:sched:{case}",
        f"form:rec:{case}",
        f"form:rkind:{case}:visit",
        f"form:moved:{case}",
        f"form:review:{case}",
        f"kit:case:{case}",
        f"kit:out:{checkin}:visit",
        f"kit:out:{checkin}:no",
        f"sg:see:{world.alert}",
    ]


async def state(services: Services) -> tuple[int, ...]:
    async with services.sessions() as session:
        return (
            int(await session.scalar(select(func.count()).select_from(Contact)) or 0),
            int(
                await session.scalar(select(func.count()).where(CheckIn.status != "scheduled"))
                or 0
            ),
            int(await session.scalar(select(Case.pa_id)) or 0),
            int(await session.scalar(select(func.count()).where(Case.person_id.is_(None))) or 0),
        )


@pytest.mark.parametrize("who", list(OUTSIDERS))
async def test_outsiders_reach_nothing_of_someone_elses_case(
    who: str,
    world: World,
    services: Services,
    make_person: Callable[..., Person],
    transport: LocalTelegram,
) -> None:
    person = await outsider(who, world, services, make_person)
    before = await state(services)
    seen_by_pa = len(transport.sent_to(PA_ID))
    async with services.sessions() as session:
        refused_before = int(
            await session.scalar(select(func.count()).where(AuditEntry.allowed.is_(False))) or 0
        )
    for data in buttons(world):
        answers = await person.press(data)
        assert answers, f"{data}: no answer at all"
        for answer in answers:
            assert LABEL not in answer.text, f"{who} saw {LABEL} through {data}"
            assert crisis_line("en") not in answer.text
    for command in ("/caseload", "/team", "/menu"):
        for answer in await person.send(command):
            assert LABEL not in answer.text and LABEL not in answer.labels
    # A reply typed into someone else's conversation reaches no one.
    seen_by_young = len(transport.sent_to(YOUNG_ID))
    await person.press(f"sg:reply:{world.conversation}")
    await person.send("a reply that must not arrive")
    if person is not world.young:
        assert len(transport.sent_to(YOUNG_ID)) == seen_by_young
    assert await state(services) == before, "something changed"
    # The owner PA heard nothing on their behalf (no answers, no relayed replies).
    assert not any("Robin" in s.text for s in transport.sent_to(PA_ID)[seen_by_pa:])
    async with services.sessions() as session:
        refused_after = int(
            await session.scalar(select(func.count()).where(AuditEntry.allowed.is_(False))) or 0
        )
    assert refused_after > refused_before, "refusals are not audited"


@pytest.mark.parametrize(
    ("role", "team"), [("manager", "North"), ("admin", "Central")], ids=["manager", "admin"]
)
async def test_the_team_manager_and_the_councils_admin_may_see_the_case(
    role: str, team: str, world: World, services: Services, make_person: Callable[..., Person]
) -> None:
    boss = await staff_of(services, make_person, 7200, "testshire", team, role)
    [card] = await boss.press(f"staff:case:{world.case}")
    assert LABEL in card.text


async def test_another_young_person_cannot_answer_someone_elses_check_in(
    world: World, services: Services, make_person: Callable[..., Person], transport: LocalTelegram
) -> None:
    stranger = await outsider("another young person", world, services, make_person)
    seen_by_pa = len(transport.sent_to(PA_ID))
    for answer in ("yes", "change", "call"):
        for sent in await stranger.press(f"kit:ans:{world.checkin}:{answer}"):
            assert LABEL not in sent.text
    assert len(transport.sent_to(PA_ID)) == seen_by_pa
    async with services.sessions() as session:
        assert await session.scalar(select(CheckIn.status)) == "scheduled"
        assert await session.scalar(select(CheckIn.answered_at)) is None
