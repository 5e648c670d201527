"""Upgrading a database made by the previous release keeps its stories and subscriptions."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from bot.ingest.conflicts import ConflictTagger
from bot.ingest.topic import load_topic
from bot.storage import outbox
from bot.storage.corrections import correct_article
from bot.storage.db import Database
from bot.storage.feeds import due_feeds, list_feeds, record_success
from bot.storage.models import Story
from bot.storage.stories import get_story, story_timeline
from bot.storage.story_writes import NewArticle, add_article, place_article, story_material
from bot.storage.subscribers import get_subscription
from config import CONFIG_DIR
from tests.storage.conftest import migrate_to
from tests.storage.old_releases import THEN, insert_story, seed_release_one


def test_stories_and_timing_survive_the_upgrade_to_living_stories(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    seed_release_one(db)
    db.migrate()

    story = get_story(db, 1)
    assert story is not None
    assert [(p.text, p.evidence) for p in story.key_points] == [
        ("Talks opened.", ("Talks opened in Geneva.",))
    ]
    assert [t.number for t in story_timeline(db, 1)] == [1]
    info = get_subscription(db, 42)
    assert info is not None
    assert (info.prefs.mode, info.prefs.digest_times, info.prefs.timezone) == (
        "digest",
        ("08:00",),
        "Europe/Kyiv",
    )
    assert (info.prefs.quiet_start, info.prefs.quiet_end) == ("23:00", "07:00")
    db.dispose()


def test_disputed_figures_and_report_times_survive_the_upgrade_to_stored_times(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0002")
    low, high = "About 25,000 were displaced.", "About 40,000 were displaced."
    points = (
        f'[{{"text": "{low}", "evidence": ["{low}"], "outlets": ["a"], "rivals": ["{high}"]}}, '
        f'{{"text": "{high}", "evidence": ["{high}"], "outlets": ["b"], "rivals": ["{low}"]}}]'
    )
    with db.engine.begin() as c:
        insert_story(c, "Displaced")
        c.execute(
            text(
                "INSERT INTO story_revisions (story_id, number, created_at, key_points, "
                "new_points, outlets, article_count) VALUES (1, 1, :t, :p, '[]', '[]', 2)"
            ),
            {"t": THEN, "p": points},
        )
        for position, point in enumerate((low, high)):
            c.execute(
                text(
                    "INSERT INTO key_points (story_id, position, text, evidence, outlets) "
                    "VALUES (1, :n, :p, '[]', '[]')"
                ),
                {"n": position, "p": point},
            )
        # One report dated by its feed an hour before it was seen, one a year before (stale).
        for n, published in ((1, THEN - timedelta(hours=1)), (2, THEN - timedelta(days=365))):
            c.execute(
                text(
                    "INSERT INTO articles (id, url, canonical_url, title, text, published_at, "
                    "fetched_at, on_topic, story_id) "
                    "VALUES (:n, :u, :u, 't', 'x', :p, :t, :yes, 1)"
                ),
                {"n": n, "u": f"https://news.example/{n}", "p": published, "t": THEN, "yes": True},
            )
    db.migrate()

    story = get_story(db, 1)
    assert story is not None
    assert [(p.text, p.rivals) for p in story.key_points] == [(low, (high,)), (high, (low,))]
    assert [s.published_at for s in story.sources] == [THEN - timedelta(hours=1), THEN]


def test_an_existing_databases_stories_keep_their_numbers_and_new_ones_never_reuse_them(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    seed_release_one(db)
    migrate_to(db, "0005")

    db.migrate()  # through 0006

    story = get_story(db, 1)
    assert story is not None
    assert story.key_points[0].text == "Talks opened."
    with db.engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM deliveries")).scalar() == 1
        c.execute(text("DELETE FROM key_points"))
        c.execute(text("DELETE FROM deliveries"))
        c.execute(text("DELETE FROM stories"))  # as retention deletes the newest story
        c.execute(
            text(
                "INSERT INTO stories (topic, title, created_at, updated_at, pushable, conflicts) "
                "VALUES ('ceasefire', 'Next talks', :t, :t, 1, '[]')"
            ),
            {"t": THEN},
        )
        assert c.execute(text("SELECT max(id) FROM stories")).scalar() == 2
    migrate_to(db, "0005", down=True)  # and back: the data stays
    with db.engine.begin() as c:
        assert c.execute(text("SELECT title FROM stories")).scalar() == "Next talks"
    db.dispose()


def test_a_message_in_flight_at_the_upgrade_can_keep_the_rest_of_its_parts(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0006")
    with db.engine.begin() as c:
        insert_story(c, "Talks")
        c.execute(text("INSERT INTO subscribers (id, chat_id, created_at) VALUES (1, 42, :t)"),
                  {"t": THEN})  # fmt: skip
        c.execute(
            text(
                "INSERT INTO deliveries (id, subscriber_id, story_id, status, created_at, due_at, "
                "attempts, seq, claimed_by) VALUES (1, 1, 1, 'sending', :t, :t, 1, 0, 'old')"
            ),
            {"t": THEN},
        )

    db.migrate()  # through 0007, the old sender's row untouched
    assert outbox.hold_remainder(db, "old", [(1, 1)], 900, None, ["<b>rest</b>"], 1) == 1
    with db.engine.begin() as c:
        [(status, kept)] = c.execute(text("SELECT status, remainder FROM deliveries")).all()
    assert status == "sending"
    rest = outbox.Remainder.from_json(kept if isinstance(kept, dict) else json.loads(kept))
    assert rest == outbox.Remainder(900, 1, None, ("<b>rest</b>",), 1)

    migrate_to(db, "0006", down=True)  # and back: the row stays
    with db.engine.begin() as c:
        assert c.execute(text("SELECT status FROM deliveries")).scalar() == "sending"


def test_a_feed_in_its_backlog_when_upgraded_counts_its_backlog_from_its_next_poll(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0006")
    with db.engine.begin() as c:
        for n, first in ((1, None), (2, THEN)):  # one still reading its first listing
            c.execute(
                text(
                    "INSERT INTO feeds (id, url, enabled, added_at, first_polled_at, "
                    "consecutive_errors, origin) VALUES (:n, :u, :yes, :t, :f, 0, 'settings')"
                ),
                {"n": n, "u": f"https://news.example/{n}.xml", "yes": True, "t": THEN, "f": first},
            )

    db.migrate()  # through 0008

    assert [f.first_poll for f in due_feeds(db, THEN)] == [True, False]
    record_success(db, 1, backlog_read=False, read=2, unread=2, now=THEN)  # counts from here
    record_success(db, 1, backlog_read=False, read=2, unread=1, now=THEN)
    assert [f.first_poll for f in due_feeds(db, THEN)] == [False, False]
    migrate_to(db, "0007", down=True)  # and back: the feeds stay
    with db.engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM feeds")).scalar() == 2


def test_a_story_from_before_the_weight_sum_is_weighed_over_all_its_reports_when_one_joins(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0008")
    ukraine = (
        ("Ukraine talks resume in Geneva", "Kyiv and Ukraine's partners sent delegations."),
        ("Kyiv backs a truce in Donbas", "Ukraine wants the truce to start in Donbas."),
    )
    with db.engine.begin() as c:
        insert_story(c, "Talks", conflicts='["ru-ua"]')
        for n, (title, body) in enumerate(ukraine, 1):
            c.execute(
                text(
                    "INSERT INTO articles (url, canonical_url, title, text, fetched_at, "
                    "on_topic, story_id, placement) VALUES (:u, :u, :ti, :tx, :t, :yes, 1, :n)"
                ),
                {"n": n, "u": f"https://news.example/{n}", "ti": title, "tx": body, "t": THEN,
                 "yes": True},
            )  # fmt: skip

    db.migrate()  # through 0009: the story has no weights yet
    tagger = ConflictTagger(load_topic(CONFIG_DIR / "topic.toml"))
    url = "https://news.example/3"
    aside = NewArticle(None, url, url, None, "Envoys meet", "Kyiv's envoy also spoke of Gaza.",
                       None, None, 0.5, True)  # fmt: skip
    article = add_article(db, aside)
    assert article is not None
    place_article(db, article, 1, topic="ceasefire", pushable=True, retag=tagger)

    with db.session() as session:
        story = session.get_one(Story, 1)
        # Gaza named once beside a story about Ukraine: a passing mention, as over all reports
        assert story.conflicts == ["ru-ua"]
        assert story.conflict_weights is not None
        assert set(story.conflict_weights) == {"ru-ua", "il-gaza"}  # the sum, started now
    migrate_to(db, "0008", down=True)  # and back: the story stays
    with db.engine.begin() as c:
        assert c.execute(text("SELECT conflicts FROM stories")).scalar() is not None


def test_a_feed_from_before_the_missing_links_mark_is_healthy_until_a_listing_says_otherwise(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0010")
    with db.engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO feeds (id, url, enabled, added_at, first_polled_at, "
                "consecutive_errors, origin) VALUES (1, :u, :yes, :t, :t, 0, 'settings')"
            ),
            {"u": "https://news.example/1.xml", "yes": True, "t": THEN},
        )

    db.migrate()  # through 0011

    assert [f.healthy for f in list_feeds(db)] == [True]
    record_success(db, 1, links_missing=True, now=THEN)
    assert [f.healthy for f in list_feeds(db)] == [False]
    migrate_to(db, "0010", down=True)  # and back: the feed stays
    with db.engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM feeds")).scalar() == 1


def test_a_story_from_before_corrections_reads_as_before_and_takes_a_correction(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0009")
    old = "Lestovia handed over 390 prisoners on Friday."
    with db.engine.begin() as c:
        insert_story(c, "Swap")
        c.execute(
            text(
                "INSERT INTO story_revisions (story_id, number, created_at, key_points, "
                "new_points, outlets, article_count) VALUES (1, 1, :t, :p, '[]', '[]', 2)"
            ),
            {"t": THEN, "p": json.dumps([{"text": old, "evidence": [old], "outlets": ["a"]}])},
        )
        c.execute(
            text(
                "INSERT INTO key_points (story_id, position, text, evidence, outlets, rivals) "
                "VALUES (1, 0, :x, :e, '[\"a\"]', '[]')"
            ),
            {"x": old, "e": json.dumps([old])},
        )
        for n in (1, 2):
            c.execute(
                text(
                    "INSERT INTO articles (url, canonical_url, title, text, fetched_at, "
                    "on_topic, story_id, placement) VALUES (:u, :u, 'Swap', :x, :t, :yes, 1, :n)"
                ),
                {"n": n, "u": f"https://news.example/{n}", "x": old, "t": THEN, "yes": True},
            )

    db.migrate()

    story = get_story(db, 1)
    assert story is not None
    assert [(p.text, p.replaces) for p in story.key_points] == [(old, ())]
    material = story_material(db, 1)
    assert material is not None
    assert (material.known_articles, material.earlier) == (2, [])
    new = "Lestovia handed over 307 prisoners on Friday."
    assert correct_article(db, 1, title="Swap", text=new, content_hash=None, fingerprint="f")
    material = story_material(db, 1)
    assert material is not None
    assert [a.text for a in material.articles] == [old, new]  # the corrected one is newest
    assert (material.known_articles, [a.text for a in material.earlier]) == (1, [old])
    migrate_to(db, "0009", down=True)  # and back: the story stays
    with db.engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM articles")).scalar() == 2


def test_reports_from_before_aggregators_were_read_stay_credited_to_their_feed(
    old_database: Database,
) -> None:
    db = old_database
    migrate_to(db, "0012")
    with db.engine.begin() as c:
        insert_story(c, "Talks")
        c.execute(
            text(
                "INSERT INTO feeds (id, url, title, enabled, added_at, consecutive_errors, "
                "origin) VALUES (1, :u, 'Outlet A', :yes, :t, 0, 'settings')"
            ),
            {"u": "https://a.example/feed.xml", "yes": True, "t": THEN},
        )
        c.execute(
            text(
                "INSERT INTO articles (feed_id, url, canonical_url, title, text, fetched_at, "
                "on_topic, story_id, placement) VALUES (1, :u, :u, 'Talks', 'Talks.', :t, "
                ":yes, 1, 1)"
            ),
            {"u": "https://a.example/1", "t": THEN, "yes": True},
        )

    db.migrate()  # through 0013

    story = get_story(db, 1)
    assert story is not None
    assert [s.outlet for s in story.sources] == ["Outlet A"]
    migrate_to(db, "0012", down=True)  # and back: the report stays
    with db.engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM articles")).scalar() == 1
