"""Reports corrected in place, simulated on real stories: is the change told, and only it?

    .venv/bin/python bench/correction_bench.py ../shared/data/stories/multidoc_dev.jsonl \
        [--every 4] [--offset 0] [--articles 4] [--show N]

For every `--every`-th event (its first `--articles` reports), the story is summarized (5
points), then one report is changed where a point was quoted from it, three ways:
- figure: the first count in the point's sentence is changed (390 -> 397): an outlet's
  correction. Told right: the new sentence is an update's point marked as replacing the old
  one (or, when another report still gives the old figure, shown as its rival version), and
  nothing else is news.
- removed: the point's sentence is taken out of the middle of its report. Told right: the
  point is listed as withdrawn (or kept, when another report still says it), and nothing
  else is news.
- live: the report loses its last paragraph (where the point was) and gains a first one from
  another event, as a live page does when its oldest entry moves to the next page. Told right:
  no correction and no withdrawal (the new paragraph may be news).
The changed report is then summarized as the bot does (it rejoins the story as its newest
report, its earlier version known: "ours"), and as a naive re-read would (the changed report
as a new one, no earlier version: "naive"), same run.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_eval import event_articles, load_events  # noqa: E402

from summarizer import KeyPoint, StoryArticle, StorySummarizer, Summary, load_embedder  # noqa: E402
from summarizer.embedder import CachedEmbedder  # noqa: E402
from summarizer.figures import figures_in  # noqa: E402

NUMBER = re.compile(r"(?<![\d.,])\d{2,4}(?![\d.,]\d)")

Change = Callable[[StoryArticle, KeyPoint, str], StoryArticle | None]


@dataclass
class Tally:
    cases: int = 0
    right: int = 0
    extra_news: int = 0
    """Points an update would carry besides the change itself."""
    false_corrections: int = 0
    false_withdrawals: int = 0


def figure(article: StoryArticle, point: KeyPoint, _other: str) -> StoryArticle | None:
    sentence = point.evidence[0]
    counted = {f"{f.value:g}" for f in figures_in(sentence)}  # a count, not "COVID-19" or 9:15
    match = next((m for m in NUMBER.finditer(sentence) if m.group() in counted), None)
    if match is None or article.text.count(sentence) != 1:
        return None
    changed = sentence[: match.start()] + str(int(match.group()) + 7) + sentence[match.end() :]
    return replace(article, text=article.text.replace(sentence, changed))


def removed(article: StoryArticle, point: KeyPoint, _other: str) -> StoryArticle | None:
    sentence = point.evidence[0]
    start = article.text.find(sentence)
    rest = article.text[start + len(sentence) :].strip()
    if start < 0 or article.text.count(sentence) != 1 or not rest:
        return None  # its last words: a removal there reads as a cut page
    return replace(article, text=article.text.replace(sentence, "", 1))


def live(article: StoryArticle, point: KeyPoint, other: str) -> StoryArticle | None:
    paragraphs = [p for p in article.text.split("\n") if p.strip()]
    if len(paragraphs) < 3 or point.evidence[0] not in paragraphs[-1] or not other:
        return None
    return replace(article, text="\n".join([other, *paragraphs[:-1]]))


CHANGES: dict[str, Change] = {"figure": figure, "removed": removed, "live": live}


def judge(kind: str, sent: tuple[KeyPoint, ...], point: KeyPoint, after: Summary) -> Tally:
    before = {p.text for p in sent}
    news = [p for p in after.key_points if p.text not in before]
    tally = Tally(cases=1)
    marked = [p for p in news if p.replaces]
    expected = (point.text,) if kind == "removed" else ()
    tally.false_withdrawals = sum(1 for t in after.withdrawn if t not in expected)
    if kind == "figure":
        told = [p for p in marked if p.replaces == (point.text,)]
        # Another report still giving the old figure keeps it: the new one is its rival.
        rival = [p for p in news if point.text in p.rivals]
        tally.right = int((len(told) == 1 or len(rival) == 1) and not after.withdrawn)
        tally.extra_news = len(news) - len(told or rival)
        tally.false_corrections = len(marked) - len(told)
    elif kind == "removed":
        # Another report still saying it keeps the point: then it is not withdrawn, rightly.
        kept = point.text in {p.text for p in after.key_points}
        tally.right = int((after.withdrawn == (point.text,) or kept) and not news)
        tally.extra_news = len(news)
        tally.false_corrections = len(marked)
    else:
        tally.right = int(not marked and not after.withdrawn)
        tally.false_corrections = len(marked)
    return tally


def _show(
    kind: str, event: str, point: KeyPoint, sent: tuple[KeyPoint, ...], after: Summary
) -> None:
    before = {p.text for p in sent}
    print(f"[{kind} miss] {event}: {point.text}", file=sys.stderr)
    for p in after.key_points:
        if p.text not in before:
            print(f"    new: {p.text} replaces={p.replaces}", file=sys.stderr)
    print(f"    withdrawn: {after.withdrawn}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--every", type=int, default=4)
    parser.add_argument("--offset", type=int, default=0, help="start at this event")
    parser.add_argument("--articles", type=int, default=4)
    parser.add_argument("--show", type=int, default=0, help="print ours' first N misses")
    args = parser.parse_args()
    events = load_events(args.file)[args.offset :: args.every]
    summarizer = StorySummarizer(CachedEmbedder(load_embedder()))
    others = [event_articles(e)[0].text.split("\n")[0] for e in events if event_articles(e)]
    results: dict[tuple[str, str], Tally] = {}
    for n, event in enumerate(events):
        articles = event_articles(event)[: args.articles]
        if len(articles) < 2:
            continue
        sent = summarizer.summarize(articles, 5).key_points
        other = others[(n + 1) % len(others)]
        for kind, change in CHANGES.items():
            for point in sent:
                a = next((i for i, x in enumerate(articles) if point.evidence[0] in x.text), None)
                changed = None if a is None else change(articles[a], point, other)
                if a is None or changed is None:
                    continue
                rest = [x for i, x in enumerate(articles) if i != a]
                budget = max(5, len(sent) + 2)
                runs = {
                    "ours": summarizer.summarize(
                        [*rest, changed], budget, previous=sent, known=len(rest),
                        earlier=[articles[a]],
                    ),
                    "naive": summarizer.summarize(
                        [*rest, changed], budget, previous=sent, known=len(rest)
                    ),
                }  # fmt: skip
                for name, after in runs.items():
                    tally = results.setdefault((kind, name), Tally())
                    one = judge(kind, sent, point, after)
                    if name == "ours" and not one.right and args.show > 0:
                        args.show -= 1
                        _show(kind, event["id"], point, sent, after)
                    for field in ("cases", "right", "extra_news", "false_corrections",
                                  "false_withdrawals"):  # fmt: skip
                        setattr(tally, field, getattr(tally, field) + getattr(one, field))
                break  # one case per event and change
        print(f"... {n + 1}/{len(events)} events", file=sys.stderr)
    print(f"events: {len(events)} (every {args.every}th of {args.file.name} from event "
          f"{args.offset}, first {args.articles} reports)")  # fmt: skip
    print()
    print("| change | method | cases | told right | extra news points | false corrections "
          "| false withdrawals |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for (kind, name), t in sorted(results.items()):
        share = 100 * t.right / t.cases if t.cases else 0.0
        print(f"| {kind} | {name} | {t.cases} | {t.right} ({share:.0f} %) | {t.extra_news} | "
              f"{t.false_corrections} | {t.false_withdrawals} |")  # fmt: skip


if __name__ == "__main__":
    main()
