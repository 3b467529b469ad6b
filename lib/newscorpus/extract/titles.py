"""Job titles around names: an organisation word inside a title is not an organisation, and a
name right after a person's title is a person.

"Secretary of State", "Treasury Secretary": the ORG span is dropped ("U.S. Treasury Secretary"
keeps the place, GPE U.S.); "Chancellor Olaf Scholz", "spokesman Wang Wenbin": PERSON whatever the
model said, unless a known non-person, a place or a name ending in an organisation word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newscorpus.extract import names as N
from newscorpus.extract.mentions import Mention
from newscorpus.extract.name_spans import ORG_HEADS
from newscorpus.knowledge import norm_alias

DEPARTMENT_WORDS = {"state", "treasury", "defense", "defence", "interior", "justice", "commerce",
                    "energy", "health", "education", "labor", "agriculture", "homeland",
                    "finance", "foreign", "trade"}
TITLE_HEADS = {"secretary", "minister", "ministers", "spokesman", "spokeswoman",
               "spokesperson", "chief", "head", "adviser", "advisor"}


def title_orgs(doc: Any, mentions: list[Mention], index: Mapping,
               places: frozenset) -> list[Mention]:
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
                out.append(Mention(rest.start_char, rest.end_char, entry["label"],
                                   entry["canonical"], "knowledge", m.model_label))
            elif surface in places:
                out.append(Mention(rest.start_char, rest.end_char, "GPE", None, "rule",
                                   m.model_label))
    return out


HYPHENS = {"-", "\u2010", "\u2011"}

PERSON_TITLES = {"president", "chancellor", "minister", "secretary", "spokesman", "spokeswoman",
                 "spokesperson", "premier", "leader", "ambassador", "envoy", "adviser", "advisor",
                 "governor", "mayor", "senator", "chairman", "chairwoman", "pope", "king", "queen",
                 "prince", "princess", "mr", "mrs", "ms", "dr", "prof", "counterpart"}


def titled_people(doc: Any, mentions: list[Mention], index: Mapping,
                  places: frozenset) -> None:
    """A name right after a person's title ("Chancellor Olaf Scholz", "spokesman Wang Wenbin")
    is a PERSON whatever the model said, unless it is a known non-person, a place or ends in
    an organisation word (Ministry, University, ...)."""
    for m in mentions:
        if m.label == "PERSON" or m.method == "knowledge":
            continue
        span = doc.char_span(m.start, m.end)
        if span is None or span.start == 0:
            continue
        # the words of the name: hyphens and name particles ("Kassym-Jomart", "al-Sisi") apart
        words = [t for t in span if not (t.is_punct and t.text in HYPHENS)
                 and t.lower_ not in N.NAME_PARTICLES]
        if not words or len(words) > 3:
            continue
        surface = norm_alias(span.text)
        entry = index.get(surface)
        if (entry is not None and entry["label"] != "PERSON") or surface in places:
            continue
        if not all(t.is_title and t.is_alpha for t in words) or span[-1].text in ORG_HEADS:
            continue
        prev = doc[span.start - 1].lower_.rstrip(".")
        prev3 = doc[max(span.start - 3, 0):span.start].text
        if prev in PERSON_TITLES or prev3 == "Secretary of State":
            m.label, m.method = "PERSON", "rule"
