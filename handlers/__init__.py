"""Everything that knows Telegram: one module per feature, registered in one place."""
