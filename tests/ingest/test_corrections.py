"""An outlet corrects a report in place: same address, a figure changed, the feed lists the
item changed. The bot reads it again, saves the corrected text and summarizes the story with
the earlier version known, so readers learn of the correction; an item listed again unchanged
costs no page fetch, and a page that cannot be read is never taken for a correction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.ingest.cli import format_report
from bot.ingest.dedup import content_hash
from bot.storage.models import Article, Story
from tests.ingest.feeds import CEASEFIRE, ELECTION, Item, page
from tests.ingest.site import serve_feed
from tests.servers.news_site import NewsSite, Route

OLD = "Lestovia handed over 390 prisoners of war to Varnia at the Kalvik crossing on Friday."
NEW = "Lestovia handed over 307 prisoners of war to Varnia at the Kalvik crossing on Friday."
TITLE = "Prisoners exchanged after cease-fire talks in Geneva"


def _publish(
    site: NewsSite,
    lead: str,
    *,
    excerpt: str = "",
    status: int = 200,
    title: str = TITLE,
    source: str = "",
) -> str:
    """The outlet's page and its feed (an aggregator's, naming `source`), as they stand now."""
    url = site.route("/world/exchange", Route(body=page(title, [lead, *CEASEFIRE]), status=status))
    listed = f"{title} - {source}" if source else title
    item = Item(listed, url, description=excerpt or lead, guid="exchange-1", source=source)
    return serve_feed(site, "/feed.xml", "Geneva Wire", [item])


def _stored_text(database) -> str:
    with database.session() as session:
        return session.scalars(select(Article.text)).one()


def _dirty(database) -> bool:
    with database.session() as session:
        return session.scalars(select(Story.dirty)).one()


async def test_a_report_corrected_in_place_is_read_again_and_its_story_summarized(
    site, make_ingestor, database, summarizer
) -> None:
    ingestor = make_ingestor([_publish(site, OLD)])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    _publish(site, NEW)
    report = await ingestor.poll_once()
    assert [f.corrected for f in report.feeds] == [1]
    assert format_report(report).endswith(", 1 corrected in place")
    assert NEW in _stored_text(database)
    assert await ingestor.summarize_dirty() == 1

    # The story is summarized from the corrected text, with what readers were told known.
    assert NEW in summarizer.calls[-1][0].text
    assert summarizer.known[-1] == 0
    assert [OLD in a.text for a in summarizer.earlier[-1]] == [True]


async def test_an_item_listed_again_unchanged_is_not_read_again(
    site, make_ingestor, database
) -> None:
    ingestor = make_ingestor([_publish(site, OLD)])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    report = await ingestor.poll_once(ignore_backoff=True)

    assert [f.corrected for f in report.feeds] == [0]
    assert len(site.requests_to("/world/exchange")) == 1
    assert not _dirty(database)


async def test_a_changed_listing_whose_page_says_the_same_is_no_correction(
    site, make_ingestor, database
) -> None:
    ingestor = make_ingestor([_publish(site, OLD)])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    _publish(site, OLD, excerpt="Lestovia and Varnia exchanged prisoners on Friday.")
    report = await ingestor.poll_once(ignore_backoff=True)
    assert [f.corrected for f in report.feeds] == [0]
    assert not _dirty(database)

    # Its new listing is recorded: the next poll does not read the page again.
    await ingestor.poll_once(ignore_backoff=True)
    assert len(site.requests_to("/world/exchange")) == 2


async def test_a_corrected_page_that_cannot_be_read_is_tried_again_not_taken_for_news(
    site, make_ingestor, database
) -> None:
    ingestor = make_ingestor([_publish(site, OLD)])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    _publish(site, NEW, status=503)
    report = await ingestor.poll_once(ignore_backoff=True)
    assert [f.corrected for f in report.feeds] == [0]
    assert OLD in _stored_text(database)  # never the feed's excerpt in place of the page

    _publish(site, NEW)
    report = await ingestor.poll_once(ignore_backoff=True)
    assert [f.corrected for f in report.feeds] == [1]
    assert NEW in _stored_text(database)


async def test_a_corrected_headline_becomes_the_storys_headline(
    site, make_ingestor, database
) -> None:
    ingestor = make_ingestor([_publish(site, OLD, title="Lestovia frees 390 prisoners")])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    _publish(site, NEW, title="Lestovia frees 307 prisoners")
    await ingestor.poll_once(ignore_backoff=True)

    with database.session() as session:
        assert session.scalars(select(Story.title)).one() == "Lestovia frees 307 prisoners"


async def test_an_aggregators_report_stored_before_its_outlet_was_read_is_no_correction(
    site, make_ingestor, database
) -> None:
    ingestor = make_ingestor([_publish(site, OLD, source="Kalvik Post")])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()
    with database.session() as session:  # as a release before aggregators left it
        article = session.scalars(select(Article)).one()
        article.title, article.outlet = f"{TITLE} - Kalvik Post", None
        article.text = f"{TITLE} - Kalvik Post Kalvik Post\nKremlin to study the offer TASS"
        article.content_hash = content_hash(article.title, article.text)
        article.entry_fingerprint = "0" * 64

    report = await ingestor.poll_once(ignore_backoff=True)
    assert [f.corrected for f in report.feeds] == [0]  # read by the rules before: no news
    assert not _dirty(database)
    with database.session() as session:
        assert session.scalars(select(Article.outlet)).one() == "Kalvik Post"

    _publish(site, NEW, source="Kalvik Post")  # a real correction after that
    report = await ingestor.poll_once(ignore_backoff=True)
    assert [f.corrected for f in report.feeds] == [1]


async def test_a_feed_listing_every_item_changed_is_read_again_a_few_pages_a_poll(
    site, make_ingestor
) -> None:
    def listing(note: str) -> str:
        items = []
        for n in range(5):
            path = f"/world/{n}"
            url = site.route(path, Route(body=page(f"{TITLE} {n}", [OLD, *CEASEFIRE])))
            items.append(Item(f"{TITLE} {n}", url, f"{OLD} {note}", guid=path))
        return serve_feed(site, "/feed.xml", "Geneva Wire", items)

    ingestor = make_ingestor([listing("")])
    await ingestor.poll_once()

    listing("(views: 1,204)")  # every item's excerpt changes, none of their pages
    rereads = [
        [f.reread for f in (await ingestor.poll_once(ignore_backoff=True)).feeds] for _ in range(3)
    ]
    assert rereads == [[3], [2], [0]]


def _atom(site: NewsSite, updated: str, leads: list[str]) -> str:
    """An Atom feed that dates each entry's "updated" by when the feed was built."""
    entries = []
    for n, lead in enumerate(leads):
        path = f"/atom/{n}"
        url = site.route(path, Route(body=page(f"{TITLE} {n}", [lead, *CEASEFIRE])))
        entries.append(
            f"<entry><title>{TITLE} {n}</title><link href='{url}'/><id>{path}</id>"
            f"<published>{updated}</published><updated>{updated}</updated>"
            f"<summary>{lead}</summary></entry>"
        )
    body = (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Wire</title><id>wire</id><updated>{updated}</updated>{''.join(entries)}</feed>"
    )
    return site.route("/atom.xml", Route(body=body.encode(), content_type="application/atom+xml"))


async def test_a_feed_re_dating_every_item_does_not_crowd_out_the_one_corrected(
    site, make_ingestor, database
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    first, later = (f"{(now - timedelta(minutes=m)).isoformat()}" for m in (30, 5))
    ingestor = make_ingestor([_atom(site, first, [OLD] * 5)])
    await ingestor.poll_once()
    await ingestor.summarize_dirty()

    # The next build re-dates all five; only the last one's words changed: it was corrected.
    _atom(site, later, [OLD] * 4 + [NEW])
    report = await ingestor.poll_once(ignore_backoff=True)

    assert [(f.reread, f.corrected) for f in report.feeds] == [(2, 1)]


async def test_an_off_topic_item_listed_changed_is_neither_read_again_nor_written(
    site, make_ingestor, database
) -> None:
    def listing(excerpt: str) -> str:
        url = site.route("/local/library", Route(body=page("Library opens", ELECTION)))
        item = Item("Library opens", url, excerpt, guid="library")
        return serve_feed(site, "/feed.xml", "Geneva Wire", [item])

    ingestor = make_ingestor([listing(ELECTION[0])])
    await ingestor.poll_once()
    with database.session() as session:
        stored = session.scalars(select(Article.entry_fingerprint)).one()

    listing("Opening hours changed.")
    report = await ingestor.poll_once(ignore_backoff=True)

    assert [f.reread for f in report.feeds] == [0]
    assert len(site.requests_to("/local/library")) == 1
    with database.session() as session:
        assert session.scalars(select(Article.entry_fingerprint)).one() == stored
