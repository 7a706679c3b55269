"""Russian names in Latin letters, to link a name the knowledge base has no Cyrillic alias
for ("Дмитрий Песков" → "Dmitry Peskov"): the table in ``resources/ru/translit.tsv``."""

from __future__ import annotations

import re

from .vocab import load_table

_WORD_END_YI = re.compile(r"(?:ий|ый)\b")


def to_latin(text: str) -> str:
    """*text* romanised as English-language news spells Russian names."""
    table = load_table("translit.tsv")
    text = _WORD_END_YI.sub("й", text)
    out: list[str] = []
    for ch in text:
        low = ch.lower()
        if low in table:
            lat = table[low]
            out.append(lat.capitalize() if ch != low and lat else lat)
        else:
            out.append(ch)
    return "".join(out)


def loose(latin: str) -> str:
    """A matching key that forgets the usual spelling variants of one Russian name
    (Sergey/Sergei, Yuri/Yury, Dmitry/Dmitriy, Aleksei/Alexei, Khodorkovsky/Hodorkovsky)."""
    s = latin.lower().replace("x", "ks").replace("kh", "h").replace("j", "y")
    s = re.sub(r"i\b", "y", s)
    s = re.sub(r"i(?=[aeou])", "y", s)
    s = s.replace("ye", "e").replace("iy", "y").replace("yy", "y")
    s = re.sub(r"(.)\1", r"\1", s)
    return re.sub(r"[^a-z ]", "", s)
