"""Which text a summary is of when a message holds both a link and words, or when /summary
comes with a remark as a reply: the article the user means, never a pointer to /help or a
complaint about the remark's length. Articles and remarks are invented."""

from __future__ import annotations

from bot.context import BotApp
from tests.bot.test_chat import ARTICLE, article_page, say
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer

# Three finished sentences, about 260 characters: an article of its own by the bot's rules.
PASTED_UK = (
    "Переговори у Стамбулі: делегації домовилися про обмін полоненими наступного тижня. "
    "Друга зустріч запланована на початок наступного місяця в Женеві, повідомили джерела. "
    "Сторони не підписали угоди про припинення вогню, але погодили гуманітарні кроки."
)
# Over 200 characters but one unfinished run-on remark: about a link, not an article.
REMARK = (
    "what do you make of this one, the second paragraph especially, it says the talks are over "
    "but a friend of mine in Kyiv says otherwise and I am honestly not sure who to believe "
    "anymore, could you check it for me please"
)
HELP_HINT = "Send me a link to an article"


async def test_a_pasted_article_with_its_link_is_summarized_not_answered_with_help(
    app: BotApp, server: BotApiServer
) -> None:
    message = f"{PASTED_UK} https://news.example/2026/03/istanbul-talks"
    answer = await say(app, server, 141, message, language_code="uk")
    assert not answer.text.startswith("Надішліть посилання")
    assert "• Переговори у Стамбулі: делегації домовилися про обмін полоненими" in answer.text


async def test_a_link_with_a_long_remark_about_it_summarizes_the_page(
    app: BotApp, server: BotApiServer
) -> None:
    assert len(REMARK) > 200
    with NewsSite() as site:
        url = site.route("/talks", Route(body=article_page()))
        answer = await say(app, server, 142, f"{url} {REMARK}")
        command = await say(app, server, 142, f"/summary {REMARK} {url}")
    assert not answer.text.startswith(HELP_HINT)
    assert "• Negotiators from both sides met in Istanbul" in answer.text
    assert "• Negotiators from both sides met in Istanbul" in command.text


async def test_summary_with_a_remark_as_a_reply_to_an_article_summarizes_the_article(
    app: BotApp, server: BotApiServer
) -> None:
    answer = await say(app, server, 143, "/summary what is this?", reply_to=ARTICLE)
    assert "too short" not in answer.text
    assert "• Negotiators from both sides met in Istanbul" in answer.text


async def test_summary_with_a_remark_as_a_reply_to_a_link_summarizes_the_page(
    app: BotApp, server: BotApiServer
) -> None:
    with NewsSite() as site:
        url = site.route("/talks", Route(body=article_page()))
        answer = await say(
            app, server, 144, "/summary коротко, будь ласка", reply_to=f"Дивіться: {url}"
        )
    assert "• Negotiators from both sides met in Istanbul" in answer.text


async def test_summary_with_an_article_of_its_own_as_a_reply_summarizes_its_own_text(
    app: BotApp, server: BotApiServer
) -> None:
    answer = await say(app, server, 145, f"/summary {PASTED_UK}", reply_to=ARTICLE)
    assert "• Переговори у Стамбулі" in answer.text
    assert "Negotiators" not in answer.text


async def test_summary_as_a_reply_to_a_short_message_says_that_message_is_too_short(
    app: BotApp, server: BotApiServer
) -> None:
    answer = await say(app, server, 146, "/summary please", reply_to="Talks resumed today.")
    assert answer.text.startswith("That text is too short to summarize (20 characters)")
    alone = await say(app, server, 146, "/summary please")
    assert alone.text.startswith("That text is too short to summarize (6 characters)")
