"""The dependency rules of docs/architecture.md, checked by reading every import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_MODULES = [
    *sorted((ROOT / "offers").rglob("*.py")),
    *[ROOT / "scheduler" / f"{name}.py" for name in ("cadence", "when", "quiet")],
    *[ROOT / "surveys" / f"{name}.py" for name in ("definitions", "results")],
]
# bot/ modules allowed to know Telegram: the transport, the factory and the runners.
BOT_TELEGRAM_OK = {"app.py", "runner.py", "local_telegram.py", "terminal.py", "cli.py"}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path", [p for p in PURE_MODULES if p.exists()], ids=lambda p: str(p.relative_to(ROOT))
)
def test_pure_modules_know_neither_telegram_nor_sql(path: Path) -> None:
    assert not imported(path) & {"telegram", "sqlalchemy", "handlers"}


def test_the_pure_module_list_is_not_empty() -> None:
    assert [p for p in PURE_MODULES if p.exists()], "no pure module found: paths are wrong"


@pytest.mark.parametrize("package", ["bot", "offers", "scheduler", "surveys"])
def test_only_the_composition_root_imports_handlers(package: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if "handlers" in imported(path) and path.name not in {"app.py", "runner.py"}
    ]
    assert offenders == []


def test_bot_core_does_not_know_telegram() -> None:
    offenders = [
        path.name
        for path in (ROOT / "bot").glob("*.py")
        if "telegram" in imported(path) and path.name not in BOT_TELEGRAM_OK
    ]
    assert offenders == []
