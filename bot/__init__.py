"""careleaver-bot: the wiring and core of the bot.

Settings, the database, translation, people and privacy, and the application factory live
here. Feature packages (`offers`, `scheduler`, `surveys`) hold their own rules; `handlers`
is the only package that knows Telegram.
"""

__version__ = "0.1.0"
