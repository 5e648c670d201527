"""A reader's filter words on real stories: the word as typed (the rule before) and its forms.

    .venv/bin/python bench/filter_bench.py ../shared/data/stories/multidoc_dev.jsonl \\
        ../shared/data/stories/clusters_dev.jsonl

Reads stories from multidoc-shaped files (`articles` a line: the story is all their titles and
texts) and clusters-shaped ones (one article a line: the story is its title and text), and
for each word a reader following the talks might filter on counts the stories it finds with
the rule before (whole words as typed, `_as_typed` below, the code of bot/preferences.py before
bot/word_forms.py) and with the forms (bot/word_forms.py). These files carry no filter labels,
so the table counts finds, not correct finds; `--show WORD` prints, for one word, the words
that made the forms find a story the typed word did not, for a person to judge. Then the cost:
reading one story's text (the first time, with the dictionaries loading, and again for another
story) and matching a chat's words against it, beside the rule before.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.word_forms import mentions, searchable, tokens, word_keys  # noqa: E402

WORDS = (
    "prisoner", "prisoner exchange", "ceasefire", "talk", "sanction", "negotiator",
    "hostage", "truce", "peace plan", "strike",
    "переговоры", "пленные", "обмен", "перемирие", "санкции",
    "переговори", "полонені", "обмін", "перемир'я", "санкції",
)  # fmt: skip


def stories(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            articles = row.get("articles") or [row]
            yield "\n".join(f"{a.get('title') or ''}\n{a.get('text') or ''}" for a in articles)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _as_typed(haystack: str, phrase: str) -> bool:
    """The rule before: the phrase's words as typed, whole words, any case."""
    words = [re.escape(w) for w in _fold(phrase).split()]
    pattern = r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
    return re.search(pattern, haystack) is not None


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--show", help="print what the forms matched for this word")
    args = parser.parse_args()
    texts = list(stories(args.files))
    folded = [_fold(t) for t in texts]

    rss_before = _rss_mb()
    start = time.perf_counter()
    for word in ("prisoners", "обміну", "обмена"):  # each dictionary loads on first use
        word_keys(word)
    load = time.perf_counter() - start
    rss_after = _rss_mb()
    start = time.perf_counter()
    read = [searchable(t) for t in texts]
    each = (time.perf_counter() - start) / len(texts)

    print(f"{len(texts)} stories\n")
    print("| word | found as typed (before) | found in any form (now) | only in other forms |")
    print("|---|---|---|---|")
    for word in WORDS:
        before = sum(_as_typed(h, word) for h in folded)
        now = sum(mentions(s, word) for s in read)
        print(f"| {word} | {before} | {now} | {now - before:+d} |")

    if args.show:
        keys = [word_keys(t) for t in tokens(args.show)]
        seen: Counter[str] = Counter()
        for text, folded_text, story in zip(texts, folded, read, strict=True):
            if mentions(story, args.show) and not _as_typed(folded_text, args.show):
                seen.update(t for t in tokens(text) if word_keys(t) & keys[0])
        print(f"\nwords that made '{args.show}' find a story as typed did not:")
        print(seen.most_common())

    chats = [(("prisoner exchange", "обмін полоненими"), ("sanctions",))] * 1000
    timings = {"as typed (before)": [], "any form (now)": []}
    for text, folded_text, story in list(zip(texts, folded, read, strict=True))[:50]:
        start = time.perf_counter()
        for include, exclude in chats:
            if not any(_as_typed(_fold(text), p) for p in exclude):
                any(_as_typed(folded_text, p) for p in include)
        timings["as typed (before)"].append(time.perf_counter() - start)
        start = time.perf_counter()
        for include, exclude in chats:
            story = searchable(text)
            if not any(mentions(story, p) for p in exclude):
                any(mentions(story, p) for p in include)
        timings["any form (now)"].append(time.perf_counter() - start)
    words = statistics.median(len(t.split()) for t in texts)
    print(
        f"\nCost: the three dictionaries load in {1000 * load:.0f} ms on first use (peak"
        f" resident memory {rss_after - rss_before:+.0f} MB); reading a story's text for the"
        f" forms then takes {1000 * each:.1f} ms (the mean over these stories, median"
        f" {words:.0f} words, each read once, in file order).\n"
    )
    print("| rule | 1,000 chats, two + phrases and one - phrase each: ms a story (median of 50) |")
    print("|---|---|")
    for name, values in timings.items():
        print(f"| {name} | {1000 * statistics.median(values):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
