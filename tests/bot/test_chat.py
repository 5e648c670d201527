"""The chat as a subscriber meets it: their language, replies, links sent bare, buttons.

Every flow goes through the real Application and the loopback Bot API, including button presses
(callback queries), answerCallbackQuery and editMessageText.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from telegram import Update

from bot.context import BotApp
from bot.handlers import all_commands, menu, register_menus
from bot.handlers.callbacks import decode, encode, params
from bot.i18n import LANGUAGES
from bot.services import Services
from bot.storage.feeds import add_feed, due_feeds, record_failure
from bot.storage.models import utcnow
from tests.bot.conftest import ADMIN_ID, add_story
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer, SentMessage

ARTICLE = (
    "Negotiators from both sides met in Istanbul on Tuesday to discuss a cease-fire. "
    "The talks lasted six hours and ended without a signed agreement. "
    "Both delegations agreed to exchange prisoners next week. "
    "A second round is planned for early next month in Geneva. "
)


def article_page() -> bytes:
    paragraphs = "".join(f"<p>{s}.</p>" for s in ARTICLE.split(". "))
    return f"<html><body><article>{paragraphs}</article></body></html>".encode()


async def send(app: BotApp, server: BotApiServer, update: dict[str, Any]) -> SentMessage:
    """Process `update` (a Bot API update as JSON) and return the bot's newest message."""
    chat_id = (update.get("message") or update["callback_query"]["message"])["chat"]["id"]
    before = len(server.messages_to(chat_id))
    await app.process_update(Update.de_json(update, app.bot))
    return (await server.wait_for_messages(chat_id, before + 1, timeout=10))[-1]


async def say(
    app: BotApp, server: BotApiServer, chat_id: int, text: str, **kw: Any
) -> SentMessage:
    return await send(app, server, server.message_update(chat_id, text, **kw))


async def press(
    app: BotApp, server: BotApiServer, chat_id: int, message: SentMessage, data: str
) -> None:
    """Press a button and wait until the query is answered (the spinner stops)."""
    answered = len(server.callback_answers)
    update = server.callback_update(chat_id, message, data)
    await app.process_update(Update.de_json(update, app.bot))
    await server.wait_for(lambda s: len(s.callback_answers) > answered, timeout=10)


# -- languages ---------------------------------------------------------------------------------


async def test_the_bot_answers_in_the_users_telegram_language(
    app: BotApp, server: BotApiServer
) -> None:
    assert (
        "переговори щодо припинення вогню"
        in (await say(app, server, 40, "/start", language_code="uk")).text
    )
    assert (
        "переговорах по прекращению огня"
        in (await say(app, server, 41, "/start", language_code="ru-RU")).text
    )
    assert "cease-fire talks" in (await say(app, server, 42, "/start", language_code="de")).text
    assert (await say(app, server, 43, "/subscribe", language_code="uk")).text.startswith(
        "Підписку оформлено"
    )


async def test_language_command_and_buttons_switch_the_language(
    app: BotApp, server: BotApiServer
) -> None:
    choice = await say(app, server, 44, "/language", language_code="en")
    labels = [label for label, _ in choice.buttons()]
    assert labels == ["Українська", "Русский", "English"]
    await press(app, server, 44, choice, dict((b, d) for b, d in choice.buttons())["Русский"])
    assert server.message(choice.message_id).shown == "Теперь я буду писать по-русски."
    assert "Команды" in (await say(app, server, 44, "/help", language_code="en")).text
    await say(app, server, 44, "/language uk", language_code="en")
    assert "Команди" in (await say(app, server, 44, "/help", language_code="en")).text


async def test_language_takes_a_code_or_a_name_and_asks_again_for_anything_else(
    app: BotApp, server: BotApiServer
) -> None:
    again = await say(app, server, 61, "/language rubbish", language_code="en")
    assert again.text.startswith("Choose a language")  # not Russian, for its first letters
    russian = await say(app, server, 61, "/language Русский", language_code="en")
    assert russian.text == "Теперь я буду писать по-русски."
    english = await say(app, server, 61, "/language english", language_code="en")
    assert english.text == "I will write in English from now on."


async def test_a_second_tap_on_a_language_button_is_quietly_answered(
    app: BotApp, server: BotApiServer
) -> None:
    choice = await say(app, server, 62, "/language", language_code="en")
    english = dict(choice.buttons())["English"]
    await press(app, server, 62, choice, english)
    await press(app, server, 62, choice, english)  # the message already says so
    assert len(server.messages_to(62)) == 1  # no "something went wrong"


async def test_a_button_whose_value_we_cannot_read_says_it_is_no_longer_valid(
    app: BotApp, server: BotApiServer
) -> None:
    asked = await say(app, server, 63, "/subscribe", language_code="en")
    for data in ("v1:lang:xx", "v1:tz:Mars/Base", "v1:conf:atlantis"):
        await press(app, server, 63, asked, data)
        assert server.callback_answers[-1].text == (
            "This button is no longer valid; send the command again."
        ), data


async def test_the_command_menu_is_registered_in_each_language(
    app: BotApp, server: BotApiServer
) -> None:
    await register_menus(app.bot)
    assert set(server.commands_by_language) == {"", *LANGUAGES}
    menus = {lang: {c["command"]: c["description"] for c in cs} for lang, cs in
             server.commands_by_language.items()}  # fmt: skip
    assert menus["uk"]["subscribe"] == "Отримувати новини, щойно вони з'являються"
    assert menus["ru"]["latest"].startswith("Самые свежие новости")
    assert menus[""] == menus["en"]
    assert "stats" not in menus["en"]  # admin commands are not offered to everyone


# -- commands as records -----------------------------------------------------------------------


async def test_help_and_the_menu_are_generated_from_the_command_records(
    app: BotApp, server: BotApiServer
) -> None:
    records = all_commands()
    assert len({c.name for c in records}) == len(records)
    everyone = (await say(app, server, 45, "/help")).text
    admin = (await say(app, server, ADMIN_ID, "/help")).text
    for command in records:
        assert (f"/{command.name}:" in everyone) is not command.admin_only
        assert f"/{command.name}:" in admin
    assert [c.command for c in menu("en")] == [c.name for c in records if c.in_menu]


async def test_admin_only_records_refuse_others_in_their_language(
    app: BotApp, server: BotApiServer
) -> None:
    refused = await say(app, server, 46, "/stats", language_code="uk")
    assert refused.text == "Вибачте, це можуть робити лише адміністратори бота."
    assert "Subscribers:" in (await say(app, server, ADMIN_ID, "/stats")).text


# -- /latest -----------------------------------------------------------------------------------


def test_callback_data_is_small_and_versioned() -> None:
    assert encode("story", "42") == "v1:story:42"
    assert decode("v1:latest:page=2,n=5") == ("latest", "page=2,n=5")
    assert params("page=2,n=5,x=y") == {"page": 2, "n": 5}
    assert decode("v0:story:42") is None
    assert decode("garbage") is None


async def test_latest_is_a_compact_list_that_opens_stories_and_pages(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    ids = [add_story(services.db, f"Story number {i}", points=(f"Point {i}.",)) for i in range(7)]
    listing = await say(app, server, 51, "/latest 3")
    lines = listing.text.splitlines()
    assert lines[0].startswith(f"#{ids[6]} · <i>")
    assert "<b>Story number 6</b> (1 outlet)" in lines[0]
    assert "•" not in listing.text  # key points only on demand
    buttons = dict(listing.buttons())
    assert buttons[f"#{ids[6]}"] == f"v1:story:{ids[6]}"
    assert buttons["Older ›"] == "v1:latest:page=1,n=3"

    await press(app, server, 51, listing, buttons[f"#{ids[6]}"])
    story = server.messages_to(51)[-1]
    assert story.text.startswith("<b>Story number 6</b>")
    assert "• Point 6." in story.text

    await press(app, server, 51, listing, buttons["Older ›"])
    page2 = server.message(listing.message_id)
    assert page2.shown.startswith(f"#{ids[3]} · ")
    assert "Story number 3" in page2.shown
    assert dict(page2.buttons())["‹ Newer"] == "v1:latest:page=0,n=3"
    assert server.calls.count("answerCallbackQuery") == 2


async def test_latest_pages_back_with_a_button_each_language_reads_naturally(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    for i in range(3):
        add_story(services.db, f"Story number {i}")
    labels = {}
    for chat, lang in enumerate(("ru", "uk", "en"), start=70):
        listing = await say(app, server, chat, "/latest 2", language_code=lang)
        labels[lang] = [label for label, _ in listing.buttons()]
    assert labels["ru"][-1] == "Раньше ›"  # not "Старее ›", a comparative nobody says
    assert labels["uk"][-1] == "Старіші ›"
    assert labels["en"][-1] == "Older ›"


async def test_a_stale_button_is_answered_with_a_notice(app: BotApp, server: BotApiServer) -> None:
    listing = await say(app, server, 52, "/help")
    await press(app, server, 52, listing, "v1:story:999999")
    assert server.callback_answers[-1].text == "That story is no longer available."
    await press(app, server, 52, listing, "old-format-button")
    assert "no longer valid" in (server.callback_answers[-1].text or "")


async def test_latest_50_shows_20_in_one_message_and_says_so(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    long_title = "Negotiators agree on a long list of conditions for the truce " * 4
    ids = [
        add_story(services.db, f"{i} {long_title}", points=("A point. " * 40,)) for i in range(25)
    ]
    await say(app, server, 53, "/latest 50")
    await asyncio.sleep(0.2)  # a second part would have arrived by now
    messages = server.messages_to(53)
    assert len(messages) == 1
    text = messages[0].text
    assert text.startswith("Showing the newest 20 of the 50 asked for")
    assert f"\n#{ids[5]} · " in text  # the 20th newest
    assert f"\n#{ids[4]} · " not in text
    assert "…" in text  # long headlines are clipped in the list


async def test_latest_50_with_three_stories_promises_no_more_pages(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    newest = [add_story(services.db, f"Story {i}") for i in range(3)][-1]
    listing = await say(app, server, 64, "/latest 50")
    assert listing.text.startswith(f"#{newest} · ")
    assert "Older ›" not in dict(listing.buttons())


async def test_a_headline_with_a_line_break_stays_on_its_line_in_latest(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    add_story(services.db, "Talks resume\nin Geneva")  # a feed title with <br> in it
    add_story(services.db, "Envoys meet")
    lines = (await say(app, server, 60, "/latest")).text.splitlines()
    assert len(lines) == 3  # two stories and the hint
    assert "<b>Talks resume in Geneva</b> (1 outlet)" in lines[1]


async def test_an_opened_story_too_long_for_one_message_has_its_button_once_under_the_end(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    story_id = add_story(services.db, "Talks resume", points=("The talks went on. " * 300,))
    listing = await say(app, server, 61, "/latest")
    await press(app, server, 61, listing, dict(listing.buttons())[f"#{story_id}"])
    await asyncio.sleep(0.2)  # every part has arrived by now
    *parts, last = server.messages_to(61)[1:]
    assert parts[0].text.startswith("<b>Talks resume</b>")
    assert [p.buttons() for p in parts] == [[]] * len(parts)
    assert [label for label, _ in last.buttons()] == ["Timeline"]


async def test_latest_rejects_what_is_not_a_number(app: BotApp, server: BotApiServer) -> None:
    text = (await say(app, server, 54, "/latest many", language_code="uk")).text
    assert text == "Надішліть /latest або /latest N, де N — ціле число від 1 до 20."


async def test_latest_with_a_superscript_digit_asks_for_a_whole_number(
    app: BotApp, server: BotApiServer
) -> None:
    text = (await say(app, server, 59, "/latest ²")).text
    assert text == "Use /latest or /latest N, with N a whole number from 1 to 20."


async def test_latest_shows_times_in_the_subscribers_zone(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    add_story(services.db, "Envoys meet")
    assert " UTC, " in (await say(app, server, 55, "/latest")).text
    await say(app, server, 55, "/subscribe", language_code="uk")  # stored: it wins from now on
    await say(app, server, 55, "/settings timezone Europe/Kyiv")
    listing = (await say(app, server, 55, "/latest", language_code="uk")).text
    assert " Київ, " in listing
    assert "тому" not in listing  # never "... ago"


# -- sources and feeds ---------------------------------------------------------------------------

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback World</title>
<link>http://127.0.0.1/</link><description>d</description>
<item><title>Talks resume</title><link>http://127.0.0.1/a</link></item>
<item><title>Envoys meet</title><link>http://127.0.0.1/b</link></item>
</channel></rss>"""


async def test_addfeed_reads_the_feed_first_and_says_what_it_found_or_why_not(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        good = site.route("/rss.xml", Route(body=FEED, content_type="application/rss+xml"))
        broken = site.route("/broken.xml", Route(body=b"oops", status=500))
        article = site.route("/article", Route(body=article_page()))
        added = await say(app, server, ADMIN_ID, f"/addfeed {good}")
        assert added.text == "Following Loopback World, 2 items; it is read at the next poll."
        refused = await say(app, server, ADMIN_ID, f"/addfeed {broken}")
        assert refused.text == "Not added: the site answered HTTP 500."
        page = await say(app, server, ADMIN_ID, f"/addfeed {article}", language_code="uk")
        assert page.text == "Не додано: це вебсторінка, а не стрічка (RSS, Atom або JSON Feed)."
        sources = (await say(app, server, 56, "/sources")).text
    # The title is stored at the first poll; until then the site stands in for it.
    assert ">127.0.0.1</a>: not read yet" in sources
    assert "broken" not in sources
    assert "/article" not in sources


async def test_stats_counts_feeds_as_sources_lists_them(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    from bot.storage.feeds import remove_feed

    for n in range(5):
        add_feed(services.db, f"https://feeds.example/{n}.xml")
    remove_feed(services.db, "https://feeds.example/4.xml")
    sources = (await say(app, server, ADMIN_ID, "/sources")).text
    assert "Feeds followed (4)" in sources
    assert "Feeds followed: 4" in (await say(app, server, ADMIN_ID, "/stats")).text


async def test_sources_says_why_a_feed_fails_in_the_readers_language(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    for url in ("https://page.example/news", "https://odd.example/rss"):
        add_feed(services.db, url)
    page, odd = due_feeds(services.db, utcnow())
    for _ in range(3):
        record_failure(services.db, page.id, "got an HTML page, not a feed", timedelta(minutes=5))
    record_failure(services.db, odd.id, "internal error (KeyError)", timedelta(minutes=5))
    uk = (await say(app, server, 60, "/sources", language_code="uk")).text
    assert "3 збої поспіль (це вебсторінка, а не стрічка (RSS, Atom або JSON Feed))" in uk
    assert "1 збій поспіль (не вдалося завантажити стрічку)" in uk
    ru = (await say(app, server, 60, "/sources", language_code="ru")).text
    assert "3 сбоя подряд (это веб-страница, а не лента (RSS, Atom или JSON Feed))" in ru
    assert "1 сбой подряд (не удалось загрузить ленту)" in ru


def test_routine_scheduler_runs_stay_out_of_the_info_log() -> None:
    import logging

    from telegram.ext import Application

    from bot.scheduling import register_jobs

    async def job(_context: object) -> None:
        return None

    application = Application.builder().token("123:" + "A" * 35).build()
    assert application.job_queue is not None
    register_jobs(application.job_queue, poll_interval=60, poll=job, send=job)
    for name in ("apscheduler", "apscheduler.executors.default", "apscheduler.scheduler"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
    assert logging.getLogger("apscheduler").isEnabledFor(logging.WARNING)


async def test_a_double_tap_on_a_page_button_changes_nothing_and_errs_nowhere(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    for i in range(4):
        add_story(services.db, f"Story {i}")
    listing = await say(app, server, 57, "/latest 2")
    older = dict(listing.buttons())["Older ›"]
    await press(app, server, 57, listing, older)
    await press(app, server, 57, listing, older)  # the page is already shown
    assert len(server.callback_answers) == 2
    assert len(server.messages_to(57)) == 1  # no "something went wrong"


async def test_in_a_group_ordinary_conversation_gets_no_hints(
    app: BotApp, server: BotApiServer
) -> None:
    await app.process_update(
        Update.de_json(server.message_update(-58, "hello all", chat_type="group"), app.bot)
    )
    await app.process_update(
        Update.de_json(server.message_update(-58, "/foo", chat_type="group"), app.bot)
    )
    assert "Commands" in (await say(app, server, -58, "/help", chat_type="group")).text
    assert len(server.messages_to(-58)) == 1  # only the /help answer
