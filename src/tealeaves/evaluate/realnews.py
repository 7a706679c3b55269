"""Scoring the pipeline against the hand-annotated real-news set (``realnews-dev``).

The set (``../shared/data/realnews-dev``; its ``SOURCE.md`` gives the format) holds real
articles with gold attributed claims (content, cue, source, kind, entity, channel), standing
signals and genre, annotated by ``SOURCING-GUIDE.md``. Gold strings are exact substrings of
the article file; they are placed at their first occurrence (a cue at the occurrence
nearest its content).

Matching follows the set's ``SOURCE.md``: a predicted claim of a kind other than ``author``
matches a gold claim when their content spans overlap by at least half of the shorter one,
or when both overlap and their cues overlap; one-to-one, largest overlap first. Then

- attributed claims P/R/F1 (matched over predicted and over gold);
- kind accuracy on matched pairs, and per-kind P/R/F1 over all predicted and gold claims;
- speaker accuracy on matched pairs whose gold kind is named: right when the predicted
  source actor's name or aliases (or, with no actor, the source's own words) contain the
  gold entity's surname (its last word) or that of its English name (``entity_en``, as the
  Russian set gives it);
- channel accuracy on matched pairs where either side names one: right when both name one
  and one's last word is in the other;
- genre accuracy, and standing P/R over (actor, direction) pairs per article, read from
  ``Analysis.genre`` and ``Analysis.actors[].standing`` only;
- actor recall over the gold ``actors[]`` where a set lists them: a person is found when a
  predicted actor's name or aliases contain the surname of its ``name`` or ``name_en``; an
  organisation when a predicted name or alias and its ``name`` or ``name_en`` are equal or
  one holds the other (case, "ё" and a final hard sign aside).

``tealeaves evaluate realnews ../shared/data/realnews-dev`` prints the figures. A set whose
texts are kept apart (``data/realnews-ru``: annotations and hashes only) is read with
``texts=``: gold from ``ROOT/gold/``, each text from ``TEXTS/NAME.txt``, its SHA-256 checked
against the gold's ``sha256`` where the gold has one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Actor, Analysis, Claim

KINDS = ("named_person", "named_organization", "anonymous", "rumour")

Span2 = tuple[int, int]


@dataclass(frozen=True)
class GoldClaim:
    content: Span2
    cue: Span2 | None
    kind: str
    entity: str | None
    via: str | None
    text: str
    entity_en: str | None = None


@dataclass(frozen=True)
class GoldNewsArticle:
    name: str
    text: str
    genre: str | None
    claims: tuple[GoldClaim, ...]
    standing: frozenset[tuple[str, str]]
    #: gold actors as (kind, names): the name and, where known, the English name
    actors: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: the gold's ``language`` ("ru" routes the article to the Russian pipeline)
    language: str | None = None


@dataclass
class Tally:
    """Counts summed over articles; :meth:`figures` turns them into rates."""

    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    kind_right: int = 0
    speaker_n: int = 0
    speaker_right: int = 0
    channel_n: int = 0
    channel_right: int = 0
    genre_n: int = 0
    genre_right: int = 0
    standing_gold: int = 0
    standing_pred: int = 0
    standing_right: int = 0
    actors_gold: int = 0
    actors_found: int = 0
    gold_kinds: Counter[str] = field(default_factory=Counter)
    pred_kinds: Counter[str] = field(default_factory=Counter)
    both_kinds: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        p = _ratio(self.matched, self.predicted)
        r = _ratio(self.matched, self.gold)
        per_kind = {}
        for k in sorted(set(self.gold_kinds) | set(self.pred_kinds)):
            kp = _ratio(self.both_kinds[k], self.pred_kinds[k])
            kr = _ratio(self.both_kinds[k], self.gold_kinds[k])
            per_kind[k] = {"precision": kp, "recall": kr, "f1": _f1(kp, kr),
                           "gold": self.gold_kinds[k], "predicted": self.pred_kinds[k]}
        sp = _ratio(self.standing_right, self.standing_pred)
        sr = _ratio(self.standing_right, self.standing_gold)
        return {
            "articles": self.articles, "gold": self.gold, "predicted": self.predicted,
            "matched": self.matched, "precision": p, "recall": r, "f1": _f1(p, r),
            "kind_accuracy": _ratio(self.kind_right, self.matched),
            "speaker_accuracy": _ratio(self.speaker_right, self.speaker_n),
            "speaker_n": self.speaker_n,
            "channel_accuracy": _ratio(self.channel_right, self.channel_n),
            "channel_n": self.channel_n,
            "genre_accuracy": _ratio(self.genre_right, self.genre_n),
            "standing_precision": sp, "standing_recall": sr, "standing_f1": _f1(sp, sr),
            "actor_recall": _ratio(self.actors_found, self.actors_gold),
            "actors_gold": self.actors_gold,
            "per_kind": per_kind,
            "confusion": {f"{g}->{p_}": n for (g, p_), n in sorted(self.confusion.items())},
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _find(text: str, needle: str | None, near: int | None = None) -> Span2 | None:
    """Where *needle* occurs in *text*: the first occurrence, or the one nearest *near*."""
    if not needle:
        return None
    hits = []
    pos = text.find(needle)
    while pos >= 0:
        hits.append(pos)
        if near is None:
            break
        pos = text.find(needle, pos + 1)
    if not hits:
        return None
    start = hits[0] if near is None else min(hits, key=lambda h: abs(h - near))
    return start, start + len(needle)


def read_gold(path: Path, text: str) -> GoldNewsArticle:
    """One gold file, with its strings placed in *text*; a string not found is an error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"unreadable gold file ({exc})") from exc
    claims = []
    for c in data.get("claims", []):
        content = _find(text, c["content"])
        if content is None:
            raise InputError(str(path), f"content not in the article: {c['content'][:60]!r}")
        cue = _find(text, c.get("cue"), near=content[0])
        claims.append(GoldClaim(content=content, cue=cue, kind=c["kind"],
                                entity=c.get("entity"), via=c.get("via"),
                                text=c["content"], entity_en=c.get("entity_en")))
    standing = frozenset((s["actor"], s["direction"]) for s in data.get("standing", []))
    actors = tuple((str(a.get("kind", "")), tuple(str(n) for n in (a.get("name"), a.get("name_en"))
                                                  if n))
                   for a in data.get("actors", []))
    return GoldNewsArticle(name=path.stem, text=text, genre=data.get("genre"),
                           claims=tuple(claims), standing=standing, actors=actors,
                           language=data.get("language"))


def _read_text(gold: Path, article: Path) -> str:
    """The text for *gold*, checked against the gold's ``sha256`` where it has one."""
    if not article.is_file():
        raise InputError(str(gold), f"no text {article}")
    data = article.read_bytes()
    try:
        expected = json.loads(gold.read_text(encoding="utf-8")).get("sha256")
    except (OSError, ValueError) as exc:
        raise InputError(str(gold), f"unreadable gold file ({exc})") from exc
    if expected and hashlib.sha256(data).hexdigest() != expected:
        raise InputError(str(article), "the text differs from the one annotated (sha256 "
                         "mismatch); rebuild it as the set's README says")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(article), f"not UTF-8 text ({exc.reason})") from exc


def read_dir(root: Path, texts: Path | None = None) -> list[GoldNewsArticle]:
    """Every ``gold/NAME.json`` under *root* with its text ``NAME.txt`` from *texts*
    (default ``ROOT/articles/``)."""
    gold_dir = Path(root) / "gold"
    art_dir = Path(texts) if texts is not None else Path(root) / "articles"
    if not gold_dir.is_dir():
        raise InputError(str(root), "not a real-news set (expected gold/ and articles/)")
    if not art_dir.is_dir():
        what = "no texts folder" if texts is not None else (
            "not a real-news set (expected gold/ and articles/; pass --texts for a set "
            "kept without its texts)")
        raise InputError(str(art_dir if texts is not None else root), what)
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        text = _read_text(path, art_dir / f"{path.stem}.txt")
        out.append(read_gold(path, text))
    if not out:
        raise InputError(str(root), "no gold files in gold/")
    return out


def _overlap(a: Span2, b: Span2) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_claims(preds: Sequence[Claim], golds: Sequence[GoldClaim]) -> list[tuple[int, int]]:
    """One-to-one ``(pred index, gold index)`` pairs, largest content overlap first."""
    pairs = []
    for i, c in enumerate(preds):
        for j, g in enumerate(golds):
            ov = _overlap((c.start, c.end), g.content)
            if ov <= 0:
                continue
            half = ov >= min(c.end - c.start, g.content[1] - g.content[0]) / 2
            cues = (c.cue is not None and g.cue is not None
                    and _overlap((c.cue.start, c.cue.end), g.cue) > 0)
            if half or cues:
                pairs.append((ov, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _last_word(name: str) -> str:
    """The surname of a gold entity: its last word, after any trailing parenthetical (a
    year or an abbreviation, as in "Some Strategy (2025)") is set aside."""
    words = (re.sub(r"(\s*\([^()]*\))+\s*$", "", name) or name).replace("'s", "").split()
    return words[-1].lower() if words else ""


def _names(actor: Actor | None) -> list[str]:
    return [actor.name, *actor.aliases] if actor is not None else []


#: Words an acronym skips ("Office of Foreign Assets Control": OFAC).
_ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "on", "in", "&"})


def _initials(name: str) -> str:
    """The initials of *name*'s words, function words aside, upper case."""
    words = re.sub(r"(\s*\([^()]*\))+\s*$", "", name).replace("'s", "").split()
    return "".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIPS and w[0].isalpha()
                   ).upper()


def _acronym_of(short: str, full: str) -> bool:
    """Is a word of *short* an acronym (two or more capitals) of *full*: the initials of a
    run of its words ending at its last ("NSS" for "US National Security Strategy")?"""
    initials = _initials(full)
    return any(len(w) >= 2 and w.isupper() and w.isalpha() and initials.endswith(w)
               for w in re.findall(r"\w+", short))


def speaker_right(claim: Claim, gold: GoldClaim, actors: dict[str, Actor]) -> bool:
    """The predicted source's actor (or, with none, the source's own words or what they
    refer to, ``Source.refers``) names the gold
    entity, as the set's ``SOURCE.md`` says: it contains the entity's surname (its last
    word, a trailing parenthetical gloss aside), or of its English name; an entity of two
    people ("A; B") is either's; an acronym and its full name name the same body ("OFAC",
    "Office of Foreign Assets Control")."""
    entities = [e.strip() for n in (gold.entity, gold.entity_en) if n for e in n.split(";")]
    entities = [e for e in entities if _last_word(e)]
    if not entities:
        return False
    actor = actors.get(claim.source.actor or "")
    refers = claim.source.refers.text if claim.source.refers is not None else ""
    names = _names(actor) if actor is not None else [claim.source.text or "", refers]
    return any(_last_word(e) in n.lower() or _acronym_of(n, e) or _acronym_of(e, n)
               for n in names for e in entities)


def _org_key(name: str) -> str:
    words = re.sub(r"[«»\"“”„]", "", name).lower().replace("ё", "е").split()
    return " ".join(w[:-1] if w.endswith("ъ") and len(w) > 1 else w for w in words)


def actor_found(kind: str, names: Sequence[str], predicted: Sequence[Actor]) -> bool:
    """A gold actor (its name and English name) is among the predicted actors: a person
    by surname, an organisation by its whole name (equal, or one holding the other)."""
    pred = [n for a in predicted for n in _names(a) if n.strip()]
    if kind == "person":
        surnames = [s for s in (_last_word(n) for n in names) if s]
        return any(s in n.lower() for n in pred for s in surnames)
    keys = [k for k in (_org_key(n) for n in names) if k]
    pkeys = [_org_key(n) for n in pred]
    return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", b)
               for g in keys for p in pkeys if p for a, b in ((g, p), (p, g)))


def channel_right(claim: Claim, gold: GoldClaim, actors: dict[str, Actor]) -> bool:
    """Both name a channel and one's last word is in the other."""
    if claim.via is None or gold.via is None:
        return False
    actor = actors.get(claim.via)
    pred_names = _names(actor) or [claim.via]
    g = gold.via.lower()
    return any(_last_word(n) in g or _last_word(gold.via) in n.lower() for n in pred_names)


def _standing_pairs(analysis: Analysis) -> set[tuple[str, str]]:
    return {(a.name, s.direction) for a in analysis.actors for s in a.standing}


def _standing_match(pred: set[tuple[str, str]], gold: frozenset[tuple[str, str]]) -> int:
    right = 0
    for actor, direction in gold:
        surname = _last_word(actor)
        if any(d == direction and surname and surname in n.lower() for n, d in pred):
            right += 1
    return right


def score_article(analysis: Analysis, gold: GoldNewsArticle, tally: Tally) -> None:
    """Add one article's counts to *tally*."""
    actors = {a.id: a for a in analysis.actors}
    preds = [c for c in analysis.claims if c.source.kind != "author"]
    tally.articles += 1
    tally.gold += len(gold.claims)
    tally.predicted += len(preds)
    tally.gold_kinds.update(g.kind for g in gold.claims)
    tally.pred_kinds.update(c.source.kind for c in preds)
    pairs = match_claims(preds, gold.claims)
    tally.matched += len(pairs)
    for i, j in pairs:
        c, g = preds[i], gold.claims[j]
        tally.confusion[(g.kind, c.source.kind)] += 1
        if c.source.kind == g.kind:
            tally.kind_right += 1
            tally.both_kinds[g.kind] += 1
        else:
            tally.misses.append({"article": gold.name, "gold_kind": g.kind,
                                 "predicted_kind": c.source.kind,
                                 "source": c.source.text, "content": g.text[:80]})
        if g.kind in ("named_person", "named_organization"):
            tally.speaker_n += 1
            tally.speaker_right += speaker_right(c, g, actors)
        if c.via is not None or g.via is not None:
            tally.channel_n += 1
            tally.channel_right += channel_right(c, g, actors)
    if gold.genre is not None:
        tally.genre_n += 1
        tally.genre_right += analysis.genre is not None and analysis.genre.label == gold.genre
    pred_standing = _standing_pairs(analysis)
    tally.standing_gold += len(gold.standing)
    tally.standing_pred += len(pred_standing)
    tally.standing_right += min(_standing_match(pred_standing, gold.standing),
                                len(pred_standing))
    tally.actors_gold += len(gold.actors)
    tally.actors_found += sum(actor_found(kind, names, analysis.actors)
                              for kind, names in gold.actors)


def score(pairs: Iterable[tuple[Analysis, GoldNewsArticle]]) -> dict[str, Any]:
    """Figures over ``(analysis, gold)`` pairs (see the module docstring)."""
    tally = Tally()
    for analysis, gold in pairs:
        score_article(analysis, gold, tally)
    return {**tally.figures(), "misses": tally.misses}


def evaluate(root: Path, limit: int | None = None, *, full: bool = True,
             texts: Path | None = None) -> dict[str, Any]:
    """Analyse every article under *root* (text as stored, no cleaning) and score it.

    ``full=False`` runs only the actors and sourcing stages (no genre or standing figures);
    *texts* is the folder of the article texts when they are not in ``ROOT/articles/``.
    """
    from ..model import Article
    from ..pipeline import Options, analyze_many

    golds = read_dir(Path(root), texts)[:limit]
    stages = ("actors", "sourcing", "events", "rhetoric", "stance") if full else (
        "actors", "sourcing")
    options = Options(clean=False, stages=stages, check_language=False)
    articles = (replace(Article.from_text(g.text), language=g.language or "en") for g in golds)
    analyses = analyze_many(articles, options)
    result = score(zip(analyses, golds, strict=True))
    if not full:
        for key in ("genre_accuracy", "standing_precision", "standing_recall", "standing_f1"):
            result[key] = None
    return result
