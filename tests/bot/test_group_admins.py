"""A bot in a group: only the group's admins change what the group gets.

Subscribing, unsubscribing, /settings with a change, /filter with words, /language with a
choice and the conflict, zone and language buttons are for the group's creator and
administrators (and an anonymous admin writing as the group); any member may still read:
/latest, /story, /help, /settings and /filter without arguments, and how to write a setting,
filter or language the member got wrong. In a private chat the one
person in it decides, and Telegram is not asked.
"""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update

from bot.context import BotApp
from bot.services import Services
from bot.storage.subscribers import get_subscription
from tests.bot.conftest import add_story, button, prefs_of
from tests.bot.test_chat import say
from tests.servers.telegram_api import BotApiServer, Fault, SentMessage

GROUP = -1004100
OWNER, ADMIN, MEMBER = 11, 12, 13
ADMINS_ONLY = "Only this group's admins can change its subscription and settings."


@pytest.fixture
def group(server: BotApiServer) -> int:
    server.set_member(GROUP, OWNER, "creator")
    server.set_member(GROUP, ADMIN, "administrator")
    server.set_member(GROUP, MEMBER, "member")
    return GROUP


async def tell(app: BotApp, server: BotApiServer, user: int | None, text: str, **kw: Any) -> str:
    """`user` writes `text` in the group; the bot's answer."""
    kw.setdefault("chat_type", "supergroup")
    return (await say(app, server, GROUP, text, user_id=user, **kw)).text


async def tap(
    app: BotApp, server: BotApiServer, user: int, message: SentMessage, data: str
) -> str | None:
    """`user` presses a button of `message` in the group; the notice on the button."""
    answered = len(server.callback_answers)
    update = server.callback_update(GROUP, message, data, user_id=user, chat_type="supergroup")
    await app.process_update(Update.de_json(update, app.bot))
    await server.wait_for(lambda s: len(s.callback_answers) > answered, timeout=10)
    return server.callback_answers[-1].text


async def test_a_member_cannot_subscribe_or_unsubscribe_the_group_but_an_admin_can(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    assert await tell(app, server, MEMBER, "/subscribe") == ADMINS_ONLY
    assert get_subscription(services.db, group) is None
    assert (await tell(app, server, ADMIN, "/subscribe")).startswith("Subscribed.")

    assert await tell(app, server, MEMBER, "/unsubscribe") == ADMINS_ONLY
    info = get_subscription(services.db, group)
    assert info is not None
    assert info.active
    assert (await tell(app, server, OWNER, "/unsubscribe")).startswith("Unsubscribed")


async def test_a_member_cannot_change_settings_words_or_language_and_nothing_is_stored(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    await tell(app, server, OWNER, "/subscribe")
    before = prefs_of(services, group)
    for typed in (
        "/settings points 3",
        "/settings digest 08:00 Europe/Kyiv",
        "/settings conflicts",
        "/filter +sanctions",
        "/filter clear",
        "/language ru",
    ):
        assert await tell(app, server, MEMBER, typed) == ADMINS_ONLY, typed
    assert prefs_of(services, group) == before
    assert (await tell(app, server, ADMIN, "/settings points 3")).startswith("Saved.")
    assert prefs_of(services, group).points == 3


async def test_any_member_may_still_read_what_the_group_gets(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    add_story(services.db, "Envoys meet in Doha")
    await tell(app, server, OWNER, "/subscribe")
    assert "Envoys meet in Doha" in await tell(app, server, MEMBER, "/latest")
    assert "<b>Conflicts:</b>" in await tell(app, server, MEMBER, "/settings")
    assert "<b>Words:</b> none" in await tell(app, server, MEMBER, "/filter")
    assert "/unsubscribe" in await tell(app, server, MEMBER, "/help")
    assert "Choose a language" in await tell(app, server, MEMBER, "/language")


async def test_a_member_asking_how_to_write_a_setting_is_told_how_not_refused(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    await tell(app, server, OWNER, "/subscribe")
    before, checks = prefs_of(services, group), server.calls.count("getChatMember")
    for typed, how in (
        ("/settings timezone", "Give one zone name, like: /settings timezone Europe/Kyiv"),
        ("/settings quiet", "Give a range, like: /settings quiet 23:00-07:00"),
        ("/settings digest", "Say when, like: /settings digest 08:00,20:00 Europe/Kyiv"),
        ("/settings loudness 11", "I don't know the setting 'loudness 11'."),
        ("/settings conflicts mars", "I don't know the conflict 'mars'."),
        ("/filter sanctions", "Start each phrase with + "),
        ("/language klingon", "Choose a language: /language uk"),
    ):
        shown = await tell(app, server, MEMBER, typed)
        assert how in shown, typed
        assert ADMINS_ONLY not in shown, typed
    assert prefs_of(services, group) == before
    assert server.calls.count("getChatMember") == checks  # help needs no admin check


async def test_a_members_button_press_is_refused_with_a_notice_and_changes_nothing(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    await tell(app, server, OWNER, "/subscribe")
    asked = server.messages_to(group)[-1]
    assert await tap(app, server, MEMBER, asked, button(asked, "Sudan")) == ADMINS_ONLY
    assert await tap(app, server, MEMBER, asked, button(asked, "Done")) == ADMINS_ONLY
    assert prefs_of(services, group).conflicts == ("ru-ua",)
    assert server.message(asked.message_id).buttons() == asked.buttons()

    await tell(app, server, MEMBER, "/language")
    choice = server.messages_to(group)[-1]
    assert await tap(app, server, MEMBER, choice, button(choice, "Русский")) == ADMINS_ONLY
    assert prefs_of(services, group).language == "en"

    assert await tap(app, server, ADMIN, asked, button(asked, "Sudan")) is None
    assert prefs_of(services, group).conflicts == ("ru-ua", "sudan")


async def test_an_anonymous_admin_writing_as_the_group_may_change_it(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    assert (await tell(app, server, None, "/subscribe", as_chat=True)).startswith("Subscribed.")
    assert (await tell(app, server, None, "/settings points 4", as_chat=True)).startswith("Saved.")
    assert prefs_of(services, group).points == 4
    assert "getChatMember" not in server.calls  # Telegram vouches for who writes as the group


async def test_when_telegram_cannot_say_who_is_admin_nothing_changes_and_the_user_may_retry(
    app: BotApp, server: BotApiServer, services: Services, group: int
) -> None:
    await tell(app, server, OWNER, "/subscribe")
    server.fail_next("getChatMember", Fault.server_error())
    refused = await tell(app, server, OWNER, "/unsubscribe")
    assert refused.startswith("I could not check whether you are an admin of this group")
    assert refused.endswith("Please try again in a minute.")
    info = get_subscription(services.db, group)
    assert info is not None
    assert info.active
    assert (await tell(app, server, OWNER, "/unsubscribe")).startswith("Unsubscribed")


async def test_the_refusal_is_in_the_groups_language(
    app: BotApp, server: BotApiServer, group: int
) -> None:
    await tell(app, server, OWNER, "/subscribe", language_code="uk")
    assert await tell(app, server, MEMBER, "/unsubscribe", language_code="ru") == (
        "Змінювати підписку й налаштування цієї групи можуть лише її адміністратори."
    )
    await tell(app, server, OWNER, "/language ru")
    assert await tell(app, server, MEMBER, "/settings points 2") == (
        "Менять подписку и настройки этой группы могут только её администраторы."
    )


async def test_in_a_private_chat_the_person_decides_without_asking_telegram(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    assert (await say(app, server, 88, "/subscribe")).text.startswith("Subscribed.")
    assert (await say(app, server, 88, "/settings points 2")).text.startswith("Saved.")
    assert "getChatMember" not in server.calls
