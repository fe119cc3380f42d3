"""Keeping in touch in the terminal chat, two people on one database, days apart.

A PA invites a young person, books a check-in; the young person confirms; the reminder arrives
the day before; after the time the PA is asked whether they made contact and records a call;
``/caseload`` and ``report contact`` reflect it. Each step is a separate run of
``careleaver-bot chat`` with ``--user-id`` and ``--at`` (the UK time the run pretends it is).
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import cli
from tests.integration.test_staff_cli import PA, START, YOUNG, staff_link


def chat(tmp_path: Path, user: str, at: str, stdin: str) -> str:
    result = cli("chat", "--user-id", user, "--at", at, stdin=stdin, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return result.stdout


def test_a_check_in_from_booking_to_the_contact_report(tmp_path: Path) -> None:
    token = staff_link(tmp_path, "--council", "cheshire-east", "--team", "North")
    added = chat(tmp_path, PA, "2026-12-01 09:00",
                 f"/start {token}\n1\nSam\n2\nJD\n02/03/2007\n3\n2\n1\n1\n")  # fmt: skip
    young_token = START.findall(added)[-1]
    joined = chat(tmp_path, YOUNG, "2026-12-01 09:05", f"/start {young_token}\n1\n")
    assert "You are now connected with your PA, Sam." in joined

    # /caseload · JD · Schedule a check-in · typed day and time · A phone call
    booked = chat(tmp_path, PA, "2026-12-01 09:11", "/caseload\n1\n1\nthu 14:30\n2\n")
    assert "Booked: a phone call with JD on Thursday 3 December, 14:30." in booked

    # The notice waits for the young person; they press "Yes, see you then".
    confirmed = chat(tmp_path, YOUNG, "2026-12-01 09:12", "1\n")
    assert "Your PA would like to meet: a phone call on Thursday 3 December, 14:30." in confirmed
    assert "I've told your PA" in confirmed

    # Not yet: the reminder is due 24 hours before.
    assert "Reminder" not in chat(tmp_path, YOUNG, "2026-12-02 14:00", "")
    reminded = chat(tmp_path, YOUNG, "2026-12-02 14:40", "")
    assert "Reminder: a phone call with your PA on Thursday 3 December, 14:30." in reminded

    # After the time, the PA hears the answer and is asked; they record a call.
    asked = chat(tmp_path, PA, "2026-12-03 15:31", "2\n/caseload\n")
    assert "JD answered about the check-in on Thursday 3 December, 14:30" in asked
    assert "Did you make contact with JD" in asked
    caseload = asked.split("Your caseload (1)", 1)[1]
    assert "🟢 JD" in caseload
    assert "overdue 0" in caseload

    report = cli("report", "contact", "--council", "cheshire-east", "--as-of", "2026-12-03",
                 "--format", "csv", cwd=tmp_path)  # fmt: skip
    assert report.returncode == 0, report.stderr
    sam = next(line for line in report.stdout.splitlines() if line.startswith("Sam,"))
    # One young person, counted, in touch — per-PA rows show real counts to the council.
    assert sam.split(",")[1:4] == ["1", "1", "1"], sam
