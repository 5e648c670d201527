"""Line breaks: hard-wrapped, CRLF and cut-off text, and one paragraph per line. A line break
inside a paragraph is a space, one between paragraphs ends a sentence, and a candidate never
starts mid-sentence."""

from __future__ import annotations

import pytest

from summarizer import Article
from summarizer.extractive import ExtractiveSummarizer
from summarizer.text import split_document, starts_mid_sentence

# --- Hard-wrapped, CRLF and cut-off text: a candidate never starts mid-sentence -------------

# Invented report, as pasted from an email or a PDF: one paragraph per blank-line block.
REPORT_PARAGRAPHS = [
    "Varnia said it would back a proposal for a 30-day cease-fire with Lestovia after talks "
    "in Port Alder, as the mediators agreed to lift their pause on intelligence sharing and "
    "military assistance to Varnia.",
    "Envoy Ilse Marten sat down in the city of Port Alder with a delegation led by Pavel "
    "Orin, the president's chief of staff, Foreign Minister Anna Dreyer and Defense Minister "
    "Tomas Weil.",
    "The ministers said the first prisoner exchange would take place on Friday. Observers "
    "from the Nordic states reported on Tuesday that the front line had been quiet for two "
    "nights, and the working groups would start work next week.",
]


def _wrap(paragraphs: list[str], width: int, newline: str, blank: bool = True) -> str:
    import textwrap

    joiner = newline * 2 if blank else newline
    return joiner.join(newline.join(textwrap.wrap(p, width)) for p in paragraphs)


def _texts(text: str) -> list[str]:
    return [s.text for s in split_document(text).sentences]


def test_an_article_wrapped_at_70_columns_splits_like_the_unwrapped_one() -> None:
    flowing = "\n\n".join(REPORT_PARAGRAPHS)
    wrapped = _wrap(REPORT_PARAGRAPHS, 70, "\n")
    assert max(len(line) for line in wrapped.splitlines()) <= 70
    assert _texts(wrapped) == _texts(flowing)
    for sentence in split_document(wrapped).sentences:
        assert wrapped[sentence.start : sentence.end].strip() == sentence.source
        assert "\n" not in sentence.text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_are_line_breaks_and_evidence_stays_verbatim(
    newline: str,
) -> None:
    wrapped = _wrap(REPORT_PARAGRAPHS, 72, newline)
    doc = split_document(wrapped)
    assert _texts(wrapped) == _texts("\n\n".join(REPORT_PARAGRAPHS))
    assert all(s.source in wrapped and "\r" not in s.text for s in doc.sentences)


def test_wire_copy_wrapped_without_blank_lines_gives_no_tail_fragments() -> None:
    wire = _wrap(REPORT_PARAGRAPHS, 66, "\n", blank=False)
    texts = _texts(wire)
    assert len(texts) == 4
    assert not any(t.startswith(("reported on Tuesday", "would start work")) for t in texts)
    assert not any(t.startswith(("sharing and", "Minister Anna Dreyer")) for t in texts)
    assert all(t[0].isupper() for t in texts)


def test_lines_that_are_not_wrapped_stay_separate() -> None:
    text = (
        "Talks resume in Port Alder\n"
        "The truce held overnight in the north.\n"
        "- Aid convoys reached the port.\n"
        "- Monitors counted 40 vehicles.\n"
    )
    assert _texts(text) == [
        "The truce held overnight in the north.",
        "Aid convoys reached the port.",
        "Monitors counted 40 vehicles.",
    ]
    assert split_document(text).title == "Talks resume in Port Alder"


def test_a_short_page_whose_headline_is_as_long_as_a_paragraph_keeps_it_out_of_the_points() -> (
    None
):
    # As trafilatura gives a short page: the headline, then one paragraph per line. Two of
    # the three lines are about as long, which once read as text hard-wrapped at that width.
    headline = "Україна погодилася на 30-денне перемир'я після переговорів у Джидді"
    first = (
        "Україна у вівторок погодилася на пропозицію США щодо негайного 30-денного припинення "
        "вогню з Росією після восьмигодинних переговорів у Джидді."
    )
    second = "Вашингтон негайно відновить військову допомогу."
    text = f"{headline}\n{first}\n{second}"
    assert _texts(text) == [first, second]
    assert split_document(text).title == headline


# An invented page as trafilatura gives it: a headline in sentence case, then one paragraph
# per line. Its lines are of about one length, as wrapped lines are, but they end with full
# stops: its headline and a subheading were once read as wrapped lines and glued to the
# sentence after them, which then led the page's key points.
TRUCE_HEADLINE = (
    "Delegations hold a twelfth round of truce talks on the river line near Port Alder"
)
TRUCE_SUBHEADING = (
    "What the two sides still disagree about after a week of meetings in the old port"
)
TRUCE_PAGE = [
    TRUCE_HEADLINE,
    "Varnian and Lestovian delegations held a twelfth round of talks on a local truce near the "
    "dam, the monitors said.",
    "The monitors said the talks covered a safety zone around the dam and the repair of its "
    "power lines.",
    TRUCE_SUBHEADING,
    "Lestovia wants the zone to reach 12 kilometres from the dam, while Varnia offers half that.",
    "Varnian officials said the next meeting would take place in Port Alder after consultations.",
]


def test_a_pages_sentence_case_headline_and_subheading_never_lead_a_key_point(
    hashing_embedder,
) -> None:
    page = "\n".join(TRUCE_PAGE)
    summarizer = ExtractiveSummarizer(hashing_embedder, max_points=5)
    points = summarizer.summarize(Article(title=TRUCE_HEADLINE, text=page)).key_points
    assert [p.text for p in points] == [
        line for line in TRUCE_PAGE if line not in (TRUCE_HEADLINE, TRUCE_SUBHEADING)
    ]


def test_a_sentence_case_headline_above_hard_wrapped_text_stays_apart() -> None:
    # The headline stops short of the wrap width, as an unfilled wrapped line does, but the
    # next word would have fitted on it: it was not wrapped there.
    headline = "Varnia backs a 30-day truce after talks in Port Alder"
    text = headline + "\n" + _wrap(REPORT_PARAGRAPHS, 70, "\n")
    assert split_document(text).title == headline
    assert _texts(text) == _texts("\n\n".join(REPORT_PARAGRAPHS))


def test_a_line_starting_in_lower_case_continues_the_sentence_above() -> None:
    text = "Officials said on Monday that the talks\nwould start again in Port Alder next week."
    assert _texts(text) == [
        "Officials said on Monday that the talks would start again in Port Alder next week."
    ]


def test_a_word_hyphenated_across_lines_keeps_its_hyphen_only() -> None:
    text = "The two armies agreed to a cease-\nfire along the whole river line on Sunday."
    assert _texts(text) == [
        "The two armies agreed to a cease-fire along the whole river line on Sunday."
    ]


def test_an_article_pasted_from_mid_sentence_drops_the_leading_tail() -> None:
    text = (
        "to save struggling peace talks. The envoys met again on Monday in Port Alder. "
        "Both sides agreed to extend the truce by a week."
    )
    texts = _texts(text)
    assert texts == [
        "The envoys met again on Monday in Port Alder.",
        "Both sides agreed to extend the truce by a week.",
    ]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("to save struggling peace talks.", True),
        ("and Defense Minister Tomas Weil.", True),
        ("”, she said on Monday.", True),
        ("), the ministry said.", True),
        ("The envoys met again.", False),
        ("“We want peace,” she said.", False),
        ("40 people were freed.", False),
        ("iPhone sales fell in the region.", False),
        ("GENEVA (Reuters) - Negotiators met.", False),
        ("і тому переговори тривали.", True),
        ("Переговори тривали.", False),
    ],
)
def test_what_counts_as_starting_mid_sentence(span: str, expected: bool) -> None:
    assert starts_mid_sentence(span) is expected


def test_text_typed_all_in_lower_case_is_still_split_into_sentences() -> None:
    text = "the truce held overnight. aid convoys reached the port. monitors counted forty trucks."
    assert len(split_document(text).sentences) == 3


def test_one_paragraph_per_line_keeps_its_subheadings_apart() -> None:
    paragraph = (
        "Negotiators for Varnia and Lestovia met for nine hours on Sunday in Port Alder and "
        "agreed on a text that both delegations will now take back to their capitals. "
    )
    text = "\n".join(
        [
            paragraph * 2,
            "What the deal means for the front line and for the people who live along it",
            paragraph,
            "Artillery is to be pulled back 20 kilometres on both sides of the river line.",
            paragraph,
        ]
    )
    texts = _texts(text)
    assert "Artillery is to be pulled back 20 kilometres on both sides of the river line." in texts
    assert not any("live along it" in t for t in texts)
