"""The topic file names the conflicts the bot follows; each kept story is tagged with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.conflicts import (
    add_weights,
    conflict_weights,
    merge_conflicts,
    story_conflicts,
    tag_conflicts,
    weights_conflicts,
)
from bot.ingest.topic import OTHER, TopicError, load_topic
from config import CONFIG_DIR

TOPIC = load_topic(CONFIG_DIR / "topic.toml")

HEAD = 'name = "Talks"\nkey = "talks"\ndescription = "Cease-fire talks"\nkeywords = ["truce"]\n'


def topic_file(tmp_path: Path, conflicts: str) -> Path:
    path = tmp_path / "topic.toml"
    path.write_text(HEAD + conflicts, encoding="utf-8")
    return path


def test_the_shipped_topic_follows_three_wars_and_any_other() -> None:
    keys = [c.key for c in TOPIC.conflicts]
    assert keys == ["ru-ua", "il-gaza", "sudan", "other"]
    ru_ua = TOPIC.conflicts[0]
    assert ru_ua.names == {"en": "Russia-Ukraine", "uk": "Росія-Україна", "ru": "Россия-Украина"}
    assert ru_ua.name("uk") == "Росія-Україна"
    assert ru_ua.name("de") == "Russia-Ukraine"
    assert all(c.actors and c.words for c in TOPIC.conflicts if c.key != OTHER)


def test_a_story_is_tagged_with_the_war_it_names() -> None:
    assert tag_conflicts(TOPIC, "Envoys meet in Geneva", "Kyiv and Moscow discuss a truce.") == (
        "ru-ua",
    )
    assert tag_conflicts(TOPIC, "Truce talks resume", "Hamas negotiators arrived in Cairo.") == (
        "il-gaza",
    )
    assert tag_conflicts(TOPIC, "Jeddah talks", "The army and the RSF agreed a 7-day truce.") == (
        "sudan",
    )


def test_ukrainian_and_russian_spellings_and_endings_match() -> None:
    assert tag_conflicts(TOPIC, "Переговори про перемир'я", "Делегації України та Росії") == (
        "ru-ua",
    )
    assert tag_conflicts(TOPIC, "Перемирие", "Кремль ответил Киеву") == ("ru-ua",)
    assert tag_conflicts(TOPIC, "ПЕРЕМИР'Я", "у Києві заявили") == ("ru-ua",)


def test_a_story_about_two_wars_gets_both_and_one_about_none_is_other() -> None:
    both = tag_conflicts(TOPIC, "UN envoy on two truces", "Ukraine and Gaza were discussed.")
    assert both == ("ru-ua", "il-gaza")
    assert tag_conflicts(TOPIC, "Colombia and ELN agree a cease-fire", "Talks in Havana.") == (
        OTHER,
    )


@pytest.mark.parametrize(
    ("title", "text", "tags"),
    [
        # RSF the press-freedom group, in a Ukraine story: not Sudan's Rapid Support Forces
        ("RSF condemns arrest of journalists in Kyiv", "", ("ru-ua",)),
        # Russia as a member of the UN Security Council, not as a party to the war
        ("Russia vetoed a UN Security Council resolution on Sudan", "", ("sudan",)),
        # Moscow as the place where Hamas talks
        ("Hamas delegation in Moscow for ceasefire talks", "", ("il-gaza",)),
        ("Hamas delegation in Moscow for ceasefire talks", "Hamas met in Moscow.", ("il-gaza",)),
        (
            "Putin and Netanyahu discuss the Gaza truce",
            "The Kremlin said Putin offered to help free hostages held in Gaza.",
            ("il-gaza",),
        ),
    ],
)
def test_a_country_or_capital_named_as_a_venue_or_voter_does_not_add_its_war(
    title: str, text: str, tags: tuple[str, ...]
) -> None:
    assert tag_conflicts(TOPIC, title, text) == tags


@pytest.mark.parametrize(
    ("title", "text", "tags"),
    [
        # Russia named throughout, Sudan once on the agenda: Russia-Ukraine followers get it
        (
            "Russia and US negotiators meet in Riyadh",
            "Russian and American delegations discussed a ceasefire in Riyadh. Sudan was also "
            "on the agenda, Lavrov said.",
            ("ru-ua", "sudan"),
        ),
        # the Kremlin's own truce, citing the Gaza deal as a model: both wars' followers
        (
            "Putin says Russia open to truce talks, citing Gaza deal as a model",
            "Vladimir Putin told reporters the Kremlin was ready for a ceasefire like the "
            "Israel-Hamas truce. Russia's terms are unchanged.",
            ("ru-ua", "il-gaza"),
        ),
    ],
)
def test_a_war_named_throughout_by_its_shared_names_keeps_its_tag_beside_another(
    title: str, text: str, tags: tuple[str, ...]
) -> None:
    assert tag_conflicts(TOPIC, title, text) == tags


def test_russia_and_rsf_alone_still_tag_their_own_war() -> None:
    assert tag_conflicts(TOPIC, "Kremlin says Putin is ready for talks", "") == ("ru-ua",)
    assert tag_conflicts(TOPIC, "Росія готова до переговорів", "заявили в Кремлі") == ("ru-ua",)
    assert tag_conflicts(TOPIC, "RSF agrees a truce", "The RSF and the army met in Jeddah.") == (
        "sudan",
    )


def test_a_war_named_once_in_a_long_report_about_another_is_a_passing_mention() -> None:
    text = (
        "Hamas and Israel negotiators met in Cairo. Israel wants the hostages back first. "
        "Hamas asks for a lasting truce in Gaza, and Israel for a buffer zone around Gaza. "
        "Unlike the stalled talks over Ukraine, mediators here say a deal is close."
    )
    assert tag_conflicts(TOPIC, "Gaza truce talks in Cairo", text) == ("il-gaza",)


def test_a_story_about_two_wars_named_about_as_much_gets_both() -> None:
    assert tag_conflicts(
        TOPIC,
        "UN chief urges truces in Ukraine and Sudan",
        "Fighting goes on in Ukraine's Donbas and in Sudan's Darfur.",
    ) == ("ru-ua", "sudan")


def test_a_storys_tags_are_weighed_over_all_its_reports() -> None:
    ukraine = ("Ukraine talks resume in Geneva", "Kyiv and Moscow sent delegations to Geneva.")
    aside = ("Envoys meet", "Kyiv's envoy also spoke of Sudan.")
    assert story_conflicts(TOPIC, [ukraine]) == ("ru-ua",)
    assert story_conflicts(TOPIC, [ukraine, aside]) == ("ru-ua",)  # Sudan is not a tag for good
    sudan = ("Sudan truce talks in Jeddah", "Sudan's army and the RSF met in Jeddah over Darfur.")
    kremlin = (
        "Kremlin rejects ceasefire proposal",
        "Peskov said Moscow would not accept a truce.",
    )
    hamas_too = ("Russia says no truce yet; Hamas delegation also in Moscow", "Hamas was there.")
    assert story_conflicts(TOPIC, [kremlin]) == ("ru-ua",)
    # one report naming Hamas does not take a Kremlin story away from Russia-Ukraine followers
    assert "ru-ua" in story_conflicts(TOPIC, [kremlin, hamas_too])
    assert story_conflicts(TOPIC, [ukraine, sudan]) == ("ru-ua", "sudan")
    assert story_conflicts(TOPIC, []) == (OTHER,)


def test_a_storys_summed_weights_tag_it_as_its_reports_do_taken_together() -> None:
    reports = [
        ("Kremlin rejects ceasefire proposal", "Peskov said Moscow would not accept a truce."),
        ("Israel and Hamas agree Gaza truce terms", "Hamas and Israel agreed terms for Gaza."),
        ("Zelensky: Kyiv ready for truce talks", "Ukraine backs a truce in Donbas."),
    ]
    summed = add_weights(*(conflict_weights(TOPIC, [r]) for r in reports))
    assert weights_conflicts(TOPIC, summed) == story_conflicts(TOPIC, reports)
    # a conflict the topic file no longer names, left in a stored sum, weighs nothing
    assert weights_conflicts(TOPIC, {**summed, "gone": (999, 0)}) == story_conflicts(
        TOPIC, reports
    )


def test_other_never_stays_beside_a_named_conflict_when_tags_are_merged() -> None:
    assert merge_conflicts((OTHER,), ("ru-ua",)) == ("ru-ua",)
    assert merge_conflicts(("ru-ua",), (OTHER,)) == ("ru-ua",)
    assert merge_conflicts((OTHER,), (OTHER,)) == (OTHER,)
    assert merge_conflicts(("sudan",), ("ru-ua", "sudan")) == ("sudan", "ru-ua")
    assert merge_conflicts((), ()) == ()


def test_matching_is_whole_word_and_ignores_case() -> None:
    assert tag_conflicts(TOPIC, "KREMLIN responds", "") == ("ru-ua",)
    # "Hamas" or "Kiev" inside a longer word is not a match
    assert tag_conflicts(TOPIC, "Truce", "Ayumi Hamasaki sang; Kievan Rus' history") == (OTHER,)
    # Ukrainian for "criminal" starts with "Крим" (Crimea) but is not it
    assert tag_conflicts(TOPIC, "Перемир'я", "кримінальна справа") == (OTHER,)


@pytest.mark.parametrize(
    ("conflicts", "message"),
    [
        (
            '[[conflicts]]\nkey = "ru-ua"\nnames = {en = "RU"}\nactors = ["Kyiv"]\n',
            r"conflict 'ru-ua' must list its actors and its words",
        ),
        (
            '[[conflicts]]\nkey = "ru-ua"\nnames = {en = "RU"}\nwords = ["Donbas"]\n',
            r"conflict 'ru-ua' must list its actors and its words",
        ),
        (
            '[[conflicts]]\nkey = "Russia Ukraine"\nnames = {en = "RU"}\n'
            'actors = ["Kyiv"]\nwords = ["Donbas"]\n',
            r"key must be lower-case letters, digits and single hyphens",
        ),
        (
            '[[conflicts]]\nkey = "sudan"\nnames = {en = "S"}\nactors = ["RSF"]\nwords = ["x"]\n'
            '[[conflicts]]\nkey = "sudan"\nnames = {en = "S"}\nactors = ["RSF"]\nwords = ["x"]\n',
            r"conflict key 'sudan' is used twice",
        ),
        (
            '[[conflicts]]\nkey = "sudan"\nnames = {uk = "Судан"}\nactors = ["RSF"]\n'
            'words = ["Darfur"]\n',
            r"names must include en",
        ),
        ('conflicts = "ru-ua"\n', r"conflicts must be a list"),
    ],
)
def test_a_bad_conflict_in_the_topic_file_is_named_in_one_line(
    tmp_path: Path, conflicts: str, message: str
) -> None:
    with pytest.raises(TopicError, match=message) as caught:
        load_topic(topic_file(tmp_path, conflicts))
    assert "\n" not in str(caught.value)


def test_a_topic_that_names_no_conflicts_tags_nothing_so_every_subscriber_gets_its_stories(
    tmp_path: Path,
) -> None:
    from bot.preferences import Preferences, follows

    topic = load_topic(topic_file(tmp_path, ""))
    assert [c.key for c in topic.conflicts] == [OTHER]
    tags = tag_conflicts(topic, "Truce talks in Khartoum", "Sudan's army and the RSF met.")
    assert tags == ()
    assert follows(Preferences(), tags)  # the default subscriber (Russia-Ukraine) gets it
