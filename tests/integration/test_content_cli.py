"""`careleaver-bot content ...` as a council officer runs it."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "content"
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
runner = CliRunner()


def test_check_passes_on_good_content() -> None:
    result = runner.invoke(app, ["content", "check", "--folder", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "OK: 3 packs, 8 items" in result.output


def test_check_fails_with_file_entry_and_reason(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    pack = tmp_path / "testshire.toml"
    pack.write_text(pack.read_text().replace('category = "money"', 'category = "cash"', 1))
    result = runner.invoke(app, ["content", "check", "--folder", str(tmp_path)])
    assert result.exit_code == 1
    assert "testshire.toml: item 'ts-council-tax': category 'cash'" in result.output


def test_check_finds_a_misquoted_source(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    lines = [f"line {n}" for n in range(1, 70)]
    (seeds / "900_fixture.txt").write_text("\n".join(lines))
    result = runner.invoke(
        app, ["content", "check", "--folder", str(FIXTURE), "--seeds", str(seeds)]
    )
    assert result.exit_code == 1
    assert "quote '£2,500' is not on lines 12-13 of seed 900" in result.output


@pytest.mark.skipif(not SEEDS.exists(), reason="the council papers are kept beside the repo")
def test_every_quote_in_the_real_content_is_on_its_lines() -> None:
    result = runner.invoke(app, ["content", "check", "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "every quote found on its lines" in result.output


def test_stale_lists_superseded_and_unconfirmed() -> None:
    result = runner.invoke(
        app, ["content", "stale", "--as-of", "2026-12-01", "--folder", str(FIXTURE)]
    )
    assert result.exit_code == 0
    assert "ts-setup-home-2021\tsuperseded by ts-setup-home" in result.output
    assert "ts-council-tax\tto confirm: Confirm the age limit." in result.output


def test_stale_by_review_date() -> None:
    result = runner.invoke(
        app, ["content", "stale", "--as-of", "2028-01-01", "--folder", str(FIXTURE)]
    )
    assert "last reviewed 2026-11-24, over 12 months before 2028-01-01" in result.output


def test_bad_date_is_explained() -> None:
    result = runner.invoke(app, ["content", "stale", "--as-of", "soon"])
    assert result.exit_code == 2
    assert "--as-of must be a date" in result.output


def test_export_is_csv_with_a_bom(tmp_path: Path) -> None:
    out = tmp_path / "offer.csv"
    result = runner.invoke(
        app,
        [
            "content",
            "export",
            "--council",
            "testshire",
            "--format",
            "csv",
            "--output",
            str(out),
            "--folder",
            str(FIXTURE),
        ],
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_id = {row["id"]: row for row in rows}
    assert by_id["ts-setup-home"]["amounts"] == "2,500.00 GBP one-off"
    assert by_id["ts-setup-home"]["sources"] == "seed 900 lines 12-13: £2,500"
    assert by_id["en-he-bursary"]["pack"] == "england"
    assert len(rows) == 7


def test_export_unknown_council() -> None:
    result = runner.invoke(
        app, ["content", "export", "--council", "atlantis", "--folder", str(FIXTURE)]
    )
    assert result.exit_code == 2
    assert "Unknown council 'atlantis'. Known: otherton, testshire" in result.output
