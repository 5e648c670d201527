"""Settings and the defaults that ship with the bot (topic, feed list)."""

from config.settings import CONFIG_DIR, Settings, SettingsError, load_settings

__all__ = ["CONFIG_DIR", "Settings", "SettingsError", "load_settings"]
