"""Sentences an outlet itself marks as a reminder of earlier news: "Напомним, ...",
"Нагадаємо, що ...", "Ранее сообщалось, что ...", "As previously reported, ...".

Russian and Ukrainian reports close with such a recap in most articles. It is background the
outlet says is not new, and it often holds an earlier figure ("Ранее сообщалось, что погибли
четыре человека" under a report that five died): as an update's "new" point it would present
old news, or a superseded figure, as what changed. So it is never an update's news, and in a
push or a summary a point only when nothing else is left. "Ранее в понедельник Кремль
заявил ..." ("earlier on Monday") is the day's news, not a recap.
"""

from __future__ import annotations

import re

__all__ = ["recaps"]

_RECAP = re.compile(
    r"^(?:Напомним|Напомню|Напоминаем|Нагадаємо|Нагадуємо|Нагадаю)\b"
    r"|^(?:Ранее|Раніше)\b[^.!?]{0,40}?"
    r"\b(?:сообща\w*|писал\w*|писав|повідомля\w*|информировал\w*|інформува\w*)"
    r"|^As (?:we |was |it was )?(?:previously |earlier )?reported(?: earlier| previously)?\b"
    r"|^It was (?:previously|earlier) reported\b|^Recall that\b",
    re.IGNORECASE,
)


def recaps(point: str) -> bool:
    """The outlet marks the sentence as a reminder of earlier news."""
    return bool(_RECAP.match(point.strip()))
