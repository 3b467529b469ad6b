"""Government ministries named after their country.

``institutions``: "Moscow's Foreign Ministry" / "Russian Foreign Ministry" (also an embassy) is
named with the nationality of the place or adjective before it ("Russian Foreign Ministry");
``ministry_names`` then names every wording "Ministry of <portfolio> of <country>" ("China's
Foreign Ministry", "the Chinese foreign ministry", "Ministry of Foreign Affairs of China") unless
the knowledge table names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newscorpus.extract import names as N
from newscorpus.extract.mentions import Mention
from newscorpus.knowledge import norm_alias
from newscorpus.pipeline import doc_text

INSTITUTION = re.compile(r"^(Foreign|Defen[cs]e|Finance|Interior|Justice|Economy|Trade)"
                         r"( Affairs)? Ministry$|^Ministry of [A-Z][\w ]+$|^Embassy$")


def institutions(doc: Any, mentions: list[Mention], index: Mapping) -> None:
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


PORTFOLIO = (r"Foreign|Defen[cs]e|Finance|Interior|Justice|Economy|Trade|Commerce|Health|"
             r"Education|Energy|Agriculture|Culture|Emergencies|Home")
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


def ministry_names(text: str, mentions: list[Mention], index: Mapping) -> list[Mention]:
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
