"""A point is a whole statement: never half a sentence cut at an abbreviation, a stray quote
mark, a line break or a missing space, and never page furniture, a teaser question or a
sentence the feed cut off after a few words.

Every text here is invented, shaped like what the news feeds send.
"""

from __future__ import annotations

import pytest

from summarizer import Article, StoryArticle, StorySummarizer
from summarizer.extractive import ExtractiveSummarizer, is_question
from summarizer.text import clean_sentence, split_document
from tests.fakes import HashingEmbedder


def texts(text: str, title: str = "") -> list[str]:
    return [s.text for s in split_document(text, title).sentences]


def the_one_holding(text: str, words: str) -> str:
    found = [t for t in texts(text) if words in t]
    assert len(found) == 1, texts(text)
    return found[0]


# 1. Abbreviations that do not end the sentence.


def test_a_time_followed_by_the_weekday_stays_in_its_sentence() -> None:
    text = (
        "Skyway Air, which cancelled all of its flights out of its Northfield hub after "
        "4:30 p.m. Thursday, was expecting more delays on Friday. Other carriers followed."
    )
    sentence = the_one_holding(text, "4:30 p.m.")
    assert "was expecting more delays on Friday" in sentence
    assert "Other carriers followed." in texts(text)


def test_a_time_followed_by_its_time_zone_stays_in_its_sentence() -> None:
    text = "The envoy posted the statement at 9:15 a.m. ET, claiming the talks had collapsed."
    assert texts(text) == [text]


def test_a_time_that_ends_a_sentence_still_ends_it() -> None:
    text = "The convoy reached the crossing at 10 p.m. Police said the night was calm."
    assert texts(text) == [
        "The convoy reached the crossing at 10 p.m.",
        "Police said the night was calm.",
    ]


def test_a_motion_is_never_credited_to_the_wrong_person_after_a_title() -> None:
    text = (
        "The Senate Leader raised a motion on the deaths of the former Speaker of the House "
        "Rt. Hon. K. O. Amadi and Hon. Funmi Bello and moved that all business be suspended."
    )
    (sentence,) = texts(text)
    assert "Rt. Hon. K. O. Amadi and Hon. Funmi Bello" in sentence
    assert sentence.endswith("moved that all business be suspended.")


# 2. A stray opening quote mark.

# A report pasted whole inside quote marks (CSV quoting: inner marks doubled, the closing mark
# after a space): pysbd reads the whole paragraph as one quotation.
QUOTED_REPORT = (
    '"Москва. 12 июня. ВЕСТИ.РУ - Использованные жителями респираторы, которые носят для защиты '
    "от гриппа, могут выбрасываться как обычный бытовой мусор, заявила глава регионального "
    'бюро ВОЗ Ирина Карпова. ""Их надо выбрасывать как обычный мусор, они опасны, когда их '
    'снимают, но через несколько часов - практически нет"", - заявила Карпова в пятницу в эфире '
    "канала комитета по экологии, природным ресурсам и земельным отношениям. При этом она "
    "отметила, что опасность респираторов связана не с домашним использованием, а с "
    'больницами. ""Именно там высокая опасность"", - сказала Карпова. Что касается перчаток, '
    "то глава бюро сказала, что исследований об их опасности после использования пока нет. "
    "Ранее санитарная служба рекомендовала жителям носить респираторы в транспорте, в "
    "магазинах, на улице и на рабочем месте, а также соблюдать дистанцию в очередях и не "
    'собираться большими группами. "'
)


def test_a_stray_opening_quote_never_cuts_a_claim_from_its_speaker() -> None:
    claim = the_one_holding(QUOTED_REPORT, "могут выбрасываться как обычный бытовой мусор")
    assert claim.startswith("Использованные жителями респираторы")
    assert claim.endswith("заявила глава регионального бюро ВОЗ Ирина Карпова.")
    assert "Что касается перчаток, то глава бюро сказала, что исследований об их опасности" in (
        " ".join(texts(QUOTED_REPORT))
    )
    assert all(t[:1].isupper() or t.startswith("…") for t in texts(QUOTED_REPORT))
    assert not any(t.endswith(",") for t in texts(QUOTED_REPORT))


def test_a_quotation_over_two_paragraphs_is_shown_as_a_quotation_in_both() -> None:
    """A quotation over two paragraphs opens each one and closes only the last (the print
    convention). The speaker's words never read as the outlet's: the first paragraph keeps its
    mark and is closed, while its evidence stays the verbatim sentence."""
    text = (
        "“The ceasefire will not hold without monitors on the ground.\n\n"
        "“Every report of shelling must be checked by someone both sides trust,” the envoy told "
        "reporters in Geneva."
    )
    doc = split_document(text)
    first = doc.sentences[0]
    assert first.text == "“The ceasefire will not hold without monitors on the ground.”"
    assert first.source == "“The ceasefire will not hold without monitors on the ground."
    assert doc.sentences[1].text.endswith("the envoy told reporters in Geneva.")


def test_a_quoted_title_with_full_stops_is_not_split_after_a_stray_quote() -> None:
    text = (
        '"Страна — это целая цивилизация, заметил президент в интервью программе ""Москва. '
        'Кремль. Лица"" на канале ""Север-1"". ' + "Он говорил о технологиях и науке. " * 12
    )
    assert any('""Москва. Кремль. Лица"" на канале' in t for t in texts(text))


def test_pieces_of_an_overlong_unpunctuated_sentence_show_where_they_were_cut() -> None:
    clauses = [
        "the delegations met again in the capital on the third day of the talks",
        "the mediators brought a new draft on the exchange of prisoners",
        "the two sides argued over the line of contact for most of the afternoon",
        "the northern delegation asked for more time to consult its government",
        "the talks are to resume on Monday according to the mediators",
        "the southern delegation said it would study the draft",
        "both sides agreed to keep the crossings open for aid convoys",
        "the envoy of the regional bloc said he was cautiously hopeful",
    ]
    text = "Ceasefire talks day three: " + ", ".join(clauses)
    pieces = texts(text)
    assert len(pieces) > 1
    assert pieces[0].endswith("…")
    assert not pieces[0].startswith("…")
    for piece in pieces[1:]:
        assert piece.startswith("…")
        assert piece[1].islower() or piece[1:3] == "Mo", piece  # never capitalised
    assert all(not p.rstrip("…").endswith(",") for p in pieces)


def test_a_quotation_running_on_into_the_next_paragraph_keeps_its_sentences() -> None:
    text = (
        '"We should not be apologising to the world," the senator said. "We are apologising '
        "for our own country, just like the last government did, and the voters will remember "
        "it when they go to the polls in the autumn"
    )
    first = texts(text)[0]
    assert first == '"We should not be apologising to the world," the senator said.'


# 3. A line break inside a sentence.

WRAPPED = """Photos released online and making the rounds on social media show the
actress Ada Obi looking stunning in new make-up photos taken in Lagos.
Ada Obi
Veteran Screen Actress, Ada Obi, who in 2009, Received the
West Africa Screen Award for Best Actress in a Leading Role, has taken
to her Instagram page to share some of the photos with her fans.
She carried a hand bag in the colours of the national flag at the event.
"""


def test_a_line_that_stops_on_the_never_loses_its_subject() -> None:
    award = the_one_holding(WRAPPED, "West Africa Screen Award")
    assert award.startswith("Veteran Screen Actress, Ada Obi, who in 2009, Received the West")
    assert award.endswith("to share some of the photos with her fans.")


def test_a_heading_line_still_ends_its_paragraph() -> None:
    assert not any(t.startswith("Ada Obi Veteran") for t in texts(WRAPPED))


def test_a_list_heading_that_ends_on_a_preposition_keeps_its_own_line() -> None:
    text = (
        "12. Find someone to talk to\n"
        "Talking to a friend when you feel like overeating may help you stop in time."
    )
    assert "Talking to a friend when you feel like overeating may help you stop in time." in (
        texts(text)
    )


# 4. A full stop with no space after it.


def test_sentences_glued_without_a_space_are_split() -> None:
    text = (
        "A surgeon was stabbed to death during a lecture, the broadcaster reported on "
        "Wednesday.The attack took place at a clinic in the capital.Police arrested a "
        "57-year-old man at the scene."
    )
    assert texts(text) == [
        "A surgeon was stabbed to death during a lecture, the broadcaster reported on Wednesday.",
        "The attack took place at a clinic in the capital.",
        "Police arrested a 57-year-old man at the scene.",
    ]


def test_a_caption_credit_or_an_address_after_a_full_stop_is_not_a_sentence() -> None:
    text = (
        "The logo is displayed outside an office in New York.Reuters\n\n"
        "The company said it would cut a third of its staff this week.\n\n"
        "Email: Jane.Roe@example.com"
    )
    assert texts(text) == ["The company said it would cut a third of its staff this week."]


def test_abbreviations_domains_and_decimals_are_not_split() -> None:
    text = "The U.S. economy grew 3.5 percent, the figures on example.com show, Mr.Smith said."
    assert texts(text) == [text]


# 5. Page furniture, teasers and datelines.


def test_live_blog_times_disclosures_contacts_and_transcript_labels_are_not_points() -> None:
    text = (
        "The Latest on the train stabbing (all times local):\n"
        "10 p.m.\n"
        "Authorities say the stabbing on the commuter train followed a robbery attempt.\n"
        "This shop has been compensated by Collective Reach, Inc. and its advertiser.\n"
        "As always, you are welcome to email us at info@example.org with any feedback.\n"
        "Reporter: FOR TEN YEARS HIS PHOTO HAS BEEN ON THE STATE REGISTRY.\n"
        "The state took a new photo of him on Tuesday."
    )
    assert texts(text) == [
        "Authorities say the stabbing on the commuter train followed a robbery attempt.",
        "The state took a new photo of him on Tuesday.",
    ]


def test_a_teaser_question_is_a_point_only_when_nothing_else_is_left() -> None:
    article = Article(
        text=(
            "Is the new streaming service the future of gaming, or will it fall flat?\n"
            "The service launched in 14 countries on Tuesday at a monthly price of 10 euros.\n"
            "Games run on remote servers and stream to phones, laptops and televisions.\n"
            "The company said 200 games would be available by the end of the year."
        )
    )
    summarizer = ExtractiveSummarizer(HashingEmbedder(dimension=256), max_points=3)
    points = [p.text for p in summarizer.summarize(article).key_points]
    assert len(points) == 3
    assert not any(p.endswith("?") for p in points)
    only_questions = Article(text="Is this the end of the talks? Who will pay for the damage?")
    assert summarizer.summarize(only_questions, max_points=1).key_points


def test_a_story_leaves_a_teaser_question_out_when_outlets_report_facts() -> None:
    articles = [
        StoryArticle(
            outlet="Daily Beacon",
            title="Streaming service launches",
            text=(
                "Will the new streaming service change how people play games?\n"
                "The service launched in 14 countries on Tuesday for 10 euros a month.\n"
                "Games run on remote servers and stream to phones, laptops and televisions."
            ),
        ),
        StoryArticle(
            outlet="Evening Courier",
            title="Game streaming arrives",
            text=(
                "The game streaming service went live in 14 countries on Tuesday.\n"
                "The company said 200 games would be available by the end of the year.\n"
                "A rival console maker said it would answer with its own service in spring."
            ),
        ),
    ]
    summary = StorySummarizer(HashingEmbedder(dimension=256)).summarize(articles, max_points=3)
    assert summary.key_points
    assert not any(p.text.endswith("?") for p in summary.key_points)


def test_a_reported_question_is_a_statement() -> None:
    assert is_question("Will the truce hold?")
    assert is_question("“Was the envoy paid for these talks?”")
    assert is_question("How long can this truce last?!")
    assert not is_question('The minister asked reporters: "Why would we sign now?"')


@pytest.mark.parametrize(
    ("sentence", "point"),
    [
        (
            "Москва. 12 июня. ВЕСТИ.РУ - Перемирие продлено ещё на две недели.",
            "Перемирие продлено ещё на две недели.",
        ),
        (
            "ЛЬВОВ, 3 мая (Вестник) - Переговоры возобновятся в понедельник.",
            "Переговоры возобновятся в понедельник.",
        ),
        ("ТАСС, 17 мая. Четыре пункта обогрева открыты.", "Четыре пункта обогрева открыты."),
        (
            "ОЗЁРСК, 6 ноября, ФедералВестник. При столкновении пострадали двое.",
            "При столкновении пострадали двое.",
        ),
        ("Київ, 5 березня (Укрвісті) - Делегації зустрілися.", "Делегації зустрілися."),
        (
            "Послезавтра, 7 мая, состоится презентация проекта.",
            "Послезавтра, 7 мая, состоится презентация проекта.",
        ),
        ("Київ, 2 червня – Делегації зустрілися.", "Делегації зустрілися."),
        ("Стамбул, 2 червня 2025 року. Делегації зустрілися.", "Делегації зустрілися."),
    ],
)
def test_russian_and_ukrainian_datelines_are_trimmed_from_the_point(
    sentence: str, point: str
) -> None:
    assert clean_sentence(sentence) == point


def test_a_dateline_pysbd_splits_at_its_full_stops_stays_with_its_sentence() -> None:
    text = (
        "Москва. 12 июня. ВЕСТИ.РУ - Перемирие продлено ещё на две недели. Посол подтвердил это."
    )
    sentences = split_document(text).sentences
    assert [s.text for s in sentences] == [
        "Перемирие продлено ещё на две недели.",
        "Посол подтвердил это.",
    ]
    assert sentences[0].source.startswith("Москва. 12 июня.")


@pytest.mark.parametrize("dateline", ["Стамбул, 2 червня.", "Москва, 2 июня.", "КИЇВ, 2 червня."])
def test_a_place_and_date_split_off_as_a_sentence_is_no_point_of_its_own(dateline: str) -> None:
    """Seen in a trial of the real bot: "Стамбул, 2 червня." was a story's first point, and
    its words then made the next report's lead look like a repeat."""
    text = f"{dateline} Делегації домовилися про обмін полоненими. Наступна зустріч у червні."
    sentences = split_document(text).sentences
    assert [s.text for s in sentences] == [
        "Делегації домовилися про обмін полоненими.",
        "Наступна зустріч у червні.",
    ]
    assert sentences[0].source.startswith(dateline)


# 6. Leads the feed cut off.


def test_a_lead_cut_off_after_a_few_words_is_not_a_candidate() -> None:
    text = (
        "The outlets agreed that the bridge would reopen on Monday after repairs. At the same..."
    )
    assert texts(text) == [
        "The outlets agreed that the bridge would reopen on Monday after repairs."
    ]
    longer = "The bridge reopened on Monday. The ministry expects that another $10 million..."
    assert texts(longer)[-1] == "The ministry expects that another $10 million..."
