"""Fixtures for end-to-end tests: the npm Bot API emulator, started on a free loopback port,
and the real bot polling it over HTTP with a fresh random token per test."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "telegram-test-api").exists():
        pytest.fail(
            "The end-to-end tests need Node and the emulator: run `npm ci --prefix tests/e2e`."
        )
    process = subprocess.Popen(
        [node, str(HERE / "emulator.js"), "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("ready "):
        process.kill()
        pytest.fail(f"the emulator did not start: {line!r}")
    yield f"http://127.0.0.1:{line.split()[1]}"
    assert process.stdin is not None
    process.stdin.close()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    process.stdout.close()


@pytest.fixture
def bot_token() -> str:
    return f"{secrets.randbelow(10**9)}:{secrets.token_urlsafe(24)}"


@pytest.fixture
async def client(emulator_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=emulator_url, timeout=5) as http:
        yield http


async def wait_for(predicate: Callable[[], Awaitable[bool]], seconds: float = 5.0) -> None:
    """Poll ``predicate`` until it holds; fail after ``seconds``."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.05)
