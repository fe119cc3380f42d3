"""The content loader refuses bad content with a message that names file, entry and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from offers.catalogue import load_all
from offers.loader import ContentError, load_pack

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "content"

GOOD_ITEM = """
[[items]]
id = "ts-thing"
category = "money"
title = "A thing"
summary = "A short summary."
details = "Details."
how_to_get = "Ask your PA."
provider = "Testshire Council"
keywords = ["thing"]
as_of = 2022-07-01
last_reviewed = 2026-11-24
[[items.sources]]
statute = "Children Act 1989"
"""


def write_pack(tmp_path: Path, body: str, name: str = "testshire") -> Path:
    (tmp_path / "sources.toml").write_text((FIXTURE / "sources.toml").read_text())
    (tmp_path / "england.toml").write_text((FIXTURE / "england.toml").read_text())
    header = f"""
[council]
id = "{name}"
name = "Testshire Council"
last_reviewed = 2026-11-24
"""
    path = tmp_path / f"{name}.toml"
    path.write_text(header + body)
    return path


def refusal(tmp_path: Path, body: str) -> ContentError:
    write_pack(tmp_path, body)
    with pytest.raises(ContentError) as caught:
        load_all(tmp_path)
    return caught.value


def test_the_fixture_loads() -> None:
    catalogue = load_all(FIXTURE)
    assert "ts-setup-home" in catalogue.items
    assert catalogue.items["ts-setup-home"].amounts[0].pence == 250000


def test_a_good_item_loads(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD_ITEM)
    assert load_all(tmp_path).items["ts-thing"].title == "A thing"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('category = "money"', 'category = "cash"'), "category 'cash'; allowed: money"),
        (('title = "A thing"', 'titel = "A thing"'), "unknown field(s) titel"),
        (('summary = "A short summary."', 'summary = "Get £2,500 now."'), "amounts belong"),
        (('details = "Details."', 'details = "You get 300 pounds."'), "amounts belong"),
        (('[[items.sources]]\nstatute = "Children Act 1989"\n', ""), "at least one source"),
        (("as_of = 2022-07-01", 'as_of = "last year"'), "'as_of' must be a date"),
        (('id = "ts-thing"', 'id = "TS Thing!"'), "lower-case letters"),
        (('title = "A thing"', 'title = "Help for care leavers"'), "labels the reader"),
        (('title = "A thing"', f'title = "{"x" * 61}"'), "keep it under 60"),
        (('keywords = ["thing"]', 'keywords = ["a, b"]'), "may not contain a comma"),
        (
            ('statute = "Children Act 1989"', 'seed = "004"\nlines = "1"\nquote = "x"'),
            "not listed in sources.toml",
        ),
        (
            ('statute = "Children Act 1989"', 'seed = "900"\nlines = "ten"\nquote = "x"'),
            "'lines' must look like",
        ),
    ],
)
def test_refusals_name_file_entry_and_reason(
    tmp_path: Path, change: tuple[str, str], reason: str
) -> None:
    old, new = change
    assert old in GOOD_ITEM
    error = refusal(tmp_path, GOOD_ITEM.replace(old, new, 1))
    assert error.path.endswith("testshire.toml")
    assert error.entry.startswith("item ")
    assert reason in str(error)


def test_amount_rules(tmp_path: Path) -> None:
    bad = GOOD_ITEM + '[[items.amounts]]\npence = 25.5\nperiod = "one-off"\n'
    assert "whole number" in str(refusal(tmp_path, bad))
    bad = GOOD_ITEM + '[[items.amounts]]\npence = 100\nperiod = "daily"\n'
    assert "period 'daily'" in str(refusal(tmp_path, bad))


def test_needs_confirmation_needs_a_note(tmp_path: Path) -> None:
    body = GOOD_ITEM.replace(
        'provider = "Testshire Council"',
        'provider = "Testshire Council"\nneeds_confirmation = true',
    )
    assert "confirm_note" in str(refusal(tmp_path, body))


def test_superseded_by_must_exist(tmp_path: Path) -> None:
    body = GOOD_ITEM.replace(
        'provider = "Testshire Council"',
        'provider = "Testshire Council"\nsuperseded_by = "ts-nothing"',
    )
    assert "superseded_by 'ts-nothing' is not an item" in str(refusal(tmp_path, body))


def test_ids_are_unique_across_packs(tmp_path: Path) -> None:
    body = GOOD_ITEM.replace('id = "ts-thing"', 'id = "en-pa-to-25"')
    assert "id used twice" in str(refusal(tmp_path, body))


def test_file_name_must_match_the_id(tmp_path: Path) -> None:
    path = write_pack(tmp_path, GOOD_ITEM)
    path.rename(tmp_path / "elsewhere.toml")
    with pytest.raises(ContentError, match="must match the file name"):
        load_pack(tmp_path / "elsewhere.toml")


def test_broken_toml_is_reported_with_its_file(tmp_path: Path) -> None:
    error = refusal(tmp_path, "[[items]\nid = ")
    assert "not valid TOML" in str(error)


def test_a_missing_baseline_is_refused(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD_ITEM)
    (tmp_path / "england.toml").unlink()
    with pytest.raises(ContentError, match="England baseline"):
        load_all(tmp_path)
