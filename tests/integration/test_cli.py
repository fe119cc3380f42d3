"""The command line as a newcomer and an operator use it, run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import TEST_DB_ENV

ROOT = Path(__file__).resolve().parents[2]


def cli(
    *args: str, stdin: str = "", cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CARELEAVER_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=120,
        check=False,
    )


def test_version(tmp_path: Path) -> None:
    result = cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("careleaver-bot ")


def test_run_without_a_token_explains_and_exits_2(tmp_path: Path) -> None:
    result = cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr
    assert "careleaver-bot chat" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_contract_start_then_arabic(tmp_path: Path) -> None:
    """`printf '/start\\n2\\n' | careleaver-bot chat`: notice, ten buttons, Arabic menu."""
    result = cli("chat", stdin="/start\n2\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Your privacy, in short" in out
    for number, name in enumerate(
        [
            "English",
            "العربية",
            "فارسی",
            "دری",
            "پښتو",
            "کوردیی ناوەندی",
            "ትግርኛ",
            "አማርኛ",
            "Shqip",
            "Tiếng Việt",
        ],
        start=1,
    ):
        assert f"[{number}] {name}\n" in out
    menu_part = out.split("[10] Tiếng Việt", 1)[1]
    assert "[6]" in menu_part
    assert "What would you like to do?" not in menu_part, "the menu must be in Arabic"
    assert (tmp_path / "careleaver-bot.db").exists()


def test_chat_remembers_people_between_runs(tmp_path: Path) -> None:
    cli("chat", stdin="/start\n1\n", cwd=tmp_path)
    again = cli("chat", "--user-id", "1", stdin="/start\n", cwd=tmp_path)
    assert "Welcome back!" in again.stdout
    other = cli("chat", "--user-id", "2", stdin="/start\n", cwd=tmp_path)
    assert "Choose your language" in other.stdout


def test_chat_with_a_database_option_and_a_bad_button_number(tmp_path: Path) -> None:
    result = cli(
        "chat", "--database", str(tmp_path / "other.db"), stdin="/start\n99\n", cwd=tmp_path
    )
    assert result.returncode == 0
    assert "There is no button with that number" in result.stdout
    assert (tmp_path / "other.db").exists()


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'server.db'}"
    result = cli("db", "upgrade", "--database", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Database is at revision" in result.stdout


def test_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    result = cli("chat", stdin="", cwd=tmp_path, env={"CARELEAVER_DEFAULT_LANGUAGE": "xx"})
    assert result.returncode == 2
    assert "CARELEAVER_DEFAULT_LANGUAGE" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(
    not os.environ.get(TEST_DB_ENV, "").startswith("postgresql"),
    reason="checks a server database; runs in the PostgreSQL pass",
)
def test_server_database_behind_is_refused_with_the_command(tmp_path: Path) -> None:
    import asyncio

    from tests.support import scratch_database

    async def check() -> subprocess.CompletedProcess[str]:
        async with scratch_database(str(tmp_path)) as url:
            return cli(
                "chat", stdin="/start\n", cwd=tmp_path, env={"CARELEAVER_DATABASE_URL": url}
            )

    result = asyncio.run(check())
    assert result.returncode == 3
    assert "careleaver-bot db upgrade" in result.stderr
