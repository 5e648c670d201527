"""Which conflicts a subscriber follows, through the real Application and the loopback Bot API.

Buttons or text (/subscribe, /settings conflicts), what /latest then shows, and a story's
timeline (/story N and the Timeline button).
"""

from __future__ import annotations

import re

import pytest

from bot.context import BotApp
from bot.handlers.choices import conflict_names, parse_conflicts, toggled
from bot.i18n import LocalizedError
from bot.services import Services
from tests.bot.conftest import add_report, add_story, button, hours_ago, prefs_of
from tests.bot.test_chat import press, say
from tests.servers.telegram_api import BotApiServer

# -- conflicts ---------------------------------------------------------------------------------


async def test_subscribe_asks_which_conflicts_then_the_time_zone(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    asked = await say(app, server, 61, "/subscribe")
    assert asked.text.startswith("Subscribed.")
    assert [label for label, _ in asked.buttons()] == [
        "✅ Russia-Ukraine", "Israel-Gaza", "Sudan", "Any other conflict", "All conflicts", "Done",
    ]  # fmt: skip

    await press(app, server, 61, asked, button(asked, "Sudan"))
    shown = server.message(asked.message_id)
    assert "✅ Sudan" in dict(shown.buttons())
    assert shown.shown == asked.text  # only the buttons change
    assert prefs_of(services, 61).conflicts == ("ru-ua", "sudan")

    await press(app, server, 61, asked, button(shown, "✅ Russia-Ukraine"))
    assert prefs_of(services, 61).conflicts == ("sudan",)
    await press(app, server, 61, asked, button(shown, "✅ Sudan"))  # the last one stays
    assert server.callback_answers[-1].text == "Follow at least one conflict."
    assert prefs_of(services, 61).conflicts == ("sudan",)

    await press(app, server, 61, asked, button(shown, "All conflicts"))
    shown = server.message(asked.message_id)
    assert all(label.startswith("✅") for label, _ in shown.buttons()[:5])
    assert prefs_of(services, 61).conflicts == ("*",)

    await press(app, server, 61, asked, button(shown, "Done"))
    done = server.message(asked.message_id)
    assert done.shown.startswith("You follow: all conflicts.")
    assert done.buttons() == []
    zone_question = server.messages_to(61)[-1]
    assert "Which time zone are you in?" in zone_question.text
    assert "/settings timezone Area/City" in zone_question.text
    labels = [label for label, _ in zone_question.buttons()]
    assert labels == ["Kyiv", "Moscow", "London", "Berlin", "New York", "UTC"]

    await press(app, server, 61, zone_question, button(zone_question, "Kyiv"))
    assert prefs_of(services, 61).timezone == "Europe/Kyiv"
    assert server.message(zone_question.message_id).shown.startswith("Time zone: Europe/Kyiv.")
    assert prefs_of(services, 61).language == "en"
    quiet = await say(app, server, 61, "/settings quiet 23:00-07:00")
    assert "23:00-07:00 (Europe/Kyiv)" in quiet.text  # quiet hours are read in the chosen zone


@pytest.mark.parametrize(
    ("language", "digest", "instant"),
    [
        ("en", "You will get a digest at 08:00, 20:00 (Europe/Kyiv)", "will get every new"),
        ("uk", "Ви отримуватимете дайджест о 08:00, 20:00 (Europe/Kyiv)", "отримуватимете кожну"),
        ("ru", "Вы будете получать дайджест в 08:00, 20:00 (Europe/Kyiv)", "получать каждую"),
    ],
)
async def test_a_digest_reader_who_subscribes_again_is_told_of_its_digest_not_instant_pushes(
    app: BotApp, server: BotApiServer, services: Services, language: str, digest: str, instant: str
) -> None:
    chat = 66
    first = await say(app, server, chat, "/subscribe", language_code=language)
    assert instant in first.text  # a new subscriber gets every story as it is found
    await say(
        app, server, chat, "/settings digest 08:00,20:00 Europe/Kyiv", language_code=language
    )
    await say(app, server, chat, "/unsubscribe", language_code=language)

    again = await say(app, server, chat, "/subscribe", language_code=language)

    assert prefs_of(services, chat).mode == "digest"  # coming back keeps the chat's timing
    assert digest in again.text
    assert instant not in again.text
    await press(app, server, chat, again, button(again, again.buttons()[1][0]))
    assert digest in server.message(again.message_id).shown  # a tap keeps the confirmation


async def test_done_does_not_ask_for_a_zone_already_chosen(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    asked = await say(app, server, 62, "/subscribe", language_code="uk")
    await say(app, server, 62, "/settings timezone Europe/Kyiv")
    await press(app, server, 62, asked, button(asked, "Готово"))
    assert server.message(asked.message_id).shown.startswith(
        "Конфлікти, за якими ви стежите: Росія-Україна."
    )
    assert len(server.messages_to(62)) == 2  # no zone question


async def test_done_tapped_twice_asks_for_the_zone_once(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    asked = await say(app, server, 64, "/subscribe")
    # Both taps land before the first edit removes the buttons (a quick double tap).
    await press(app, server, 64, asked, button(asked, "Done"))
    await press(app, server, 64, asked, button(asked, "Done"))
    zone_questions = [m for m in server.messages_to(64) if "Which time zone" in m.text]
    assert len(zone_questions) == 1
    assert server.message(asked.message_id).shown.startswith("You follow: Russia-Ukraine.")


async def test_settings_sets_conflicts_by_text_and_refuses_unknown_ones(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 63, "/subscribe")
    saved = await say(app, server, 63, "/settings conflicts ru-ua, sudan")
    assert "<b>Conflicts:</b> Russia-Ukraine, Sudan" in saved.text
    assert prefs_of(services, 63).conflicts == ("ru-ua", "sudan")

    refused = await say(app, server, 63, "/settings conflicts sudan,mars")
    assert refused.text.startswith("I don't know the conflict 'mars'. Choose from:")
    for key in ("ru-ua (Russia-Ukraine)", "il-gaza (Israel-Gaza)", "sudan", "other"):
        assert key in refused.text
    assert prefs_of(services, 63).conflicts == ("ru-ua", "sudan")  # nothing stored
    uk = await say(app, server, 63, "/settings conflicts mars", language_code="uk")
    assert "Я не знаю конфлікту" not in uk.text  # the stored language (en) wins
    assert "I don't know the conflict" in uk.text

    await say(app, server, 63, "/settings conflicts all")
    assert prefs_of(services, 63).conflicts == ("*",)


async def test_settings_shows_every_choice_and_opens_the_conflict_buttons(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 64, "/subscribe", language_code="ru")
    await say(app, server, 64, "/filter +обмен пленными -санкции")
    shown = await say(app, server, 64, "/settings")
    for line in (
        "<b>Конфликты:</b> Россия-Украина",
        "<b>Новость должна упоминать одно из:</b> «обмен пленными»",
        "<b>Скрывать новости со словами:</b> «санкции»",
        "<b>Главных тезисов в новости:</b> 3",
        "<b>Язык:</b> Русский",
        "<b>Часовой пояс:</b> UTC",
    ):
        assert line in shown.text
    await press(app, server, 64, shown, button(shown, "Конфликты"))
    keyboard = server.messages_to(64)[-1]
    typed = await say(app, server, 64, "/settings conflicts")  # the same buttons, by text
    assert typed.buttons() == keyboard.buttons()
    assert "✅ Россия-Украина" in dict(keyboard.buttons())
    await press(app, server, 64, keyboard, button(keyboard, "Судан"))
    assert prefs_of(services, 64).conflicts == ("ru-ua", "sudan")


def test_conflict_names_come_from_the_topic_when_it_has_them() -> None:
    class Conflict:
        key = "ru-ua"
        names = {"en": "Russia-Ukraine war", "uk": "Війна"}

    class Topic:
        conflicts = (Conflict(),)

    assert conflict_names(Topic(), "uk") == {"ru-ua": "Війна"}
    assert conflict_names(Topic(), "ru") == {"ru-ua": "Russia-Ukraine war"}
    assert list(conflict_names(object(), "en")) == ["ru-ua", "il-gaza", "sudan", "other"]


def test_conflicts_parse_and_toggle() -> None:
    names = conflict_names(object(), "en")
    assert parse_conflicts("Sudan, RU-UA", names) == ("ru-ua", "sudan")
    assert parse_conflicts("all", names) == ("*",)
    with pytest.raises(LocalizedError):
        parse_conflicts("", names)
    known = list(names)
    assert toggled(("*",), "sudan", known) == ("ru-ua", "il-gaza", "other")
    assert toggled(("ru-ua",), "ru-ua", known) == ()


# -- /latest by conflict -----------------------------------------------------------------------


async def test_latest_shows_the_followed_conflicts_and_all_on_request(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    kyiv = []
    for i in range(3):
        kyiv.append(add_story(services.db, f"Kyiv talks {i}", conflicts=("ru-ua",)))
        add_story(services.db, f"Jeddah talks {i}", conflicts=("sudan",))

    everything = (await say(app, server, 65, "/latest 10")).text  # not subscribed: all
    assert "Kyiv talks" in everything
    assert "Jeddah talks" in everything

    await say(app, server, 65, "/subscribe")
    mine = await say(app, server, 65, "/latest 2")
    assert "Kyiv talks 2" in mine.text
    assert "Kyiv talks 1" in mine.text
    assert "Jeddah" not in mine.text
    assert "Only Russia-Ukraine, the conflicts you follow; /latest all" in mine.text
    await press(app, server, 65, mine, button(mine, "Older ›"))
    page2 = server.message(mine.message_id).shown
    assert page2.startswith(f"#{kyiv[0]} · ")
    assert "Kyiv talks 0" in page2
    assert "Jeddah" not in page2

    every = await say(app, server, 65, "/latest all 2")
    assert "Jeddah talks 2" in every.text
    assert "Only" not in every.text
    older = button(every, "Older ›")
    assert older == "v1:latest:page=1,n=2,all=1"
    await press(app, server, 65, every, older)
    page2 = server.message(every.message_id).shown
    assert "Kyiv talks 1" in page2
    assert "Jeddah talks 1" in page2
    assert button(server.message(every.message_id), "‹ Newer") == "v1:latest:page=0,n=2,all=1"

    await say(app, server, 65, "/settings conflicts all")
    assert "Jeddah talks 2" in (await say(app, server, 65, "/latest")).text


# -- /story N ----------------------------------------------------------------------------------


async def test_story_shows_its_timeline_and_the_story_view_has_a_timeline_button(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    story_id = add_story(services.db, "Envoys meet in Istanbul", points=("Envoys met.",))
    add_report(services.db, story_id, "Envoys agree", points=("Envoys met.", "A swap is agreed."))
    await say(app, server, 73, "/subscribe")
    await say(app, server, 73, "/settings timezone Europe/Kyiv")

    timeline = (await say(app, server, 73, f"/story {story_id}")).text
    assert timeline.startswith(f"<b>Timeline:</b> Envoys meet in Istanbul (/story {story_id})")
    first, update = timeline.split("\n\n")[1:]
    assert " Kyiv, " in first
    assert "<b>First report</b> · 1 outlet: news" in first
    assert "• Envoys met." in first
    assert "<b>Update 1</b> · 2 outlets" in update
    assert "• A swap is agreed." in update
    assert "Envoys met." not in update

    listing = await say(app, server, 73, "/latest all")
    await press(app, server, 73, listing, button(listing, f"#{story_id}"))
    story = server.messages_to(73)[-1]
    await press(app, server, 73, story, button(story, "Timeline"))
    assert server.messages_to(73)[-1].text == timeline


async def test_the_number_latest_shows_for_a_story_is_the_one_story_n_opens(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    oldest, middle, newest = (
        add_story(services.db, title, created_at=hours_ago(30 - 10 * i))
        for i, title in enumerate(
            ["Prisoner swap agreed", "Geneva round ends", "Istanbul talks resume today"]
        )
    )
    listing = await say(app, server, 78, "/latest", language_code="uk")
    first, second, third, hint = listing.text.splitlines()
    assert first.startswith(f"#{newest} · ")
    assert "Istanbul talks resume today" in first
    assert second.startswith(f"#{middle} · ")
    assert third.startswith(f"#{oldest} · ")
    labels = [label for label, _ in listing.buttons()]
    assert labels == [f"#{newest}", f"#{middle}", f"#{oldest}"]
    assert f"/story {newest}" in hint

    # The reader types the number they read on the first line.
    number = re.match(r"#(\d+) ", first)
    assert number is not None
    timeline = await say(app, server, 78, f"/story {number.group(1)}", language_code="uk")
    assert timeline.text.startswith("<b>Хронологія:</b> Istanbul talks resume today")
    also = await say(app, server, 78, f"/story #{newest}", language_code="uk")
    assert also.text == timeline.text


async def test_story_with_an_unknown_number_says_so(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    elsewhere = add_story(services.db, "Harbour strike ends", topic="labour")
    for typed in ("/story 999999", "/story abc", f"/story {elsewhere}"):
        answer = await say(app, server, 74, typed)
        assert answer.text.startswith("I have no story")
    assert (await say(app, server, 74, "/story")).text.startswith(
        "Send /story N with a story's number, e.g. /story 42"
    )
    ru = await say(app, server, 74, "/story 999999", language_code="ru")
    assert ru.text.startswith("Новости '999999' у меня нет.")
    uk = await say(app, server, 74, "/story 999999", language_code="uk")
    assert uk.text.endswith("для новини, яку /latest показує як #42.")  # яку: the story


async def test_story_with_a_superscript_or_a_20_digit_number_says_there_is_no_such_story(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    add_story(services.db, "Envoys meet in Istanbul")
    for number in ("²", "100000000000000000000"):
        answer = await say(app, server, 77, f"/story {number}")
        assert answer.text.startswith(f"I have no story '{number}'."), number


async def test_an_unsubscribed_chat_sees_every_conflict_again(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    add_story(services.db, "Jeddah talks", conflicts=("sudan",))
    await say(app, server, 75, "/subscribe")
    assert "Jeddah" not in (await say(app, server, 75, "/latest")).text
    await say(app, server, 75, "/unsubscribe")
    assert "Jeddah talks" in (await say(app, server, 75, "/latest")).text
