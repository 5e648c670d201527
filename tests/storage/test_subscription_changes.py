"""A chat that leaves, comes back, or changes what it follows: what is waiting for it follows.

On SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.preferences import Preferences
from bot.scheduling import quiet_hours_end
from bot.storage import claims, fanout, outbox
from bot.storage.db import Database
from bot.storage.models import Delivery, Subscriber, Subscription, utcnow
from bot.storage.subscribers import mark_blocked, subscribe, unsubscribe, update_prefs
from tests.bot.conftest import add_report, add_story, hours_ago

FIRST = ("Ukraine backs a 30-day cease-fire.",)
NEW = "The Kremlin says it will study the offer."


def _rows(db: Database, chat: int) -> list[tuple[int, int, str]]:
    """(story, seq, status) of the chat's deliveries, oldest first."""
    with db.session() as session:
        query = (
            select(Delivery.story_id, Delivery.seq, Delivery.status)
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .where(Subscriber.chat_id == chat)
            .order_by(Delivery.id)
        )
        return [(r.story_id, r.seq, r.status) for r in session.execute(query)]


def _digest_later(db: Database, chat: int, **choice: Any) -> None:
    """The chat reads digests, the next one three hours from now."""
    later = (utcnow() + timedelta(hours=3)).strftime("%H:%M")
    prefs = Preferences(mode="digest", digest_times=(later,), **choice)
    update_prefs(db, chat, prefs, utcnow())


def _leave_while_waiting(db: Database) -> None:
    unsubscribe(db, 1)


def _blocked_when_pushed(db: Database) -> None:
    [unit] = claims.claim_units(db, "me", utcnow() + timedelta(hours=4))  # digest time
    outbox.fail(db, unit.delivery_ids, "Forbidden: bot was blocked by the user", "me")
    mark_blocked(db, unit.subscriber_id, "Forbidden: bot was blocked by the user", utcnow())


@pytest.mark.parametrize("leave", [_leave_while_waiting, _blocked_when_pushed])
def test_a_chat_that_comes_back_gets_a_story_it_missed_when_the_story_moves(
    database: Database, leave: object
) -> None:
    db = database
    subscribe(db, 1, hours_ago(2))
    _digest_later(db, 1)
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    fanout.fan_out(db, utcnow())  # the first push waits for the digest
    leave(db)  # type: ignore[operator]
    assert _rows(db, 1) == [(story, 0, "failed")]

    subscribe(db, 1, utcnow() - timedelta(seconds=1))  # /subscribe again
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    fanout.fan_out(db, utcnow())

    assert _rows(db, 1) == [(story, 0, "pending")]  # as for a chat that never had it
    [unit] = claims.claim_units(db, "me", utcnow() + timedelta(hours=4))
    assert [(i.story_id, i.seq, i.seen_revision) for i in unit.items] == [(story, 0, None)]


def test_a_chat_that_unsubscribes_while_its_message_is_retried_is_not_sent_it(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(1))
    add_story(db, "Talks in Jeddah", points=FIRST)
    now = utcnow()
    fanout.fan_out(db, now)
    [unit] = claims.claim_units(db, "me", now)
    assert unsubscribe(db, 1)  # taps /unsubscribe while the message is in flight
    outbox.release(db, "me", unit.delivery_ids, now, "429: retry after 1")

    assert claims.claim_units(db, "me", now + timedelta(seconds=5)) == []
    assert [status for _, _, status in _rows(db, 1)] == ["failed"]
    subscribe(db, 1, utcnow())  # and it is no backlog if the chat comes back
    assert claims.claim_units(db, "me", utcnow() + timedelta(seconds=5)) == []


def _retried_after_a_429(db: Database, ids: tuple[int, ...]) -> None:
    outbox.release(db, "me", ids, utcnow(), "429: retry after 1")


def _taken_back_from_a_dead_sender(db: Database, ids: tuple[int, ...]) -> None:
    outbox.recover_expired(db, utcnow() + outbox.DEFAULT_LEASE + timedelta(seconds=1))


@pytest.mark.parametrize("back", [_retried_after_a_429, _taken_back_from_a_dead_sender])
def test_a_chat_that_leaves_and_comes_back_while_its_message_is_in_flight_is_not_sent_it_as_news(
    database: Database, back: object
) -> None:
    db = database
    subscribe(db, 1, hours_ago(1))
    add_story(db, "Talks in Jeddah", points=FIRST)
    now = utcnow()
    fanout.fan_out(db, now)
    [unit] = claims.claim_units(db, "me", now)
    assert unsubscribe(db, 1)  # /unsubscribe while the message is in flight...
    assert subscribe(db, 1, utcnow())  # ...and /subscribe again: news starts now
    back(db, unit.delivery_ids)  # type: ignore[operator]

    assert claims.claim_units(db, "me", utcnow() + timedelta(hours=1)) == []
    assert [status for _, _, status in _rows(db, 1)] == ["failed"]


def test_a_story_dropped_as_backlog_on_coming_back_still_arrives_when_it_moves_despite_a_429(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(2))
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    fanout.fan_out(db, utcnow())
    [unit] = claims.claim_units(db, "me", utcnow())
    unsubscribe(db, 1)
    subscribe(db, 1, utcnow())
    _retried_after_a_429(db, unit.delivery_ids)  # the old story: dropped
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    fanout.fan_out(db, utcnow())  # the story moved: news now, its failed row is taken up again
    [again] = claims.claim_units(db, "me", utcnow())
    _retried_after_a_429(db, again.delivery_ids)

    assert _rows(db, 1) == [(story, 0, "pending")]
    [unit] = claims.claim_units(db, "me", utcnow() + timedelta(seconds=5))
    assert [(i.story_id, i.seq, i.seen_revision) for i in unit.items] == [(story, 0, None)]


def test_a_row_left_waiting_for_a_chat_no_longer_subscribed_is_never_claimed(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(1))
    add_story(db, "Talks in Jeddah", points=FIRST)
    fanout.fan_out(db, utcnow())
    with db.session() as session:  # a fan-out wrote it just as the chat's /unsubscribe ended
        session.execute(update(Subscription).values(active=False))
    assert claims.claim_units(db, "me", utcnow()) == []
    # Back days later, the chat gets the news from now on, not that old story.
    subscribe(db, 1, utcnow())
    assert claims.claim_units(db, "me", utcnow()) == []


def test_a_story_filtered_out_while_its_message_was_in_flight_is_not_sent_after_a_retry(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(2))
    add_story(db, "Sanctions talk", points=("Sanctions stay in place.",))
    fanout.fan_out(db, utcnow())
    [unit] = claims.claim_units(db, "me", utcnow())
    update_prefs(db, 1, Preferences(exclude=("sanctions",)), utcnow())  # /filter -sanctions
    outbox.release(db, "me", unit.delivery_ids, utcnow(), "429: retry after 1")
    assert claims.claim_units(db, "me", utcnow() + timedelta(seconds=2)) == []
    assert [status for _, _, status in _rows(db, 1)] == ["failed"]


def test_chats_in_their_quiet_hours_do_not_hold_up_a_chat_behind_them(database: Database) -> None:
    db = database
    now = utcnow()
    quiet = Preferences(
        quiet_start=(now + timedelta(hours=1)).strftime("%H:%M"),
        quiet_end=(now + timedelta(hours=3)).strftime("%H:%M"),
    )
    for chat in range(1, 52):
        subscribe(db, chat, hours_ago(1))
        update_prefs(db, chat, quiet, now)
    add_story(db, "Talks in Jeddah", points=FIRST)
    fanout.fan_out(db, now)  # due now; the bot is down until their quiet hours have begun
    subscribe(db, 999, hours_ago(1))
    add_story(db, "Prisoner swap", points=("Prisoners were swapped.",))
    restart = now + timedelta(hours=2)
    fanout.fan_out(db, restart - timedelta(minutes=1))

    [unit] = claims.claim_units(db, "me", restart, limit=1, scan=50)
    assert unit.chat_id == 999


def _a_digest_of_two_conflicts_waiting(db: Database) -> tuple[int, int]:
    """A Gaza story and a Kyiv one waiting for chat 1's next digest; their story ids."""
    subscribe(db, 1, hours_ago(2))
    _digest_later(db, 1, conflicts=("ru-ua", "il-gaza"))
    gaza = add_story(db, "Gaza truce talks", points=("Gaza truce talks resume.",),
                     conflicts=("il-gaza",))  # fmt: skip
    kyiv = add_story(db, "Talks in Jeddah", points=FIRST, conflicts=("ru-ua",))
    fanout.fan_out(db, utcnow())
    return gaza, kyiv


def test_unfollowing_a_conflict_drops_its_stories_from_the_next_digest(
    database: Database,
) -> None:
    db = database
    gaza, kyiv = _a_digest_of_two_conflicts_waiting(db)

    _digest_later(db, 1, conflicts=("ru-ua",))

    assert _rows(db, 1) == [(gaza, 0, "failed"), (kyiv, 0, "pending")]
    [digest] = claims.claim_units(db, "me", utcnow() + timedelta(hours=4))
    assert digest.story_ids == (kyiv,)


def _refused_by_telegram(db: Database) -> None:
    [unit] = claims.claim_units(db, "me", utcnow() + timedelta(hours=4))
    outbox.fail(db, unit.delivery_ids, "Bad Request: message is too long", "me")


def test_a_chat_whose_first_push_was_refused_gets_the_story_when_it_moves(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(2))
    _digest_later(db, 1)
    story = add_story(db, "Talks in Jeddah", points=FIRST, conflicts=("ru-ua",))
    fanout.fan_out(db, utcnow())
    _refused_by_telegram(db)
    assert _rows(db, 1) == [(story, 0, "failed")]

    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    fanout.fan_out(db, utcnow())

    assert _rows(db, 1) == [(story, 0, "pending")]  # the story afresh, not an update
    [unit] = claims.claim_units(db, "me", utcnow() + timedelta(hours=4))
    assert [(i.story_id, i.seq) for i in unit.items] == [(story, 0)]


def test_unticking_a_conflict_and_ticking_it_again_keeps_the_waiting_stories(
    database: Database,
) -> None:
    db = database
    gaza, kyiv = _a_digest_of_two_conflicts_waiting(db)

    _digest_later(db, 1, conflicts=("ru-ua",))  # a tap too many
    _digest_later(db, 1, conflicts=("ru-ua", "il-gaza"))  # and back

    [digest] = claims.claim_units(db, "me", utcnow() + timedelta(hours=4))
    assert set(digest.story_ids) == {gaza, kyiv}


def test_unticking_and_ticking_a_conflict_while_a_story_is_on_its_way_keeps_its_update(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(2))
    story = add_story(db, "Talks in Jeddah", points=FIRST, conflicts=("ru-ua",))
    fanout.fan_out(db, utcnow())
    [push] = claims.claim_units(db, "me", utcnow())  # the story's first push is on its way
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW), conflicts=("ru-ua",))
    fanout.fan_out(db, utcnow())  # its update waits behind it

    update_prefs(db, 1, Preferences(conflicts=("il-gaza",)), utcnow())  # a tap too many
    update_prefs(db, 1, Preferences(conflicts=("ru-ua",)), utcnow())  # and back
    outbox.mark_sent(db, "me", [(i, 1) for i in push.delivery_ids], 10, utcnow())
    fanout.catch_up(db, [(push.subscriber_id, story)], utcnow())

    [update] = claims.claim_units(db, "me", utcnow() + timedelta(hours=1))
    assert [(i.story_id, i.seq, i.seen_revision) for i in update.items] == [(story, 2, 1)]


def test_a_new_filter_exclusion_drops_a_waiting_update_of_a_story_it_now_filters_out(
    database: Database,
) -> None:
    db = database
    subscribe(db, 1, hours_ago(2))
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    other = add_story(db, "Prisoner exchange", points=("Prisoners were swapped.",))
    fanout.fan_out(db, utcnow())
    [unit] = claims.claim_units(db, "me", utcnow())
    outbox.mark_sent(db, "me", [(i, 1) for i in unit.delivery_ids], 10, utcnow())
    add_report(db, story, "Kremlin reacts", points=(*FIRST, "Sanctions stay in place."))
    _digest_later(db, 1)
    fanout.fan_out(db, utcnow())  # an update of the story waits for the digest
    add_report(db, other, "More swaps", points=("Prisoners were swapped.", "More next week."))
    fanout.fan_out(db, utcnow())

    _digest_later(db, 1, exclude=("sanctions",))  # /filter -sanctions

    assert [(s, status) for s, seq, status in _rows(db, 1) if seq > 0] == [
        (story, "failed"),
        (other, "pending"),
    ]


def _quiet_from_in_an_hour(db: Database, chat: int, now: datetime) -> tuple[str, str]:
    start = (now + timedelta(hours=1)).strftime("%H:%M")
    end = (now + timedelta(hours=3)).strftime("%H:%M")
    update_prefs(db, chat, Preferences(quiet_start=start, quiet_end=end), now)
    return start, end


def test_a_backlog_claimed_inside_quiet_hours_waits_for_their_end(database: Database) -> None:
    db = database
    now = utcnow()
    subscribe(db, 1, hours_ago(1))
    subscribe(db, 2, hours_ago(1))
    start, end = _quiet_from_in_an_hour(db, 1, now)
    add_story(db, "Talks in Jeddah", points=FIRST)
    fanout.fan_out(db, now)  # due now, before chat 1's quiet hours
    restart = now + timedelta(hours=2)  # the bot was down until the middle of them
    quiet_end = quiet_hours_end(restart, start, end, "UTC")
    assert quiet_end is not None

    [unit] = claims.claim_units(db, "me", restart, limit=1)

    assert unit.chat_id == 2  # the quiet chat holds up nobody
    assert claims.claim_units(db, "me", restart) == []
    [held] = claims.claim_units(db, "me", quiet_end)
    assert held.chat_id == 1
