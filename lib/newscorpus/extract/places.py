"""Destinations: the place a travel predicate points at, resolved to a country (and city).

Names are looked up in a :class:`newscorpus.knowledge.Gazetteer` passed in by the caller (so a
leave-one-outlet-out run can use one built without the held-out outlet's knowledge entries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newscorpus.extract.travel import vocabulary
from newscorpus.knowledge import Gazetteer

# entity types a mistyped place never has ("Kyiv" may be tagged PERSON; "March" is a DATE)
NOT_PLACES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}
#: Prepositions that put a building, site or region inside a larger place.
LOCATING_PREPS = ("in", "on", "at", "near", "outside", "of")
POSSESSIVE = re.compile(r"\s*['’]s$")


@dataclass
class Place:
    """A resolved destination."""

    country: str
    city: str = ""


def place_of(tok: Any, gaz: Gazetteer, depth: int = 0) -> Place | None:
    """Resolve the destination named at ``tok`` (a GPE/LOC, 'the city of X', 'the Indian
    capital', 'Beijing, China') with the gazetteer ``gaz``; a building, site or region that is
    no place of its own is resolved through the place it lies in (``_inside``)."""
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
        return _inside(tok, gaz, depth)
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if tok.ent_type_ not in {"GPE", "LOC", "FAC"}:
        if tok.ent_type_ in NOT_PLACES:
            return None  # "in March" is a date, not a town of that name
        if tok.pos_ != "PROPN":  # "a steel plant in Germany's Ruhr region"
            return _inside(tok, gaz, depth)
        # in a destination slot, trust the gazetteer over a mistyped proper noun ("visit Kyiv"
        # with Kyiv tagged PERSON); the name must match a country or city exactly
        name = _bare(ent.text if ent is not None else tok.text)
        c = gaz.country_name(name)
        if c:
            return Place(c)
        c = gaz.city_country(name)
        if c:
            return Place(c, name)
        # "Al-Yamamah Palace in Riyadh" (a palace tagged ORG); never a person's
        return None if tok.ent_type_ == "PERSON" else _inside(tok, gaz, depth)
    if ent is None:
        return None
    # a place inside a longer name is read on its own ("the Great Hall of the People in Beijing")
    own = ent if ent.root.i == tok.i else tok.doc[tok.left_edge.i:tok.i + 1]
    name = _bare(own.text)
    c = gaz.country_name(name)
    if c:
        return Place(c)
    if ent.label_ == "LOC":
        # a region or continent ("Africa", "sub-Saharan Africa") is no town; one of a country
        # ("the French Alps", "Russia's Far East") is in that country
        return _inside(tok, gaz, depth)
    c = gaz.city_country(name)
    if c:
        # "Beijing, China": an appositive country confirms/overrides the gazetteer's choice
        for ap in ent.root.children:
            if ap.dep_ == "appos" and ap.ent_type_ == "GPE":
                c2 = gaz.country_name(ap.text)
                if c2:
                    c = c2
        return Place(c, name)
    return _inside(tok, gaz, depth)  # "the Elysee Palace in Paris", "Saudi Arabia's Eastern Province"


def _bare(text: str) -> str:
    """An entity's text as a place name: without the list comma, a leading "the" and a
    possessive "'s" ("Saudi Arabia's Eastern Province")."""
    text = POSSESSIVE.sub("", text.strip(" ,;:."))
    return text[4:] if text.lower().startswith("the ") else text


def _inside(tok: Any, gaz: Gazetteer, depth: int) -> Place | None:
    """The place that a building, site or region at ``tok`` lies in, when it names none of its
    own: a region of a country named by a possessive or a nationality ("Germany's Ruhr region",
    "Spain's southern coast", "the French Alps"), else the object of a locating preposition
    ("the Elysee Palace in Paris", "a summit venue on the coast of ...", "the Great Hall of the
    People in Beijing"; "of" last). The possessive counts only for a region word or a named
    place (or an untagged proper noun: "the Italian Dolomites"), never for an office abroad
    ("China's embassy"). The object of "for" is a purpose,
    not a site: "arrived in Bangkok for the summit, fresh from the G20 in Bali" is no trip to
    Bali."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "for":
        return None
    region = (tok.ent_type_ in {"GPE", "LOC", "FAC"} or (tok.pos_ == "PROPN" and not tok.ent_type_)
              or tok.lemma_.lower() in vocabulary().get("region_nouns", []))
    if region:
        for mod in tok.children:
            if mod.dep_ == "poss":
                p = place_of(mod, gaz, depth + 1)
                if p is not None:
                    return p
            if mod.dep_ in {"amod", "compound"} and mod.ent_type_ == "NORP":
                c = gaz.nationality_country(mod.text)
                if c:
                    return Place(c)
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in LOCATING_PREPS]
    for prep in sorted(preps, key=lambda c: c.lower_ == "of"):
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                p = place_of(pobj, gaz, depth + 1)
                if p is not None:
                    return p
    return None


def best_place(places: list[Place]) -> Place | None:
    """The first destination that names a city, else the first one."""
    if not places:
        return None
    with_city = [p for p in places if p.city]
    return with_city[0] if with_city else places[0]


def _verb_site(trig: Any, obj: Any) -> list[Any]:
    """The places in an "in"/"at" phrase the parser hung on the verb after its object ("attended
    the funeral in Paris": where the funeral was, as "a summit in Delhi")."""
    return [o for prep in trig.children if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}
            and prep.i > obj.i for o in prep.children if o.dep_ == "pobj"]


def attended_place(trig: Any, gaz: Gazetteer) -> Place | None:
    """Destination of an attended event: 'meetings hosted by China', 'the Beijing Winter
    Olympics', 'a summit in Delhi', 'attended the funeral in Paris' (not the topic: 'meetings
    on Afghanistan')."""
    obj = next((c for c in trig.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for t in [*obj.subtree, *_verb_site(trig, obj)]:
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

