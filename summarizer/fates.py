"""What befell the people a number counts: "12 people were killed" counts the dead, "the strike
injured 30" the hurt. Two outlets' counts of the dead and of the injured are two facts, however
alike their words (`figures.other_fates`), so the word that says it is read beside each number.
"""

from __future__ import annotations

__all__ = ["fate_of_count"]

_FATES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "dead": (
        frozenset(["dead", "die", "died", "dies", "dying", "slain"]),
        ("kill", "death", "perish", "fatal", "погиб", "убит", "убил", "смерт", "загин", "вбит"),
    ),
    "hurt": (
        frozenset(["hurt"]),
        ("injur", "wound", "hospital", "ранен", "ранил", "поранен", "травм", "госпит", "шпитал"),
    ),
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
"evacuated", "detained", "freed", "missing"; Russian and Ukrainian stems too): exact words, then
word starts."""
_BOUND_WORDS = frozenset(
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
_SUBORDINATE = frozenset(["after", "before", "when", "while", "because", "since", "until"])
"""A clause of another event starts: "killed her two children after abducting them"."""


def fate_of_count(tokens: list[str], n: int, after: int, breaks: frozenset[int]) -> str:
    """What befell the people counted by the number at `n` (`Figure.fate`): the verb right
    before it, past "at least", "her" and the like ("killed at least 12 people"), else the
    counted word and what follows it in its clause ("12 people were killed", "30 wounded"), up
    to "after", "when" and the like. `tokens` are lower case, `after` is the token after the
    number and its counted word, `breaks` the tokens a clause break comes before."""
    k = n - 1
    while k >= 0 and k + 1 not in breaks and tokens[k] in _BOUND_WORDS:
        k -= 1
    if k >= 0 and k + 1 not in breaks and (fate := _fate_of(tokens[k])):
        return fate
    for k in range(max(n + 1, after - 1), min(len(tokens), after + 6)):
        if (k in breaks and k > n + 1) or tokens[k] in _SUBORDINATE:
            break
        if fate := _fate_of(tokens[k]):
            return fate
    return ""


def _fate_of(word: str) -> str:
    for fate, (words, starts) in _FATES.items():
        if word in words or word.startswith(starts):
            return fate
    return ""
