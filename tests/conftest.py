"""Shared fixtures: one migrated database per run (SQLite, or PostgreSQL when
CARELEAVER_TEST_DATABASE_URL names a server), a transaction per test that is rolled back, and
the real Application wired to an in-process Telegram.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import migrate
from bot.app import BotApplication, build_application, build_services
from bot.db import create_engine
from bot.local_telegram import LocalTelegram
from bot.services import Services
from bot.settings import Settings
from offers.catalogue import Catalogue, load_all
from tests.support import Clock, Person, backend, scratch_database

CONTENT = Path(__file__).resolve().parent / "data" / "content"


@functools.cache
def fixture_catalogue() -> Catalogue:
    """Small invented packs ("testshire" + a baseline) so tests do not depend on the real
    content, which councils change every year."""
    return load_all(CONTENT)


def pytest_report_header() -> str:
    return f"careleaver-bot database back end: {backend()}"


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("careleaver")


@pytest.fixture(scope="session")
async def database_url(tmp_root: Path) -> AsyncIterator[str]:
    async with scratch_database(str(tmp_root)) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessions(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions inside one outer transaction that is rolled back after the test; a service's
    commit only releases a savepoint."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield async_sessionmaker(
            bind=connection,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )
        if transaction.is_active:
            await transaction.rollback()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        default_council="testshire",
        bot_username="careleaver_test_bot",
    )


@pytest.fixture
def services(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
) -> Services:
    return build_services(
        settings, engine=engine, sessions=sessions, clock=clock, catalogue=fixture_catalogue()
    )


@pytest.fixture
def transport() -> LocalTelegram:
    return LocalTelegram()


@pytest.fixture
async def app(services: Services, transport: LocalTelegram) -> AsyncIterator[BotApplication]:
    application = build_application(services, request=transport, rate_limit=False)
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def person(app: BotApplication, transport: LocalTelegram) -> Person:
    return Person(app, transport, user_id=1001, language_code="en")


@pytest.fixture
def make_person(app: BotApplication, transport: LocalTelegram) -> Callable[..., Person]:
    def _make(user_id: int, language_code: str | None = "en") -> Person:
        return Person(app, transport, user_id=user_id, language_code=language_code)

    return _make
