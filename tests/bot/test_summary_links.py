"""/summary's links as a user types them: brackets, ports, redirects, and edits of the message."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from telegram import Update

from bot.context import BotApp
from bot.ingest.extractor import PageExtractor
from bot.services import Services
from bot.storage.models import utcnow
from summarizer.text import MAX_CHARS
from tests.bot.conftest import make_update
from tests.decoding_spy import watch_decoding
from tests.ingest.extraction_work import SLOW_MARK, extract_here
from tests.ingest.feeds import CEASEFIRE_RU, legacy_page
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer

ARTICLE = (
    "Negotiators from both sides met in Istanbul on Tuesday to discuss a cease-fire. "
    "The talks lasted six hours and ended without a signed agreement. "
    "Both delegations agreed to exchange prisoners next week. "
    "A second round is planned for early next month in Geneva. "
)
PAGE = (
    "<html><body><article>"
    + "".join(f"<p>{s}.</p>" for s in ARTICLE.strip().rstrip(".").split(". "))
    + "</article></body></html>"
).encode()

_ids = itertools.count(500_000)


def typed(
    bot: object, chat_id: int, text: str, *, urls: tuple[str, ...] = (), edited: bool = False
) -> Update:
    """`text` as Telegram sends it: a command entity, a url entity on each of `urls` (the exact
    link Telegram recognised), and under `edited_message` when the user edited it."""
    now = int(utcnow().timestamp())
    entities: list[dict[str, Any]] = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    entities += [{"type": "url", "offset": text.index(u), "length": len(u)} for u in urls]
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": now,
        "chat": {"id": chat_id, "type": "private", "first_name": "T"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "T"},
        "text": text,
        "entities": entities,
    }
    if edited:
        message["edit_date"] = now
    key = "edited_message" if edited else "message"
    return Update.de_json({"update_id": next(_ids), key: message}, bot)  # type: ignore[arg-type]


async def ask(app: BotApp, server: BotApiServer, update: Update) -> str:
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    before = len(server.messages_to(chat_id))
    await app.process_update(update)
    return (await server.wait_for_messages(chat_id, before + 1, timeout=10))[-1].text


async def test_a_link_ending_in_a_bracket_opens_the_page_it_names(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        url = site.route("/wiki/Minsk_II_(2015)", Route(body=PAGE))
        marked = await ask(app, server, typed(app.bot, 61, f"/summary {url}", urls=(url,)))
        unmarked = await ask(app, server, typed(app.bot, 62, f"/summary {url}"))
        in_brackets = await ask(app, server, typed(app.bot, 63, f"/summary (see {url})."))
    for answer in (marked, unmarked, in_brackets):
        assert "Istanbul" in answer, answer


async def test_a_bracket_the_link_did_not_open_is_not_part_of_it(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        url = site.route("/talks", Route(body=PAGE))
        answer = await ask(app, server, typed(app.bot, 64, f"/summary (from {url})"))
    assert "Istanbul" in answer


async def test_a_host_and_port_typed_without_a_scheme_is_opened_over_http(
    app: BotApp, server: BotApiServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def loopback(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    monkeypatch.setattr("bot.net.guard._system_resolver", loopback)
    services.settings = services.settings.model_copy(
        update={"fetch_allowed_hosts": ["news.example"]}
    )
    with NewsSite() as site:
        site.route("/talks", Route(body=PAGE))
        port = site.netloc.rsplit(":", 1)[1]
        answer = await ask(app, server, typed(app.bot, 65, f"/summary news.example:{port}/talks"))
    assert "Istanbul" in answer


async def test_a_link_that_redirects_off_the_web_says_so(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        ftp = site.route("/report", Route.redirect("ftp://files.example/report.pdf"))
        mail = site.route("/contact", Route.redirect("mailto:desk@news.example"))
        answers = [
            await ask(app, server, typed(app.bot, 66, f"/summary {u}")) for u in (ftp, mail)
        ]
    for answer in answers:
        assert answer == "I can't open that address: it redirects to a non-web address."


async def test_editing_a_summary_request_does_not_answer_it_again(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    await ask(app, server, typed(app.bot, 67, "/summary " + ARTICLE))
    await app.process_update(typed(app.bot, 67, "/summary " + ARTICLE + " Edited.", edited=True))
    await app.process_update(typed(app.bot, 67, "/latest", edited=True))
    await app.process_update(typed(app.bot, 67, "Just a typo fixed.", edited=True))
    with pytest.raises(TimeoutError):
        await server.wait_for_messages(67, 2, timeout=1)
    assert len(services.summarizer.articles) == 1  # type: ignore[union-attr]
    # A new message is still a new request.
    assert "Istanbul" in await ask(app, server, make_update(app.bot, 67, "/summary " + ARTICLE))


async def test_a_page_is_judged_on_the_part_the_summarizer_reads(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    """Past MAX_CHARS the summarizer reads nothing, so prose there cannot make a list of
    headlines an article (and scanning it all would hold up every other chat)."""
    line = "<p>Update {} from the talks in Istanbul and Geneva</p>"
    headlines = "".join(line.format(i) for i in range(2000))
    page = PAGE.replace(b"<article>", b"<article>" + headlines.encode())
    assert len(headlines) > MAX_CHARS
    with NewsSite() as site:
        url = site.route("/live", Route(body=page))
        answer = await ask(app, server, typed(app.bot, 68, f"/summary {url}"))
    assert answer == "I couldn't find the text of an article on that page."
    assert services.summarizer.articles == []  # type: ignore[union-attr]


async def test_a_page_too_slow_to_read_is_said_to_be_so(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    """A page whose extraction the worker gave up on holds no verdict on its article: the
    reader is told it took too long, not that there is no article."""
    services.extractor = PageExtractor(timeout=1.0, work=extract_here)
    stuck = PAGE.replace(b"<body>", f"<body>{SLOW_MARK}".encode())
    with NewsSite() as site:
        url = site.route("/stuck", Route(body=stuck))
        answer = await ask(app, server, typed(app.bot, 69, f"/summary {url}"))
    assert answer == "I couldn't read that page: it took too long to read."
    assert services.summarizer.articles == []  # type: ignore[union-attr]


async def test_a_page_in_an_old_russian_code_page_is_summarized_in_readable_russian(
    app: BotApp, server: BotApiServer, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regional site serving windows-1251 with the charset only in its HTTP header (or in no
    header at all) reads as Russian, and the bot's event loop never decodes it: guessing a big
    page's charset there would keep every other chat waiting."""
    services.extractor = PageExtractor(timeout=30)
    body = legacy_page("Переговоры в Женеве", CEASEFIRE_RU)
    decoded_on_the_loop = watch_decoding(monkeypatch)
    with NewsSite() as site:
        declared = site.route("/ru/1", Route(body=body, content_type="text/html; charset=cp1251"))
        guessed = site.route("/ru/2", Route(body=body, content_type="text/html"))
        answers = [
            await ask(app, server, typed(app.bot, 70, f"/summary {u}"))
            for u in (declared, guessed)
        ]
    for answer in answers:
        assert "Переговоры о прекращении огня возобновились" in answer, answer
    assert True not in decoded_on_the_loop
