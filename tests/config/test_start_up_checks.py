"""Settings an operator can get wrong in ways that used to pass the load and fail later."""

from __future__ import annotations

import pytest

from config import SettingsError, load_settings


def test_the_webhook_listen_address_must_be_an_ip_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for address in ("localhost", "0.0.0.0:8443", "bot.example.com", "999.1.1.1"):
        monkeypatch.setenv("WEBHOOK_LISTEN", address)
        with pytest.raises(SettingsError, match=r"WEBHOOK_LISTEN: .*IP address"):
            load_settings(_env_file=None)
    for address in ("127.0.0.1", "::", " 0.0.0.0 ", "::1"):
        monkeypatch.setenv("WEBHOOK_LISTEN", address)
        assert load_settings(_env_file=None).webhook_listen == address.strip()
