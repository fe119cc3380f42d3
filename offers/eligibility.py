"""Who can get what: matching an item's rules to what we know about one young person.

We often know little — maybe only an age band the young person chose, or the PA's record with
a date of birth and legal status. So an item is a clear *yes* only when everything it needs is
known and true; *maybe* when something is unknown (the card then spells out the condition, "if
you are a parent"); *no* only when something known rules it out. Nothing is hidden because we
did not ask. Immigration status is never asked and never inferred.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from offers.model import Amount, Item, Who

AGE_BANDS: dict[str, tuple[int, int]] = {"16-17": (16, 17), "18-20": (18, 20), "21-25": (21, 25)}
Verdict = Literal["yes", "maybe", "no"]


@dataclass(frozen=True)
class Profile:
    """What we know about a young person; ``None`` means "don't know"."""

    age: int | None = None
    age_band: str | None = None
    status: str | None = None
    in_education: bool | None = None
    parent: bool | None = None
    extra: dict[str, bool] = field(default_factory=dict)

    def age_range(self) -> tuple[int, int] | None:
        if self.age is not None:
            return self.age, self.age
        return AGE_BANDS.get(self.age_band or "")

    def condition(self, name: str) -> bool | None:
        if name == "in-education":
            return self.in_education
        if name == "in-higher-education" and self.in_education is False:
            return False
        if name == "parent":
            return self.parent
        return self.extra.get(name)


@dataclass(frozen=True)
class Fit:
    verdict: Verdict
    unknown: tuple[str, ...] = ()  # what to spell out: "age", "status" or a condition name


def _age_fit(low: int | None, high: int | None, profile: Profile) -> Verdict:
    if low is None and high is None:
        return "yes"
    known = profile.age_range()
    if known is None:
        return "maybe"
    lo, hi = low if low is not None else 0, high if high is not None else 200
    if known[1] < lo or known[0] > hi:
        return "no"
    return "yes" if lo <= known[0] and known[1] <= hi else "maybe"


def _combine(parts: list[tuple[str, Verdict]]) -> Fit:
    if any(verdict == "no" for _, verdict in parts):
        return Fit("no")
    unknown = tuple(name for name, verdict in parts if verdict == "maybe")
    return Fit("maybe", unknown) if unknown else Fit("yes")


def _status_fit(statuses: tuple[str, ...], profile: Profile) -> Verdict:
    if not statuses:
        return "yes"
    if profile.status is None:
        return "maybe"
    return "yes" if profile.status in statuses else "no"


def fit(who: Who, profile: Profile) -> Fit:
    parts: list[tuple[str, Verdict]] = [
        ("age", _age_fit(who.min_age, who.max_age, profile)),
        ("status", _status_fit(who.statuses, profile)),
    ]
    for condition in who.conditions:
        known = profile.condition(condition)
        parts.append((condition, "maybe" if known is None else ("yes" if known else "no")))
    return _combine(parts)


def item_fit(item: Item, profile: Profile) -> Fit:
    return fit(item.who, profile)


def amount_fits(amount: Amount, profile: Profile) -> bool:
    """Whether this amount could be this person's (unknowns count as possible)."""
    age = _age_fit(amount.min_age, amount.max_age, profile)
    status = _status_fit(amount.statuses, profile)
    return age != "no" and status != "no"


def personal(items: list[Item], profile: Profile) -> list[tuple[Item, Fit]]:
    """Items this person can (yes) or might (maybe) get: clear ones first, order kept."""
    scored = [(item, item_fit(item, profile)) for item in items]
    yes = [(i, f) for i, f in scored if f.verdict == "yes"]
    maybe = [(i, f) for i, f in scored if f.verdict == "maybe"]
    return yes + maybe
