"""Shortened key points: the old rule (1eca158) and the current one side by side on real text.

    .venv/bin/python bench/shorten_bench.py ../shared/data/extraction \
        ../shared/data/summaries_dev.jsonl ../shared/data/seed/us-ukraine-jeddah-talks.txt

Each FILE is a folder of article pages (ground-truth.json and html/, extracted as the bot
extracts a page for /summary), a JSONL of stories (`article`, as summaries_dev.jsonl) or a
plain-text article. Every article is summarized (3 key points, the extractive backend) once per
rule, from the same embeddings; the rule decides the point's text and, as in the bot, also
the long-point penalty and which sentences are picked. A second table applies both rules to
every candidate sentence over 200 characters (the first 40 of each article), a larger sample
of cuts than the picked points.

The checks are the bench's own word lists, not the rule's (a rule cannot grade itself), but
they are heuristics too: "no verb-like word" finds none of an auxiliary, a common irregular
past or an "-ed" word (English) or a finite-verb ending (Ukrainian, Russian); a cut in another
language counts as unchecked. `--show N` prints, with what each drops, the current rule's
shortened key points, its flagged cuts and N of its cuts (a seeded sample of the candidate
sentences), for reading.
`--sentences-only` skips the summaries (no embedding) for large files: the stories and topic
JSONL files (`articles` or `text`) are read too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from old_shorten_rule import shorten as old_shorten  # noqa: E402

from bot.ingest.extract import extract_page  # noqa: E402
from bot.net import FetchResult  # noqa: E402
from summarizer import (  # noqa: E402
    Article,
    extractive,  # noqa: E402
    load_embedder,
)
from summarizer.extractive import prepare, score_sentences, select  # noqa: E402
from summarizer.shorten import POINT_CHARS, shorten  # noqa: E402
from summarizer.text import split_document  # noqa: E402


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, as it reads."""
    return frozenset(text.split())


Rule = Callable[[str], str]
RULES: dict[str, Rule] = {"old rule (1eca158)": old_shorten, "new rule (now)": shorten}
POINTS = 3
CANDIDATES = 40

_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|none|neither|nobody|nothing|nowhere|cannot|without|не|ні|нет|ни"
    r"|ніколи|никогда|ніхто|никто|нічого|ничего|немає|без)\b|n['’]t\b",
    re.IGNORECASE,
)
_CONTRAST_OPENING = re.compile(
    r"^\W*(?:but|though|although|however|yet|whereas|while|whilst|despite|unless|if|except"
    r"|even though|але|проте|однак|хоча|якщо|попри|но|однако|хотя|если|несмотря)\b",
    re.IGNORECASE,
)
_OPEN_WORDS = _words(
    "a an the of to in on at by for with from into about over under between among and or but"
    " nor than that as if was were is are be been being had has have will would can could"
    " shall should may might must do does did his her their its this these those such however"
    " although though while whereas yet because since"
    " і й та а але або чи в у на з із до від для про по за під над при що як був була було"
    " були буде и или во с со к о об от под при что как был была было были будет"
)
_NAME_SUFFIX = re.compile(r"^(?:Inc|Ltd|LLC|Corp|Co|PLC|GmbH|AG|SA|Jr|Sr)\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_EN_VERBS = _words(
    "is are was were am be has have had will would can could shall should may might must do"
    " does did said says told tells made makes took takes gave gives went goes came comes saw"
    " found left held kept began struck won lost fell rose sent spent built brought thought"
    " paid ran led became got knew wrote spoke broke stood fought sought meant felt heard shot"
    " fled drew sat seems remains wants needs plans hopes expects believes"
)
_CYRILLIC_FINITE = re.compile(
    r"(?:ав|ив|ув|ал|ил|ел|ул|ла|ло|ли|ся|сь|ає|ує|ють|ять|ает|ует|ют|ут|ит|ет|є|ёт)$"
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH = _words("the of and to that with for is was has have had said from by")


@dataclass
class Tally:
    texts: int = 0
    lengths: list[int] = field(default_factory=list)
    shortened: int = 0
    drops_negation: int = 0
    drops_contrast: int = 0
    ends_open: int = 0
    no_verb: int = 0
    unchecked_language: int = 0
    cuts: list[tuple[str, str]] = field(default_factory=list)
    flagged: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, sentence: str, point: str) -> None:
        self.texts += 1
        self.lengths.append(len(point))
        if point == sentence or not point.endswith("…"):
            return
        kept = point[:-1]
        dropped = sentence[len(kept) :]
        self.shortened += 1
        self.cuts.append((kept, dropped))
        language = _language(sentence)
        words = _WORD.findall(kept)
        flags = {
            "drops a negation": bool(_NEGATION.search(dropped)),
            "drops a contrast/condition opener": bool(_CONTRAST_OPENING.match(dropped)),
            "unchecked language": not language,
            "ends open": bool(language and words)
            and (
                words[-1].lower() in _OPEN_WORDS
                or kept.endswith("such as")
                or bool(_NAME_SUFFIX.match(dropped.lstrip(",;—–- ")))
            ),
            "no verb-like word": bool(language)
            and not any(_verb_like(w, language) for w in words),
        }
        self.drops_negation += flags["drops a negation"]
        self.drops_contrast += flags["drops a contrast/condition opener"]
        self.unchecked_language += flags["unchecked language"]
        self.ends_open += flags["ends open"]
        self.no_verb += flags["no verb-like word"]
        self.flagged.extend((flag, kept, dropped) for flag, on in flags.items() if on)


def _language(text: str) -> str:
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return "cyrillic"
    words = [w.lower() for w in _WORD.findall(text)]
    return "en" if sum(w in _ENGLISH for w in words) >= max(3, len(words) // 12) else ""


def _verb_like(word: str, language: str) -> bool:
    lower = word.lower()
    if language == "cyrillic":
        return word.islower() and len(lower) > 3 and bool(_CYRILLIC_FINITE.search(lower))
    return lower in _EN_VERBS or (word.islower() and len(lower) > 4 and lower.endswith("ed"))


def articles(path: Path) -> Iterator[Article]:
    """The articles in a page folder, a JSONL of stories or a text file."""
    if path.is_dir():
        truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
        for key, item in sorted(truth.items()):
            raw = gzip.decompress((path / "html" / f"{key}.html.gz").read_bytes())
            page = FetchResult(item.get("url", ""), 200, httpx.Headers(), raw).text()
            text, title = extract_page(page, item.get("url", ""))
            if text.strip():
                yield Article(text=text, title=title, url=item.get("url", ""))
    elif path.suffix == ".jsonl":
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            if "article" in item:  # summaries_dev.jsonl
                yield Article(text=item["article"])
            for one in [*item.get("articles", []), *([item] if "text" in item else [])]:
                if (one.get("text") or "").strip():  # stories/*.jsonl, topic_*.jsonl
                    yield Article(text=one["text"], title=one.get("title") or "")
    else:
        yield Article(text=path.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print N of the new rule's cuts")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--sentences-only",
        action="store_true",
        help="only the candidate-sentence table (no embedding: fast, for large files)",
    )
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    embedder = None if args.sentences_only else load_embedder()
    points = {name: Tally() for name in RULES}
    candidates = {name: Tally() for name in RULES}
    count = 0
    for path in args.files:
        for article in articles(path):
            sentences = split_document(article.text, article.title).sentences[:CANDIDATES]
            count += 1
            for name, rule in RULES.items():
                for sentence in sentences:
                    if len(sentence.text) > POINT_CHARS:
                        candidates[name].add(sentence.text, rule(sentence.text))
            if embedder is None or not sentences:
                continue
            prepared = prepare(article, embedder)
            for name, rule in RULES.items():
                with mock.patch.object(extractive, "shorten", rule):
                    picked = sorted(select(prepared, score_sentences(prepared), POINTS))
                for i in picked:
                    text = prepared.candidates[i].text
                    points[name].add(text, rule(text))
    print(f"{count} articles from {', '.join(p.name for p in args.files)}\n")
    if embedder is not None:
        _table(f"key points ({POINTS} per article)", points)
    _table(f"every candidate sentence over {POINT_CHARS} characters", candidates)
    if args.show:
        for kept, dropped in points["new rule (now)"].cuts:
            print(f"\nKEY POINT: {kept}…\nDROPPED: {dropped}")
        for flag, kept, dropped in candidates["new rule (now)"].flagged:
            print(f"\nFLAGGED ({flag}): {kept}…\nDROPPED: {dropped}")
        cuts = candidates["new rule (now)"].cuts
        for kept, dropped in random.Random(7).sample(cuts, min(args.show, len(cuts))):
            print(f"\nKEPT: {kept}…\nDROPPED: {dropped}")
    return 0


def _table(title: str, tallies: dict[str, Tally]) -> None:
    print(f"### {title}\n")
    print(
        "| rule | texts | shortened | drop a negation | drop a contrast/condition opener "
        "| kept part ends open | kept part: no verb-like word | cut in an unchecked language "
        "| mean chars | over 240 | over 300 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, t in tallies.items():
        print(
            f"| {name} | {t.texts} | {t.shortened} | {t.drops_negation} | {t.drops_contrast} "
            f"| {t.ends_open} | {t.no_verb} | {t.unchecked_language} "
            f"| {statistics.mean(t.lengths or [0]):.0f} | {sum(n > 240 for n in t.lengths)} "
            f"| {sum(n > 300 for n in t.lengths)} |"
        )
    print()


if __name__ == "__main__":
    raise SystemExit(main())
