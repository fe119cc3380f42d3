"""The whole journey in Pashto through the terminal chat: onboarding, the offer, an amount,
search in Pashto, and the pledges — with none of the English interface showing through."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import cli

ENGLISH_SCREENS = (
    "What would you like to do?",
    "What do you need help with?",
    "Tap one to read more.",
    "How to get it",
    "Last checked",
    "These are the promises made to you.",
    "We will prepare young people for adulthood",
)


def run(tmp_path: Path, stdin: str) -> str:
    result = cli("chat", "--lang", "ps", "--council", "cheshire-east", stdin=stdin, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_pashto_journey_reads_in_pashto(tmp_path: Path) -> None:
    # /start · پښتو (button 5) · the offer (2) · Money (3) · the first item
    offer = run(tmp_path, "/start\n5\n/menu\n2\n3\n1\n")
    assert "تاسو څه کول غواړئ؟" in offer  # "What would you like to do?"
    assert "د یونیورسل کریډټ د انتظار پر مهال پیسې" in offer  # an item title
    assert "څنګه یې ترلاسه کړئ" in offer  # "How to get it"
    assert "🇬🇧 په انګلیسي یې وښیه" in offer  # "Show in English"
    # Asking in Pashto finds the setting-up grant; its amount is formatted for Pashto.
    grant = run(tmp_path, "د کور سامان\n1\n")
    assert "د لومړي کور جوړولو لپاره پیسې" in grant
    assert "\u2068£\u00a02.500\u2069" in grant  # isolated, with the locale's own spacing
    # The pledges, in Pashto, with their meaning.
    pledges = run(tmp_path, "/menu\n1\n1\n6\n")
    assert "موږ به له ماشومانو او ځوانانو سره یوځای کار وکړو" in pledges
    assert "موږ به تاسو ته غوږ ونیسو" in pledges
    for screen in (offer, grant, pledges):
        for english in ENGLISH_SCREENS:
            assert english not in screen, english
