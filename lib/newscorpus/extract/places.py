"""Destinations: the place a travel predicate points at, resolved to a country (and city).

Names are looked up in a :class:`newscorpus.knowledge.Gazetteer` passed in by the caller (so a
leave-one-outlet-out run can use one built without the held-out outlet's knowledge entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newscorpus.extract.travel import vocabulary
from newscorpus.knowledge import Gazetteer

# entity types a mistyped place never has ("Kyiv" may be tagged PERSON; "March" is a DATE)
NOT_PLACES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}


@dataclass
class Place:
    """A resolved destination."""

    country: str
    city: str = ""


def place_of(tok: Any, gaz: Gazetteer, depth: int = 0) -> Place | None:
    """Resolve the destination named at ``tok`` (a GPE/LOC, 'the city of X', 'the Indian
    capital', 'Beijing, China') with the gazetteer ``gaz``."""
    if depth > 3:
        return None
    voc = vocabulary()
    if tok.lemma_.lower() in voc["place_nouns"] and not tok.ent_type_:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return place_of(pobj, gaz, depth + 1)
        if tok.lemma_.lower() == "capital":
            for mod in tok.children:
                if mod.dep_ in {"amod", "compound", "poss"}:
                    c = gaz.nationality_country(mod.text)
                    if c:
                        return Place(c, gaz.capital_of(c))
        return None
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if tok.ent_type_ not in {"GPE", "LOC", "FAC"}:
        # in a destination slot, trust the gazetteer over a mistyped proper noun ("visit Kyiv"
        # with Kyiv tagged PERSON); the name must match a country or city exactly
        if tok.pos_ != "PROPN" or tok.ent_type_ in NOT_PLACES:
            return None  # "in March" is a date, not a town of that name
        name = ent.text if ent is not None else tok.text
        c = gaz.country_name(name)
        if c:
            return Place(c)
        c = gaz.city_country(name)
        return Place(c, name) if c else None
    if ent is None:
        return None
    text = ent.text.strip(" ,;:.")  # an entity may run on to the comma of a list
    name = text[4:] if text.lower().startswith("the ") else text
    c = gaz.country_name(name)
    if c:
        return Place(c)
    if ent.label_ == "LOC":
        return None  # a region or continent ("Africa", "sub-Saharan Africa") is no town
    c = gaz.city_country(name)
    if c:
        # "Beijing, China": an appositive country confirms/overrides the gazetteer's choice
        for ap in ent.root.children:
            if ap.dep_ == "appos" and ap.ent_type_ == "GPE":
                c2 = gaz.country_name(ap.text)
                if c2:
                    c = c2
        return Place(c, name)
    return None



def best_place(places: list[Place]) -> Place | None:
    """The first destination that names a city, else the first one."""
    if not places:
        return None
    with_city = [p for p in places if p.city]
    return with_city[0] if with_city else places[0]


def attended_place(trig: Any, gaz: Gazetteer) -> Place | None:
    """Destination of an attended event: 'meetings hosted by China', 'the Beijing Winter
    Olympics', 'a summit in Delhi' (not the topic: 'meetings on Afghanistan')."""
    obj = next((c for c in trig.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for t in obj.subtree:
        if t.ent_type_ not in {"GPE", "FAC", "EVENT"}:
            continue
        hosted = (t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.lemma_ in
                  {"host", "hold", "organise", "organize"})
        located = t.dep_ == "pobj" and t.head.lower_ in {"in", "at"}
        named = (t.dep_ == "compound" and t.head.ent_type_ in {"FAC", "EVENT", "GPE"}
                 and t.text not in vocabulary().get("region_names", []))  # not "Africa Cup"
        if hosted or located:
            p = place_of(t, gaz)
        elif named:  # "the Beijing Winter Olympics": a city naming the event
            c = gaz.city_country(t.text)
            p = Place(c, t.text) if c else None
        else:
            p = None
        if p is not None:
            return p
    return None

