"""Legs and itineraries of a trip: places coordinated with the destination ("will visit A, B and
C", "to A on Monday and then to B"), further stops named by itinerary verbs ("a tour that
included A", "a trip that took him to B"), and the earlier visit of "X's first visit to Y since
<date>".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscorpus.extract.dates import clause_tense, governing_verb
from newscorpus.extract.people import People
from newscorpus.extract.places import Place, place_of
from newscorpus.extract.visit_dates import _attach_dates, _dates_for, _to_month
from newscorpus.extract.visit_mention import Mention
from newscorpus.extract.visit_status import _cancelled
from newscorpus.extract.visit_travellers import _noun_traveller
from newscorpus.knowledge import Gazetteer


def _since_visit(m: Mention, spans: list[Any], resolved: dict[int, dict]) -> Mention | None:
    """"X's first visit to Y since October 2019": X was also in Y then (a date, not an event:
    "since the election" names no visit)."""
    trig = m.trigger
    if trig.pos_ != "NOUN" or not any(c.lower_ == "first" for c in trig.children) or not any(
            c.dep_ == "poss" for c in trig.children):
        return None  # only "X's / his first visit": "the first visit by a minister" is another
    for s in spans:
        r = s.root
        if r.dep_ == "pobj" and r.head.lower_ == "since" and r.head.head.i in {
                trig.i, governing_verb(trig).i} and resolved[s.start]["value_start"]:
            past = Mention(trig, "SINCE", m.visitor, m.visitor_type, m.nationality, m.place,
                           m.sent, "past")
            _attach_dates(past, [resolved[s.start]], trig)
            return past
    return None


def _coordinated(tok: Any) -> list[tuple[Any, Any | None]]:
    """Places coordinated with the destination ``tok``: ("A, B and C", None) and conjoined
    prepositions ("to Shanghai on Monday and to Beijing on Tuesday", with their preposition)."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    inside = list(ent) if ent is not None else [tok]  # "the Republic of the Congo, Uganda"
    out: list[tuple[Any, Any | None]] = [(c, None) for t in inside for c in t.conjuncts
                                         if ent is None or not ent.start <= c.i < ent.end]
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is not None and prep.dep_ == "prep":
        for p2 in prep.conjuncts:
            if p2.pos_ != "ADP":
                continue
            for o in p2.children:
                if o.dep_ == "pobj":
                    out.append((o, p2))
                    out.extend((c, p2) for c in o.conjuncts)
    return out


def _legs(place: Place | None, found: list[tuple[str, Any | None]], gaz: Gazetteer,
          spans: list[Any], resolved: dict[int, dict]) -> list[tuple[Place | None, list | None]]:
    """The destinations of one travel predicate: the main one and every place coordinated with
    it, as (place, own dates or None). A coordinated place in the same country is another leg
    only when its own preposition carries its own date."""
    legs: list[tuple[Place | None, list | None]] = [(place, None)]
    seen: set = {place.country, (place.country, place.city)} if place is not None else set()
    preps = [p.head for _, p in found if p is not None and p.dep_ == "pobj"]
    if len(found) > 1 and preps:
        # several destinations, each with its own preposition: the first keeps its own date
        legs[0] = (place, _prep_dates(preps[0], spans, resolved) or None)
    for _, p_tok in found:
        if p_tok is None:
            continue
        extra = [(p_tok, p_tok.head)] if p_tok.head.dep_ == "conj" else []
        for tok, prep in extra + _coordinated(p_tok):
            pl = place_of(tok, gaz)
            if pl is None or not pl.country:
                continue
            if legs[0][0] is None:  # the first place is unknown: the next one leads
                legs[0] = (pl, None)
                seen |= {pl.country, (pl.country, pl.city)}
                continue
            own = None
            if prep is not None:
                own = _prep_dates(prep, spans, resolved) or None
            key = (pl.country, pl.city)
            if key in seen or (pl.country in seen and not pl.city and not own):
                continue
            seen |= {key, pl.country}
            legs.append((pl, own))
    return legs


def _prep_dates(prep: Any, spans: list[Any], resolved: dict[int, dict]) -> list[dict]:
    """Dates of one leg: inside its preposition ("to Beijing on Tuesday"), else in the date
    phrase right after it ("to Moscow in March and to South Africa in August")."""
    def within(tok: Any) -> list[dict]:
        ids = {t.i for t in tok.subtree}
        return [resolved[s.start] for s in spans if s.root.i in ids]

    own = within(prep)
    if own:
        return own
    after = [c for c in prep.head.children if c.i > prep.i]
    if after and after[0].dep_ == "prep" and after[0].lower_ in {"in", "on"}:
        return within(after[0])
    return []


def _trip_noun_of(v: Any, voc: Mapping) -> Any | None:
    """The trip noun that is subject of itinerary verb ``v`` ("the tour included ...", "a trip
    that took him to ...")."""
    nouns = set(voc["travel_nouns"]) | set(voc.get("leg_nouns", []))
    subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None and v.dep_ == "conj" and v.head.pos_ == "VERB":
        return _trip_noun_of(v.head, voc)  # "a tour that took him to France and will end in ..."
    if subj is not None and subj.lower_ in {"that", "which"} and v.dep_ == "relcl":
        subj = v.head
    if subj is None and v.dep_ in {"relcl", "acl"}:
        subj = v.head
    if subj is not None and subj.lemma_.lower() in nouns:
        return subj
    return None


def _itinerary_mentions(doc: Any, people: People, mentions: list[Mention], voc: Mapping,
                        gaz: Gazetteer, spans: list[Any], resolved: dict[int, dict]
                        ) -> list[Mention]:
    """Legs named by an itinerary verb whose subject is a trip: "a tour that included France,
    Italy and Britain", "a trip that also took him to Serbia", "the trip continues to Nigeria".
    The traveller is the person taken ("him"), the trip's owner, or the traveller of the
    nearest visit before; a leg without its own date takes the month of that visit."""
    out: list[Mention] = []
    for v in doc:
        if v.pos_ != "VERB" or v.lemma_.lower() not in voc.get("itinerary_verbs", []):
            continue
        noun = _trip_noun_of(v, voc)
        if noun is None:
            continue
        targets, who = [], None
        for c in v.children:
            if c.dep_ == "dobj":
                if place_of(c, gaz) is not None:
                    targets += [c, *c.conjuncts]
                elif people.at(c) is not None:
                    who = c
            if c.dep_ == "prep" and c.lower_ in set(voc["destination_preps"]):
                for o in c.children:
                    if o.dep_ == "pobj":
                        targets += [o, *[t for t, _ in _coordinated(o)]]
        places = [p for p in (place_of(t, gaz) for t in targets) if p is not None and p.country]
        if not places:
            continue
        src = next((m for m in mentions if m.trigger.i == noun.i), None)
        earlier = [m for m in mentions if m.trigger.i < v.i and m.visitor_type == "person"
                   and v.i - m.trigger.i < 120]
        person = people.at(who) if who is not None else None
        if person is None:
            owner = _noun_traveller(noun)
            person = people.at(owner) if owner is not None else None
        if person is None and src is not None:
            name, nat = src.visitor, src.nationality
        elif person is not None:
            name, nat = person.name, person.nationality
        elif earlier:
            name, nat = earlier[-1].visitor, earlier[-1].nationality
        else:
            continue
        link = src or next((m for m in reversed(earlier) if m.visitor == name), None)
        tense = clause_tense(v)
        if any(a.dep_ == "aux" and a.lower_ in {"has", "have", "had"} for a in v.children):
            tense = "past"  # "a trip that has already taken him to ..."
        own = _dates_for(v, spans, resolved)
        seen: set[str] = set()
        for pl in places:
            if pl.country in seen:
                continue
            seen.add(pl.country)
            m = Mention(v, "ITINERARY", name, "person", nat, pl, v.sent, tense)
            _attach_dates(m, own, v)
            if len(places) > 1:
                _to_month(m)
            m.en_route = tense == "present"  # "the trip continues to ...": not there yet
            m.leg, m.link = True, link
            m.cancelled = _cancelled(v, voc)
            out.append(m)
    return out
