"""Where a name begins and ends when the model cut it short or into pieces.

A person's name goes on over a hyphen followed by lower-case letters ("Kim Jong-un") and over name
particles ("Ursula von der Leyen"); "Group of Seven" / "Group of 20" is one ORG (G7, G20); a place
followed by capitalised words ending in a place or organisation head word is part of that longer
name ("South China Sea" LOC, "Shanghai Cooperation Organisation" ORG). A span made longer drops
the mentions it now covers.
"""

from __future__ import annotations

import re
from typing import Any

from newscorpus.extract import names as N
from newscorpus.extract.mentions import Mention, drop_overlapping

LOC_HEADS = {"Sea", "Ocean", "Strait", "Straits", "Gulf", "Bay", "Peninsula", "Mountains",
             "River", "Lake", "Canal", "Islands", "Desert", "Basin"}
ORG_HEADS = {"Ministry", "University", "Times", "Post", "Agency", "Party", "Council", "Bank",
             "Committee", "Commission", "Office", "Department", "Institute", "Academy", "News",
             "Group", "Company", "Corporation", "Inc", "Ltd", "Association", "Union",
             "Organization", "Organisation", "Force", "Forces", "Army", "Navy", "Court",
             "Parliament", "Assembly", "Government", "Administration", "Embassy", "Service",
             "Foundation", "Fund", "Center", "Centre", "Board", "Federation", "Republic"}


def hyphen_names(doc: Any, text: str, mentions: list[Mention]) -> list[Mention]:
    """"Kim Jong" + "-un", "Choe Son" + "-hui": a person's name goes on over a hyphen followed by
    lower-case letters (romanised Korean and Thai given names); never cut it there."""
    for m in list(mentions):
        if m.label != "PERSON":
            continue
        ext = re.match(r"(?:-[a-z]+)+(?![\w\-])", text[m.end:])
        if ext:
            new_end = m.end + ext.end()
            mentions = drop_overlapping(mentions, m.start, new_end, keep=m)
            m.end = new_end
    return mentions


def particle_names(doc: Any, text: str, mentions: list[Mention]) -> list[Mention]:
    """"Ursula" + "von der" + "Leyen": a person's name goes on over name particles."""
    parts = "|".join(sorted(N.NAME_PARTICLES, key=len, reverse=True))
    tail = re.compile(r"((?: (?:" + parts + r"))+ [A-Z][\w'\u2019\-]*\w)")
    for m in list(mentions):
        if m.label != "PERSON":
            continue
        ext = tail.match(text, m.end)
        if ext:
            mentions = drop_overlapping(mentions, m.start, ext.end(), keep=m)
            m.end, m.canonical = ext.end(), None
    return mentions


def group_of_n(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Group of Seven" / "Group of 20" are the G7 / G20."""
    for g in N.GROUP_OF.finditer(text):
        mentions = drop_overlapping(mentions, g.start(), g.end())
        mentions.append(Mention(g.start(), g.end(), "ORG", N.group_of(g), "rule", ""))
    mentions.sort(key=lambda x: x.start)
    return mentions


def inside_names(doc: Any, mentions: list[Mention]) -> list[Mention]:
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
        out = drop_overlapping(out, start, end)
        out.append(Mention(start, end, label, None, "rule", m.model_label))
    out.sort(key=lambda x: x.start)
    return out
