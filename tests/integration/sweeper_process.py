"""A bot worker in its own process, for the exactly-once test: sweeps the outbox of the
database named on the command line until nothing is left, then prints what it sent as JSON."""

from __future__ import annotations

import asyncio
import json
import sys

from bot.app import build_application, build_services
from bot.local_telegram import LocalTelegram
from bot.settings import Settings
from handlers.sweep import sweep_once


async def main(url: str) -> None:
    settings = Settings(
        _env_file=None,
        database_url=url,  # type: ignore[call-arg]
        quiet_start="00:00",
        quiet_end="00:00",
    )
    services = build_services(settings)
    transport = LocalTelegram()
    app = build_application(services, request=transport, rate_limit=False)
    await app.initialize()
    # Start together with the other worker: say ready, wait for "go".
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    idle = 0
    try:
        while idle < 3:
            result = await sweep_once(app.bot, services, limit=7)
            idle = idle + 1 if not result else 0
            await asyncio.sleep(0)
    finally:
        await app.shutdown()
        await services.engine.dispose()
    sent = [[m.chat_id, m.text] for chat in transport.messages.values() for m in chat]
    print(json.dumps(sent))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
