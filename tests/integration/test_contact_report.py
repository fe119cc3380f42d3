"""The contact report reproduces a known cohort exactly, and hides small numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import Person
from scheduler import report
from scheduler.models import Case, Contact

AS_OF = date(2027, 3, 31)
NOW = datetime(2027, 3, 31, 12, tzinfo=UTC)


async def _pa(session: AsyncSession, telegram_id: int, name: str) -> Person:
    pa = Person(
        telegram_id=telegram_id,
        role="pa",
        council_id="testshire",
        team="North",
        display_name=name,
        created_at=NOW,
        last_seen_at=NOW,
    )
    session.add(pa)
    await session.flush()
    return pa


def _case(pa: Person, born: date, label: str) -> Case:
    return Case(
        council_id="testshire",
        team="North",
        pa_id=pa.id,
        label=label,
        date_of_birth=born,
        legal_status="former-relevant",
        council_accommodation=False,
        created_at=NOW,
    )


async def test_197_of_200_in_touch_is_98_5_percent(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # 200 young people whose 20th birthday was on 1 January 2027: window 1 Oct 2026 to
    # 1 Feb 2027, closed by the report date. 197 were contacted inside it, 3 only outside.
    async with sessions() as session, session.begin():
        pa = await _pa(session, 81, "Demo PA")
        for n in range(200):
            case = _case(pa, date(2007, 1, 1), f"P{n}")
            session.add(case)
            await session.flush()
            inside = n < 197
            when = (
                datetime(2026, 11, 15, 10, tzinfo=UTC)
                if inside
                else datetime(2027, 3, 1, 10, tzinfo=UTC)
            )
            session.add(Contact(case_id=case.id, at=when, kind="call", made=True, recorded_at=NOW))
    async with sessions() as session:
        built = await report.build(session, "testshire", AS_OF)
    band = built.bands["19-21"]
    assert (band.people, band.counted, band.in_touch, band.not_yet) == (200, 200, 197, 0)
    table = report.as_table(built)
    assert "98.5%" in table
    row = next(r for r in report.rows(built) if r[0] == "age 19-21")
    assert row[:6] == ["age 19-21", "200", "200", "197", "98.5%", "0"]


async def test_small_numbers_are_hidden_and_not_yet_is_apart(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        pa = await _pa(session, 82, "Kim")
        # Three 17-year-olds whose 18th-birthday window is open (birthday in three weeks).
        for n in range(3):
            case = _case(pa, date(2009, 4, 21), f"Y{n}")  # 18 on 21 April 2027
            session.add(case)
            await session.flush()
            if n == 0:
                session.add(
                    Contact(
                        case_id=case.id,
                        at=NOW - timedelta(days=3),
                        kind="visit",
                        made=True,
                        recorded_at=NOW,
                    )
                )
    async with sessions() as session:
        built = await report.build(session, "testshire", AS_OF)
    band = built.bands["17-18"]
    assert (band.counted, band.in_touch, band.not_yet) == (3, 1, 2)
    row = next(r for r in report.rows(built) if r[0] == "age 17-18")
    assert row[1:4] == ["<5", "<5", "<5"]
    assert row[4] == "—"  # a percentage over fewer than 5 people is not shown
    pa_row = next(r for r in report.rows(built) if r[0] == "Kim")
    assert pa_row[1] == "3"  # the per-PA list is for staff and is not suppressed
    assert report.as_csv(built).startswith(b"\xef\xbb\xbfgroup,young people")
