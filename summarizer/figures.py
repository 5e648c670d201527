"""Do two reports disagree on a figure? "A 30-day truce" against "a 20-day truce" do.

Two uses, two strictnesses. A rival version (`figures_conflict`) forces a second point on the
reader, so it must be narrow: only a number directly followed by the thing it counts is
compared, only when both texts count the same thing in the same way (per day or in all, an
increase or a total, in one place or everywhere, with a neighbouring word in common), and a
rounded, approximate or bounded figure ("about 10,000", "more than 400", "$1 trillion" for
$1.2 trillion) disputes nothing. When unsure, no rival: one version is still shown with its own
outlets. A credit (`figures_differ`) is the other way round: an outlet whose sentence gives
another count of the point's thing ("26 people" for "28 Palestinians", "651,690 deaths" for
"1,500 deaths a day") does not support the point and is not credited with it.
"""

from __future__ import annotations

from dataclasses import replace

from summarizer.fates import KIN
from summarizer.figure_parsing import Figure, fates_in, figures_in
from summarizer.grounding import TOKEN, content_words
from summarizer.likeness import shared

__all__ = ["Figure", "figures_conflict", "figures_differ", "figures_in", "other_fates"]

_RECORD = frozenset(
    [
        "record",
        "records",
        "previous",
        "prior",
        "surpassed",
        "surpasses",
        "broke",
        "beat",
        "beats",
        "shattered",
    ]
)
"""A sentence about a record compares a new figure with an old one: never a rival."""


def _rounds_to(a: Figure, b: Figure) -> bool:
    """One figure is the other rounded to its own precision: "$1 trillion" for $1.2 trillion,
    "9.2 million" for 9.21 million (not "$2 billion" for $1.5 billion: that is half a step)."""
    step = max(a.step, b.step)
    return abs(a.value - b.value) < step / 2 - 1e-9 * step


def _compatible(a: Figure, b: Figure) -> bool:
    """Both can be true: equal once rounded, one inside the other's range, within a tenth when
    either is approximate, inside each other's bounds ("at least 150" and "more than 180"
    both hold for 190), or one each of two parties' share of the other ("84 prisoners each"
    and "a total of 168 prisoners": in a trial the two were shown as outlets disagreeing)."""
    if _rounds_to(a, b) or a.value == b.value:
        return True
    for x, y in ((a, b), (b, a)):
        if x.each and not y.each and _rounds_to(replace(x, value=2 * x.value), y):
            return True
    for x, y in ((a, b), (b, a)):
        if x.span and x.span[0] <= y.value <= x.span[1]:  # "10 to 20 were killed" holds for 15
            return True
    if "about" in (a.bound, b.bound):
        return abs(a.value - b.value) <= 0.1 * max(a.value, b.value)
    for x, y in ((a, b), (b, a)):
        if x.bound == "min" and (y.value >= x.value or y.bound == "min"):
            return True
        if x.bound == "max" and (y.value <= x.value or y.bound == "max"):
            return True
    return False


def figures_conflict(a: str, b: str) -> bool:
    """Both texts count the same thing in the same way with numbers that cannot both be true
    ("30-day" vs "20-day" truce): a rival version.

    Compared only when each text has one figure of that thing (a list of them is no version
    of one), with the same counted word, rate, increase or total, and place; when the two are
    about it in shared words (a neighbouring word in common, or half of each text's words);
    when nothing says they are different parties' (`_owned_apart`: two airlines' times, two
    people's ages); when nothing says different things befell the people counted (killed,
    injured: `Figure.fate`); when not both are ends of ranges (two ranges of one scale are mostly a
    study's groups: "1 to 2.4 hours a week" and "2.5 to 4 hours a week"); and when neither text
    is about a record (a new one against the old one).
    """
    fa, fb = figures_in(a), figures_in(b)
    if not (fa and fb) or _about_records(a) or _about_records(b):
        return False
    words_a, words_b = content_words(a), content_words(b)
    alike = _share(words_a, words_b) >= 0.5 and _share(words_b, words_a) >= 0.5
    for x in fa:
        same = [y for y in fb if _key(y) == _key(x)]
        if len(same) != 1 or sum(_key(z) == _key(x) for z in fa) != 1:
            continue
        y = same[0]
        if not (alike or (x.near & y.near)):
            continue
        if _owned_apart(x, y, words_a, words_b) or (x.span and y.span):
            continue
        if x.fate and y.fate and x.fate != y.fate:  # 12 killed, 30 injured
            continue
        if not _compatible(x, y):
            return True
    return False


def other_fates(a: str, b: str) -> bool:
    """Both count people, but of different fates and none in common: "At least 12 people were
    killed in the strike on the station" and "At least 30 people were injured in the strike on
    the station" are two facts, however alike their words (neither a repeat nor a credit).
    Those in hospital are some of the hurt (`fates.KIN`): one text's count of them against the
    other's count of the hurt is the same statement only with the same number ("five were
    taken to hospital" / "five were injured"); "five remain in hospital" after "19 people were
    wounded" is another fact, not a repeat (nor a rival version: `figures_conflict`)."""
    counts_a, counts_b = fates_in(a), fates_in(b)
    kin_a = {KIN.get(fate, fate) for fate, _ in counts_a}
    kin_b = {KIN.get(fate, fate) for fate, _ in counts_b}
    if not (kin_a and kin_b):
        return False
    return not kin_a & kin_b or _kin_counts_apart(counts_a, counts_b)


def _kin_counts_apart(a: set[tuple[str, float]], b: set[tuple[str, float]]) -> bool:
    """One text counts only a part (those in hospital), the other only the whole (the hurt),
    and never with the same number."""
    for part, whole in KIN.items():
        for x, y in ((a, b), (b, a)):
            parts = {value for fate, value in x if fate == part}
            wholes = {value for fate, value in y if fate == whole}
            only_part = not any(fate == whole for fate, _ in x)
            only_whole = not any(fate == part for fate, _ in y)
            if parts and wholes and only_part and only_whole and not parts & wholes:
                return True
    return False


def figures_differ(point: str, sentence: str) -> bool:
    """The sentence counts something the point counts but never with a number the point's can
    be (rounding, approximations and bounds allowed): it does not support the point.

    Looser than `figures_conflict`, because a credit is the claim that the outlet says the
    point: any people-noun counts people ("26 people" against "28 Palestinians"), and a
    figure per day or an increase is no support for a total. A people-noun both count ("nine
    children") is matched with the same noun only.
    """
    fp, fs = figures_in(point), figures_in(sentence)
    if not (fp and fs):
        return False
    for x in fp:
        if x.unit == "person":
            same = [y for y in fs if y.unit == "person" and y.noun == x.noun]
        else:
            same = [y for y in fs if y.unit == x.unit]
        if same and not any(_compatible(x, y) and x.rate == y.rate for y in same):
            return True
    # People counted by different nouns: one of the point's counts must fit one of the
    # sentence's ("28 Lestovians" / "26 people": no; "28 people, nine of them children": yes).
    nouns_p = {f.noun for f in fp if f.unit == "person"}
    nouns_s = {f.noun for f in fs if f.unit == "person"}
    others_p = [x for x in fp if x.unit == "person" and x.noun not in nouns_s]
    others_s = [y for y in fs if y.unit == "person" and y.noun not in nouns_p]
    return bool(others_p and others_s) and not any(
        _compatible(x, y) and x.rate == y.rate for x in others_p for y in others_s
    )


def _owned_apart(x: Figure, y: Figure, words_a: set[str], words_b: set[str]) -> bool:
    """The two figures may belong to different parties: a name where one's owner is named
    (`Figure.owners`) is missing from the other text ("Lestovian Airways flights take 3
    hours" / "Varnian Air flights take 5 hours"), two ages are of different people, or each
    has a name by it that the other text lacks. A name after only one of them tells the
    other side of it ("Hamas would release 33 Israeli hostages in exchange for Palestinian
    prisoners" / "... would free 30 Israeli hostages in its first phase"): still one count."""
    if (x.owners - words_b) or (y.owners - words_a):
        return True
    if x.aged and y.aged and x.aged != y.aged:
        return True
    return bool(x.names - words_b) and bool(y.names - words_a)


def _key(f: Figure) -> tuple[str, str, str, str, str]:
    """What a figure counts: two times from different events ("less than four months after
    Pfizer applied" against "eight months after first authorizing the vaccine") are two
    things."""
    return (f.unit, f.noun, f.rate, f.scope, f.offset)


def _about_records(text: str) -> bool:
    return any(t.lower() in _RECORD for t in TOKEN.findall(text))


def _share(words: set[str], other: set[str]) -> float:
    """Share of `words` (numbers left out) in `other`, a word matching its longer or shorter
    form ("hostages" / "hostage")."""
    words = {w for w in words if not w[0].isdigit()}
    return shared(words, other) / len(words) if words else 0.0
