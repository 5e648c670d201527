"""Ukrainian and Russian reports are judged by the word-cue model, not dropped (invented texts).

The English encoder cannot read them, so a Ukrainian- or Russian-language feed's talks reports
used to be dropped as off-topic. Scoring here needs no real encoder: the cue model decides, and
the title + lead embedding is only stored for story clustering.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.ingest import train_cues
from bot.ingest.cue_model import DEFAULT_CUE_MODEL_PATH, load_cue_model
from bot.ingest.features import cue_gate, names_talks
from bot.ingest.lexicons import CYRILLIC, MIXED
from bot.ingest.model import ModelError
from bot.ingest.relevance import Relevance, embed_topic, score_article
from bot.ingest.topic import load_topic
from bot.storage.models import Article, Story
from bot.storage.stories import latest_stories
from config import CONFIG_DIR
from tests.fakes import HashingEmbedder
from tests.ingest.site import count, serve_feed, serve_story
from tests.ingest.test_relevance_learned import invented_items, write_jsonl

TOPIC = load_topic(CONFIG_DIR / "topic.toml")
EMBEDDER = HashingEmbedder(384)
VECTORS = embed_topic(EMBEDDER, TOPIC)

UK_TALKS = (
    "Делегації України та Росії провели переговори про перемир'я у Стамбулі",
    "Делегації двох країн у вівторок провели новий раунд переговорів у Стамбулі за "
    "посередництва Туреччини. Сторони обговорили 30-денне припинення вогню та обмін "
    "полоненими. Міністр закордонних справ заявив, що Київ готовий до нової зустрічі.",
)
RU_EXCHANGE = (
    "Россия и Украина договорились об обмене пленными",
    "В ходе переговоров в Абу-Даби делегации согласовали обмен военнопленными и обсудили "
    "режим прекращения огня на 30 дней. Посредником выступили ОАЭ.",
)
# An exchange told as a return from captivity, with no "обмен пленными" (found in a trial).
RU_RETURN_FROM_CAPTIVITY = (
    "Украина вернула из плена 246 человек",
    "Украина вернула из плена 246 военнослужащих в результате обмена с Россией, сообщил "
    "президент. Среди освобождённых защитники Мариуполя.",
)
UK_RETURN_FROM_CAPTIVITY = (
    "Україна повернула з полону 246 захисників",
    "Україна повернула з полону 246 військовослужбовців у результаті обміну з Росією, "
    "повідомив президент.",
)
UK_BODIES_RETURNED = (
    "Україна повернула тіла 1000 загиблих захисників",
    "Україна повернула тіла 1000 загиблих захисників, повідомив Координаційний штаб. Росії "
    "передано тіла 27 військових.",
)
# Captivity without an exchange, and an exchange of something else: war news, not this.
RU_DIED_IN_CAPTIVITY = (
    "Военнослужащий погиб в плену",
    "Украинский военнослужащий погиб в плену, сообщили родные. Армия продолжает бои у "
    "Покровска, где идет штурм позиций.",
)
RU_FIRE_EXCHANGE = (
    "Армии обменялись ударами на юге",
    "Войска обменялись ударами дронов на юге, сообщили военные. Пленум суда перенесли.",
)
RU_MORGUE = (
    "Морг Харькова получил тела 40 погибших",
    "Городской морг получил тела 40 погибших после удара ракеты по Харькову, сообщили "
    "спасатели. Под завалами продолжают искать людей.",
)
RU_FRONT_LINE = (
    "Армия отразила наступление под Покровском",
    "Российские войска продолжили штурм позиций у Покровска. В результате ударов дронов "
    "погибли трое мирных жителей, сообщили военные. Бои идут на нескольких участках фронта.",
)
UK_TRADE_TRUCE = (
    "США та Китай оголосили торгове перемир'я",
    "Вашингтон і Пекін домовилися про 90-денне торгове перемир'я: мита на імпорт знизять, а "
    "компанії та інвестори чекають на нові угоди. Ринки відреагували зростанням акцій.",
)
UK_FOOTBALL = (
    "«Шахтар» переміг у матчі ліги",
    "Клуб здобув перемогу в матчі чемпіонату, тренер похвалив гравців після гри.",
)
UK_VILLAGE = (
    "Біля села Мирне загинули двоє цивільних",
    "Біля села Мирне внаслідок обстрілу загинули двоє цивільних, повідомили військові. "
    "Сили оборони відбили атаку, світла в селі досі немає, а люди ховаються біля дому.",
)
MIXED_SCRIPT = (
    "Russia and Ukraine agree 30-day ceasefire after Istanbul talks",
    "Документ подписали в Стамбуле во вторник вечером. Он вступит в силу в пятницу, а "
    "наблюдать за его выполнением будут представители третьих стран, сообщили в Анкаре.",
)
# Strikes hours after the talks: the talks words only say when (found in a probe: it was kept at
# 0.89 and joined the talks story as news of them).
RU_STRIKE_AFTER_TALKS = (
    "Российские дроны атаковали Одессу после переговоров в Стамбуле",
    "Российские беспилотники ночью атаковали порт Одессы, погибли два человека, сообщил в "
    "субботу глава области. Удар последовал через несколько часов после встречи делегаций "
    "Украины и России в Стамбуле. Силы ПВО сбили 40 из 58 дронов.",
)
UK_STRIKE_AFTER_TALKS = (
    "Російські дрони атакували Одесу після переговорів у Стамбулі",
    "Російські безпілотники вночі атакували порт Одеси, загинули двоє людей, повідомив у "
    "суботу голова області. Удар стався за кілька годин після зустрічі делегацій України та "
    "Росії у Стамбулі. Сили ППО збили 40 з 58 дронів.",
)
# Found in a trial of the real bot: kept and pushed, its talks words only saying when.
UK_STRIKE_BEFORE_TALKS = (
    "Напередодні переговорів у Джидді російські дрони атакували Київщину",
    "Російські війська в ніч на вівторок атакували Київщину ударними дронами, загинула одна "
    "людина, повідомили в ОВА. Атака сталася за кілька годин до початку переговорів у Джидді. "
    "Сили ППО збили 70 із 126 дронів.",
)
RU_TALKS = (
    "Украина и Россия договорились об обмене пленными в Стамбуле",
    "Делегации Украины и России в пятницу в Стамбуле договорились обменять по 1000 "
    "военнопленных. Переговоры при посредничестве Турции длились менее двух часов.",
)
RU_BOXING = (
    "Боксёр рассказал о переговорах о третьем бое",
    "Бывший чемпион заявил, что переговоры о третьем бое с соперником идут, но "
    "договоренности о гонораре пока нет. Промоутер обещал назвать дату турнира в новом сезоне.",
)


@pytest.mark.parametrize(
    ("talks", "other"),
    [(UK_TALKS, RU_FRONT_LINE), (RU_TALKS, RU_STRIKE_AFTER_TALKS)],
    ids=["a front-line report", "a strike after the talks"],
)
async def test_a_feeds_talks_report_becomes_a_story_and_its_war_report_is_not_news_of_it(
    site, make_ingestor, database, talks: tuple[str, str], other: tuple[str, str]
) -> None:
    items = [
        serve_story(site, f"/{n}", title, [text]) for n, (title, text) in enumerate((talks, other))
    ]
    feed = serve_feed(site, "/feed.xml", "Видання", items)

    # the models' own thresholds, as the bot runs by default
    ingestor = make_ingestor([feed], relevance_threshold=None)
    report = await ingestor.poll_once()
    await ingestor.summarize_dirty()

    assert [(f.new, f.on_topic, f.stories) for f in report.feeds] == [(2, 1, 1)]
    [story] = latest_stories(database, 5)
    assert story.title == talks[0]
    assert [source.title for source in story.sources] == [talks[0]]
    assert count(database, Story) == 1
    assert count(database, Article) == 2


def judge(title: str, text: str) -> Relevance:
    return score_article(EMBEDDER, TOPIC, VECTORS, title, text)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        UK_TALKS,
        RU_EXCHANGE,
        MIXED_SCRIPT,
        RU_RETURN_FROM_CAPTIVITY,
        UK_RETURN_FROM_CAPTIVITY,
        UK_BODIES_RETURNED,
    ],
    ids=[
        "ukrainian truce talks",
        "russian exchange",
        "english headline over russian text",
        "russian return from captivity in an exchange",
        "ukrainian return from captivity in an exchange",
        "ukrainian return of the fallen",
    ],
)
def test_a_ukrainian_or_russian_talks_report_is_kept_and_tagged_with_its_conflict(
    title: str, text: str
) -> None:
    verdict = judge(title, text)

    assert verdict.keep(), verdict.score
    assert verdict.threshold == load_cue_model().threshold
    assert verdict.conflicts == ("ru-ua",)
    assert verdict.embedding is not None  # stored for story clustering


@pytest.mark.parametrize(
    ("title", "text"),
    [
        RU_FRONT_LINE,
        UK_VILLAGE,
        UK_TRADE_TRUCE,
        UK_FOOTBALL,
        RU_BOXING,
        RU_DIED_IN_CAPTIVITY,
        RU_FIRE_EXCHANGE,
        RU_MORGUE,
        RU_STRIKE_AFTER_TALKS,
        UK_STRIKE_AFTER_TALKS,
        UK_STRIKE_BEFORE_TALKS,
    ],
    ids=[
        "front line, civilians",
        "a village named Mirne",
        "trade truce",
        "football",
        "boxing",
        "died in captivity",
        "an exchange of strikes",
        "a strike's dead at the morgue",
        "russian strike after the talks",
        "ukrainian strike after the talks",
        "ukrainian strike hours before the talks",
    ],
)
def test_cyrillic_look_alikes_and_war_without_talks_are_dropped(title: str, text: str) -> None:
    assert not judge(title, text).keep()


@pytest.mark.parametrize(
    ("text", "talks"),
    [
        ("Дроны атаковали Одессу после переговоров в Стамбуле.", False),
        ("Удар стался за кілька годин після зустрічі делегацій України та Росії.", False),
        ("Drones hit Odesa hours after the Istanbul talks.", False),
        ("После переговоров в Стамбуле делегации договорились о новой встрече.", True),
        ("По итогам переговоров стороны подписали заявление.", True),
        ("After the talks, the delegations said they would meet again.", True),
        ("Атака сталася за кілька годин до початку переговорів у Джидді.", False),
        ("Россия атакует, хотя говорит, что готова к переговорам.", True),
        ("Зеленський прибув до Джидди напередодні переговорів зі США.", True),
        ("Zelensky arrives in Jeddah ahead of talks with US officials.", True),
    ],
    ids=[
        "russian strike after the talks",
        "ukrainian strike after the delegations met",
        "english strike after the talks",
        "talks words of its own after the talks",
        "what the talks brought",
        "a clause of its own after the talks",
        "ukrainian attack hours before the talks began",
        "russian attack beside readiness for talks",
        "ukrainian arrival before the talks, no attack",
        "english arrival before the talks, no attack",
    ],
)
def test_a_talks_word_that_only_says_when_an_attack_happened_is_not_a_report_of_the_talks(
    text: str, talks: bool
) -> None:
    assert names_talks(text, MIXED, headline=text) is talks


def test_english_reports_still_go_through_the_learned_model() -> None:
    verdict = judge("Cease-fire talks open in Geneva", "Envoys met to agree a truce.")
    assert VECTORS.model is not None
    assert verdict.threshold == VECTORS.model.threshold


@pytest.mark.parametrize(
    ("text", "peace"),
    [
        ("Сторони підписали мирну угоду.", True),
        ("Мирный план обсудят в Женеве.", True),
        ("Переговори про мир тривають.", True),
        ("Загинули двоє мирних жителів.", False),
        ("Пострадало мирное население.", False),
        ("Бої точаться біля Мирнограда.", False),
        ("Біля села Мирне тихо.", False),
        ("Люди мріють про мирне небо і мирне життя.", False),
        ("Выставка о мире моды открылась.", False),
    ],
)
def test_peace_words_are_told_from_civilians_and_a_town(text: str, peace: bool) -> None:
    assert bool(CYRILLIC.ceasefire.search(text)) is peace


def test_next_week_is_not_an_offensive_in_ukrainian() -> None:
    assert not CYRILLIC.war.search("Зустріч відбудеться наступного тижня.")
    assert CYRILLIC.war.search("Армія готує наступ на півдні.")


@pytest.mark.parametrize(
    "text",
    ["Світла досі немає.", "Вибух пролунав біля дому.", "Делайте что угодно.", "Купили мидии."],
)
def test_everyday_words_are_not_mediators_or_deals(text: str) -> None:
    assert not CYRILLIC.actors.search(text)
    assert not CYRILLIC.talks.search(text)


def test_places_and_offices_of_the_talks_are_actors() -> None:
    for text in ["Переговори у Досі.", "МИД России заявил.", "У Білому домі заявили.", "ОБСЄ"]:
        assert CYRILLIC.actors.search(text), text


def test_a_report_naming_no_truce_or_talks_is_not_scored() -> None:
    assert not cue_gate(*RU_FRONT_LINE, CYRILLIC)
    assert judge(*RU_FRONT_LINE).score is None


def shipped_with(change: dict[str, Any]) -> str:
    data = json.loads(DEFAULT_CUE_MODEL_PATH.read_text(encoding="utf-8"))
    data.update(change)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (shipped_with({"format": "v0"}), "retrain with python -m bot.ingest.train_cues"),
        (shipped_with({"features": ["a", "b"]}), "features must be"),
        (shipped_with({"scale": [0.0] * 10}), "scale must be positive"),
        (shipped_with({"coefficients": [1.0]}), "coefficients must list 10 numbers"),
        (shipped_with({"intercept": "high"}), "intercept must be a number"),
    ],
)
def test_a_broken_word_cue_model_is_refused_with_its_name(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "cues.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=message) as caught:
        load_cue_model(path)
    assert f"word-cue model {path}" in str(caught.value)
    with pytest.raises(ModelError, match="does not exist"):
        load_cue_model(tmp_path / "missing.json")


def test_training_the_word_cue_model_writes_the_same_loadable_file_each_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", invented_items())
    out, again = tmp_path / "cues.json", tmp_path / "again.json"

    assert train_cues.main([str(data), "--out", str(out)]) == 0
    assert train_cues.main([str(data), "--out", str(again)]) == 0

    assert "on_topic kept (all)" in capsys.readouterr().out
    model = load_cue_model(out)
    assert model.meta["trained_on"]["items"] == len(invented_items())
    assert 0.0 < model.threshold < 1.0
    assert out.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")


def test_training_the_word_cue_model_refuses_a_bad_line_and_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = invented_items()
    items[1]["label"] = "maybe"
    data = write_jsonl(tmp_path / "train.jsonl", items)
    out = tmp_path / "cues.json"

    assert train_cues.main([str(data), "--out", str(out)]) == 2

    assert "train.jsonl:2: label must be one of" in capsys.readouterr().err
    assert not out.exists()


def test_training_the_word_cue_model_with_a_broken_topic_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", invented_items())
    topic = tmp_path / "topic.toml"
    topic.write_text('name = "Talks"\nkeywords = [', encoding="utf-8")
    out = tmp_path / "cues.json"

    assert train_cues.main([str(data), "--out", str(out), "--topic", str(topic)]) == 2

    assert "topic.toml" in capsys.readouterr().err
    assert not out.exists()
