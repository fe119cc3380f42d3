"""The real Cheshire East pack keeps the promises its format makes: papers' dates carried into
``as_of`` so old schemes are shown as dated, the 2018 pledges kept as the superseded version of
the 2022-26 ones, and progress entries a translator can tell apart.

These check how the content is built, not what it says, so a council's yearly edits (new
amounts, new items, a new strategy) do not break them.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import use_language
from handlers.offer_cards import item_card
from offers.catalogue import Catalogue, load_all

PACK = "cheshire-east"
REVIEWED = date(2026, 11, 24)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_all()


def test_every_entry_is_dated_by_the_newest_paper_it_cites(catalogue: Catalogue) -> None:
    pack = catalogue.packs[PACK]
    wrong: list[str] = []
    for entry in (*pack.items, *pack.pledge_sets):
        papers = [catalogue.seeds[s.seed].date for s in entry.sources if s.seed]
        if papers and entry.as_of != max(papers):
            wrong.append(f"{entry.id}: as_of {entry.as_of}, newest paper {max(papers)}")
    assert wrong == []


def test_a_scheme_known_only_from_2017_is_shown_as_dated(catalogue: Catalogue) -> None:
    old = [
        item for item in catalogue.packs[PACK].items if all(s.seed == "002" for s in item.sources)
    ]
    assert old, "the 2017 papers hold schemes"
    with use_language("en") as tr:
        for item in old:
            card = item_card(tr, item, REVIEWED)
            assert "council report from March 2017" in card, item.id
            assert item.needs_confirmation, f"{item.id}: a 2017 scheme needs confirming"


def test_the_2018_pledges_are_kept_as_the_earlier_version(catalogue: Catalogue) -> None:
    new, old = catalogue.pledge_sets["ce-pledges-2022"], catalogue.pledge_sets["ce-pledges-2018"]
    assert (len(new.pledges), len(old.pledges)) == (6, 5)
    assert old.superseded_by == new.id
    assert catalogue.earlier_versions(new) == [old]
    assert old.effective_to is not None and new.effective_from is not None
    assert old.effective_to < new.effective_from
    assert all(p.exact_title for p in (*new.pledges, *old.pledges))
    current = catalogue.current_pledges(PACK, REVIEWED)
    assert old not in current
    assert any(ps.pack == PACK for ps in current)


def test_progress_entries_of_a_pledge_have_different_dates(catalogue: Catalogue) -> None:
    # Translations of "you said, we did" are keyed by pledge and date.
    for pledge_set in catalogue.packs[PACK].pledge_sets:
        for pledge in pledge_set.pledges:
            days = [step.date for step in pledge.progress]
            assert len(days) == len(set(days)), pledge.id
