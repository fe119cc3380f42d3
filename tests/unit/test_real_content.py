"""The shipped packs keep the promises the content format makes to young people.

The loader checks each entry on its own; these tests check the real offer as a whole: the
England baseline rests on the law (never on one council's paper), nothing claims to be newer
than the paper it quotes, and every card and pledge screen fits in one Telegram message in
every language the bot speaks.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import use_language
from bot.settings import SUPPORTED_LANGUAGES
from handlers.offer_cards import item_card, source_card
from offers.catalogue import BASELINE, Catalogue, load_all
from offers.model import Source

TELEGRAM_LIMIT = 4096
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_all()


def _paper_dates(catalogue: Catalogue, sources: tuple[Source, ...]) -> list[date]:
    return [catalogue.seeds[s.seed].date for s in sources if s.seed]


def test_the_england_baseline_cites_the_law_or_national_guidance_only(
    catalogue: Catalogue,
) -> None:
    pack = catalogue.packs[BASELINE]
    entries = [(item.id, item.sources) for item in pack.items] + [
        (ps.id, ps.sources) for ps in pack.pledge_sets
    ]
    for entry_id, sources in entries:
        assert sources and all(s.statute and not s.seed for s in sources), entry_id


def test_nothing_claims_to_be_newer_than_the_council_papers_it_quotes(
    catalogue: Catalogue,
) -> None:
    """``as_of`` drives the "this comes from a report from <month year>" notice."""
    checked = 0
    for item in catalogue.items.values():
        if all(s.seed for s in item.sources):
            dates = _paper_dates(catalogue, item.sources)
            assert min(dates) <= item.as_of <= max(dates), (item.id, item.as_of, dates)
            checked += 1
    for pledge_set in catalogue.pledge_sets.values():
        cited = pledge_set.sources + tuple(s for p in pledge_set.pledges for s in p.sources)
        if all(s.seed for s in cited):
            dates = _paper_dates(catalogue, cited)
            assert min(dates) <= pledge_set.as_of <= max(dates), pledge_set.id
            checked += 1
    assert checked > 0


def test_every_cambridgeshire_entry_is_dated_to_its_2019_report(catalogue: Catalogue) -> None:
    """Cambridgeshire's only paper is from November 2019, so every entry is shown as dated."""
    pack = catalogue.packs["cambridgeshire"]
    report = catalogue.seeds["003"].date
    for item in pack.items:
        assert item.as_of == report, item.id
        assert (item.last_reviewed - item.as_of).days > 365, item.id
    for pledge_set in pack.pledge_sets:
        assert pledge_set.as_of == report, pledge_set.id


def test_progress_is_never_dated_after_the_paper_that_reports_it(catalogue: Catalogue) -> None:
    for pledge_set in catalogue.pledge_sets.values():
        for pledge in pledge_set.pledges:
            for step in pledge.progress:
                dates = _paper_dates(catalogue, step.sources)
                if dates:
                    assert step.date <= max(dates), (pledge.id, step.date)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_card_fits_in_one_telegram_message(catalogue: Catalogue, lang: str) -> None:
    with use_language(lang) as tr:
        for item in catalogue.items.values():
            card = item_card(tr, item, TODAY)
            where = source_card(tr, item, catalogue)
            assert 0 < len(card) <= TELEGRAM_LIMIT, (lang, item.id, len(card))
            assert 0 < len(where) <= TELEGRAM_LIMIT, (lang, item.id, len(where))


def test_pledge_titles_and_meanings_fit_a_pledge_screen(catalogue: Catalogue) -> None:
    for pledge_set in catalogue.pledge_sets.values():
        listing = sum(len(p.title) + 6 for p in pledge_set.pledges) + len(pledge_set.title)
        assert listing <= TELEGRAM_LIMIT, pledge_set.id
        for pledge in pledge_set.pledges:
            latest = pledge.latest
            text = pledge.title + pledge.meaning + (latest.said + latest.did if latest else "")
            assert len(text) <= TELEGRAM_LIMIT // 2, pledge.id
