"""Staff tools on the command line, and a whole crisis in the terminal chat, as real processes.

Every run here is a fresh process on the embedded default (a SQLite file in a temporary
working directory) with the real content, catalogs and Application.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.bot.test_safeguarding import crisis_line
from tests.integration.test_cli import cli

START = re.compile(r"start=([A-Za-z0-9_-]+)")
PA, YOUNG = "10", "20"
LANGUAGE_BUTTON = {"en": 1, "ar": 2, "ps": 5, "ti": 7}


def staff_link(tmp_path: Path, *args: str) -> str:
    result = cli("staff", "invite", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Works once, for 14 days." in result.stderr
    [token] = START.findall(result.stdout)
    return token


def pa_adds_young_person(tmp_path: Path) -> str:
    """The PA joins from their link and adds "JD"; returns the young person's link token."""
    token = staff_link(tmp_path, "--council", "cheshire-east", "--team", "North")
    # English · name · Add a young person · label · birthday · former-relevant · council
    # accommodation: No · last move: Skip · next review: Skip
    steps = f"/start {token}\n1\nSam\n2\nJD\n02/03/2007\n3\n2\n1\n1\n"
    result = cli("chat", "--user-id", PA, stdin=steps, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Added JD." in result.stdout
    return START.findall(result.stdout)[-1]


def test_staff_invite_refuses_an_unknown_council_or_role(tmp_path: Path) -> None:
    bad_role = cli("staff", "invite", "--council", "cheshire-east", "--team", "N",
                   "--role", "boss", cwd=tmp_path)  # fmt: skip
    assert bad_role.returncode == 2 and "--role must be pa, manager or admin." in bad_role.stderr
    bad_council = cli("staff", "invite", "--council", "atlantis", "--team", "N", cwd=tmp_path)
    assert bad_council.returncode == 2
    assert "atlantis" in bad_council.stderr and "Traceback" not in bad_council.stderr


@pytest.mark.parametrize("lang", ["en", "ar", "ps", "ti"])
def test_a_crisis_in_the_terminal_chat_gets_help_and_alerts_the_pa(
    lang: str, tmp_path: Path
) -> None:
    young_token = pa_adds_young_person(tmp_path)
    words = crisis_line(lang)
    steps = f"/start {young_token}\n{LANGUAGE_BUTTON[lang]}\n{words}\n"
    result = cli("chat", "--user-id", YOUNG, stdin=steps, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The answer to the crisis message, then (delivered after that line) the PA's alert.
    answer, _, to_pa = result.stdout.split(words, 1)[-1].partition(f"── to user {PA} ──")
    for number in ("999", "116 123", "85258", "0800 1111"):
        assert number in answer
    if lang in ("ar", "ps"):
        assert "\u2066116 123\u2069" in answer, "numbers in right-to-left text are isolated"
    assert "JD may need urgent help" in to_pa
    assert words not in to_pa, "the alert names the category, not the words"
    # What the PA did is in the audit log, for the council's information governance.
    audit = cli("audit", "--since", "2020-01-01", cwd=tmp_path)
    assert audit.returncode == 0, audit.stderr
    assert "\tpa\tcheshire-east\tadd_case\tcase:1\tyes" in audit.stdout


def test_demo_seed_then_the_contact_report_and_outbox_status(tmp_path: Path) -> None:
    seeded = cli("demo", "seed", "--council", "cheshire-east", "--young-people", "40",
                 cwd=tmp_path)  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    assert re.search(r"Added 40 young people, \d+ PAs", seeded.stdout)
    table = cli("report", "contact", "--council", "cheshire-east", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "in touch" in table.stdout.lower()
    csv = cli("report", "contact", "--council", "cheshire-east", "--format", "csv", cwd=tmp_path)
    assert csv.stdout.startswith("\ufeff") or csv.stdout.split("\n", 1)[0].count(",") >= 2
    status = cli("outbox", "status", cwd=tmp_path)
    assert status.returncode == 0
    assert [line.split("\t")[0] for line in status.stdout.splitlines()] == [
        "pending", "claimed", "sent", "dropped", "failed",
    ]  # fmt: skip
    too_many = cli("demo", "seed", "--council", "cheshire-east", "--young-people", "0",
                   cwd=tmp_path)  # fmt: skip
    assert too_many.returncode == 2 and "between 1 and 1,000,000" in too_many.stderr


def test_audit_needs_a_real_date(tmp_path: Path) -> None:
    result = cli("audit", "--since", "last tuesday", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_survey_in_the_terminal_stop_resume_skip_then_results_and_export(
    tmp_path: Path,
) -> None:
    # Feedback · "How are we doing?" · Start · rating 8 · Stop
    first = cli("chat", "--user-id", YOUNG, stdin="/start\n1\n4\n1\n1\n9\n6\n", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Question 1 of 5" in first.stdout and "It is anonymous" in first.stdout
    assert "carry on from where you stopped" in first.stdout
    # Later: Feedback · the survey · Start resumes at question 2 · Always · Skip ·
    # WhatsApp · Done · a typed comment.
    steps = "/menu\n4\n1\n1\n1\n5\n2\n6\nmore evening meetings please\n"
    second = cli("chat", "--user-id", YOUNG, stdin=steps, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    resumed = second.stdout.split("Do you feel listened to by your PA?", 1)
    assert len(resumed) == 2 and "Question 2 of 5" in resumed[0].splitlines()[-1]
    assert "✅ WhatsApp" in second.stdout
    assert "Thank you. We read every answer" in second.stdout
    results = cli("survey", "results", "how-are-we-doing", cwd=tmp_path)
    assert results.returncode == 0, results.stderr
    assert "completed" in results.stdout and "<5" in results.stdout
    assert "evening" not in results.stdout, "free text never appears in results"
    export = cli("survey", "export", "how-are-we-doing", "--format", "jsonl", cwd=tmp_path)
    [row] = [json.loads(line) for line in export.stdout.splitlines()]
    assert row["anonymous"] is True and row["case"] is None
    assert row["answers"]["pa-support"]["choices"] == ["8"]
    assert row["answers"]["contact-ways"]["choices"] == ["whatsapp"]
    assert row["answers"]["anything-else"]["text"] == "more evening meetings please"
    unknown = cli("survey", "results", "nope", cwd=tmp_path)
    assert unknown.returncode == 2 and "Unknown survey 'nope'" in unknown.stderr
