"""The contact report a committee scorecard needs, without a spreadsheet.

By age band (17–18, 19–21, 22–25): how many young people, how many are counted for the
SSDA903 "in touch" figure (a 17th–21st birthday window open by the report date), how many
were in touch, the percentage, how many windows are still open with no contact ("not yet",
left out of the percentage), visits on time and pathway plans in date; then one row per PA.
Small numbers: counts from 1 to 4 are shown as "<5" in the aggregate output so no young
person can be picked out; a percentage over fewer than 5 people is not shown.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Person
from scheduler import cadence
from scheduler.models import Case, Contact
from scheduler.status import LONDON, blocked_people, contacts_of, facts

BANDS = ("17-18", "19-21", "22-25")
VISIT_DUTIES = frozenset({"visit", "seen", "move_visit", "review_visit"})
CHUNK = 2000


@dataclass
class Tally:
    people: int = 0
    counted: int = 0
    in_touch: int = 0
    not_yet: int = 0
    visits_on_time: int = 0
    plans_in_date: int = 0
    plans_due: int = 0

    @property
    def percent(self) -> float | None:
        decided = self.counted - self.not_yet
        return None if decided <= 0 else 100.0 * self.in_touch / decided


@dataclass
class ContactReport:
    council_id: str
    as_of: date
    bands: dict[str, Tally] = field(default_factory=lambda: {b: Tally() for b in BANDS})
    by_pa: dict[str, Tally] = field(default_factory=dict)


def _add(tally: Tally, assessed: cadence.Assessment, touch: cadence.InTouch, today: date) -> None:
    tally.people += 1
    if touch.counted:
        tally.counted += 1
        if touch.in_touch is None:
            tally.not_yet += 1
        elif touch.in_touch:
            tally.in_touch += 1
    late = {d.kind for d in assessed.duties if d.due < today}
    if not late & VISIT_DUTIES:
        tally.visits_on_time += 1
    if any(d.kind == "pathway_review" for d in assessed.duties):
        tally.plans_due += 1
        if "pathway_review" not in late:
            tally.plans_in_date += 1


async def build(
    session: AsyncSession, council_id: str, as_of: date, rules: cadence.CadenceRules | None = None
) -> ContactReport:
    """Assess every case of the council on ``as_of``, a chunk at a time."""
    rules = rules or cadence.CadenceRules()
    report = ContactReport(council_id, as_of)
    names = {
        p.id: p.display_name or f"PA {p.id}"
        for p in (
            await session.execute(
                select(Person).where(Person.council_id == council_id, Person.role == "pa")
            )
        ).scalars()
    }
    last_id = 0
    while True:
        rows = list((await session.execute(
            select(Case).where(Case.council_id == council_id, Case.id > last_id)
            .order_by(Case.id).limit(CHUNK))).scalars())  # fmt: skip
        if not rows:
            return report
        last_id = rows[-1].id
        contacts = await contacts_of(session, [c.id for c in rows])
        blocked = await blocked_people(session, [c.person_id or 0 for c in rows])
        for case in rows:
            _tally_case(
                report,
                case,
                contacts[case.id],
                case.person_id in blocked,
                rules,
                names.get(case.pa_id, f"PA {case.pa_id}"),
            )


def _tally_case(
    report: ContactReport,
    case: Case,
    contacts: list[Contact],
    blocked: bool,
    rules: cadence.CadenceRules,
    pa_name: str,
) -> None:
    # Only what had happened by the report date counts.
    known = facts(
        case, [c for c in contacts if c.at.astimezone(LONDON).date() <= report.as_of], blocked
    )
    band = cadence.age_band(cadence.age_on(case.date_of_birth, report.as_of))
    assessed = cadence.assess(known, rules, report.as_of, LONDON)
    touch = cadence.in_touch(known, rules, report.as_of, LONDON)
    if band in report.bands:
        _add(report.bands[band], assessed, touch, report.as_of)
    _add(report.by_pa.setdefault(pa_name, Tally()), assessed, touch, report.as_of)


def shown(count: int, suppress: bool) -> str:
    return "<5" if suppress and 0 < count < 5 else str(count)


def percent(value: float | None, base: int) -> str:
    return "—" if value is None or base < 5 else f"{value:.1f}%"


COLUMNS = ("group", "young people", "counted", "in touch", "% in touch", "not yet",
           "visits on time", "plans in date")  # fmt: skip


def rows(report: ContactReport) -> list[list[str]]:
    out: list[list[str]] = []
    total = Tally()
    for band, tally in report.bands.items():
        out.append(_row(f"age {band}", tally, suppress=True))
        for name in (
            "people",
            "counted",
            "in_touch",
            "not_yet",
            "visits_on_time",
            "plans_in_date",
            "plans_due",
        ):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    out.append(_row("all 17-25", total, suppress=True))
    for name, tally in sorted(report.by_pa.items()):
        out.append(_row(name, tally, suppress=False))
    return out


def _row(group: str, tally: Tally, suppress: bool) -> list[str]:
    decided = tally.counted - tally.not_yet
    return [
        group,
        shown(tally.people, suppress),
        shown(tally.counted, suppress),
        shown(tally.in_touch, suppress),
        percent(tally.percent, decided),
        shown(tally.not_yet, suppress),
        shown(tally.visits_on_time, suppress),
        f"{shown(tally.plans_in_date, suppress)}/{shown(tally.plans_due, suppress)}",
    ]


def as_table(report: ContactReport) -> str:
    table = [list(COLUMNS), *rows(report)]
    widths = [max(len(r[i]) for r in table) for i in range(len(COLUMNS))]
    lines = [f"Contact report, {report.council_id}, as of {report.as_of.isoformat()}"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in table]
    return "\n".join(lines)


def as_csv(report: ContactReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return buffer.getvalue().encode("utf-8-sig")
