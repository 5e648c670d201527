"""Commands through `process_update` on the real Application, answered via the loopback API."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.context import BotApp
from bot.handlers.subscriptions import parse_settings
from bot.handlers.summary_input import (
    SummaryRequest,
    UserInputError,
    looks_like_an_article,
    parse_summary_input,
)
from bot.i18n import LocalizedError, translator
from bot.preferences import Preferences
from bot.services import Services
from bot.storage.fanout import fan_out
from bot.storage.models import utcnow
from bot.storage.subscribers import get_subscription
from tests.bot.conftest import ADMIN_ID, add_story, make_update
from tests.ingest.feeds import Item, rss
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer

ARTICLE = (
    "Negotiators from both sides met in Istanbul on Tuesday to discuss a cease-fire. "
    "The talks lasted six hours and ended without a signed agreement. "
    "Both delegations agreed to exchange prisoners next week. "
    "A second round is planned for early next month in Geneva. "
)


async def say(app: BotApp, server: BotApiServer, chat_id: int, text: str, **kw: object) -> str:
    """Send `text` as the user and return the bot's (last) answer."""
    before = len(server.messages_to(chat_id))
    await app.process_update(make_update(app.bot, chat_id, text, **kw))  # type: ignore[arg-type]
    messages = await server.wait_for_messages(chat_id, before + 1, timeout=10)
    return messages[-1].text


async def test_start_greets_and_help_lists_commands_with_examples(
    app: BotApp, server: BotApiServer
) -> None:
    assert "cease-fire talks" in await say(app, server, 1, "/start")
    text = await say(app, server, 1, "/help")
    for command in ("/subscribe", "/latest 5", "/summary https://", "/settings digest"):
        assert command in text


async def test_subscribe_unsubscribe_round_trip(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    assert (await say(app, server, 2, "/subscribe")).startswith("Subscribed")
    assert "already subscribed" in await say(app, server, 2, "/subscribe")
    assert get_subscription(services.db, 2).active  # type: ignore[union-attr]
    assert (await say(app, server, 2, "/unsubscribe")).startswith("Unsubscribed")
    assert not get_subscription(services.db, 2).active  # type: ignore[union-attr]


async def test_settings_switch_to_digest_and_quiet_hours(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    assert "send /subscribe first" in await say(app, server, 3, "/settings")
    await say(app, server, 3, "/subscribe")
    text = await say(app, server, 3, "/settings digest 08:00,20:00 Europe/Kyiv")
    assert "digest at 08:00, 20:00 (Europe/Kyiv)" in text
    text = await say(app, server, 3, "/settings quiet 23:00-07:00")
    assert "23:00-07:00" in text
    text = await say(app, server, 3, "/settings digest 8pm")
    assert "HH:MM" in text
    prefs = get_subscription(services.db, 3).prefs  # type: ignore[union-attr]
    assert prefs == Preferences(
        "digest", ("08:00", "20:00"), "Europe/Kyiv", "23:00", "07:00", language="en"
    )


async def test_a_bot_following_another_conflict_pushes_that_conflicts_stories(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    services.topic = replace(services.topic, key="sudan", name="Sudan talks")
    await say(app, server, 30, "/subscribe")
    add_story(services.db, "Ukraine talks resume", created_at=utcnow(), topic="ceasefire")
    add_story(services.db, "Sudan truce talks resume in Jeddah", topic="sudan")
    fan_out(services.db, utcnow())
    await services.sender.drain(app.bot)
    pushed = await server.wait_for_messages(30, 2, timeout=10)
    assert "Sudan truce talks resume in Jeddah" in pushed[-1].text
    latest = await say(app, server, 30, "/latest")
    assert "Sudan truce talks" in latest
    assert "Ukraine talks resume" not in latest


def test_settings_parsing() -> None:
    base = Preferences()
    assert parse_settings("instant", base).mode == "instant"
    assert parse_settings("digest 07:30", base).digest_times == ("07:30",)
    assert parse_settings("quiet off", Preferences(quiet_start="1:00")).quiet_start is None
    with pytest.raises(LocalizedError) as unreadable:
        parse_settings("digest 08:00 Europe/Atlantis", base)
    assert unreadable.value.code == "settings.unreadable"
    assert "Europe/Kyiv" in unreadable.value.render(translator("en"))
    with pytest.raises(LocalizedError) as unknown:
        parse_settings("loud", base)
    assert unknown.value.code == "settings.unknown"
    assert unknown.value.params == {"value": "loud"}


async def test_admin_commands_refuse_others_politely(app: BotApp, server: BotApiServer) -> None:
    assert "only the bot's admins" in await say(app, server, 5, "/stats")
    assert "only the bot's admins" in await say(app, server, 5, "/addfeed https://x.example/f")
    text = await say(app, server, ADMIN_ID, "/stats")
    assert "Subscribers: 0" in text


def test_summary_input_link_or_text() -> None:
    assert parse_summary_input("https://e.example/a") == SummaryRequest(url="https://e.example/a")
    assert parse_summary_input("look: https://e.example/a.").url == "https://e.example/a"
    assert parse_summary_input(ARTICLE).text == ARTICLE.strip()
    with pytest.raises(UserInputError) as short:
        parse_summary_input("Talks resumed.")
    assert (short.value.code, short.value.params) == ("summary.too_short", {"length": 14})
    assert "too short" in short.value.render(translator("en"))
    with pytest.raises(UserInputError) as empty:
        parse_summary_input("   ")
    assert empty.value.code == "summary.usage"


def test_summary_of_a_non_web_link_says_only_web_pages_open() -> None:
    for link in ("ftp://files.example/report.txt", "file:///etc/passwd", "mailto:a@b.example"):
        with pytest.raises(UserInputError) as refused:
            parse_summary_input(link)
        assert refused.value.code == "summary.not_web"
        assert "http:// or https://" in refused.value.render(translator("en"))


def test_a_link_telegram_found_without_a_scheme_is_opened_as_https() -> None:
    request = parse_summary_input("news.example/story", ["news.example/story"])
    assert request == SummaryRequest(url="https://news.example/story")


def test_a_link_typed_without_a_scheme_is_a_link_not_a_short_text() -> None:
    typed = "kyivindependent.com/ukraine-backs-30-day-ceasefire/"
    request = parse_summary_input(typed)  # no entity: the loopback API marks none
    assert request.url == "https://" + typed
    assert request.guessed_scheme
    assert parse_summary_input("bbc.co.uk").url == "https://bbc.co.uk"
    with pytest.raises(UserInputError):
        parse_summary_input("Talks resumed.")  # a sentence's full stop is no link


async def test_summary_of_a_link_without_a_scheme_falls_back_to_http(
    app: BotApp, server: BotApiServer
) -> None:
    page = "<html><body><article>" + "".join(f"<p>{s}.</p>" for s in ARTICLE.split(". "))
    with NewsSite() as site:
        site.route("/talks/", Route(body=(page + "</article></body></html>").encode()))
        text = await say(app, server, 31, f"/summary {site.netloc}/talks/")
    assert "Istanbul" in text


async def test_summary_of_pasted_text(app: BotApp, server: BotApiServer) -> None:
    text = await say(app, server, 6, "/summary " + ARTICLE)
    assert "• Negotiators from both sides met in Istanbul" in text


async def test_summary_of_a_replied_message_shows_typing(
    app: BotApp, server: BotApiServer
) -> None:
    text = await say(app, server, 7, "/summary", reply_to=ARTICLE)
    assert "prisoners" in text
    assert (7, "typing") in server.chat_actions


async def test_summary_of_a_web_page(app: BotApp, server: BotApiServer) -> None:
    page = (
        "<html><head><title>Talks</title></head><body><article><h1>Talks</h1>"
        + "".join(f"<p>{s}.</p>" for s in ARTICLE.split(". "))
        + "</article></body></html>"
    )
    with NewsSite() as site:
        url = site.route("/a", Route(body=page.encode()))
        site.route("/file.pdf", Route(body=b"%PDF", content_type="application/pdf"))
        text = await say(app, server, 8, f"/summary {url}")
        assert "Istanbul" in text
        text = await say(app, server, 8, f"/summary {site.url('/file.pdf')}")
        assert "not a web page (application/pdf)" in text


FRONT_PAGE = (
    "<html><head><title>Kyiv Daily</title></head><body><nav><a href='/p'>Politics</a> "
    "<a href='/s'>Sport</a> <a href='/e'>Economy</a></nav><div>We use cookies to improve your "
    "experience. By continuing you accept our cookie policy.</div><ul><li><a href='/t'>Talks "
    "resume in Istanbul</a></li><li><a href='/x'>Prisoner swap agreed</a></li></ul></body></html>"
)
LOGIN_WALL = (
    "<html><head><title>Sign in</title></head><body><form><label>Email</label><input name=e>"
    "<label>Password</label><input type=password name=p><button>Sign in</button></form>"
    "<p>Please sign in to continue reading this article. Subscribers get unlimited access.</p>"
    "</body></html>"
)
BRIEF = (
    "<html><head><title>Swap</title></head><body><article><p>Ukraine and Russia exchanged 150 "
    "prisoners of war each on Tuesday, the coordination headquarters in Kyiv said in a "
    "statement.</p><p>The exchange, the third since talks resumed in Istanbul, was mediated by "
    "the United Arab Emirates.</p></article></body></html>"
)


async def test_summary_of_a_front_page_or_a_login_wall_says_there_is_no_article(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        front = site.route("/", Route(body=FRONT_PAGE.encode()))
        login = site.route("/login", Route(body=LOGIN_WALL.encode()))
        brief = site.route("/brief", Route(body=BRIEF.encode()))
        for url in (front, login):
            text = await say(app, server, 33, f"/summary {url}")
            assert text == "I couldn't find the text of an article on that page.", url
        text = await say(app, server, 33, f"/summary {brief}")  # a two-sentence brief is one
        assert "• Ukraine and Russia exchanged 150 prisoners of war each on Tuesday" in text
        await say(app, server, 33, "/language uk")
        text = await say(app, server, 33, f"/summary {login}")
    assert text == "Не вдалося знайти на цій сторінці текст статті."


def test_a_brief_in_a_script_without_spaces_is_an_article_and_a_notice_is_not() -> None:
    brief = (
        "停火谈判今天在伊斯坦布尔恢复，双方代表团讨论了交换战俘和保护能源设施的问题。"
        "联合国表示愿意派遣观察员监督停火线，并呼吁各方保持克制。"
        "土耳其外交部长说，下一轮会谈将于下周举行。"
    )
    assert looks_like_an_article(brief)
    assert not looks_like_an_article("请登录后继续阅读本文。")


async def test_summary_refuses_private_addresses(app: BotApp, server: BotApiServer) -> None:
    text = await say(app, server, 9, "/summary http://10.0.0.1/admin")
    assert text == "I can't open that address: that address is on a private or local network."


async def test_other_commands_answer_while_a_summary_runs(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    release = asyncio.Event()
    loop = asyncio.get_running_loop()
    original = services.summarizer.summarize

    def slow(article, max_points=None):
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result(timeout=10)
        return original(article, max_points)

    services.summarizer.summarize = slow  # type: ignore[method-assign]
    await app.process_update(make_update(app.bot, 10, "/summary " + ARTICLE))
    assert "Hello" in await say(app, server, 11, "/start")  # answered while the model works
    assert server.messages_to(10) == []
    release.set()
    await server.wait_for_messages(10, 1)


async def test_sources_lists_feeds_and_admins_manage_them(
    app: BotApp, server: BotApiServer
) -> None:
    feed = rss("Loopback World", [Item("Talks resume", "http://127.0.0.1/a"), Item("B", "b")])
    with NewsSite() as site:
        url = site.route("/rss.xml", Route(body=feed, content_type="application/rss+xml"))
        assert "No feeds" in await say(app, server, 13, "/sources")
        text = await say(app, server, ADMIN_ID, f"/addfeed {url}")
        assert text.startswith("Following Loopback World, 2 items")
        assert "already followed" in await say(app, server, ADMIN_ID, f"/addfeed {url}")
        assert "/rss.xml" in await say(app, server, 13, "/sources")
        text = await say(app, server, ADMIN_ID, f"/removefeed {url}")
        assert text.startswith("No longer following")
