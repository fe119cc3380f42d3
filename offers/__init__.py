"""The local offer and pledges: content files and pure queries (no Telegram, no SQL)."""
