"""A feed's backlog is listed, never pushed, however many polls it takes to read; what the
outlet publishes after it is news."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import Story
from tests.ingest.feeds import CEASEFIRE, Item
from tests.ingest.site import serve_feed, serve_story

CITIES = ["Geneva", "Istanbul", "Riyadh", "Vienna", "Doha"]


def talks_in(site, n: int) -> Item:
    """An undated report of talks in the n-th city, its own development."""
    city = CITIES[n]
    paragraphs = [f"Report number {n} on the cease-fire talks in {city}."]
    paragraphs += [p.replace("Geneva", city) for p in CEASEFIRE]
    story = serve_story(site, f"/a/{n}", f"Cease-fire talks in {city}", paragraphs)
    return Item(story.title, story.link, story.description, story.guid, published=None)


async def test_an_undated_backlog_longer_than_the_cap_is_not_pushed_but_later_news_is(
    site, make_ingestor, database
) -> None:
    backlog = [talks_in(site, n) for n in range(4)][::-1]  # newest first, as feeds list
    feed = serve_feed(site, "/a.xml", "Outlet A", backlog)
    ingestor = make_ingestor([feed], max_entries_per_poll=2, story_similarity=0.99)

    first = await ingestor.poll_once()
    second = await ingestor.poll_once()  # reaches the two oldest reports

    assert [r.feeds[0].stories for r in (first, second)] == [2, 2]
    assert first.new_story_ids == second.new_story_ids == []
    with database.session() as session:
        assert session.scalars(select(Story.pushable)).all() == [False] * 4

    serve_feed(site, "/a.xml", "Outlet A", [talks_in(site, 4), *backlog])
    news = await ingestor.poll_once()

    assert news.feeds[0].stories == 1
    assert len(news.new_story_ids) == 1
    with database.session() as session:
        assert session.get_one(Story, news.new_story_ids[0]).title == "Cease-fire talks in Doha"


async def test_a_first_listing_of_more_copies_than_the_cap_does_not_keep_news_from_pushing(
    site, make_ingestor, database
) -> None:
    # The outlet lists one report under three links: two are never stored (copies of the
    # first), so polls never run out of unread entries.
    talks = talks_in(site, 0)
    copies = [Item(talks.title, site.url(f"/a/0?copy={n}"), talks.description, f"copy-{n}",
                   published=None) for n in range(3)]  # fmt: skip
    feed = serve_feed(site, "/a.xml", "Outlet A", copies)
    ingestor = make_ingestor([feed], max_entries_per_poll=1, story_similarity=0.99)
    for _ in range(2):
        assert (await ingestor.poll_once()).new_story_ids == []

    serve_feed(site, "/a.xml", "Outlet A", [talks_in(site, 4), *copies])
    news = await ingestor.poll_once()

    assert len(news.new_story_ids) == 1


async def test_a_long_first_listing_pushes_news_after_ceil_n_over_c_polls_as_the_outlet_publishes(
    site, make_ingestor, database
) -> None:
    """A feed whose first listing is long still pushes news after ceil(N/C) polls, even when
    the outlet keeps publishing."""
    # Three entries at a cap of one: backlog for three polls at most. Two are copies of the
    # first (never stored), and the outlet publishes a report before every later poll, so
    # every poll stores something and never runs out of unread entries.
    talks = talks_in(site, 0)
    copies = [Item(talks.title, site.url(f"/a/0?copy={n}"), talks.description, f"copy-{n}",
                   published=None) for n in range(3)]  # fmt: skip
    feed = serve_feed(site, "/a.xml", "Outlet A", copies)
    ingestor = make_ingestor([feed], max_entries_per_poll=1, story_similarity=0.99)

    pushed = [len((await ingestor.poll_once()).new_story_ids)]
    published = []
    for n in range(1, 5):
        published.insert(0, talks_in(site, n))
        serve_feed(site, "/a.xml", "Outlet A", [*published, *copies])
        pushed.append(len((await ingestor.poll_once()).new_story_ids))

    assert pushed == [0, 0, 0, 1, 1]  # the reports from Vienna and Doha are news
    with database.session() as session:
        titles = session.scalars(select(Story.title).where(Story.pushable.is_(True))).all()
    assert titles == ["Cease-fire talks in Vienna", "Cease-fire talks in Doha"]
