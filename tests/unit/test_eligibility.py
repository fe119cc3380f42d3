"""Who can get what, by age, legal status and condition — "maybe" when we do not know."""

from __future__ import annotations

import pytest

from offers.eligibility import Profile, amount_fits, fit, personal
from offers.model import Amount, Who


@pytest.mark.parametrize(
    ("who", "profile", "verdict"),
    [
        (Who(), Profile(), "yes"),
        (Who(min_age=18, max_age=24), Profile(), "maybe"),
        (Who(min_age=18, max_age=24), Profile(age=18), "yes"),
        (Who(min_age=18, max_age=24), Profile(age=24), "yes"),
        (Who(min_age=18, max_age=24), Profile(age=25), "no"),
        (Who(min_age=18, max_age=24), Profile(age=17), "no"),
        (Who(min_age=18, max_age=24), Profile(age_band="18-20"), "yes"),
        (Who(min_age=18, max_age=24), Profile(age_band="21-25"), "maybe"),  # 25 is out
        (Who(min_age=18, max_age=24), Profile(age_band="16-17"), "no"),
        (Who(min_age=21), Profile(age_band="21-25"), "yes"),
        (Who(max_age=17), Profile(age_band="18-20"), "no"),
        (Who(statuses=("former-relevant",)), Profile(status="former-relevant"), "yes"),
        (Who(statuses=("former-relevant",)), Profile(status="qualifying"), "no"),
        (Who(statuses=("former-relevant",)), Profile(), "maybe"),
        (Who(conditions=("in-education",)), Profile(in_education=True), "yes"),
        (Who(conditions=("in-education",)), Profile(in_education=False), "no"),
        (Who(conditions=("in-education",)), Profile(), "maybe"),
        (Who(conditions=("in-higher-education",)), Profile(in_education=False), "no"),
        (Who(conditions=("in-higher-education",)), Profile(in_education=True), "maybe"),
        (Who(conditions=("parent",)), Profile(parent=True), "yes"),
        (Who(conditions=("parent",)), Profile(age=19), "maybe"),
        (Who(conditions=("new-to-uk",)), Profile(age=19), "maybe"),
    ],
)
def test_fit(who: Who, profile: Profile, verdict: str) -> None:
    assert fit(who, profile).verdict == verdict


def test_maybe_names_what_is_unknown() -> None:
    result = fit(Who(min_age=18, statuses=("relevant",), conditions=("parent",)), Profile())
    assert result.unknown == ("age", "status", "parent")


def test_amounts_for_another_age_are_not_this_persons() -> None:
    young = Amount(5000, "weekly", min_age=16, max_age=17)
    older = Amount(7500, "weekly", min_age=18, max_age=20)
    assert amount_fits(young, Profile(age=16))
    assert not amount_fits(older, Profile(age=16))
    assert amount_fits(older, Profile())  # unknown age: could be theirs


def test_personal_list_puts_clear_items_first_and_drops_ruled_out() -> None:
    from datetime import date

    from tests.conftest import fixture_catalogue

    items = fixture_catalogue().visible("testshire", date(2026, 11, 24))
    result = personal(items, Profile(age_band="18-20", in_education=True))
    ids = [item.id for item, _ in result]
    verdicts = [f.verdict for _, f in result]
    assert verdicts == sorted(verdicts, key=lambda v: v != "yes")
    assert "ts-college-help" in ids
    result16 = personal(items, Profile(age_band="16-17", in_education=False))
    ids16 = [item.id for item, _ in result16]
    assert "ts-setup-home" not in ids16  # 18+ only
    assert "ts-college-help" not in ids16  # needs education
    assert "ts-parents-group" in ids16  # unknown: parent — shown as maybe
