"""The Telegram side of the bot, its ingestion and its storage."""
