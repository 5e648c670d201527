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
from dataclasses import dataclass

__all__ = ["CYRILLIC", "ENGLISH", "Lexicon"]


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


ENGLISH = Lexicon(
    # Words of ending a war: the core of the topic.
    ceasefire=_regex(
        r"cease[\s-]?fires?|truces?|armistices?|peace|de-escalation|hostilities|"
        r"humanitarian pauses?|prisoner (?:exchange|swap)s?|hostage deal"
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
    # and business news.
    war_or_peace=_regex(
        r"peace\w*|negotiat\w*|mediat\w*|dialogue|hostages?|captives?|prisoners?|"
        r"humanitarian pauses?|disarm\w*|weapons|militia\w*|wars?|fighting|fighters|conflicts?|"
        r"hostilities|uprising|insurgen\w*|rebels?|military|troops|summit|conference|settlement|"
        r"offensive|tensions?|escalat\w*"
    ),
)

# "мирн..." is peace ("мирні переговори", "мирный план") unless it is the civilians ("мирні
# жителі", "мирное население") or the town of Myrnohrad.
_PEACEFUL = r"мирн(?!оград)\w*(?!\s+(?:жител|населен|громадян|мешкан|граждан|люд))"
_PEACE_ITSELF = r"(?:о|об|про|за|к|до)\s+мир[уеа]?"

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
        r"обмін\w*\s+(?:полонен\w*|військовополонен\w*|заручник\w*)"
    ),
    talks=_regex(
        r"переговор\w*|перемовин\w*|посредни\w*|посередни\w*|медиац\w*|медіац\w*|делегац\w*|"
        r"предложени\w*|пропозиц\w*|план(?:а|у|ом|е|ы|и|ів|ов|ах|ами)?|сделк\w*|угод\w*|"
        r"соглашени\w*|договор\w*|домовленост\w*|саммит\w*|саміт\w*|диалог\w*|діалог\w*|"
        r"урегулировани\w*|врегулюванн\w*|раунд\w*|встреч\w*|зустріч\w*"
    ),
    actors=_regex(
        r"посредник\w*|посередник\w*|переговорщик\w*|переговірник\w*|делегац\w*|дипломат\w*|"
        r"(?:министр\w*|глав\w*)\s+иностранных\s+дел|(?:міністр\w*|голов\w*)\s+закордонних\s+справ|"
        r"МИД\w*|МЗС|госсекретар\w*|держсекретар\w*|ООН|Совбез\w*|Радбез\w*|"
        r"Совет\w*\s+Безопасности|Рад\w*\s+Безпеки|Катар\w*|Египт\w*|Єгипт\w*|Турци\w*|"
        r"Туреччин\w*|Саудовск\w*|Саудівськ\w*|Женев\w*|Стамбул\w*|Доха|Дохе|Дохи|Досі|"
        r"Каир\w*|Каїр\w*|Джидд\w*|Абу-Даби|Абу-Дабі|Уиткофф?\w*|Віткофф?\w*|Кремл\w*|"
        r"Бел\w*\s+дом\w*|Біл\w*\s+д[іо]м\w*"
    ),
    war=_regex(
        r"войн\w*|війн\w*|бо(?:й|и|ев|ях|ям|ями|ю|ёв)|боев\w*|бойов\w*|войск\w*|військ\w*|"
        r"арми\w*|армі\w*|ракет\w*|дрон\w*|беспилотник\w*|безпілотник\w*|обстрел\w*|обстріл\w*|"
        r"удар\w*|авиаудар\w*|авіаудар\w*|наступлени\w*|наступ(?:у|ом|і)?|контрнаступ\w*|"
        r"фронт\w*|боевик\w*|бойовик\w*|солдат\w*|военн\w*|військов\w*|убит\w*|погиб\w*|"
        r"загину\w*|загибел\w*|вбит\w*|вторжени\w*|вторгненн\w*|оружи\w*|збро\w*|битв\w*|"
        r"сражени\w*|штурм\w*"
    ),
    elsewhere=_regex(
        r"тариф\w*|пошлин\w*|мит(?:о|а|ами|ом)|торгов\w*|торгівл\w*|экспорт\w*|експорт\w*|"
        r"импорт\w*|імпорт\w*|акци(?:и|й|ям|ями|ях)|акці(?:ї|й|ями|ях)|бирж\w*|бірж\w*|"
        r"рын(?:ок|ка|ке|ки|ков|ках)|рин(?:ок|ку|ки|ків|ках)|слияни\w*|злиття|поглощени\w*|"
        r"поглинанн\w*|компани\w*|компані\w*|инвестор\w*|інвестор\w*|профсоюз\w*|профспілк\w*|"
        r"зарплат\w*|забастовк\w*|страйк\w*|клуб\w*|тренер\w*|лиг[аиуе]|ліг[аиу]|матч\w*|"
        r"сезон\w*|игрок\w*|гравц\w*|гравець|нападающ\w*|нападник\w*|трансфер\w*|турнир\w*|"
        r"турнір\w*|чемпионат\w*|чемпіонат\w*|кубк\w*|кубок|болельщик\w*|уболівальник\w*|"
        r"альбом\w*|фильм\w*|фільм\w*|рэпер\w*|репер\w*|певиц\w*|певец|певца|співак\w*|"
        r"співачк\w*|знаменитост\w*|выбор\w*|вибор\w*|коалици\w*|коаліці\w*|бюджет\w*|"
        r"парламент\w*|ядерн\w*\s+программ\w*|ядерн\w*\s+програм\w*|вступлени\w*"
    ),
    war_or_peace=_regex(
        _PEACEFUL
        + "|"
        + _PEACE_ITSELF
        + r"|перемир['’ʼ]?\w*|переговор\w*|перемовин\w*|посредни\w*|посередни\w*|медиац\w*|"
        r"медіац\w*|диалог\w*|діалог\w*|заложник\w*|заручник\w*|пленн\w*|полонен\w*|"
        r"военнопленн\w*|військовополонен\w*|гуманитарн\w*\s+пауз\w*|гуманітарн\w*\s+пауз\w*|"
        r"разоружени\w*|роззброє\w*|оружи\w*|збро\w*|ополчен\w*|войн\w*|війн\w*|"
        r"бо(?:и|ев|ях)|боев\w*|бойов\w*|конфликт\w*|конфлікт\w*|восстани\w*|повстан\w*|"
        r"мятеж\w*|боевик\w*|бойовик\w*|военн\w*|військов\w*|войск\w*|військ\w*|саммит\w*|"
        r"саміт\w*|конференци\w*|конференці\w*|урегулировани\w*|врегулюванн\w*|"
        r"наступлени\w*|наступ(?:у|ом|і)?|напряженност\w*|напруженост\w*|эскалац\w*|"
        r"ескалац\w*"
    ),
)
