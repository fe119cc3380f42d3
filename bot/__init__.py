"""careleaver-bot: the wiring and core of the bot.

Settings, the database, translation, people and privacy, and the application factory live
here. Feature packages (`offers`, `scheduler`, `surveys`) hold their own rules; `handlers`
is the only package that knows Telegram.
"""

import os

# Durations from python-telegram-bot (a 429's retry_after) as timedelta, as its next major
# version will give them; set before telegram is first imported.
os.environ.setdefault("PTB_TIMEDELTA", "true")

__version__ = "0.1.0"
