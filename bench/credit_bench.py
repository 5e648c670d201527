"""Which outlets a story's points are credited to, and which rival versions are shown: the rule
before `summarizer.support` and the narrow figure rivals against the current one, same run.

    .venv/bin/python bench/credit_bench.py ../shared/data/stories/multidoc_dev.jsonl \
        ../shared/data/stories/clusters_dev.jsonl [--every 2] [--sample 40] [--seed 7] \
        [--judged FILE]

Each event (a `multidoc_dev`-shaped line with `articles`, or the `clusters_dev`-shaped articles
that share an `event`; an article without an outlet is named "article N") is summarized once by
the current `StorySummarizer` (5 points). For each point the pool then gives its outlets under
the old rule (`bench/old_credit_rule.py`), the new one, and the new one with a 0.4 word-support
bar, and its rival under the old and new rule (a rival among the other articles' sentences, as if
nothing was shown yet). Printed: extra credits (beyond the point's own outlet) per story, credits
removed and added against the old rule, rival pairs found; then a fixed random sample of the
credits either rule gives (ids `event#point#outlet`, seeded) with the sentence that earned each,
to judge by hand, and every rival pair. `--judged` reads a JSON object of sample id ->
"right" / "partly" / "wrong" and prints each rule's precision on the judged sample.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.old_credit_rule import old_outlets, old_rival  # noqa: E402
from summarizer import StoryArticle, StorySummarizer, SummaryError, load_embedder  # noqa: E402
from summarizer.story import StoryWeights  # noqa: E402
from summarizer.story_pool import Pool  # noqa: E402
from summarizer.support import word_support  # noqa: E402

POINTS = 5
RULES = ("old", "new", "new@0.4")


def _events(path: Path) -> list[tuple[str, list[StoryArticle]]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if rows and "articles" in rows[0]:
        return [
            (str(r["id"]), [_article(a, k) for k, a in enumerate(r["articles"])]) for r in rows
        ]
    by_event: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_event[str(row["event"])].append(row)
    return [(e, [_article(a, k) for k, a in enumerate(arts)]) for e, arts in by_event.items()]


def _article(a: dict[str, str], k: int) -> StoryArticle:
    return StoryArticle(
        text=a.get("text") or "",
        title=a.get("title") or "",
        outlet=a.get("outlet") or f"article {k + 1}",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--every", type=int, default=1, help="every k-th event only")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--judged", type=Path, help="JSON: sample id -> right/partly/wrong")
    args = parser.parse_args(argv)
    embedder = load_embedder()
    summarizer = StorySummarizer(embedder, max_points=POINTS)
    sw = StoryWeights()
    credits: dict[str, dict[str, tuple[str, str, float, float]]] = {r: {} for r in RULES}
    rivals: dict[str, set[tuple[str, str, str]]] = {"old": set(), "new": set()}
    stories = 0
    for path in args.files:
        for event_id, articles in _events(path)[:: args.every]:
            if len(articles) < 2:
                continue
            try:
                pool = Pool.build(articles, embedder, [])
                key_points = summarizer._points(pool, POINTS, ())
            except SummaryError:
                continue
            stories += 1
            for n, kp in enumerate(key_points):
                # The point's own candidate: its evidence, in an article of its first outlet (a
                # wire story may be copied word for word by two outlets), as shown (maybe cut).
                own = next(
                    i
                    for i, c in enumerate(pool.candidates)
                    if kp.evidence == (c.sentence.source,)
                    and pool.articles[c.article].outlet == kp.outlets[0]
                )
                point = replace(pool.point(own), text=kp.text)
                got = {
                    "old": old_outlets(pool, point, sw.same),
                    "new": pool.credits(point, sw.same),
                    "new@0.4": pool.credits(point, sw.same, 0.4),
                }
                assert set(got["new"]) == set(kp.outlets), (event_id, kp.text)
                for rule, names in got.items():
                    for outlet, i in list(names.items())[1:]:
                        sentence = pool.candidates[i].sentence.text
                        credits[rule][f"{event_id}#{n}#{outlet}"] = (
                            kp.text,
                            sentence,
                            float(pool.vectors[i] @ point.vector),
                            word_support(kp.text, sentence),
                        )
                for rule, found in (
                    ("old", old_rival(pool, point, [], sw.conflict)),
                    ("new", pool.rival(point, [], sw)),
                ):
                    if found is not None:
                        pair = sorted([kp.text, pool.candidates[found].sentence.text])
                        rivals[rule].add((event_id, pair[0], pair[1]))
    old, new = set(credits["old"]), set(credits["new"])
    print(f"stories: {stories} ({', '.join(p.name for p in args.files)}, every {args.every})\n")
    print("| rule | extra credits | per story | removed vs old | added vs old | rival pairs |")
    print("|---|---|---|---|---|---|")
    for rule in RULES:
        mine = set(credits[rule])
        pairs = len(rivals[rule]) if rule in rivals else "-"
        print(
            f"| {rule} | {len(mine)} | {len(mine) / max(1, stories):.2f} | {len(old - mine)} "
            f"| {len(mine - old)} | {pairs} |"
        )
    pool_ids = sorted(old | new | set(credits["new@0.4"]))
    sample = sorted(random.Random(args.seed).sample(pool_ids, min(args.sample, len(pool_ids))))
    print(
        f"\nSample of {len(sample)} credits (seed {args.seed}); verdict per rule old/new/new@0.4:"
    )
    for sid in sample:
        marks = "/".join("+" if sid in credits[r] else "-" for r in RULES)
        for rule in RULES:
            if sid in credits[rule]:
                point, sentence, sim, share = credits[rule][sid]
                break
        print(f"\n[{sid}] {marks} cos={sim:.2f} words={share:.2f}\n  P: {point}\n  S: {sentence}")
        other = credits["new"].get(sid)
        if other and other[1] != sentence:
            print(f"  S(new): {other[1]}")
    print("\nRival pairs (old rule only / new rule only / both):")
    for label, pairs in (
        ("old only", rivals["old"] - rivals["new"]),
        ("new only", rivals["new"] - rivals["old"]),
        ("both", rivals["old"] & rivals["new"]),
    ):
        for event_id, a, b in sorted(pairs):
            print(f"[{label}] {event_id}\n  A: {a}\n  B: {b}")
    if args.judged:
        _precision(json.loads(args.judged.read_text(encoding="utf-8")), sample, credits)
    return 0


def _precision(
    judged: dict[str, str],
    sample: list[str],
    credits: dict[str, dict[str, tuple[str, str, float, float]]],
) -> None:
    print(
        "\n| rule | judged credits | right | partly | wrong | precision (right) | (right+partly) |"
    )
    print("|---|---|---|---|---|---|---|")
    for rule in RULES:
        verdicts = [judged[s] for s in sample if s in credits[rule] and s in judged]
        n = max(1, len(verdicts))
        right, partly = verdicts.count("right"), verdicts.count("partly")
        print(
            f"| {rule} | {len(verdicts)} | {right} | {partly} | {verdicts.count('wrong')} "
            f"| {right / n:.0%} | {(right + partly) / n:.0%} |"
        )


if __name__ == "__main__":
    raise SystemExit(main())
