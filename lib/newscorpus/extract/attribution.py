"""Attribution: whom a sentence credits for what it reports, and what kind of source that is.

``attribution(sentence)`` returns the crediting phrase as written ("Reuters reported, citing
five sources", "the Hindustan Times reported", "according to a readout from the ministry",
"sources say", "reportedly"), or "". ``source_kind(phrase, persons)`` sorts such a phrase into
``named`` (a named person), ``unnamed`` (sources, officials or people left unnamed, even when a
news outlet passes them on), ``official`` (a government body on record: a ministry, an office, a
spokesperson, a statement), ``media`` (a media report: "X reported", "media reported",
"reportedly") or ``other``. The word lists are knowledge in ``data/travel.yaml``
(``unnamed_source_words``, ``official_source_words``, ``media_source_words``), not code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from newscorpus.extract.travel import vocabulary

#: Verbs with which an article credits a report to someone ("X reported", "his ministry said").
REPORTING_VERBS = ("said", "says", "say", "reported", "reports", "announced", "wrote",
                   "confirmed", "stated", "quoted", "told")
#: Kinds of source after which a trip not yet known to have happened is only ``reported``.
REPORTED_KINDS = frozenset({"unnamed", "media"})

_VERB = "(?:" + "|".join(REPORTING_VERBS) + ")"
_SOURCE = r"(?:(?:the|his|her|its|their|a|an)\s+)?[A-Za-z][\w.'’\-]*(?:\s+[A-Za-z][\w.'’\-]*){0,5}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_WHEN = rf"(?:\s+(?:on|in)\s+[^,.;]+?|\s+{_WEEKDAY})?"
_UNNAMED = r"(?:sources?|officials?|people|persons?|diplomats?|insiders?)"
_ATTRIBUTION = [
    # "Reuters reported, citing five sources, that ..."; "Bloomberg wrote on April 7 that ..."
    re.compile(rf"^(?P<a>{_SOURCE}\s+{_VERB}(?:,\s+citing\s+[^,]+)?)(?:,|\s+on\s+[^,]+?)?\s+that\b"),
    # "..., the Hindustan Times reported."; "..., Reuters reported Thursday, citing officials"
    re.compile(rf",\s+(?P<a>{_SOURCE}\s+{_VERB}){_WHEN}(?P<c>,\s+citing\s+[^,.;]+)?\s*(?:[,.;]|$)"),
    # "... according to a previous readout from the ministry."
    re.compile(r"\b(?P<a>according to [^,.;]+)"),
    # "..., sources told Reuters"; "..., a diplomat told the newspaper"; "..., citing officials"
    re.compile(rf"(?:^|,\s+)(?P<a>(?:[\w-]+\s+){{0,3}}{_UNNAMED}\b"
               r"[^,.;]*?\s+told\s+[^,.;]+|citing\s+[^,.;]+)"),
    # "Sources say X will ..."; "The foreign ministry said X will ..." (no "that")
    re.compile(rf"^(?P<a>{_SOURCE}\s+(?:said|says|say|announced|confirmed))\s+(?=\w)"),
    # "X is reportedly planning to ..."
    re.compile(r"\b(?P<a>reportedly)\b", re.IGNORECASE),
]


def attribution(sentence: str) -> str:
    """Whom a sentence credits for what it reports, as written ("Reuters reported, citing five
    sources"; "the Hindustan Times reported"; "according to the ministry"), or ""."""
    s = " ".join(str(sentence or "").split()).strip(' "“”-–—•*')  # quotes, list bullets
    for pat in _ATTRIBUTION:
        m = pat.search(s)
        if m:  # the phrase without its date or place ("reported Thursday, citing ...")
            cited = m.groupdict().get("c") or ""
            return (m.group("a") + cited).strip()
    return ""


def source_kind(phrase: str, persons: Iterable[str] = (), voc: Mapping | None = None) -> str:
    """named, unnamed, official, media or other for an attribution phrase ("" for none).

    ``persons``: names of people found in the sentence (a phrase naming one is ``named``).
    Unnamed sources win over the outlet that cites them ("Reuters reported, citing five
    sources" is unnamed) and over the body they belong to ("government officials say").
    """
    if not phrase:
        return ""
    if any(p and p in phrase for p in persons):
        return "named"
    voc = voc or vocabulary()
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    if words & set(voc["unnamed_source_words"]):
        return "unnamed"
    if words & set(voc["official_source_words"]):
        return "official"
    if words & set(voc["media_source_words"]):
        return "media"
    return "other"
