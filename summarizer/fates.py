"""What befell the people a number counts: "12 people were killed" counts the dead, "the strike
injured 30" the hurt. Two outlets' counts of the dead and of the injured are two facts, however
alike their words (`figures.other_fates`), so the word that says it is read beside each number.
"""

from __future__ import annotations

from summarizer.bounds import CYRILLIC_BOUND_WORDS

__all__ = ["KIN", "fate_of_count"]

_FATES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "dead": (
        frozenset(["dead", "die", "died", "dies", "dying", "slain"]),
        ("kill", "death", "perish", "fatal", "погиб", "убит", "убил", "смерт", "загин", "вбит"),
    ),
    "hurt": (
        frozenset(["hurt"]),
        ("injur", "wound", "ранен", "ранил", "поранен", "травм"),
    ),
    "in hospital": (frozenset(), ("hospital", "госпит", "госпіт", "шпитал", "лікарн", "больниц")),
    "moved": (
        frozenset(["fled", "flee", "flees", "fleeing"]),
        ("evacu", "displac", "эваку", "евакуй", "евакуац"),
    ),
    "held": (
        frozenset(),
        ("arrest", "detain", "captur", "abduct", "kidnap", "задерж", "арест", "затрим", "заарешт"),
    ),
    "freed": (
        frozenset(["free", "freed", "frees", "freeing", "handed"]),
        ("releas", "return", "exchang", "swap", "освобо", "верну", "возвращ", "обмен", "звільн"),
    ),
    "missing": (frozenset(["missing"]), ("пропал", "пропавш", "зник", "безвіс")),
}
"""What befell the people a number counts, by the word that says it ("were killed", "injured",
"in hospital", "evacuated", "detained", "freed", "missing"; Russian and Ukrainian stems too):
exact words, then word starts. Those in hospital are some of the hurt ("19 people were wounded"
and "five remain in hospital" are two counts, no rival versions), see `KIN`."""
KIN = {"in hospital": "hurt"}
"""A fate that is part of another: a count of either tells of the same people's lot, so two
sentences counting them may still say one thing ("five were taken to hospital" and "five
were injured"), though their numbers are never rival versions."""
_MORE_WORDS = frozenset(["ще", "еще", "ещё", "чем"])
"""Ukrainian and Russian words by a count that no bound holds: "ще" / "еще", more, as "another"
("загинули ще 12 людей"), and "чем", than ("более чем 12")."""
_BOUND_WORDS = (
    frozenset(
        [
            "at",
            "least",
            "more",
            "than",
            "over",
            "about",
            "around",
            "nearly",
            "almost",
            "some",
            "up",
            "to",
            "roughly",
            "approximately",
            "an",
            "a",
            "the",
            "another",
            "further",
            "additional",
            "estimated",
            "her",
            "his",
            "its",
            "their",
            "our",
        ]
    )
    | CYRILLIC_BOUND_WORDS
    | _MORE_WORDS
)
_SUBORDINATE = frozenset(["after", "before", "when", "while", "because", "since", "until"])
"""A clause of another event starts: "killed her two children after abducting them"."""


def fate_of_count(tokens: list[str], n: int, after: int, breaks: frozenset[int]) -> str:
    """What befell the people counted by the number at `n` (`Figure.fate`): the verb right
    before it, past "at least", "her" and the like ("killed at least 12 people"), else the
    counted word and what follows it in its clause ("12 people were killed", "30 wounded"), up
    to "after", "when" and the like. `tokens` are lower case, `after` is the token after the
    number and its counted word, `breaks` the tokens a clause break comes before. A hospital
    there is where the people are unless the clause says they died: "five remain in hospital
    with injuries", but "12 people at a hospital were killed"."""
    k = n - 1
    while k >= 0 and k + 1 not in breaks and tokens[k] in _BOUND_WORDS:
        k -= 1
    if k >= 0 and k + 1 not in breaks and (fate := _fate_of(tokens[k])):
        return fate
    found = ""
    for k in range(max(n + 1, after - 1), min(len(tokens), after + 6)):
        if (k in breaks and k > n + 1) or tokens[k] in _SUBORDINATE:
            break
        fate = _fate_of(tokens[k])
        if fate == "dead" or (fate and not found):
            found = fate
        if found and found != "in hospital":
            break
    return found


def _fate_of(word: str) -> str:
    for fate, (words, starts) in _FATES.items():
        if word in words or word.startswith(starts):
            return fate
    return ""
