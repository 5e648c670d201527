"""Feeds -> articles -> relevance -> stories: the bot's supply line (see README.md here)."""
