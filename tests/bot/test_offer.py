"""The local offer in the chat, through the real Application, on the fixture content."""

from __future__ import annotations

import pytest

from bot.local_telegram import LocalTelegram
from tests.support import Person


@pytest.fixture
async def ready(person: Person) -> Person:
    await person.send("/start")
    await person.tap("English")
    return person


async def test_topics_list_only_categories_with_items(ready: Person) -> None:
    [topics] = await ready.tap("Local offer")
    assert "What do you need help with?" in topics.text
    labels = topics.labels
    assert any("Somewhere to live" in label for label in labels)
    assert any("Education" in label for label in labels)
    assert not any("Work" in label for label in labels)  # no item in that category
    assert any("What can I get?" in label for label in labels)


async def test_item_card_shows_amount_who_source_and_dates(ready: Person) -> None:
    await ready.tap("Local offer")
    await ready.tap("Somewhere to live")
    [card] = await ready.tap("Money to set up your first home")
    assert "£2,500, once" in card.text
    assert "£2,000" not in card.text  # the superseded amount is never shown
    assert "Aged 18 to 24" in card.text
    assert "How to get it" in card.text
    assert "Last checked 24 November 2026" in card.text
    assert "council report from July 2022" in card.text  # the source is years old
    assert any("Ask my PA" in label for label in card.labels)
    [source] = await ready.tap("Where does this come from?")
    assert "Invented committee paper for tests" in source.text
    assert "lines 12-13" in source.text
    assert "“£2,500”" in source.text


async def test_a_superseded_item_opens_its_replacement(ready: Person) -> None:
    [card] = await ready.press("offer:item:ts-setup-home-2021")
    assert "This has changed" in card.text
    assert "£2,500" in card.text
    assert "£2,000" not in card.text


async def test_unconfirmed_items_say_so(ready: Person) -> None:
    [card] = await ready.press("offer:item:ts-council-tax")
    assert "The council still needs to confirm this" in card.text
    [source] = await ready.tap("Where does this come from?")
    assert "Confirm the age limit." in source.text


async def test_amounts_by_age_have_their_labels(ready: Person) -> None:
    [card] = await ready.press("offer:item:ts-college-help")
    assert "£50 a week — if you are 16 or 17" in card.text
    assert "£75 a week — if you are 18 to 20" in card.text
    assert "if you are in education or training" in card.text


@pytest.mark.parametrize(
    "data",
    [
        "offer:item:ts-nothing",
        "offer:item:en-gone",
        "offer:src:nope",
        "offer:cat:money:9",
        "offer:cat:work:0",
        "offer:cat:nonsense:0",
        "offer:age:99-100",
        "pledges:set:nope",
        "pledges:one:ts-pledges-2022:9",
    ],
)
async def test_unknown_or_stale_ids_get_a_kind_answer(ready: Person, data: str) -> None:
    sent = await ready.press(data)
    assert any("out of date" in s.text for s in sent)


async def test_items_of_another_council_are_not_shown(
    ready: Person, transport: LocalTelegram
) -> None:
    # Only testshire and England exist in the fixture; an England item is visible.
    [card] = await ready.press("offer:item:en-pa-to-25")
    assert "A personal adviser until you are 25" in card.text


async def test_what_can_i_get_asks_two_optional_questions_then_lists(ready: Person) -> None:
    await ready.tap("Local offer")
    [age] = await ready.tap("What can I get?")
    assert "how old are you" in age.text
    assert "I'd rather not say" in age.labels
    [edu] = await ready.tap("16-17")
    assert "school, college, university or training" in edu.text
    [mine] = await ready.tap("Yes")
    assert "Here is what you can get" in mine.text
    assert "Help at college" in mine.labels
    assert "Money to set up your first home" not in mine.labels  # 18+ only
    # Asked once: the next time goes straight to the list.
    [again] = await ready.press("offer:mine:0")
    assert "Here is what you can get" in again.text


async def test_a_page_beyond_the_list_is_out_of_date(ready: Person) -> None:
    await ready.press("offer:mine:0")
    await ready.tap("I'd rather not say")
    await ready.tap("I'd rather not say")
    sent = await ready.press("offer:mine:50")
    assert any("out of date" in s.text for s in sent)


async def test_rather_not_say_is_respected(ready: Person) -> None:
    await ready.press("offer:mine:0")
    await ready.tap("I'd rather not say")
    [mine] = await ready.tap("I'd rather not say")
    assert "Here is what you can get" in mine.text
    assert "Money to set up your first home" in mine.labels  # unknown age: maybe


async def test_typed_question_offers_the_best_items(ready: Person) -> None:
    [answer] = await ready.send("money for furnitur")
    assert answer.text == "This might help:"
    assert answer.labels[0] == "Money to set up your first home"


async def test_typed_nonsense_offers_topics_and_the_pa(ready: Person) -> None:
    [answer] = await ready.send("qwxzv plmk")
    assert "I couldn't find that" in answer.text
    assert any("Topics" in label for label in answer.labels)
    assert any("My PA" in label for label in answer.labels)


async def test_ask_my_pa_without_a_pa_explains_and_gives_the_team(ready: Person) -> None:
    await ready.press("offer:item:ts-council-tax")
    [answer] = await ready.tap("Ask my PA")
    assert "not linked to a PA" in answer.text
    assert "01234 000000" in answer.text


async def test_long_lists_paginate(ready: Person) -> None:
    await ready.press("offer:mine:0")
    await ready.tap("I'd rather not say")
    [mine] = await ready.tap("I'd rather not say")
    assert len([label for label in mine.labels if "More" not in label]) <= 7


async def test_pledges_show_meaning_and_latest_progress(ready: Person) -> None:
    [home] = await ready.tap("Our promises")
    assert "Our promises to you" in home.labels
    [pledge_set] = await ready.tap("Our promises to you")
    assert "1. We will care for you as any good parent would" in pledge_set.text
    assert any("Earlier version" in label for label in pledge_set.labels)
    # Known only from a paper of July 2023: the set says so, as offer cards do.
    assert "council report from July 2023" in pledge_set.text
    [pledge] = await ready.tap("1. We will care")
    assert "We look out for you" in pledge.text
    assert "You said, we did" in pledge.text
    assert "31 March 2023" in pledge.text  # the latest, not the older entry
    assert "too clinical" in pledge.text
    assert "trained councillors" not in pledge.text
    assert "council report from July 2023" in pledge.text


async def test_older_pledges_are_labelled(ready: Person) -> None:
    [older] = await ready.press("pledges:set:ts-pledges-2018")
    assert "older version" in older.text
    assert "council report from September 2021" in older.text
