"""One story per development: which story a new report joins, on small invented articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bot.ingest.cluster import (
    ClusterArticle,
    ClusterConfig,
    ClusterStory,
    choose_story,
    cluster_text,
    effective_time,
    is_latin,
)

NOW = datetime(2025, 5, 16, 12, tzinfo=UTC)
CONFIG = ClusterConfig()

ISTANBUL_1 = (
    "Russia and Ukraine hold first direct talks in three years in Istanbul",
    "Delegations from Russia and Ukraine met at the Dolmabahce palace in Istanbul on Friday for "
    "their first direct peace talks since March 2022. Turkish Foreign Minister Hakan Fidan "
    "opened the session, which lasted less than two hours. Vladimir Medinsky led the Russian "
    "team and Defence Minister Rustem Umerov the Ukrainian one.",
)
ISTANBUL_2 = (
    "Kyiv and Moscow negotiators agree 1,000-for-1,000 prisoner swap at Dolmabahce",
    "Ukrainian and Russian negotiators spent under two hours together at Istanbul's Dolmabahce "
    "palace on Friday and agreed to exchange a thousand prisoners of war each, Umerov said. "
    "Medinsky called the meeting satisfactory; Fidan hosted it.",
)
ISTANBUL_NEXT_DAY = (
    "Ukraine and Russia begin largest prisoner exchange of the war",
    "Russia and Ukraine began the exchange of 1,000 prisoners each agreed in Istanbul, swapping "
    "390 people on Saturday at the border with Belarus. Zelensky said more would come home on "
    "Sunday and Monday; the Red Cross observed the handover.",
)
GAZA = (
    "Hamas and Israel resume indirect truce talks in Doha",
    "Qatari and Egyptian mediators reopened indirect talks between Hamas and Israel in Doha on "
    "Friday on a hostage release and a 60-day truce in Gaza, officials said.",
)
FOOTBALL = (
    "Liverpool clinch the Premier League title with a win over Tottenham",
    "Liverpool beat Tottenham 5-1 at Anfield on Sunday to win the Premier League title with "
    "four games to spare, Arne Slot's first season in charge.",
)
# Russian reports: the English-only encoder puts these close to each other whatever they say.
MOSCOW_FIRE_1 = (
    "В Москве потушили пожар на складе в Бирюлево",
    "Пожар на складе в районе Бирюлево на юге Москвы потушен, площадь возгорания составила "
    "две тысячи квадратных метров, пострадавших нет, сообщили в МЧС.",
)
MOSCOW_FIRE_2 = (
    "МЧС: пожар на складе в Бирюлево ликвидирован",
    "Спасатели ликвидировали пожар на складе в Бирюлево площадью две тысячи квадратных метров. "
    "По данным МЧС, никто не пострадал.",
)
KUDRIN = (
    "Кудрин оценил расходы на борьбу с бедностью в 2,5 трлн рублей",
    "Глава Счетной палаты Алексей Кудрин заявил, что на борьбу с бедностью за три года уйдет "
    "около 2,5 трлн рублей, включая дотации регионам.",
)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def article(
    texts: tuple[str, str], when: datetime = NOW, embedding: np.ndarray | None = None
) -> ClusterArticle:
    return ClusterArticle(texts[0], texts[1], when, embedding)


def stories(*groups: list[ClusterArticle]) -> list[ClusterStory]:
    return [ClusterStory(i + 1, group) for i, group in enumerate(groups)]


# What a sentence encoder says of the fixtures: the Istanbul reports close, the rest apart.
TALKS, OTHER_TALKS, SPORT = unit(1, 0.2, 0), unit(0.2, 1, 0), unit(0, 0, 1)


def test_a_second_outlets_differently_headlined_report_joins_its_story() -> None:
    recent = stories(
        [article(ISTANBUL_1, embedding=TALKS)],
        [article(GAZA, embedding=OTHER_TALKS)],
        [article(FOOTBALL, embedding=SPORT)],
    )
    second = article(ISTANBUL_2, NOW + timedelta(hours=2), unit(1, 0.3, 0.1))
    assert choose_story(second, recent, CONFIG) == 1


def test_reports_sharing_few_words_join_when_their_meaning_is_close() -> None:
    """Embeddings carry a paraphrase the words miss; unrelated meaning keeps them apart."""
    first = article(ISTANBUL_1, embedding=unit(1, 0, 0))
    recent = stories([first], [article(GAZA, embedding=unit(0, 1, 0))])
    paraphrase = ClusterArticle(
        "Envoys sit down on the Bosphorus", "A short first meeting ended.", NOW, unit(1, 0.1, 0)
    )
    assert choose_story(paraphrase, recent, CONFIG) == 1
    unrelated = replace_embedding(paraphrase, unit(0, 0, 1))
    assert choose_story(unrelated, recent, CONFIG) is None


def replace_embedding(item: ClusterArticle, embedding: np.ndarray) -> ClusterArticle:
    return ClusterArticle(item.title, item.text, item.time, embedding)


def test_the_next_days_development_of_the_same_talks_starts_a_new_story() -> None:
    """Same negotiation, same names, but new facts a day later: its own story."""
    recent = stories(
        [article(ISTANBUL_1), article(ISTANBUL_2, NOW + timedelta(hours=1))], [article(GAZA)]
    )
    tomorrow = article(ISTANBUL_NEXT_DAY, NOW + timedelta(days=1))
    assert choose_story(tomorrow, recent, CONFIG) is None


def test_a_report_outside_the_window_starts_a_new_story_even_if_identical() -> None:
    recent = stories([article(ISTANBUL_1)])
    late = article(ISTANBUL_1, NOW + CONFIG.window + timedelta(minutes=1))
    assert choose_story(late, recent, CONFIG) is None
    assert choose_story(article(ISTANBUL_1, NOW + timedelta(hours=1)), recent, CONFIG) == 1


def test_the_window_runs_from_the_storys_latest_article() -> None:
    old_start = article(ISTANBUL_1, NOW - timedelta(days=3))
    recent = stories([old_start, article(ISTANBUL_2, NOW - timedelta(hours=1))])
    assert choose_story(article(ISTANBUL_2, NOW), recent, CONFIG) == 1


def test_no_recent_story_means_a_new_one() -> None:
    assert choose_story(article(ISTANBUL_1), [], CONFIG) is None
    assert choose_story(article(ISTANBUL_1), [ClusterStory(1, [])], CONFIG) is None


def test_russian_reports_of_one_fire_join_and_another_event_stays_apart() -> None:
    same = unit(1, 0, 0)  # what an English-only encoder may give any two Russian texts
    recent = stories([article(MOSCOW_FIRE_1, embedding=same)], [article(KUDRIN, embedding=same)])
    assert choose_story(article(MOSCOW_FIRE_2, embedding=same), recent, CONFIG) == 1
    only_kudrin = stories([article(KUDRIN, embedding=same)])
    assert choose_story(article(MOSCOW_FIRE_2, embedding=same), only_kudrin, CONFIG) is None


def test_only_latin_script_text_trusts_the_english_encoder() -> None:
    assert is_latin(" ".join(ISTANBUL_1))
    assert not is_latin(" ".join(MOSCOW_FIRE_1))


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (NOW - timedelta(hours=5), NOW - timedelta(hours=5)),  # plausible: the feed's own time
        (NOW + timedelta(hours=3), NOW),  # in the future: a time-zone slip
        (NOW - timedelta(days=30), NOW),  # far older than the window: a re-dated old item
        (None, NOW),
    ],
)
def test_an_implausible_published_time_falls_back_to_the_seen_time(
    published: datetime | None, expected: datetime
) -> None:
    assert effective_time(published, NOW, CONFIG.window) == expected


def test_a_naive_published_time_is_read_in_the_seen_times_zone() -> None:
    naive = (NOW - timedelta(hours=2)).replace(tzinfo=None)
    assert effective_time(naive, NOW, CONFIG.window) == NOW - timedelta(hours=2)


def test_cluster_text_is_the_title_and_the_lead() -> None:
    text = cluster_text(ISTANBUL_1[0], ISTANBUL_1[1] + " " + "Later paragraph. " * 100)
    assert text.startswith(ISTANBUL_1[0] + ". Delegations from Russia")
    assert "Later paragraph" not in text
    assert cluster_text("", "") == ""


@pytest.mark.model
def test_with_the_real_encoder_paraphrased_reports_join_and_tomorrow_stays_apart() -> None:
    from summarizer import load_embedder

    embedder = load_embedder()
    items = [ISTANBUL_1, ISTANBUL_2, ISTANBUL_NEXT_DAY, GAZA, FOOTBALL, MOSCOW_FIRE_1, KUDRIN]
    vectors = embedder.embed([cluster_text(*t) for t in items])
    first, second, tomorrow, gaza, football, fire, kudrin = (
        article(t, NOW, v) for t, v in zip(items, vectors, strict=True)
    )
    recent = stories([first], [gaza], [football], [kudrin])
    assert choose_story(replace_time(second, NOW + timedelta(hours=2)), recent, CONFIG) == 1
    grown = stories([first, second], [gaza], [football], [kudrin])
    assert choose_story(replace_time(tomorrow, NOW + timedelta(days=1)), grown, CONFIG) is None
    assert choose_story(fire, recent, CONFIG) is None  # Russian: no merge on the encoder's say


def replace_time(item: ClusterArticle, when: datetime) -> ClusterArticle:
    return ClusterArticle(item.title, item.text, when, item.embedding)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


class _TalksStream:
    """Invented reports on one negotiation: every one near the topic, each development its own
    direction (`own` for the one under test, `other()` for a new one), with some noise."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.topic = self.rng.normal(size=64)
        self.own = self.rng.normal(size=64)

    def other(self) -> np.ndarray:
        return self.rng.normal(size=64)

    def report(self, n: int, direction: np.ndarray, weight: float) -> ClusterArticle:
        vector = _unit(self.topic + weight * direction + 0.3 * self.rng.normal(size=64))
        title = f"Cease-fire talks: development {n} in the negotiations"
        text = f"Negotiators for Russia and Ukraine discussed point {n} of the cease-fire plan."
        return ClusterArticle(title, text, NOW, vector)


def test_in_a_stream_about_one_conflict_a_story_must_stand_out_from_the_others() -> None:
    """Ten reports on one negotiation all look alike to an absolute bar; against their pool,
    only the report of the same development stands out."""
    talks = _TalksStream(7)
    others = [ClusterStory(n, [talks.report(n, talks.other(), 0.6)]) for n in range(10)]
    same = ClusterStory(99, [talks.report(99, talks.own, 1.5)])
    rewrite = talks.report(99, talks.own, 1.5)
    distinct = talks.report(100, talks.other(), 0.6)

    assert choose_story(rewrite, [*others, same], CONFIG) == 99
    assert choose_story(distinct, [*others, same], CONFIG) is None
    # With only the absolute bar (a pool too small to judge), the look-alike would have joined.
    absolute = ClusterConfig(pool_min=10**6)
    assert choose_story(distinct, [*others, same], absolute) is not None


def _axis(k: int) -> np.ndarray:
    vector = np.zeros(16)
    vector[k] = 1.0
    return vector


def test_in_a_busy_pool_a_differently_worded_report_a_day_later_joins_if_it_stands_out() -> None:
    """With enough recent reports, the pool-relative bar judges the day between them; the raw
    floor only rules out plainly unlike texts, without a day penalty of its own."""
    others = [
        ClusterStory(
            n,
            [
                ClusterArticle(
                    f"Talks update {n}",
                    f"Envoys discussed point {n} of the plan in the capital.",
                    NOW,
                    _unit(_axis(0) + _axis(2 + n)),
                )
            ],
        )
        for n in range(10)
    ]
    talks = ClusterStory(99, [article(ISTANBUL_1, embedding=_unit(_axis(1)))])
    tomorrow = NOW + timedelta(days=1)
    second = ClusterArticle(
        "Envoys sit down on the Bosphorus",
        "A short first meeting ended without a deal, officials said.",
        tomorrow,
        _unit(_axis(1) + _axis(13)),
    )
    unrelated = replace_embedding(second, _unit(_axis(14)))

    assert choose_story(second, [*others, talks], CONFIG) == 99
    assert choose_story(unrelated, [*others, talks], CONFIG) is None
    # Alone, the absolute bar less its day penalty would not have taken it.
    assert choose_story(second, [talks], CONFIG) is None


@pytest.mark.model
def test_two_developments_of_one_negotiation_on_one_day_stay_apart_in_a_small_pool() -> None:
    """Istanbul talks and a UN Black Sea plan share the conflict's words and topic, not the
    event; with too few recent reports for the pool-relative bar, the absolute bar decides."""
    from summarizer import load_embedder

    talks = (
        "Russia and Ukraine open cease-fire talks in Istanbul",
        "Delegations from Russia and Ukraine met in Istanbul on Monday for cease-fire talks "
        "mediated by Turkey. The negotiators discussed a truce along the front line and a "
        "prisoner exchange. Ukraine's envoy said security guarantees remain the main issue.",
    )
    shipping = (
        "UN envoy proposes a Black Sea shipping truce to Kyiv and Moscow",
        "A United Nations envoy presented a plan for a maritime truce in the Black Sea to "
        "Ukraine and Russia on Thursday in Geneva. The proposal would halt strikes on ports "
        "and merchant ships for thirty days as a first step towards a wider cease-fire.",
    )
    items = [talks, shipping, GAZA, FOOTBALL]
    vectors = load_embedder().embed([cluster_text(*t) for t in items])
    first, plan, gaza, football = (article(t, NOW, v) for t, v in zip(items, vectors, strict=True))
    later = replace_time(plan, NOW + timedelta(hours=3))
    assert choose_story(later, stories([first]), CONFIG) is None
    assert choose_story(later, stories([first], [gaza], [football]), CONFIG) is None


def _round_of_talks(n: int) -> tuple[str, str]:
    """One of many near-identical reports, as a feed's backlog can bring them."""
    return (
        f"Delegations hold round {n} of ceasefire talks on the front line near the power plant",
        f"Ukrainian and Russian delegations held round {n} of talks on a local ceasefire near "
        f"the Zaporizhzhia nuclear plant, the IAEA said. The talks covered a {n}-kilometre "
        "safety zone around the plant and the repair of power lines.",
    )


@pytest.mark.model
def test_a_pool_of_one_events_look_alikes_does_not_pull_an_unrelated_report_into_a_story() -> None:
    """In a trial of the real bot, after a feed's backlog of near-identical reports, a report
    on Armenia and Azerbaijan joined one on Ukraine's security guarantees: against a pool that
    all looks alike, any story a little closer stands out. The blend's own floor rules out
    such plainly unlike reports."""
    from summarizer import load_embedder

    envoy = (
        "Zelenskyy's envoy says security guarantees must come before any ceasefire",
        "Ukraine's chief negotiator said on Friday in Paris that Western security guarantees "
        "must be agreed before any ceasefire with Russia. Leaders of the coalition of the "
        "willing discussed a reassurance force that would be deployed after a truce.",
    )
    caucasus = (
        "Armenia and Azerbaijan initial peace treaty text in Washington",
        "Armenia and Azerbaijan initialled the text of a peace treaty at talks in Washington on "
        "Friday, ending decades of conflict over Karabakh. Russia's foreign ministry said it "
        "welcomed any step towards a lasting settlement in the South Caucasus.",
    )
    items = [_round_of_talks(n) for n in range(20)] + [envoy, caucasus]
    vectors = load_embedder().embed([cluster_text(*t) for t in items])
    *rounds, first, other = (article(t, NOW, v) for t, v in zip(items, vectors, strict=True))
    recent = [ClusterStory(n, [r]) for n, r in enumerate(rounds)] + [ClusterStory(99, [first])]
    assert choose_story(other, recent, CONFIG) is None


_ENERGY_LEADS = (
    "Russia and Ukraine agreed on Tuesday to a 30-day halt to strikes on energy facilities, "
    "the White House said after separate calls with both leaders.",
    "Moscow and Kyiv will stop attacking each other's power plants and grid for 30 days, the "
    "White House said on Tuesday.",
    "The United States said on Tuesday that Russia and Ukraine had agreed to pause strikes on "
    "energy infrastructure for 30 days.",
)
_ENERGY_DETAILS = (
    "Technical teams will meet in Riyadh next week to agree how the pause is monitored.",
    "Zelensky said Ukraine would stick to the pause if Russia did.",
    "The Kremlin said Putin had ordered the military to stop strikes on energy targets.",
    "Previous attempts at a partial truce collapsed within days.",
    "European leaders welcomed the deal but called for a full ceasefire.",
)
_ENERGY_TITLES = (
    "Russia and Ukraine agree to pause strikes on energy facilities",
    "Kyiv and Moscow agree 30-day energy truce",
    "US says Russia, Ukraine agree to halt energy strikes",
)


def _energy_report(n: int) -> tuple[str, str]:
    """Outlet n's report of one development: one of three leads, two of five details."""
    details = f"{_ENERGY_DETAILS[n % 5]} {_ENERGY_DETAILS[(n + 2) % 5]}"
    return _ENERGY_TITLES[n % 3], f"{_ENERGY_LEADS[n % 3]} {details}"


@pytest.mark.model
def test_one_development_reported_by_twenty_four_outlets_stays_one_story() -> None:
    """In a trial of the real bot, 24 outlets' reports of the energy truce made seven stories:
    once the story held 8 reports it was most of the pool, and a story cannot stand out from
    a pool made of itself, so the next report started a story of its own."""
    from summarizer import load_embedder

    items = [_energy_report(n) for n in range(24)] + [GAZA, FOOTBALL]
    vectors = load_embedder().embed([cluster_text(*t) for t in items])
    *reports, gaza, football = (article(t, NOW, v) for t, v in zip(items, vectors, strict=True))
    recent = [ClusterStory(1, [gaza]), ClusterStory(2, [football])]
    for n, report in enumerate(reports):
        chosen = choose_story(report, recent, CONFIG)
        if chosen is None:
            recent.append(ClusterStory(len(recent) + 1, [report]))
        else:
            story = next(s for s in recent if s.story_id == chosen)
            recent[recent.index(story)] = ClusterStory(chosen, [*story.articles, report])
        assert len(recent) == 3, f"report {n} started story {len(recent)}"


def test_in_a_busy_pool_a_story_twenty_outlets_report_still_takes_the_next_report() -> None:
    """Ten other developments of the talks in the pool and one story of twenty reports: the
    twenty-first report of that development joins it rather than standing apart."""
    talks = _TalksStream(11)
    others = [ClusterStory(n, [talks.report(n, talks.other(), 0.6)]) for n in range(10)]
    big = ClusterStory(99, [talks.report(99, talks.own, 1.5) for _ in range(20)])
    assert choose_story(talks.report(99, talks.own, 1.5), [*others, big], CONFIG) == 99
    assert choose_story(talks.report(100, talks.other(), 0.6), [*others, big], CONFIG) is None
