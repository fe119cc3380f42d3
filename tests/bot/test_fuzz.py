"""Any text, any button data, from a young person or a PA: an answer, never a failure.

Hypothesis drives the real Application (same handlers, database and catalogs) through the
in-process Bot API. Button data is generated three ways: well-formed for a registered route
with hostile arguments, near-misses of real data, and arbitrary strings. A handler that raises
shows up as a record from the error handler; that, or a message to the person saying
something went wrong, fails the test.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.flood import FloodControl
from bot.local_telegram import LocalTelegram
from bot.models import Person as PersonRow
from bot.services import Services
from handlers import callbacks
from scheduler.models import Case, CheckIn
from tests.bot.test_keep_in_touch import (
    OTHER_PA_ID,
    PA_ID,
    YOUNG_ID,
    add_young_person,
    make_staff,
)
from tests.support import Person

APOLOGY = "Sorry, something went wrong on my side"
SOMEONE_ELSE = "QZ-other"
ROUTED = sorted(
    (feature, action, len(args))
    for feature, actions in callbacks.ROUTES.items()
    for action, args in actions.items()
)

argument = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.sampled_from(["0", "1", "2", "999999999999", "-1", "en", "ar", "fa_AF", "yes", "no"]),
    st.from_regex(callbacks.SLUG, fullmatch=True),
    st.text(max_size=12),
)


@st.composite
def button_data(draw: st.DrawFn) -> str:
    feature, action, arity = draw(st.sampled_from(ROUTED))
    args = draw(st.lists(argument, min_size=arity, max_size=arity + 1))
    well_formed = callbacks.SEP.join([feature, action, *args])
    return draw(
        st.one_of(
            st.just(well_formed),
            st.just(well_formed[: draw(st.integers(0, max(0, len(well_formed) - 1)))]),
            st.text(max_size=70),
            st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
        )
    )


text = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(
        [
            "/start",
            "/menu",
            "/caseload",
            "/team",
            "/mydata",
            "/privacy",
            "/language",
            "/delete",
            "/help",
            "/start abc",
            "/start " + "x" * 64,
            "tue 15:30",
            "31/02/2027 10:00",
            "مرحبا",
            "سلام، کمک می‌خواهم",
            "ሰላም",
            "\u202e\u2066evil",
            "<b>unclosed",
            "1",
            "0",
        ]
    ),
    st.text(alphabet=st.characters(categories=["Lo", "Mn", "Cf", "Zs"]), min_size=1, max_size=60),
)
long_text = st.integers(4000, 5000).map(lambda n: ("ع" + "a\u200f") * (n // 3))
# Updates that are not plain private text: each must be answered or ignored, never fail.
RAW = [
    ("edited_message", {"text": "changed"}),
    ("channel_post", {"text": "hello channel", "chat": {"id": -1009, "type": "channel"}}),
    ("message", {"text": "/menu", "chat": {"id": -1001, "type": "supergroup", "title": "G"}}),
    ("message", {"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                             "is_animated": False, "is_video": False, "type": "regular"}}),
    ("message", {"photo": [{"file_id": "p", "file_unique_id": "q", "width": 1, "height": 1}]}),
    ("message", {"document": {"file_id": "d", "file_unique_id": "e", "file_name": "a.exe"}}),
    ("message", {"location": {"latitude": 51.5, "longitude": -0.1}}),
    ("message", {"contact": {"phone_number": "07700900999", "first_name": "Invented"}}),
    ("message", {"new_chat_members": [{"id": 1, "is_bot": True, "first_name": "b"}],
                 "chat": {"id": -1002, "type": "group", "title": "G"}}),
    ("poll_answer", None),
    ("my_chat_member", None),
]  # fmt: skip
action = st.one_of(
    st.tuples(st.just("text"), text),
    st.tuples(st.just("text"), long_text),
    st.tuples(st.just("button"), button_data()),
    st.tuples(st.just("raw"), st.integers(0, len(RAW) - 1).map(str)),
)


async def send_raw(person: Person, index: int) -> None:
    key, body = RAW[index]
    if key == "poll_answer":
        await person.push(
            {key: {"poll_id": "1", "user": person.user(), "option_ids": [0],
                   "option_persistent_ids": ["a"]}}
        )  # fmt: skip
    elif key == "my_chat_member":
        member = {"user": person.user(), "status": "kicked", "until_date": 0}
        change = {"chat": {"id": person.user_id, "type": "private"}, "from": person.user(),
                  "date": 1_764_000_000, "old_chat_member": {**member, "status": "member"},
                  "new_chat_member": member}  # fmt: skip
        await person.push({key: change})
    else:
        assert body is not None
        await person.send_raw(body, key)


async def consistent(services: Services) -> list[str]:
    """Rows that point at nothing: what a half-done write would leave behind."""
    checks = {
        "case without its PA": select(func.count()).select_from(Case)
        .outerjoin(PersonRow, PersonRow.id == Case.pa_id).where(PersonRow.id.is_(None)),
        "case linked to no one": select(func.count()).select_from(Case)
        .outerjoin(PersonRow, PersonRow.id == Case.person_id)
        .where(Case.person_id.is_not(None), PersonRow.id.is_(None)),
        "check-in without its case": select(func.count()).select_from(CheckIn)
        .outerjoin(Case, Case.id == CheckIn.case_id).where(Case.id.is_(None)),
        "two people on one account": select(func.count()).select_from(
            select(PersonRow.telegram_id).group_by(PersonRow.telegram_id)
            .having(func.count() > 1).subquery()),
    }  # fmt: skip
    async with services.sessions() as session:
        return [name for name, query in checks.items() if (await session.scalar(query)) or 0]


@pytest.fixture
async def pair(services: Services, make_person: Callable[..., Person]) -> tuple[Person, Person]:
    # Hundreds of messages in seconds would trip flood control (tested on its own elsewhere),
    # which by design answers a burst once and then stays quiet.
    services.flood = FloodControl(limit=1_000_000)
    pa = await make_staff(services, make_person, PA_ID)
    # Someone else's young person, whose label must never reach the two people fuzzing.
    other = await make_staff(services, make_person, OTHER_PA_ID, team="South", name="Kim")
    await add_young_person(other, label=SOMEONE_ELSE)
    token = await add_young_person(pa)
    young = make_person(YOUNG_ID)
    await young.send(f"/start {token}")
    await young.tap("English")
    return pa, young


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.booleans(), action), min_size=1, max_size=8))
async def test_no_input_makes_the_bot_fail(
    steps: list[tuple[bool, tuple[str, str]]],
    pair: tuple[Person, Person],
    transport: LocalTelegram,
    caplog: pytest.LogCaptureFixture,
    services: Services,
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        for by_pa, (kind, value) in steps:
            person = pair[0] if by_pa else pair[1]
            if kind == "text":
                answers = await person.send(value)
                assert answers, f"no answer to a typed message ({len(value)} chars)"
            elif kind == "button":
                await person.press(value)
            else:
                await send_raw(person, int(value))
    failures = [r.getMessage() for r in caplog.records if r.name == "handlers.errors"]
    assert failures == []
    for chat in (PA_ID, YOUNG_ID):
        for sent in transport.sent_to(chat):
            assert APOLOGY not in sent.text
            assert SOMEONE_ELSE not in sent.text and SOMEONE_ELSE not in sent.labels
            assert len(sent.text) <= 4096
    assert await consistent(services) == []
