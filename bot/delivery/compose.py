"""What a claimed unit says: a first push, a threaded update, or a digest (pure).

An update is rendered at send time against what the chat was actually sent: its new points
are the story's current points the chat has not seen, so updates made during a cooldown merge
into one, and an update with nothing new left is recorded without a message. The rest of a
message an error cut short is not rendered again: it goes on as it was cut.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.delivery.plan import FIRST_PUSH
from bot.delivery.split import split_message
from bot.i18n import DEFAULT_LANGUAGE
from bot.render import render_digest, render_story, render_update
from bot.storage import outbox
from bot.storage.stories import StoryView
from summarizer import KeyPoint
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
    """The messages for a claimed unit (pure): first pushes, threaded updates or a digest.

    A digest reader's unit is one digest: every story in its newest state, what is new since
    the chat's last message marked. An instant reader's stories that came at once (a burst of
    news, quiet hours ending) go as one message, headed "2 new stories", and each update to a
    story the chat already has goes on its own as a reply to that story's message, as it would
    have a moment later: bundled, it would re-show a story the reader has under a heading that
    calls it new, cut off from the thread it belongs to. A message too long for one (a long
    digest) goes as several, each of whole stories and each recorded as its own message, so a
    failure part-way loses none of the rest; only the first is headed, counting all of them.
    Rows with nothing to show are recorded on their own, without a message: an update that
    said nothing starts no cooldown.
    """
    by_id = {s.id: s for s in stories}
    revisions = tuple(
        (item.delivery_id, by_id[item.story_id].revision if item.story_id in by_id else None)
        for item in unit.items
    )
    present = [(item, by_id[item.story_id]) for item in unit.items if item.story_id in by_id]
    if not present:
        return [Rendered(None, None, revisions)]
    compose = _Composer(unit, seen_points)
    chosen = unit.prefs.mode == "digest"
    messages = compose.digest(present) if chosen else compose.instant(present)
    shown = {d for m in messages for d, _ in m.revisions}
    quiet = tuple(r for r in revisions if r[0] not in shown)
    return [Rendered(None, None, quiet), *messages] if quiet else messages


@dataclass(frozen=True)
class _Composer:
    """A unit's messages in the reader's language, zone and number of points."""

    unit: outbox.Unit
    seen_points: dict[tuple[int, int], frozenset[str]]

    @property
    def lang(self) -> str:
        return self.unit.prefs.language or DEFAULT_LANGUAGE

    def unseen_points(self, item: outbox.Item, story: StoryView) -> list[KeyPoint]:
        """The story's points the chat was not sent, disputed versions side by side."""
        # Every one of them, not the reader's number of points: sending marks the whole
        # revision seen, so a point cut here would never reach the chat.
        if item.seen_revision is None:
            return []
        old = self.sent(item, story)
        return cut_points([p for p in story.key_points if p.text not in old], None)

    def unseen(self, item: outbox.Item, story: StoryView) -> list[str]:
        return [p.text for p in self.unseen_points(item, story)]

    def withdrawn(self, item: outbox.Item, story: StoryView) -> list[str]:
        """The points the chat was sent that their outlet has since removed."""
        sent = self.sent(item, story)
        return [text for text in story.withdrawn if text in sent]

    def sent(self, item: outbox.Item, story: StoryView) -> frozenset[str]:
        """The story's points the chat was sent (none while it has not had the story)."""
        if item.seen_revision is None:
            return frozenset()
        return self.seen_points.get((story.id, item.seen_revision), frozenset())

    def digest(self, present: Sequence[tuple[outbox.Item, StoryView]]) -> list[Rendered]:
        """Every story with something the chat has not seen, as one digest (in parts if long)."""
        # A story this chat never got leads with its developments since its first report, as a
        # push does.
        new = {
            s.id: s.since_first if i.seen_revision is None else self.unseen(i, s)
            for i, s in present
        }
        gone = {s.id: self.withdrawn(i, s) for i, s in present}
        fresh = [(i, s) for i, s in present if i.seen_revision is None or new[s.id] or gone[s.id]]
        return self.bundle(fresh, new, chosen=True, withdrawn=gone)

    def instant(self, present: Sequence[tuple[outbox.Item, StoryView]]) -> list[Rendered]:
        """The stories new to the chat in one message, then each update as its own reply."""
        firsts = [(i, s) for i, s in present if _new_to_chat(i)]
        updates = [(i, s) for i, s in present if not _new_to_chat(i)]
        messages: list[Rendered] = []
        if len(firsts) == 1:
            messages.append(self.push(*firsts[0]))
        elif firsts:
            messages += self.bundle(firsts, {s.id: s.since_first for _, s in firsts}, chosen=False)
        for item, story in updates:
            messages += self.update(item, story)
        return messages

    def push(self, item: outbox.Item, story: StoryView) -> Rendered:
        # A story that moved before this chat first got it leads with its developments since its
        # first report.
        prefs = self.unit.prefs
        text = render_story(
            story, lang=self.lang, zone=prefs.timezone, points=prefs.points, new=story.since_first
        )
        return Rendered(text, None, ((item.delivery_id, story.revision),))

    def update(self, item: outbox.Item, story: StoryView) -> list[Rendered]:
        """The story's points the chat has not seen, and those it had that their outlet has
        since removed, as a reply to its message (none: nothing new is left)."""
        new_points = self.unseen_points(item, story)
        gone = self.withdrawn(item, story)
        if not (new_points or gone):
            return []
        sent = self.sent(item, story)
        text = render_update(story, new_points, lang=self.lang, seen=sent, withdrawn=gone)
        return [Rendered(text, item.reply_to, ((item.delivery_id, story.revision),))]

    def bundle(
        self,
        fresh: Sequence[tuple[outbox.Item, StoryView]],
        new: Mapping[int, Collection[str]],
        *,
        chosen: bool,
        withdrawn: Mapping[int, Sequence[str]] | None = None,
    ) -> list[Rendered]:
        """Stories in one message headed with their count (a digest the reader `chosen`, else
        "N new stories"), in parts of whole stories if too long for one."""
        prefs = self.unit.prefs

        def digest(group: Sequence[tuple[outbox.Item, StoryView]], first: bool) -> str:
            return render_digest(
                [s for _, s in group],
                lang=self.lang,
                zone=prefs.timezone,
                new=new,
                withdrawn=withdrawn,
                points=prefs.points,
                total=len(fresh),
                continued=not first,
                chosen=chosen,
            )

        return [
            Rendered(
                digest(group, n == 0), None, tuple((i.delivery_id, s.revision) for i, s in group)
            )
            for n, group in enumerate(_fitting_groups(fresh, digest))
        ]


def _new_to_chat(item: outbox.Item) -> bool:
    """The row brings the chat a story it does not have: its first push, or one whose first
    message never reached it."""
    return item.seq == FIRST_PUSH or item.seen_revision is None


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
