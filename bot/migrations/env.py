"""Alembic environment: runs migrations on the async engine, SQLite or PostgreSQL alike.

The URL comes from the Alembic config (set by ``bot.migrate``) or, when Alembic's own command
line is used, from the same settings the bot reads (``CARELEAVER_DATABASE_URL``).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from bot import model_registry
from bot.db import Base, create_engine
from bot.settings import Settings

model_registry.import_all()
target_metadata = Base.metadata
config = context.config


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or Settings().database_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif config.attributes.get("connection") is not None:
    # Called from code (bot.migrate) with a connection inside the caller's event loop.
    _run(config.attributes["connection"])
else:
    asyncio.run(_run_online())
