"""A subscriber's words (/filter), how many points, their language and time zone, through the
real Application and the loopback Bot API: each setting stored, and a bad one refused with why.
"""

from __future__ import annotations

import pytest

from bot.context import BotApp
from bot.handlers.subscriptions import SCHEDULE_FALLBACK, schedule_error
from bot.scheduling import ScheduleError, parse_quiet_hours, parse_times, parse_zone
from bot.services import Services
from tests.bot.conftest import button, prefs_of
from tests.bot.test_chat import press, say
from tests.servers.telegram_api import BotApiServer

# -- /filter -----------------------------------------------------------------------------------


async def test_filter_adds_shows_and_clears_words(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 66, "/subscribe")
    assert "<b>Words:</b> none" in (await say(app, server, 66, "/filter")).text
    saved = await say(app, server, 66, "/filter +prisoner exchange -sanctions")
    assert saved.text.startswith("Saved.")
    assert "«prisoner exchange»" in saved.text
    assert "«sanctions»" in saved.text
    prefs = prefs_of(services, 66)
    assert (prefs.include, prefs.exclude) == (("prisoner exchange",), ("sanctions",))
    assert "«prisoner exchange»" in (await say(app, server, 66, "/filter")).text
    cleared = await say(app, server, 66, "/filter clear")
    assert "<b>Words:</b> none" in cleared.text
    assert prefs_of(services, 66).include == ()


async def test_a_reader_who_filters_on_words_learns_they_are_matched_in_each_storys_language(
    app: BotApp, server: BotApiServer
) -> None:
    await say(app, server, 68, "/subscribe", language_code="ru")
    saved = await say(app, server, 68, "/filter +обмен пленными", language_code="ru")
    assert saved.text.startswith("Сохранено.")
    assert "на языке, на котором написана новость" in saved.text
    # Only words to avoid lose nothing, so nothing to warn about.
    await say(app, server, 68, "/filter clear", language_code="ru")
    avoided = await say(app, server, 68, "/filter -санкции", language_code="ru")
    assert "на языке" not in avoided.text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("/filter +", "A + or - needs a word or phrase after it"),
        ("/filter prisoner exchange", "Start each phrase with + "),
        ("/filter " + " ".join(f"+word{i}" for i in range(200)), "at most 20 phrases in all"),
        ("/filter +peace\x07talks", "cannot contain angle brackets, ampersands, control"),
        ("/filter +<b>truce</b>", "cannot contain angle brackets"),
        ("/filter +truce\u202eevil", "invisible characters"),
        ("/filter +(truce|ceasefire)", "matched as written, not as patterns"),
        ("/filter +" + "negotiation " * 6, "at most 60 characters long"),
    ],
)
async def test_a_bad_filter_says_why_and_stores_nothing(
    app: BotApp, server: BotApiServer, services: Services, typed: str, said: str
) -> None:
    await say(app, server, 67, "/subscribe")
    await say(app, server, 67, "/filter +ceasefire")
    answer = await say(app, server, 67, typed)
    assert said in answer.text
    prefs = prefs_of(services, 67)
    assert (prefs.include, prefs.exclude) == (("ceasefire",), ())


async def test_filter_errors_are_in_the_readers_language(
    app: BotApp, server: BotApiServer
) -> None:
    await say(app, server, 68, "/subscribe", language_code="uk")
    answer = await say(app, server, 68, "/filter +" + "переговори " * 7)
    assert answer.text.startswith("Фраза може мати щонайбільше 60 символів.")
    assert "/subscribe first" in (await say(app, server, 69, "/filter +truce")).text


# -- points, language, time zone ---------------------------------------------------------------


async def test_settings_points_takes_1_to_10(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 70, "/subscribe")
    assert (
        "<b>Key points per story:</b> 5" in (await say(app, server, 70, "/settings points 5")).text
    )
    for bad in ("11", "0", "five", "5 6"):
        answer = await say(app, server, 70, f"/settings points {bad}")
        assert "a whole number from 1 to 10" in answer.text
    assert prefs_of(services, 70).points == 5


async def test_a_language_choice_is_stored_with_the_subscription(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 71, "/subscribe", language_code="en")
    await say(app, server, 71, "/language ru")
    assert prefs_of(services, 71).language == "ru"
    app.chat_data[71].clear()  # as after a restart: only the database remembers
    assert "Команды" in (await say(app, server, 71, "/help", language_code="en")).text
    choice = await say(app, server, 71, "/language")
    await press(app, server, 71, choice, button(choice, "Українська"))
    assert prefs_of(services, 71).language == "uk"


async def test_time_zone_and_time_errors_are_localized(app: BotApp, server: BotApiServer) -> None:
    await say(app, server, 72, "/subscribe", language_code="uk")
    zone = await say(app, server, 72, "/settings timezone Mars/Base")
    assert zone.text.startswith(
        "Не вдалося прочитати 'timezone Mars/Base': такого часового поясу я не знаю"
    )
    quiet = await say(app, server, 72, "/settings quiet 23:00")
    assert "тихі години задаються проміжком" in quiet.text


async def test_a_zone_typed_in_any_letter_case_is_stored_by_its_proper_name(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 75, "/subscribe")
    digest = await say(app, server, 75, "/settings digest 08:00 europe/kyiv")
    assert digest.text.startswith("Saved.")
    assert prefs_of(services, 75).timezone == "Europe/Kyiv"
    await say(app, server, 75, "/settings timezone AMERICA/NEW_YORK")
    assert prefs_of(services, 75).timezone == "America/New_York"
    await say(app, server, 75, "/settings quiet 23:00-07:00 utc")
    assert prefs_of(services, 75).timezone == "UTC"
    assert parse_zone(" asia/tbilisi ").key == "Asia/Tbilisi"


async def test_an_area_or_an_overlong_name_for_a_zone_is_refused_like_any_unknown_zone(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await say(app, server, 76, "/subscribe")
    before = prefs_of(services, 76)
    for typed in (
        "/settings timezone Europe",
        "/settings digest 08:00 America",
        "/settings quiet 23:00-07:00 Asia",
        "/settings timezone " + "a" * 300,
    ):
        answer = await say(app, server, 76, typed)
        assert "that is not a time zone I know; use an Area/City name like Europe/Kyiv" in (
            answer.text
        ), typed
    assert prefs_of(services, 76) == before


async def test_a_file_beside_the_zones_is_refused_like_any_unknown_zone(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    # The system's zone directory holds them, but they are no IANA zone: "localtime" is the
    # server's own zone, and a server with other zone files (or none) could not load them.
    await say(app, server, 77, "/subscribe")
    before = prefs_of(services, 77)
    for name in ("localtime", "LocalTime", "posixrules", "posix/Europe/Kyiv", "right/Europe/Kyiv"):
        answer = await say(app, server, 77, f"/settings timezone {name}")
        assert "that is not a time zone I know; use an Area/City name like Europe/Kyiv" in (
            answer.text
        ), name
    assert prefs_of(services, 77) == before


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("/settings timezone", "Give one zone name, like: /settings timezone Europe/Kyiv"),
        ("/settings timezone Europe/Kyiv now", "Give one zone name, like"),
        ("/settings quiet", "Give a range, like: /settings quiet 23:00-07:00"),
        ("/settings instant please", "Send /settings instant on its own"),
        ("/settings language uk", "The language is chosen with /language uk"),
    ],
)
async def test_a_known_setting_without_its_value_says_how_to_write_it(
    app: BotApp, server: BotApiServer, services: Services, typed: str, told: str
) -> None:
    await say(app, server, 78, "/subscribe")
    before = prefs_of(services, 78)
    assert (await say(app, server, 78, typed)).text.startswith(told)
    assert prefs_of(services, 78) == before


@pytest.mark.parametrize(
    "mistake",
    [
        lambda: parse_times("8pm"),
        lambda: parse_times(" "),
        lambda: parse_times(",".join(f"{h:02d}:00" for h in range(13))),
        lambda: parse_zone("Mars/Base"),
        lambda: parse_quiet_hours("23:00"),
        lambda: parse_quiet_hours("07:00-07:00"),
    ],
)
def test_every_schedule_error_has_its_own_message(mistake) -> None:
    with pytest.raises(ScheduleError) as caught:
        mistake()
    assert schedule_error(caught.value).message != SCHEDULE_FALLBACK
