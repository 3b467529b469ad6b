"""Finding visit mentions in one parsed article: the travel predicates the matcher links to a
destination, with their travellers, legs, dates, tense and purpose, then the visits implied by
itineraries, meetings, companions and stand-ins, less the cancelled trips.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscorpus.extract.dates import clause_tense, date_spans, governing_verb, resolve_span
from newscorpus.extract.people import People, clause_subject
from newscorpus.extract.places import attended_place, best_place, place_of
from newscorpus.extract.travel import matcher, vocabulary
from newscorpus.extract.visit_companions import _companion_mentions, _stand_in_mentions
from newscorpus.extract.visit_dates import _attach_dates, _dates_for, _to_month
from newscorpus.extract.visit_legs import _itinerary_mentions, _legs, _since_visit
from newscorpus.extract.visit_meetings import _meeting_mentions
from newscorpus.extract.visit_mention import Mention, _pub, travel_first
from newscorpus.extract.visit_purpose import _purpose
from newscorpus.extract.visit_status import _cancelled, _drop_cancelled, _status
from newscorpus.extract.visit_travellers import (
    _along_with,
    _coincide_travellers,
    _coincide_verb,
    _named,
    _noun_traveller,
    _travellers,
)
from newscorpus.knowledge import gazetteer, knowledge_table


def find_mentions(doc: Any, row: Mapping, voc: Mapping | None = None, *,
                  exclude_outlet: str | None = None) -> list[Mention]:
    """Every visit mention in ``doc`` (before merging within the article).

    ``voc``: the travel vocabulary (default data/travel.yaml); ``exclude_outlet``: hide the
    knowledge-table entries seen only in that outlet (leave-one-outlet-out evaluation).
    """
    voc = dict(voc or vocabulary())
    gaz = gazetteer(exclude_outlet=exclude_outlet)
    people = People(doc, row, vocabulary=vocabulary(), gazetteer=gaz,
                    knowledge=knowledge_table(exclude_outlet=exclude_outlet))
    pub = _pub(row)
    spans = date_spans(doc)
    resolved = {s.start: resolve_span(s, row.get("published")) for s in spans}
    matches = matcher(voc)(doc)
    by_trigger: dict[int, list[tuple[str, Any | None]]] = {}
    for match_id, toks in matches:
        label = doc.vocab.strings[match_id]
        trig = doc[toks[0]]
        place_tok = doc[toks[-1]] if label not in {"ATTEND", "TRIP_NOUN"} else None
        by_trigger.setdefault(trig.i, []).append((label, place_tok))

    mentions: list[Mention] = []
    for i in sorted(by_trigger):
        trig = doc[i]
        found = by_trigger[i]
        places = [(lab, place_of(p, gaz)) for lab, p in found if p is not None]
        places = [(lab, p) for lab, p in places if p is not None]
        if not places and trig.pos_ == "NOUN" and (
                trig.dep_ == "dobj" or (trig.dep_ == "nsubj" and trig.head.lemma_ == "be")):
            # "His most recent foreign trip was to Belarus in December 2022"
            # "has made two foreign trips this year, to Moscow in March and to South Africa"
            for prep in trig.head.children:
                if prep.dep_ == "prep" and prep.lower_ == "to" and prep.i > trig.i:
                    for o in prep.children:
                        pl = place_of(o, gaz) if o.dep_ == "pobj" else None
                        if pl is not None:
                            found.append(("NOUN_PREP_PLACE", o))
                            places.append(("NOUN_PREP_PLACE", pl))
        label = places[0][0] if places else found[0][0]
        place = best_place([p for _, p in places])
        particle = dict(voc.get("particle_verbs", [])).get(trig.lemma_)
        if particle and not any(c.lower_ == particle for c in trig.children):
            continue  # "touch" only as "touch down", "step" only as "step off"
        if label == "ATTEND" and place is None:
            place = attended_place(trig, gaz)
        # who travels
        if trig.pos_ == "NOUN":
            who = _noun_traveller(trig)
        else:
            who = clause_subject(trig)
        if (who is not None and who.lower_ in {"that", "which"} and who.head.dep_ == "relcl"
                and who.head.head.lemma_.lower() in voc["travel_nouns"]):
            # "a tour that included France ... before heading to Canada": the tour's traveller
            who = _noun_traveller(who.head.head)
        travellers = _travellers(who, people) if who is not None else []
        if trig.pos_ in {"VERB", "AUX"}:  # "X will attend, along with officials from ..."
            with_persons = []
            if trig.lemma_ in voc["travel_verbs"]:  # "flew to Washington with Minister X"
                with_persons = [o for c in trig.children if c.dep_ == "prep"
                                and c.lower_ == "with" for o in c.children if o.dep_ == "pobj"
                                and people.by_token.get(o.i) is not None]
            for w in [*_along_with(trig), *with_persons]:
                travellers += _travellers(w, people)
                travellers += [(p.name, "person", p.nationality) for p in _named(w, people)
                               if (p.name, "person", p.nationality) not in travellers]
        co = _coincide_verb(trig) if trig.pos_ == "NOUN" else None
        extra = _coincide_travellers(co, people) if co is not None else []
        # "leaders began arriving in Rome, with X landing shortly before midnight": the subject
        # of a travel verb in an absolute clause on the trigger travels there, on its own date
        date_tok = {}
        for verb, subj in _absolute_travellers(trig, voc):
            for t in _travellers(subj, people):
                if t[1] == "person" and t not in travellers + extra:
                    extra.append(t)
                    date_tok[t] = verb
        near = [trig, *[c for c in trig.children if c.dep_ == "prep"]]
        for c in (c for h in near for c in h.children):
            # "travel to Indonesia ... and then to Thailand", "fly to A on Monday and then to B"
            if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in voc["destination_preps"]:
                found.extend(("VERB_PREP_PLACE", o) for o in c.children if o.dep_ == "pobj")
        legs = _legs(place, found, gaz, spans, resolved)
        main = None
        for k, (name, vtype, nat) in enumerate(travellers + extra):
            for leg_place, leg_dates in legs:
                m = Mention(trig, label, name, vtype, nat, leg_place, trig.sent)
                gov = trig if trig.pos_ in {"VERB", "AUX"} else governing_verb(trig)
                m.tense = clause_tense(gov)
                if (trig.pos_ == "NOUN" and trig.dep_ == "pobj" and m.tense == "present"
                        and trig.head.lower_ in {"after", "since", "following"}):
                    m.tense = "past"  # "the visit comes six weeks after X's trip to Moscow"
                if trig.lemma_ in voc["arrival_verbs"] and any(
                    a.dep_ == "aux" and a.lower_ in {"has", "have"} for a in trig.children
                ):
                    m.tense = "present"  # "has arrived": there at publication
                m.arrival = trig.lemma_ in voc["arrival_verbs"]
                m.en_route = (trig.tag_ == "VBG" and m.tense == "present"
                              and trig.lemma_ in voc.get("en_route_verbs", [])) or (
                    label == "DUE_IN_PLACE")
                own = date_tok.get((name, vtype, nat))
                own_dates = [] if own is None else [
                    d for d in _dates_for(own, spans, resolved) if d["value"]]
                dates = leg_dates if leg_dates is not None else (
                    own_dates or _dates_for(trig, spans, resolved))
                _attach_dates(m, dates, trig)
                if leg_dates is None and len({(lp.country, lp.city) for lp, d in legs
                                              if d is None and lp}) > 1:
                    _to_month(m)  # one date for several places: the month of each leg
                m.purpose = _purpose(trig)
                if k >= len(travellers):
                    m.link = main
                    m.purpose = ""
                elif main is None:
                    main = m
                m.cancelled = _cancelled(trig, voc)
                mentions.append(m)
                last = _since_visit(m, spans, resolved)
                if last is not None:
                    mentions.append(last)
    mentions += _itinerary_mentions(doc, people, mentions, voc, gaz, spans, resolved)
    mentions += _meeting_mentions(doc, people, voc, gaz, spans, resolved, pub)
    _fill_missing_places(mentions)
    mentions = _drop_cancelled(mentions, people, voc)
    live = [m for m in mentions if not m.cancelled]
    live += _companion_mentions(doc, people, live, voc)
    live += _stand_in_mentions(doc, people, mentions, voc, gaz, spans, resolved)
    mentions = live
    mentions = [m for m in mentions if m.place is not None and m.place.country
                and m.place.country != m.nationality]
    # a group of one nationality that a named person of that nationality already represents at
    # the same destination is that person ("officials from ... Russia" at Lavrov's meeting)
    named = {(m.nationality, m.place.country) for m in mentions if m.visitor_type == "person"}
    mentions = [m for m in mentions if m.visitor_type == "person"
                or (m.nationality, m.place.country) not in named]
    for m in mentions:
        m.status = _status(m, pub)
    return mentions


def _absolute_travellers(trig: Any, voc: Mapping) -> list[tuple[Any, Any]]:
    """(verb, subject) of each absolute clause "with X <travel verb>ing" on the trigger verb
    ("..., with X landing shortly before midnight", "with X travelling by train"); a clause of
    another verb ("with X watching from his office") names no traveller."""
    if trig.pos_ not in {"VERB", "AUX"}:
        return []
    moving = set(voc["travel_verbs"]) | set(voc["arrival_verbs"])
    # the tagger sometimes leaves the participle as its own lemma ("landing"): match its form too
    forms = moving | {f"{v}ing" for v in moving} | {f"{v[:-1]}ing" for v in moving
                                                    if v.endswith("e")} \
        | {f"{v}{v[-1]}ing" for v in moving}
    return [(w, subj) for prep in trig.children if prep.dep_ == "prep" and prep.lower_ == "with"
            for w in prep.children if w.dep_ == "pcomp"
            and (w.lemma_.lower() in moving or w.lower_ in forms)
            for subj in w.children if subj.dep_ == "nsubj"]


def _fill_missing_places(mentions: list[Mention]) -> None:
    """A trip word without a destination takes the one of the nearest earlier visit in the same
    sentence, else of the latest visit in the previous sentences, else of a later visit in the
    same sentence ("Muttaqi will
    attend" after "Lavrov is in China for a meeting"; "a visit by Liz Truss" coinciding with
    "Lavrov's trip to the Indian capital"). It is linked to that visit for its dates. A visit
    inferred from a meeting ("fresh from the G20 in Bali, where he held talks") is a source only
    where no travel predicate gives one: it is a side event, not the trip the article follows."""
    own = [m for m in mentions if m.place is not None]
    listed = {id(m.link) for m in mentions if m.pattern == "ITINERARY"}
    for m in mentions:
        if m.place is not None or m.pattern not in {"ATTEND", "TRIP_NOUN"}:
            continue
        same = [o for o in own if o.sent.start == m.sent.start]
        if id(m) in listed:  # a tour whose stops are listed: not the later trip of its sentence
            same = [o for o in same if o.trigger.i < m.trigger.i]
        before = [o for o in same if o.trigger.i < m.trigger.i]
        prev = [o for o in own if o.sent.end <= m.sent.start
                and {o.tense, m.tense} != {"past", "future"}  # another event, not this one
                and len(m.trigger.doc[o.sent.end:m.sent.start]) < 60]
        before, prev = travel_first(before), travel_first(prev)
        if before:
            src = before[-1]
        elif prev:
            src = prev[-1]
        elif same:
            src = same[0]
        else:
            continue
        m.place = src.place
        m.link = src
    for m in mentions:
        if m.link is not None and m.place is None:
            m.place = m.link.place
