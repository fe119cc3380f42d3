"""``python -m bot`` is the same as the ``careleaver-bot`` command."""

from bot.cli import main

main()
