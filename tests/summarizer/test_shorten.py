"""A long key point is shortened without changing what it says: who said it, and every figure."""

from __future__ import annotations

import pytest

from summarizer.shorten import POINT_CHARS, shorten

EN_HEAD = (
    "Lestovian drones struck two power stations in the Varnian border region overnight despite "
    "the energy truce agreed in Port Alder last week, leaving 40,000 homes near Kestrel without "
    "heat or water"
)
UK_HEAD = (
    "Лестовські дрони вночі вдарили по двох електростанціях у прикордонному регіоні Варнії попри "
    "енергетичне перемир'я, погоджене в Порт-Алдері, залишивши без тепла 40 тисяч осель "
    "біля Кестрела"
)
RU_HEAD = (
    "Лестовские дроны ночью ударили по двум электростанциям в приграничном регионе Варнии "
    "несмотря на энергетическое перемирие, согласованное в Порт-Алдере, оставив без тепла "
    "40 тысяч домов у Кестрела"
)


@pytest.mark.parametrize(
    ("head", "attribution"),
    [
        (EN_HEAD, "the Kremlin claims"),
        (EN_HEAD, "Reuters reports"),
        (EN_HEAD, "the Varnian army warns"),
        (EN_HEAD, "which Lestovia denies"),
        (EN_HEAD, "the governor alleges"),
        (EN_HEAD, "the energy ministry notes"),
        (UK_HEAD, "повідомляє Reuters"),
        (UK_HEAD, "зазначає міністерство енергетики"),
        (UK_HEAD, "пише Reuters"),
        (UK_HEAD, "передає Укрінформ"),
        (UK_HEAD, "наголошує губернатор"),
        (UK_HEAD, "стверджує Кремль"),
        (RU_HEAD, "сообщает Reuters"),
        (RU_HEAD, "отмечает министерство энергетики"),
        (RU_HEAD, "пишет Reuters"),
        (RU_HEAD, "передает ТАСС"),
        (RU_HEAD, "передаёт ТАСС"),
        (RU_HEAD, "утверждает Кремль"),
    ],
)
def test_a_shortened_point_never_states_a_reported_claim_as_fact(
    head: str, attribution: str
) -> None:
    sentence = f"{head}, {attribution}."
    assert len(sentence) > POINT_CHARS
    assert attribution in shorten(sentence)


def test_a_word_that_only_looks_like_a_speaker_does_not_excuse_dropping_one() -> None:
    sentence = (
        "The reported strike on the fuel depot near Kestrel killed 12 workers on the night shift, "
        "according to the regional governor, and set fire to three tankers parked on the siding "
        "by the river, the Kremlin claims."
    )
    assert len(sentence) > POINT_CHARS
    assert "the Kremlin claims" in shorten(sentence)


def test_a_point_that_names_its_speaker_may_still_lose_a_later_aside() -> None:
    sentence = (
        "Varnia's foreign minister said on Tuesday that the truce would hold along the whole "
        "river line, that prisoners would be exchanged at the Kestrel crossing, and that the "
        "monitors would report every day, adding that the details were still being drafted."
    )
    short = shorten(sentence)
    assert short.endswith("…")
    assert "foreign minister said" in short
    assert sentence.startswith(short.removesuffix("…"))


@pytest.mark.parametrize(
    "figure",
    ["between 1,000 - 1,200", "between 1,000 – 1,200", "between 1,000 — 1,200", "1,000 – 1,200"],
)
def test_a_range_of_numbers_is_never_cut_in_half(figure: str) -> None:
    sentence = (
        "Under the outline deal reached in Port Alder on Friday after seven hours of talks "
        f"mediated by Kestrel, each side is to hand over {figure} prisoners of war in the coming "
        "weeks at the river crossing."
    )
    assert len(sentence) > POINT_CHARS
    short = shorten(sentence)
    assert "1,000" not in short or "1,200" in short


@pytest.mark.parametrize(
    "sentence",
    [
        "Under the outline deal reached in Port Alder on Friday after seven hours of talks, each "
        "side is to hand over between 1,000, and once the lists of names held by both delegations "
        "are checked by the monitors in time 1,200, "
        "prisoners of war at the river crossing on the border.",
        "За попередньою домовленістю, досягнутою в Порт-Алдері після семи годин переговорів, "
        "кожна сторона має передати від 1 000, залежно від того, чи встигнуть спостерігачі "
        "перевірити списки обох делегацій, до 1 200 "
        "полонених на переправі через прикордонну річку.",
        "По предварительной договоренности, достигнутой в Порт-Алдере после семи часов "
        "переговоров, каждая сторона должна передать от 1 000, в зависимости от того, успеют ли "
        "наблюдатели проверить списки, до 1 200 пленных на переправе через пограничную реку.",
    ],
)
def test_a_point_never_keeps_one_end_of_a_range_split_by_an_aside(sentence: str) -> None:
    assert len(sentence) > POINT_CHARS
    short = shorten(sentence)
    assert "1 000" not in short or "1 200" in short
    assert "1,000" not in short or "1,200" in short
