"""What a claimed unit says: a first push, a threaded update, or a digest (pure).

An update is rendered at send time against what the chat was actually sent: its new points
are the story's current points the chat has not seen, so updates made during a cooldown merge
into one, and an update with nothing new left is recorded without a message. The rest of a
message an error cut short is not rendered again: it goes on as it was cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.delivery.plan import FIRST_PUSH
from bot.delivery.split import split_message
from bot.i18n import DEFAULT_LANGUAGE
from bot.render import render_digest, render_story, render_update
from bot.storage import outbox
from bot.storage.stories import StoryView
from summarizer.cut import cut_points

__all__ = ["NOTHING_NEW", "Outgoing", "Rendered", "render_unit", "resumed_messages"]

NOTHING_NEW = "update had nothing the chat had not seen: no message"
T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    """What to send for a unit: the text (None: nothing to send), the reply target, and the
    revision each delivery shows."""

    text: str | None
    reply_to: int | None
    revisions: tuple[tuple[int, int | None], ...]


def render_unit(
    unit: outbox.Unit,
    stories: Sequence[StoryView],
    seen_points: dict[tuple[int, int], frozenset[str]],
) -> list[Rendered]:
    """The messages for a claimed unit (pure): a first push, a threaded update or a digest.

    One message, except a digest too long for one: it goes as several, each whole stories
    and each recorded as its own message, so a failure part-way loses none of the rest. Only
    the first is headed, with the number of stories in all of them.
    """
    by_id = {s.id: s for s in stories}
    revision_of = {
        item.delivery_id: by_id[item.story_id].revision if item.story_id in by_id else None
        for item in unit.items
    }
    revisions = tuple(revision_of.items())
    points = unit.prefs.points

    def unseen(item: outbox.Item, story: StoryView) -> list[str]:
        # Every one of them, not the reader's number of points: sending marks the whole
        # revision seen, so a point cut here would never reach the chat.
        if item.seen_revision is None:
            return []
        old = seen_points.get((story.id, item.seen_revision), frozenset())
        fresh = [p for p in story.key_points if p.text not in old]
        return [p.text for p in cut_points(fresh, None)]  # disputed versions side by side

    lang = unit.prefs.language or DEFAULT_LANGUAGE
    zone = unit.prefs.timezone
    present = [(item, by_id[item.story_id]) for item in unit.items if item.story_id in by_id]
    if not present:
        return [Rendered(None, None, revisions)]
    if unit.digest:
        fresh = [(i, s) for i, s in present if i.seen_revision is None or unseen(i, s)]
        if not fresh:
            return [Rendered(None, None, revisions)]
        # A story this chat never got leads with its newest development, as a push does.
        new = {s.id: s.latest_new if i.seen_revision is None else unseen(i, s) for i, s in fresh}

        def digest(group: Sequence[tuple[outbox.Item, StoryView]], first: bool) -> str:
            shown = [s for _, s in group]
            return render_digest(
                shown,
                lang=lang,
                zone=zone,
                new=new,
                points=points,
                total=len(fresh),
                continued=not first,
                chosen=unit.prefs.mode == "digest",
            )

        messages = [
            Rendered(
                digest(group, n == 0), None, tuple((i.delivery_id, s.revision) for i, s in group)
            )
            for n, group in enumerate(_fitting_groups(fresh, digest))
        ]
        # Rows with nothing to show are recorded on their own, without a message: an update
        # that said nothing starts no cooldown, riding in a digest or not.
        shown_ids = {i.delivery_id for i, _ in fresh}
        quiet = tuple(r for r in revisions if r[0] not in shown_ids)
        return [Rendered(None, None, quiet), *messages] if quiet else messages
    item, story = present[0]
    if item.seq == FIRST_PUSH or item.seen_revision is None:
        # A story that moved before this chat first got it leads with its newest development.
        text = render_story(story, lang=lang, zone=zone, points=points, new=story.latest_new)
        return [Rendered(text, None, revisions)]
    new_texts = unseen(item, story)
    if not new_texts:
        return [Rendered(None, None, revisions)]
    by_text = {p.text: p for p in story.key_points}
    new_points = [by_text[text] for text in new_texts]  # rival versions side by side
    return [Rendered(render_update(story, new_points, lang=lang), item.reply_to, revisions)]


def _fitting_groups(
    items: Sequence[T], render: Callable[[Sequence[T], bool], str]
) -> list[list[T]]:
    """Consecutive groups of `items` whose rendering fits one Telegram message, as Telegram
    counts it (an item too long on its own is a group of one, and is split as any long
    message is). `render` is told whether the group is the first, which alone is headed."""
    groups: list[list[T]] = []
    for item in items:
        if groups and len(split_message(render([*groups[-1], item], len(groups) == 1))) == 1:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


@dataclass(frozen=True)
class Outgoing:
    """One message as the parts to send (none: nothing to send, only to record), and, when it
    goes on from a send cut short, the first part's message id and how many parts went."""

    parts: tuple[str, ...]
    reply_to: int | None
    revisions: tuple[tuple[int, int | None], ...]
    first_id: int | None = None
    sent_before: int = 0

    @classmethod
    def rendered(cls, rendered: Rendered) -> Outgoing:
        # split_message cuts the same text the same way every time.
        parts = () if rendered.text is None else tuple(split_message(rendered.text))
        return cls(parts, rendered.reply_to, rendered.revisions)


def resumed_messages(items: Sequence[outbox.Item]) -> list[Outgoing]:
    """The rests of the messages cut short among `items`, one per message, as they were cut:
    a new rendering (the story moved, a digest counts other stories) would be cut elsewhere,
    and the reader would miss or repeat text."""
    groups: dict[int, list[tuple[outbox.Item, outbox.Remainder]]] = {}
    for item in items:
        if item.remainder is not None:
            groups.setdefault(item.remainder.message_id, []).append((item, item.remainder))
    messages: list[Outgoing] = []
    for group in groups.values():
        rest = group[0][1]
        revisions = tuple((item.delivery_id, kept.revision) for item, kept in group)
        # The rest replies to the message's start, so other news sent meanwhile cannot cut it
        # off from it; a rest of an update replies where the update did.
        reply_to = rest.message_id if rest.reply_to is None else rest.reply_to
        messages.append(Outgoing(rest.parts, reply_to, revisions, rest.message_id, rest.sent))
    return messages
