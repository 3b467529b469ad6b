"""Wire datelines and names written in capitals.

A dateline opening one of the first paragraphs ("CHONGQING, China, April 14 (Reuters) -", the
pattern ``names.DATELINE``): its city and regions are places, its agency credit in brackets is
not a mention. A name in capitals ("MOSCOW") is named by its known mixed-case form.
"""

from __future__ import annotations

from collections.abc import Mapping

from newscorpus.extract import names as N
from newscorpus.extract.mentions import Mention, drop_overlapping


def datelines(text: str, pstarts: list[int], mentions: list[Mention], index: Mapping,
              places: frozenset) -> tuple[list[Mention], list[tuple[int, int]]]:
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
        mentions = drop_overlapping(mentions, m.start(), m.end())
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
            mentions.append(Mention(start, start + len(surface), label, canon, "rule", ""))
    mentions.sort(key=lambda x: x.start)
    return mentions, credits


def uncapitalised(surface: str, index: Mapping, places: frozenset) -> str:
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
