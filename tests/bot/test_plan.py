"""Who gets what, and when: the fan-out rule as a plain function."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.delivery.plan import FIRST_PUSH, Planned, Recipient, RevisionFacts, plan_deliveries
from bot.preferences import Preferences

NOW = datetime(2025, 3, 11, 12, tzinfo=UTC)
BEFORE = NOW - timedelta(days=1)


def revision(number: int = 1, **extra: object) -> RevisionFacts:
    values: dict[str, object] = {
        "story_id": 1,
        "number": number,
        "story_created_at": NOW - timedelta(minutes=5),
        "pushable": True,
        "conflicts": ("ru-ua",),
        "text": "Ukraine backs a 30-day cease-fire; the Kremlin will study it. Sanctions stay.",
        "new_points": ("The Kremlin will study it.",),
    }
    values.update(extra)
    return RevisionFacts(**values)  # type: ignore[arg-type]


def who(subscriber_id: int = 7, **extra: object) -> Recipient:
    values: dict[str, object] = {
        "subscriber_id": subscriber_id,
        "since": BEFORE,
        "prefs": Preferences(),
    }
    values.update(extra)
    return Recipient(**values)  # type: ignore[arg-type]


def test_a_follower_gets_the_first_push_now() -> None:
    assert plan_deliveries(revision(), [who()], NOW) == [Planned(7, FIRST_PUSH, NOW)]


def test_only_followers_of_the_storys_conflicts_get_it() -> None:
    gaza = who(8, prefs=Preferences(conflicts=("il-gaza",)))
    everything = who(9, prefs=Preferences(conflicts=("*",)))
    both = revision(conflicts=("ru-ua", "il-gaza"))
    assert [p.subscriber_id for p in plan_deliveries(revision(), [gaza, everything], NOW)] == [9]
    assert [p.subscriber_id for p in plan_deliveries(both, [gaza, everything], NOW)] == [8, 9]


def test_words_filter_a_story_for_one_subscriber_only() -> None:
    no_sanctions = who(8, prefs=Preferences(exclude=("sanctions",)))
    wants_prisoners = who(9, prefs=Preferences(include=("prisoner exchange",)))
    wants_kremlin = who(10, prefs=Preferences(include=("the kremlin",)))
    planned = plan_deliveries(
        revision(), [who(), no_sanctions, wants_prisoners, wants_kremlin], NOW
    )
    assert [p.subscriber_id for p in planned] == [7, 10]


def test_a_story_with_no_key_points_yet_waits_for_one_that_has_some() -> None:
    assert plan_deliveries(revision(1, new_points=()), [who()], NOW) == []
    assert plan_deliveries(revision(2), [who()], NOW) == [Planned(7, FIRST_PUSH, NOW)]


def test_backlog_and_first_poll_stories_are_not_pushed() -> None:
    late = who(since=NOW)
    assert plan_deliveries(revision(), [late], NOW) == []
    assert plan_deliveries(revision(pushable=False), [who()], NOW) == []


def test_an_update_goes_only_to_chats_whose_first_push_went_out() -> None:
    sent = who(1, first_push="sent")
    waiting = who(2, first_push="pending")  # its first push will show the newest state
    failed = who(3, first_push="failed")  # it never saw the story: it gets the story afresh
    planned = plan_deliveries(revision(2), [sent, waiting, failed], NOW)
    assert planned == [Planned(1, 2, NOW), Planned(3, FIRST_PUSH, NOW)]
    assert plan_deliveries(revision(2, new_points=()), [failed], NOW) == []


def test_a_revision_with_nothing_new_sends_nothing() -> None:
    assert plan_deliveries(revision(2, new_points=()), [who(first_push="sent")], NOW) == []


def test_updates_respect_the_cooldown_and_merge_into_a_waiting_one() -> None:
    recent = who(1, first_push="sent", last_update_at=NOW - timedelta(minutes=10))
    waiting = who(2, first_push="sent", update_waiting=True)
    planned = plan_deliveries(revision(3), [recent, waiting], NOW, timedelta(minutes=30))
    assert planned == [Planned(1, 3, NOW + timedelta(minutes=20))]


def test_a_digest_reader_gets_updates_at_the_next_digest() -> None:
    digest = who(prefs=Preferences(mode="digest", digest_times=("18:00",)), first_push="sent")
    [planned] = plan_deliveries(revision(2), [digest], NOW)
    assert planned.due_at == datetime(2025, 3, 11, 18, tzinfo=UTC)


def test_a_story_that_was_backlog_reaches_a_chat_when_it_moves() -> None:
    # The chat subscribed after the story appeared, and before this revision was made.
    late = who(since=NOW - timedelta(minutes=10))
    moved = revision(2, story_created_at=NOW - timedelta(minutes=1))
    assert plan_deliveries(moved, [late], NOW) == [Planned(7, FIRST_PUSH, NOW)]
    copy = revision(2, story_created_at=NOW - timedelta(minutes=1), new_points=())
    assert plan_deliveries(copy, [late], NOW) == []
