"""A shortened key point never says something its sentence does not: no negation, "but" or
verb dropped, yet an aside is still cut off."""

from __future__ import annotations

import pytest

from summarizer.shorten import POINT_CHARS, shorten


@pytest.mark.parametrize(
    ("sentence", "kept_word"),
    [
        (
            "The defence minister of Varnia told the parliament in Port Alder on Thursday, in "
            "answer to a question from the opposition about the incidents on the border, that "
            "his drones had, so far, never crossed into the airspace of Lestovia.",
            "never",
        ),
        (
            "The Lestovian envoy described the same sudden change of tone in his long memoir "
            "about the first round of talks held in Port Alder after the winter offensive — the "
            "Varnian delegation wasn't pleased about the way the meeting ended.",
            "wasn't",
        ),
        (
            "The commander of the Varnian brigade stationed by the river, who has kept both "
            "officers on duty for the exchange of prisoners at the Kestrel crossing next week, "
            "spoke to them on Thursday but neither will be disciplined.",
            "neither",
        ),
        (
            "Лестовські переговорники, які в понеділок прибули до Порт-Алдера разом із "
            "посередниками з трьох держав і двома групами спостерігачів, зокрема з Кестрела, "
            "ніколи не погоджувалися на відведення артилерії від річки.",
            "ніколи",
        ),
    ],
)
def test_a_point_never_drops_a_negation_wherever_it_stands(sentence: str, kept_word: str) -> None:
    assert len(sentence) > POINT_CHARS
    assert kept_word in shorten(sentence)


@pytest.mark.parametrize(
    ("sentence", "contrast"),
    [
        (
            "The mediators said the new monitoring system along the river would let both armies "
            "see every movement of heavy weapons within a few minutes and from any position, but "
            "the reality on the ground seems to be somewhat different.",
            "but the reality",
        ),
        (
            "Aid groups in Kestrel say a displaced family returning to a village near the river "
            "line needs at least 25 to 30 days of food and fuel stored before the winter, though "
            "that number may be lower or higher depending on the roads and the weather.",
            "though that number",
        ),
        (
            "Varnia is sending two more battalions of engineers to clear the mines around the "
            "Kestrel crossing before the exchange of prisoners planned for the end of the month "
            "— while Lestovia is pulling its own sappers back from the river.",
            "while Lestovia",
        ),
        (
            "The testimony of the two witnesses from the border village had initially been deemed "
            "credible by the monitors, but after further checks in Port Alder, it became clear "
            "that their account of the shelling had weakened considerably.",
            "weakened",
        ),
    ],
)
def test_a_point_never_drops_a_but_or_though_that_qualifies_it(
    sentence: str, contrast: str
) -> None:
    assert len(sentence) > POINT_CHARS
    assert contrast in shorten(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a subject and its apposition, the verb dropped
        "Ambassador Ivo Marten, the most anticipated witness in the inquiry into the collapse "
        "of the Port Alder truce, is likely to be questioned about his changing accounts of the "
        "calls he made to the Lestovian envoy in the spring.",
        # a subject with its verb "was", the predicate dropped
        "A spokesman for the Varnian health ministry said that the campaign to raise awareness "
        "of the shortage of insulin in the villages along the river near Kestrel was, in fact, "
        "working better than anyone in Port Alder had expected.",
        # a company name cut before its suffix
        "The reconstruction fund awarded the first contracts for rebuilding the bridges along "
        "the river to Alder Works, Varnian Steel Holdings and Northern Crossing Systems, Inc. "
        "after a tender that drew eleven bids from across the region.",
        # a list of names cut after its first name
        "The talks in Port Alder ended without a joint statement after two days of meetings "
        "chaired by the mediators from Kestrel and the three envoys Anna Berg of the UN, Tomas "
        "Lind, Omar Haddad and Lena Vos of the monitoring mission.",
        # two sentences glued by a quote, the kept part ending on the second one's "However"
        "The two envoys wrote in their joint letter: 'There are many reasons why the talks in "
        "Port Alder failed and each of us bears a part of that. 'However, as the figures from the "
        "monitors have shown, the lack of trust on both sides of the river is the main obstacle.'",
        # a quotation in single quotes cut before it closes
        "'It is hard because the talks in Port Alder never stop for long, but as a negotiator it "
        "is good to have so many rounds and I am the sort of envoy who prefers long meetings - "
        "that's why I fit in well here.'",
        # a name written with a spaced hyphen cut in half
        "To round out the list, the reconstruction fund also chose two smaller firms from "
        "Kestrel, Alder Robotics and Northern Nano-Systems, for indefinite delivery - indefinite "
        "quantity contracts worth up to $2bn over the next decade.",
        # a list of parallel clauses cut after its first item
        "The monitors cannot explain why they were silent during the first truce in Port Alder "
        "when the shelling of the river villages went on for weeks; when both armies moved "
        "their artillery back to the river; when the prisoner lists were lost.",
        # the complement of the main verb dropped after an example list ("reclassify ... as")
        "The parliament in Port Alder is to sit late tonight to pass emergency legislation in "
        "order to reclassify certain weapons, including cluster munitions and incendiary shells, "
        "as illegal following a ruling of the supreme court this morning.",
        # an aside inside the main clause, its object's complement after it
        "The interior minister of Varnia vowed to restore order along the river without force "
        "and also accused the former governor of the Kestrel region, whose political base was "
        "in Port Alder, of conspiring with Lestovia to stir up unrest.",
        # a Russian verb cut from what it says ("показала, как ...")
        "Новая работа исследователей из университета в Порт-Алдере продемонстрировала, как "
        "дроны Лестовии могут обходить системы радиоэлектронной борьбы, используя особенность "
        "работы одного из ключевых компонентов их навигации.",
        # a German verb's separable part at the end of the sentence
        "Die Delegationen aus Varnia und Lestovia kamen am Dienstag in Port Alder zu einem "
        "weiteren Gespräch über den Austausch der Gefangenen, die Kontrolle der Grenze und die "
        "Versorgung der Dörfer am Fluss bei Kestrel zusammen.",
    ],
)
def test_a_point_is_never_a_fragment_without_its_verb_or_cut_mid_clause(sentence: str) -> None:
    assert len(sentence) > POINT_CHARS
    assert shorten(sentence) == sentence


@pytest.mark.parametrize(
    ("sentence", "aside"),
    [
        (
            "Varnian and Lestovian negotiators agreed on Friday in Port Alder to exchange 300 "
            "prisoners each at the Kestrel river crossing by the end of next week, which the "
            "monitors sent by the mediators will oversee from both banks of the river.",
            ", which the monitors",
        ),
        (
            "Varnian and Lestovian negotiators agreed on Friday in Port Alder to exchange 300 "
            "prisoners each at the Kestrel river crossing by the end of next week, after the "
            "monitors sent by the mediators had checked the lists of names held by both.",
            ", after the monitors",
        ),
        (
            "Переговорники Варнії та Лестовії в п'ятницю в Порт-Алдері домовилися обміняти по "
            "300 полонених на переправі біля Кестрела до кінця наступного тижня, яку "
            "спостерігачі держав-посередників контролюватимуть з обох берегів річки.",
            ", яку спостерігачі",
        ),
        (
            "Переговорщики Варнии и Лестовии в пятницу в Порт-Алдере договорились обменять по "
            "300 пленных на переправе у Кестрела до конца следующей недели, которую наблюдатели "
            "государств-посредников будут контролировать с обоих берегов реки.",
            ", которую наблюдатели",
        ),
    ],
)
def test_a_relative_or_time_clause_is_still_cut_off_a_long_point(
    sentence: str, aside: str
) -> None:
    short = shorten(sentence)
    assert short == sentence[: sentence.index(aside)] + "…"
    assert len(short) <= POINT_CHARS
