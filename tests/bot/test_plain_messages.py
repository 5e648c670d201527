"""What a private chat's messages that are no known command get: a link, a forwarded post or a
pasted article is summarized, anything else a pointer to /help; in a group, only a command
written to the bot.
"""

from __future__ import annotations

from bot.context import BotApp
from tests.bot.test_chat import ARTICLE, article_page, say, send
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer


async def test_a_bare_link_is_summarized_as_a_reply(app: BotApp, server: BotApiServer) -> None:
    with NewsSite() as site:
        url = site.route("/talks", Route(body=article_page()))
        update = server.message_update(47, url)
        answer = await send(app, server, update)
    assert "• Negotiators from both sides met in Istanbul" in answer.text
    assert answer.reply_to == update["message"]["message_id"]


async def test_summary_of_words_carrying_a_link_opens_the_link(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        url = site.route("/talks", Route(body=article_page()))
        update = server.message_update(65, "/summary this report")
        update["message"]["entities"].append(
            {"type": "text_link", "offset": 9, "length": len("this report"), "url": url}
        )
        answer = await send(app, server, update)
    assert "• Negotiators from both sides met in Istanbul" in answer.text


async def test_a_pasted_article_with_linked_words_is_summarized_as_written(
    app: BotApp, server: BotApiServer
) -> None:
    update = server.message_update(68, "/summary " + ARTICLE)
    start = len("/summary ") + ARTICLE.index("Istanbul")
    update["message"]["entities"].append(
        {"type": "text_link", "offset": start, "length": 8, "url": "https://maps.example/ist"}
    )
    answer = await send(app, server, update)
    assert "• Negotiators from both sides met in Istanbul on Tuesday" in answer.text
    assert "maps.example" not in answer.text


async def test_a_word_with_a_dot_is_no_link_to_open_unless_telegram_marked_it(
    app: BotApp, server: BotApiServer
) -> None:
    answer = await send(app, server, server.message_update(66, "thanks.bye"))
    assert answer.text.startswith("Send me a link to an article to summarize it")


async def test_a_photo_without_a_caption_gets_the_pointer_to_help(
    app: BotApp, server: BotApiServer
) -> None:
    update = server.message_update(67, "")
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}]
    answer = await send(app, server, update)
    assert answer.text.startswith("Send me a link to an article to summarize it")


async def test_in_a_group_an_unknown_command_written_to_the_bot_by_name_is_answered(
    app: BotApp, server: BotApiServer
) -> None:
    answer = await say(app, server, -59, "/conflicts@ceasefire_test_bot", chat_type="group")
    assert answer.text == "I don't know that command; /help lists the ones I do."


async def test_a_forwarded_post_is_summarized(app: BotApp, server: BotApiServer) -> None:
    update = server.message_update(48, ARTICLE, forward_from_chat="Talks Channel")
    answer = await send(app, server, update)
    assert "• Both delegations agreed to exchange prisoners next week." in answer.text
    assert answer.reply_to == update["message"]["message_id"]


async def test_a_pasted_article_without_a_link_is_summarized(
    app: BotApp, server: BotApiServer
) -> None:
    update = server.message_update(51, ARTICLE)
    answer = await send(app, server, update)
    assert "• Negotiators from both sides met in Istanbul on Tuesday" in answer.text
    assert answer.reply_to == update["message"]["message_id"]


async def test_a_long_message_that_is_no_article_still_points_at_help(
    app: BotApp, server: BotApiServer
) -> None:
    remark = (
        "hi there, I follow the talks every day for my work and a colleague told me about "
        "this bot, so what can it do for me exactly, can it send me what happens in Geneva "
        "and maybe in Istanbul too, thanks a lot in advance"
    )
    assert len(remark) > 200
    answer = await send(app, server, server.message_update(52, remark))
    assert answer.text == "Send me a link to an article to summarize it; /help lists what I do."


async def test_plain_text_and_unknown_commands_point_at_help(
    app: BotApp, server: BotApiServer
) -> None:
    update = server.message_update(49, "hello, what is this?")
    hint = await send(app, server, update)
    assert hint.text == "Send me a link to an article to summarize it; /help lists what I do."
    assert hint.reply_to == update["message"]["message_id"]
    unknown = await say(app, server, 49, "/foo", language_code="ru")
    assert unknown.text == "Я не знаю такой команды; /help покажет те, что я знаю."


async def test_command_answers_are_replies(app: BotApp, server: BotApiServer) -> None:
    update = server.message_update(50, "/start")
    assert (await send(app, server, update)).reply_to == update["message"]["message_id"]
