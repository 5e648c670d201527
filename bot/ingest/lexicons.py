"""The word lists behind the relevance cues, one lexicon per script the bot reads.

The English lists are what the relevance model was trained with. The Cyrillic lexicon says the
same things in Ukrainian and Russian (one list for both: the stems mostly differ, and a feed
may mix them), so the word-cue model learned on English news can judge a Ukrainian or Russian
report, which the English encoder cannot read. Cyrillic words are stems with `\\w*` endings or
listed forms where a bare stem would catch another word ("наступ" is an offensive, "наступний"
is "next"; "мирні жителі" are civilians, not peace).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

__all__ = ["CYRILLIC", "ENGLISH", "MIXED", "Lexicon", "combined"]


def _regex(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """Whole-word patterns for each cue, plus the gate's wider war-or-peace vocabulary."""

    ceasefire: re.Pattern[str]
    talks: re.Pattern[str]
    actors: re.Pattern[str]
    war: re.Pattern[str]
    elsewhere: re.Pattern[str]
    war_or_peace: re.Pattern[str]
    timing: re.Pattern[str]
    attacks: re.Pattern[str]


# Stopping strikes is a cease-fire in all but name ("agreed to pause strikes on energy
# facilities", "a moratorium on attacks"), but only with the few words that may come between:
# "stopped 40 attacks near Pokrovsk" is a repelled assault, war news, and "unions suspended
# their strikes" is labour news, so strikes count only as air, drone or missile strikes or
# strikes on something.
_HALT_STRIKES = (
    r"(?:halt|paus|stop|suspen|moratori|cessation)\w*\s+(?:on\s+|to\s+|of\s+)?"
    r"(?:(?:all|the|their|its|mutual|further)\s+)*"
    r"(?:(?:long-range|air|drone|missile|energy)\s+strikes|strikes\s+(?:on|against)|"
    r"attacks|hostilities|fighting|shelling|bombardments?)"
)

ENGLISH = Lexicon(
    # Words of ending a war: the core of the topic.
    ceasefire=_regex(
        r"cease[\s-]?fires?|truces?|armistices?|peace|de-escalation|hostilities|"
        r"humanitarian pauses?|prisoner (?:exchange|swap)s?|hostage deal|" + _HALT_STRIKES
    ),
    # Words of negotiating.
    talks=_regex(
        r"talks|negotiat\w*|mediat\w*|envoys?|delegations?|brokered|proposals?|plan|deal|"
        r"agreements?|accord|summit|dialogue|settlement|framework|round"
    ),
    # Who negotiates: third parties and diplomats.
    actors=_regex(
        r"mediators?|envoys?|negotiators?|delegations?|diplomats?|foreign ministers?|"
        r"secretary of state|united nations|u\.?n\.?|security council|qatar|egypt|turkey|"
        r"saudi|geneva|istanbul|doha|cairo|jeddah|abu dhabi|witkoff|kremlin|white house"
    ),
    # Fighting itself.
    war=_regex(
        r"war|fighting|troops|army|military|missiles?|drones?|shelling|strikes?|offensive|"
        r"front[\s-]?line|rebels?|militants?|insurgents?|soldiers|killed|airstrikes?|invasion|"
        r"battle|weapons|forces"
    ),
    # Senses of "truce" and "talks" the bot does not follow.
    elsewhere=_regex(
        r"tariffs?|trade|exports?|imports?|shares|stocks?|markets?|merger|takeover|acquisition|"
        r"company|companies|earnings|investors|union|wages?|strike action|workers|club|coach|"
        r"league|match|season|players?|striker|transfer|tournament|championship|cup|fans|"
        r"album|film|rapper|singer|celebrity|election|coalition|budget|parliament|"
        r"nuclear programme|nuclear program|accession"
    ),
    # The model's gate: war or peace vocabulary at all. Wider than the topic keywords, which
    # miss a fifth of the talks stories in the training file ("peace conference", "hostage
    # release", "humanitarian pauses", "lay down weapons"); it still skips sport, celebrity
    # and business news. A delegation is a negotiating word like a summit: "Ukrainian and
    # Russian delegations may meet again in Istanbul" named no other (the model kept it, 0.72).
    war_or_peace=_regex(
        r"peace\w*|negotiat\w*|mediat\w*|delegations?|dialogue|hostages?|captives?|prisoners?|"
        r"humanitarian pauses?|disarm\w*|weapons|militia\w*|wars?|fighting|fighters|conflicts?|"
        r"hostilities|uprising|insurgen\w*|rebels?|military|troops|summit|conference|settlement|"
        r"offensive|tensions?|escalat\w*|" + _HALT_STRIKES
    ),
    # Words that make the talks words after them a time, in a report of an attack: "drones hit
    # Odesa hours after the Istanbul talks" is a strike report (`features.names_talks`), and
    # "Zelensky arrives in Jeddah ahead of talks" is not one.
    timing=_regex(r"after|before|ahead\s+of|following|amid"),
    attacks=_regex(
        r"attack\w*|strikes?|struck|hit|shell\w*|bomb\w*|drones?|missiles?|rockets?|"
        r"explosions?|assault\w*|killed|airstrikes?"
    ),
)

# "мирн..." is peace only before a word of settling ("мирні переговори", "мирный план"): alone it
# is also the civilians ("мирні жителі"), "peaceful life", "a peaceful sky" and villages (Мирне).
_PEACEFUL = (
    r"мирн\w*\s+(?:переговор|перемовин|план|угод|договор|процес|врегулюв|урегулиров|"
    r"соглашени|ініціатив|инициатив|конференц|саміт|саммит|формул|рішенн|решени)\w*"
)
# "про мир", "до миру", "за мир": peace. Not "о мире", which in Russian is "about the world".
_PEACE_ITSELF = r"(?:про|за|к|до)\s+миру?"
# Abbreviations are matched in capitals only: "МИД" is not "мидии", "ООН" not a word part.
_CAPITALS = r"(?-i:МИД(?:а|е|у|ом)?|МЗС|ООН|ОБСЕ|ОБСЄ|ЗСУ|ВСУ)"

# An exchange is often told as a return from captivity: "вернула из плена 246 военнослужащих в
# результате обмена", "повернула з полону ... у результаті обміну". Captivity in its own forms
# ("плена", "полону": not "пленум", nor Russian "полон", full), within one sentence of the
# exchange, either order. Captivity alone ("погиб в плену") is war news, not this.
_CAPTIVITY = r"\b(?:плен(?:а|у|е|ом)?|полон(?:у|і))\b"
_EXCHANGE_FROM_CAPTIVITY = (
    r"(?:обмен|обмін)\w*[^.!?\n]{0,120}?"
    + _CAPTIVITY
    + r"|"
    + _CAPTIVITY
    + r"[^.!?\n]{0,120}?(?:обмен|обмін)\w*"
)

# The fallen are exchanged too: "репатриация тел", "Россия передала Украине тела 909 военных",
# "повернення тіл загиблих". Bodies only as the object of an exchange, a handing over or a
# return, in their own forms ("тела", "тіл": not "телефон"); not received ("морг получил
# тела" after a strike is war news).
_BODIES_BACK_CYRILLIC = (
    r"(?:обмен|обмін|репатри|передал|передач|передан|вернул|возвращ|повернул|повернен|"
    r"повернут)\w*\s+(?:\w+\s+){0,2}?(?:тел(?:а|ами)?|тіл(?:а|ами)?)\b"
)

# Stopping strikes is a cease-fire in all but name: "мораторий на удары по энергетике",
# "призупинити атаки". Not "зупинили атаку" or "остановили наступление": that is a repelled
# attack, war news.
_HALT_STRIKES_CYRILLIC = (
    r"(?:морато\w*|прекращ\w*|прекрат\w*|припин\w*|приостан\w*|призупин\w*)\s+"
    r"(?:на\s+|по\s+)?(?:\w+\s+)?(?:удар\w*|атак\w*|обстрел\w*|обстріл\w*)"
)

CYRILLIC = Lexicon(
    ceasefire=_regex(
        r"перемир['’ʼ]?\w*|прекращени\w*\s+огня|прекрати\w*\s+огонь|припинен\w*\s+вогню|"
        r"припини\w*\s+вогонь|прекращени\w*\s+(?:боев\w*|военн\w*)|"
        r"припинен\w*\s+(?:бойов\w*|воєнн\w*|військов\w*)|режим\w*\s+(?:тишины|тиші)|"
        + _PEACEFUL
        + "|"
        + _PEACE_ITSELF
        + r"|примирени\w*|примиренн\w*|деэскалац\w*|деескалац\w*|"
        r"гуманитарн\w*\s+пауз\w*|гуманітарн\w*\s+пауз\w*|"
        r"обмен\w*\s+(?:пленн\w*|военнопленн\w*|заложник\w*)|"
        r"обмін\w*\s+(?:полонен\w*|військовополонен\w*|заручник\w*)|"
        + _EXCHANGE_FROM_CAPTIVITY
        + "|"
        + _BODIES_BACK_CYRILLIC
        + "|"
        + _HALT_STRIKES_CYRILLIC
    ),
    talks=_regex(
        r"переговор\w*|перемовин\w*|посредни\w*|посередни\w*|медиац\w*|медіац\w*|делегац\w*|"
        r"предложени\w*|пропозиц\w*|план(?:а|у|ом|е|ы|и|і|ів|ов|ах|ами)?|сделк\w*|"
        r"угод(?:а|и|і|у|ою|ой|ам|ах|ами)?|соглашени\w*|договор\w*|договір|домовленост\w*|"
        r"домовленіст\w*|саммит\w*|саміт\w*|диалог\w*|діалог\w*|урегулировани\w*|"
        r"врегулюванн\w*|раунд\w*|встреч(?:а|и|у|е|ей|ах|ам|ами)|зустріч(?:і|ей|ах|ами)?"
    ),
    actors=_regex(
        _CAPITALS + r"|посредник\w*|посередник\w*|переговорщик\w*|переговірник\w*|делегац\w*|"
        r"дипломат\w*|(?:министр\w*|глав\w*)\s+иностранных\s+дел|"
        r"(?:міністр\w*|голов\w*)\s+закордонних\s+справ|госсекретар\w*|держсекретар\w*|"
        r"Совбез\w*|Радбез\w*|Совет\w*\s+Безопасности|Рад\w*\s+Безпеки|Катар\w*|Египт\w*|"
        r"Єгипт\w*|Турци\w*|Туреччин\w*|Саудовск\w*|Саудівськ\w*|Женев\w*|Стамбул\w*|Доха|"
        r"Дохе|Дохи|(?:у|в)\s+Досі|Каир\w*|Каїр\w*|Джидд\w*|Абу-Даби|Абу-Дабі|Уиткофф?\w*|"
        r"Віткофф?\w*|Кремл\w*|Бел(?:ый|ого|ом|ому|ым)\s+дом(?:а|е|у|ом)?|"
        r"Біл(?:ий|ого|ому|им|ім)\s+(?:дім|дому|домі|домом)"
    ),
    war=_regex(
        r"войн\w*|війн\w*|бо(?:и|ев|ях|ям|ями)|бої|боїв|боях|боями|боев\w*|бойов\w*|"
        r"войск\w*|військ\w*|арми\w*|армі\w*|ракет(?:а|и|у|ой|ою|ы|ам|ами|ах)?|ракетн\w*|"
        r"дрон\w*|беспилотник\w*|безпілотник\w*|обстрел\w*|обстріл\w*|авиаудар\w*|"
        r"авіаудар\w*|удар\w*\s+(?:дрон|ракет|беспилотник|безпілотник|авиац|авіац)\w*|"
        r"наступлени\w*|наступ(?:у|ом|і)?|контрнаступ\w*|фронт\w*|боевик\w*|бойовик\w*|"
        r"солдат\w*|военн\w*|військов\w*|убит\w*|погиб\w*|загину\w*|загибел\w*|вбит\w*|"
        r"вторжени\w*|вторгненн\w*|оружи\w*|збро\w*|битв\w*|сражени\w*|штурм\w*|"
        r"окупант\w*|оккупант\w*|атак\w*|агресі\w*|агресси\w*|артилері\w*|артиллери\w*|"
        r"поранен\w*|ранен\w*|збройн\w*\s+сил\w*|вооруж[её]нн\w*\s+сил\w*|" + _CAPITALS
    ),
    elsewhere=_regex(
        r"тариф\w*|пошлин\w*|мит(?:о|а|ами|ом)|торгов\w*|торгівл\w*|экспорт\w*|експорт\w*|"
        r"импорт\w*|імпорт\w*|акци(?:и|й|ям|ями|ях)(?!\s+(?:протест|солидарн))|"
        r"акці(?:ї|й|ями|ях)(?!\s+(?:протест|солідарн))|бирж\w*|бірж\w*|"
        r"рын(?:ок|ка|ке|ки|ков|ках)|рин(?:ок|ку|ки|ків|ках)|слияни\w*|злиття|поглощени\w*|"
        r"поглинанн\w*|компани\w*|компані\w*|инвестор\w*|інвестор\w*|профсоюз\w*|профспілк\w*|"
        r"зарплат\w*|забастовк\w*|страйк\w*|клуб\w*|тренер\w*|лиг(?:а|и|у|е|ой)|"
        r"ліг(?:а|и|у|ою)|лізі|матч\w*|сезон\w*|игрок\w*|гравц\w*|гравець|нападающ\w*|"
        r"нападник\w*|трансфер\w*|турнир\w*|турнір\w*|чемпион\w*|чемпіон\w*|кубк\w*|кубок|"
        r"болельщик\w*|уболівальник\w*|бокс\w*|боксер\w*|боксёр\w*|поединк\w*|поєдин\w*|"
        r"промоутер\w*|альбом\w*|фильм\w*|фільм\w*|рэпер\w*|репер(?!туар)\w*|певиц\w*|певец|"
        r"певца|співак\w*|співачк\w*|знаменитост\w*|выбор(?:ы|ов|ах|ам|ами)|"
        r"вибор(?:и|ів|ах|ам|ами)|коалици\w*|коаліці\w*|бюджет\w*|парламент\w*|"
        r"ядерн\w*\s+программ\w*|ядерн\w*\s+програм\w*|вступлени\w*"
    ),
    war_or_peace=_regex(
        _PEACEFUL
        + "|"
        + _PEACE_ITSELF
        + r"|перемир['’ʼ]?\w*|переговор\w*|перемовин\w*|посредни\w*|посередни\w*|медиац\w*|"
        r"медіац\w*|диалог\w*|діалог\w*|заложник\w*|заручник\w*|пленн\w*|полонен\w*|"
        r"военнопленн\w*|військовополонен\w*|гуманитарн\w*\s+пауз\w*|гуманітарн\w*\s+пауз\w*|"
        r"разоружени\w*|роззброє\w*|оружи\w*|збро\w*|ополчен\w*|войн\w*|війн\w*|"
        r"бо(?:и|ев|ях)|бої|боїв|боев\w*|бойов\w*|конфликт\w*|конфлікт\w*|восстани\w*|"
        r"повстан\w*|мятеж\w*|боевик\w*|бойовик\w*|военн\w*|військов\w*|войск\w*|військ\w*|"
        r"саммит\w*|саміт\w*|конференци\w*|конференці\w*|урегулировани\w*|врегулюванн\w*|"
        r"наступлени\w*|наступ(?:у|ом|і)?|напряженност\w*|напруженост\w*|эскалац\w*|"
        r"ескалац\w*|окупант\w*|оккупант\w*|агресі\w*|агресси\w*"
    ),
    # "после переговоров", "напередодні зустрічі", "на фоне переговоров", "за кілька годин до
    # переговорів", "до початку переговорів". Not "по итогам" or "во время переговоров", which
    # report what the talks did, nor a bare "до": "готові до переговорів" is ready for them.
    timing=_regex(
        r"после|після|перед|накануне|напередодні|на\s+фоне|на\s+тлі|"
        r"(?:годин\w*|часа|часов|дн(?:я|ей|і|ів)|доб\w*|хвилин\w*|минут\w*)\s+до|"
        r"до\s+(?:початку|начала|старту|открытия|відкриття)"
    ),
    # Here only beside a timing word, so "удар" may stand alone: "Удар последовал через
    # несколько часов после встречи делегаций".
    attacks=_regex(
        r"атак\w*|удар\w*|обстрел\w*|обстріл\w*|дрон\w*|беспилотник\w*|"
        r"безпілотник\w*|ракет\w*|бомб\w*|взрыв\w*|вибух\w*|штурм\w*|авиаудар\w*|"
        r"авіаудар\w*|погиб\w*|загину\w*|убит\w*|вбит\w*"
    ),
)


def combined(first: Lexicon, second: Lexicon) -> Lexicon:
    """Either lexicon's words: for a report in two scripts (an English headline over a Russian
    text, Latin names inside Cyrillic), whose words in both must count."""
    patterns = {
        field.name: re.compile(
            f"{getattr(first, field.name).pattern}|{getattr(second, field.name).pattern}",
            re.IGNORECASE,
        )
        for field in fields(Lexicon)
    }
    return Lexicon(**patterns)


MIXED = combined(ENGLISH, CYRILLIC)
