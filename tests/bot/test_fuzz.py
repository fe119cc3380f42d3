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

from bot.flood import FloodControl
from bot.local_telegram import LocalTelegram
from bot.services import Services
from handlers import callbacks
from tests.bot.test_keep_in_touch import PA_ID, YOUNG_ID, add_young_person, make_staff
from tests.support import Person

APOLOGY = "Sorry, something went wrong on my side"
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
action = st.one_of(st.tuples(st.just("text"), text), st.tuples(st.just("button"), button_data()))


@pytest.fixture
async def pair(services: Services, make_person: Callable[..., Person]) -> tuple[Person, Person]:
    # Hundreds of messages in seconds would trip flood control (tested on its own elsewhere),
    # which by design answers a burst once and then stays quiet.
    services.flood = FloodControl(limit=1_000_000)
    pa = await make_staff(services, make_person, PA_ID)
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
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        for by_pa, (kind, value) in steps:
            person = pair[0] if by_pa else pair[1]
            if kind == "text":
                answers = await person.send(value)
                assert answers, f"no answer to a typed message ({len(value)} chars)"
            else:
                await person.press(value)
    failures = [r.getMessage() for r in caplog.records if r.name == "handlers.errors"]
    assert failures == []
    for chat in (PA_ID, YOUNG_ID):
        assert not any(APOLOGY in sent.text for sent in transport.sent_to(chat))
