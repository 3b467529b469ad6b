"""Visits: who travelled where and when, found with dependency patterns over travel words.

A *visit mention* is a travel predicate (``data/travel.yaml``: arrive/land/travel/visit/be in/
spend ... in, trip/visit to, attend ...) with a traveller (subject, possessor, "by" agent, or a
pronoun/description resolved to a person named earlier in the article: :mod:`.people`) and a
destination (a place in its dependency subtree, resolved to a country with the gazetteer of
:mod:`newscorpus.knowledge`: :mod:`.places`). Mentions of the same visitor, destination country
and compatible dates in one article are merged into one row of :func:`extract_visits` (a leg in
another city of the same country stays a row of its own);
:func:`newscorpus.analysis.timeline.timeline` merges rows across articles.

Beyond one predicate and its place (each class has its phrase list in ``data/travel.yaml``):
coordinated destinations are legs ("will visit A, B and C", "to A on Monday and then to B"; one
shared date gives each leg its month); itinerary verbs whose subject is a trip name further stops
("a tour that included A", "a trip that took him to B"); companions travel with their host
("accompanied by", "joined by", "a delegation that includes", "part of the delegation", "flew
... with"); a meeting in a named foreign place, or under a wire dateline, is the visit of the
party who is abroad, a welcome or a hosting that of the guest; stand-ins ("represented by",
"sending X in his place") go where the absent leader would have; negated, cancelled, postponed
or declined trips are dropped; "X's first visit to Y since <date>" also records the earlier visit.

Status at publication: ``occurred``, ``ongoing`` or ``planned`` from the dates and the tense; a
``planned`` trip every sentence of which credits unnamed sources or a media report ("sources
say", "Reuters reported, citing five sources", "reportedly"; :mod:`.attribution`) is
``reported``; one sentence on record ("his office announced", a named spokesperson) or in the
article's own voice (crediting no one) keeps it ``planned``. The ``attribution`` column gives
the crediting phrases of the row's sentences.

The DependencyMatcher (:mod:`.travel`) finds predicate -> destination links; Python walks the
tree for the traveller, the dates (resolved by :mod:`newscorpus.extract.dates`), the tense and
the purpose. ``exclude_outlet`` (leave-one-outlet-out evaluation) hides the knowledge-table
entries seen only in that outlet's articles from the gazetteer and the people's names; it is an
argument, passed down explicitly, so worker processes see it too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from newscorpus.extract import names as N
from newscorpus.extract.attribution import REPORTED_KINDS, attribution, source_kind
from newscorpus.extract.dates import clause_tense, date_spans, governing_verb, resolve_span
from newscorpus.extract.people import People, clause_subject, nationality
from newscorpus.extract.places import Place, attended_place, best_place, place_of
from newscorpus.extract.travel import matcher, vocabulary
from newscorpus.knowledge import Gazetteer, gazetteer, knowledge_table
from newscorpus.text import paragraph_starts

VISIT_COLUMNS = [
    "doc_id",
    "visitor",  # canonical person name, or a described group ("United States diplomats")
    "visitor_type",  # person | group
    "destination_country",
    "destination_city",  # "" if none named
    "start",  # ISO date (first day) or "" if unknown or known only to the year
    "end",  # ISO date (last day) or "" if unknown
    "precision",  # day | week | month | "" (undated, or a year alone)
    "status",  # reported | planned | ongoing | occurred
    "purpose",
    "evidence",  # the sentence of the best-dated mention
    "trigger",  # travel words of all merged mentions, e.g. "arrive;land"
    "n_mentions",  # mentions merged into this row
    "published",  # ISO date of the article ("" if unknown)
    "date_source",  # text (own date words) | linked (borrowed from the visit it coincides with)
    "attribution",  # whom the mentions' sentences credit ("Reuters reported, citing ..."), "; "
]

#: From least to most advanced: a trip only reported by unnamed sources or the media, announced
#: (planned), under way, over.
STATUS_ORDER = {"reported": 0, "planned": 1, "ongoing": 2, "occurred": 3}
PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "": 9}


# --------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    """One travel predicate with its traveller, destination, dates and tense."""

    trigger: Any
    pattern: str
    visitor: str
    visitor_type: str
    nationality: str
    place: Place | None
    sent: Any
    tense: str = "none"
    start: str = ""
    end: str = ""
    precision: str = ""
    duration_days: int = 0
    purpose: str = ""
    status: str = ""
    link: Any = None  # the mention this one borrowed its destination from
    en_route: bool = False  # "is heading to": travelling now, not there yet
    arrival: bool = False  # an arrival verb: the date starts a stay of unreported length
    leg: bool = False  # one leg of a multi-stop trip: a date borrowed from the trip is its month
    cancelled: bool = False  # negated, cancelled or postponed: kept only to place a stand-in


def _noun_traveller(n: Any) -> Any | None:
    """Traveller of a trip noun: possessor, 'by' agent, or the subject of its verb."""
    for c in n.children:
        if c.dep_ == "poss":
            return c
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return objs[0]
    h = n.head
    if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in n.children):
        return None  # "during the visit": a visit told before, not one by the clause's subject
    if n.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in {"on", "in", "during", "for",
                                                               "after", "before", "following"}:
        return clause_subject(governing_verb(h))
    if n.dep_ == "dobj" and h.lemma_ in {"make", "pay", "begin", "start", "wrap", "end",
                                         "conclude", "finish", "complete"}:
        return clause_subject(h)
    return None


def _group_label(tok: Any, gaz: Gazetteer) -> list[tuple[str, str]]:
    """('United States diplomats', 'United States') for a described group of travellers."""
    voc = vocabulary()
    if tok.lemma_.lower() not in voc["group_nouns"] or tok.pos_ != "NOUN":
        return []
    places: list[str] = []
    for c in tok.subtree:
        if c.ent_type_ in {"GPE", "NORP"} and c.dep_ in {"pobj", "conj", "compound", "amod",
                                                        "nmod", "poss", "appos"}:
            if c.dep_ == "poss" or (c.head.dep_ == "poss"):
                continue  # "the Taliban-led country's neighbors": not the group's nationality
            ent = next((e for e in c.doc.ents if e.start <= c.i < e.end), None)
            if ent is not None and ent.root.i != c.i:
                continue
            c_name = nationality(ent.text if ent is not None else c.text, gaz)
            if c_name and c_name not in places:
                places.append(c_name)
    noun = tok.lemma_.lower() + "s"
    return [(f"{p} {noun}", p) for p in places]


def _dates_for(trigger: Any, spans: list[Any], resolved: dict[int, dict]) -> list[dict]:
    """Resolved date expressions that modify ``trigger`` (its clause, not nested clauses)."""
    def inside(tok: Any, head: Any) -> bool:
        t = tok
        for _ in range(40):
            if t.i == head.i:
                return True
            if t.dep_ in {"advcl", "relcl", "ccomp", "acl"} and t.pos_ in {"VERB", "AUX"} \
                    and not (t.lemma_.lower() in vocabulary().get("start_verbs", [])
                             and t.tag_ == "VBG"):
                return False  # a nested clause, except "starting from Monday"
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    heads = [trigger]
    if trigger.pos_ == "ADJ" and trigger.head.i != trigger.i:
        heads.append(trigger.head)  # "is due in Kyiv on Friday": the date hangs on "is"
    if trigger.pos_ == "NOUN":
        g = governing_verb(trigger)
        if g.i != trigger.i:
            heads.append(g)
    h = trigger
    while h.dep_ == "xcomp" and h.head.i != h.i:  # "On Thursday he is due to host X"
        h = h.head
        heads.append(h)
        if h.pos_ == "ADJ" and h.head.i != h.i:
            heads.append(h.head)

    def since(tok: Any) -> bool:  # "his first visit since 2018": 2018 dates another event
        t = tok
        for _ in range(40):
            if t.lower_ == "since" or any(c.dep_ == "mark" and c.lower_ == "since"
                                          for c in t.children):
                return True
            if t.i == trigger.i or t.head.i == t.i:
                return False
            t = t.head
        return False

    out: list[dict] = []
    for h in heads:
        for s in spans:
            if inside(s.root, h) and not since(s.root) and resolved[s.start] not in out:
                out.append(resolved[s.start])
        if any(d["kind"] in {"date", "period"} for d in out):  # a duration alone: look higher
            break
    return out


def _purpose(trigger: Any) -> str:
    """Short purpose phrase: 'for a series of meetings ...', 'to meet Xi Jinping', the event
    attended, or 'state visit'."""
    def undated(toks: Iterable[Any]) -> list[Any]:
        drop: set[int] = set()
        for t in toks:
            if t.dep_ == "prep" and any(c.ent_type_ in {"DATE", "TIME"} for c in t.children):
                drop |= {x.i for x in t.subtree}
            if t.ent_type_ in {"DATE", "TIME"}:
                drop.add(t.i)
        return [t for t in toks if t.i not in drop]

    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            pobj = next((o for o in c.children if o.dep_ == "pobj" and o.ent_type_ != "DATE"),
                        None)
            if pobj is not None:
                return _short(undated(list(pobj.subtree)))
        if c.dep_ in {"advcl", "xcomp"} and any(a.lower_ == "to" for a in c.children):
            return _short(undated([t for t in c.subtree
                                   if not (t.dep_ == "aux" and t.head.i == c.i)]))
    if trigger.lemma_ in vocabulary()["attend_verbs"]:
        obj = next((c for c in trigger.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return _short(undated([t for t in obj.subtree if t.dep_ not in {"acl", "relcl"}
                                   and t.head.dep_ not in {"acl", "relcl"}]))
    nouns = [trigger] if trigger.pos_ == "NOUN" else [
        o for c in trigger.children if c.dep_ == "prep" for o in c.children
        if o.dep_ == "pobj" and o.lemma_ in vocabulary()["travel_nouns"]]
    for n in nouns:
        mods = [c.lower_ for c in n.children if c.dep_ in {"amod", "compound"}
                and c.lower_ in {"state", "official", "working"}]
        if mods:
            return f"{mods[0]} visit"
    return ""


def _short(toks: Iterable[Any], n: int = 16) -> str:
    """The text of a phrase (as written), cut to ``n`` tokens."""
    toks = sorted((t for t in toks if not t.is_space), key=lambda t: t.i)
    if not toks:
        return ""
    doc = toks[0].doc
    end = min(toks[-1].i + 1, toks[0].i + n)
    text = doc[toks[0].i:end].text.strip(" ,;")
    return text + (" …" if end <= toks[-1].i else "")


def _status(m: Mention, pub: dt.date | None) -> str:
    """planned / ongoing / occurred from resolved dates (when present) and tense."""
    if m.en_route:
        return "planned"  # "is heading to Russia": on the way, the visit has not begun
    recent = int(vocabulary().get("arrival_recent_days", 0))
    if (pub is not None and m.arrival and m.start and m.precision == "day"
            and not m.duration_days and (not m.end or m.end == m.start)
            and 0 <= (pub - dt.date.fromisoformat(m.start)).days <= recent):
        return "ongoing"  # a recent arrival starts a stay whose end the article does not give
    if pub is not None and m.start:
        s = dt.date.fromisoformat(m.start)
        e = dt.date.fromisoformat(m.end) if m.end else s
        if m.tense == "past" and m.precision in {"week", "month", "year"} and s <= pub:
            return "occurred"  # "visited X this month": told as done
        if m.tense == "future" and s >= pub:
            return "planned"
        if e < pub:
            return "occurred"
        if s > pub:
            return "planned"
        return "ongoing" if m.tense != "future" else "planned"
    if m.tense == "future":
        return "planned"
    if m.tense == "present":
        return "ongoing"
    return "occurred"


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
                dates = leg_dates if leg_dates is not None else _dates_for(trig, spans, resolved)
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


def _along_with(v: Any) -> list[Any]:
    """Co-travellers joined by 'along with' / 'together with' to verb ``v``."""
    out = []
    for prep in v.children:
        if prep.dep_ == "prep" and prep.lower_ in {"along", "together"}:
            for w in prep.children:
                if w.dep_ == "prep" and w.lower_ == "with":
                    out.extend(o for o in w.children if o.dep_ == "pobj")
    return out


def _travellers(who: Any, people: People) -> list[tuple[str, str, str]]:
    """(name, person|group, nationality) for the traveller token and its conjuncts."""
    out = []
    for tok in [who, *[c for c in who.children if c.dep_ == "conj"]]:
        p = people.at(tok)
        if p is not None:
            out.append((p.name, "person", p.nationality))
            continue
        for label, nat in _group_label(tok, people.gaz):
            out.append((label, "group", nat))
    return out


def _coincide_verb(trig: Any) -> Any | None:
    """The 'coincide' verb a trip noun is subject of ("X's trip will coincide with ...") or that
    modifies it ("a visit that will coincide with ...")."""
    voc = vocabulary()
    if trig.dep_ in {"nsubj", "nsubjpass"} and trig.head.lemma_ in voc["coincide_verbs"]:
        return trig.head
    for c in trig.children:
        if c.dep_ == "relcl" and c.lemma_ in voc["coincide_verbs"]:
            return c
    return None


def _coincide_travellers(verb: Any, people: People) -> list[tuple[str, str, str]]:
    """Travellers of 'coincide with that/those of X': X travels to the same place and time."""
    out = []
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lower_ in {"that", "those"}:
                    for of in pobj.children:
                        if of.dep_ == "prep" and of.lower_ == "of":
                            for who in of.children:
                                if who.dep_ == "pobj":
                                    out.extend(_travellers(who, people))
    return out


def _attach_dates(m: Mention, found: list[dict], trig: Any) -> None:
    voc = vocabulary()
    points = [d for d in found if d["kind"] in {"date", "period"} and d["value_start"]]
    durs = [d for d in found if d["kind"] == "duration" and d["value"].endswith("D")]
    if points:
        best = min(points, key=lambda d: PRECISION_ORDER.get(d["precision"], 9))
        is_end = trig.head.lemma_ in voc["end_verbs"] or trig.lemma_ in voc["end_verbs"]
        if is_end:
            m.end, m.precision = best["value_end"], best["precision"]
        else:
            m.start, m.end, m.precision = best["value_start"], best["value_end"], best["precision"]
    if durs:
        m.duration_days = int(durs[0]["value"][1:-1])
    # trip-noun compounds elsewhere in the clause: "his two-day trip", "for a two-day meeting"
    if not m.duration_days:
        for t in trig.sent:
            if t.ent_type_ == "DATE" and t.text.lower().endswith("-day") and (
                trig.i in {t.head.i, t.head.head.i, t.head.head.head.i}
            ):
                d = resolve_span(t.doc[t.i:t.i + 1], None)
                if d["kind"] == "duration":
                    m.duration_days = int(d["value"][1:-1])


def _fill_missing_places(mentions: list[Mention]) -> None:
    """A trip word without a destination takes the one of the nearest earlier visit in the same
    sentence, else of the latest visit in the previous sentences, else of a later visit in the
    same sentence ("Muttaqi will
    attend" after "Lavrov is in China for a meeting"; "a visit by Liz Truss" coinciding with
    "Lavrov's trip to the Indian capital"). It is linked to that visit for its dates."""
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


# --------------------------------------------------------------------------- legs, itineraries


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


def _to_month(m: Mention) -> None:
    """Widen a day or week date to its month (a leg of a trip whose split is not stated)."""
    if not m.start or m.precision not in {"day", "week"}:
        return
    first = dt.date.fromisoformat(m.start).replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    m.start, m.end, m.precision = first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat(), \
        "month"
    m.duration_days = 0


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


# --------------------------------------------------------------------------- meetings, hosts


def _named(tok: Any, people: People, skip_clauses: bool = False) -> list[Any]:
    """Persons named (not pronouns) in the subtree of ``tok``, in order, each once (with
    ``skip_clauses``, not inside a clause or phrase hanging on it: "a day after talks with")."""
    out, seen = [], set()
    nested: set[int] = set()
    if skip_clauses:
        for t in tok.subtree:
            if t.i != tok.i and (t.pos_ in {"VERB", "AUX"} or t.dep_ == "prep"):
                nested |= {x.i for x in t.subtree}
    for t in tok.subtree:
        if t.i in nested:
            continue
        p = people.by_token.get(t.i)
        if p is not None and p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out


def _with_persons(v: Any, people: People) -> list[Any]:
    """Persons met: direct objects and 'with' objects of ``v`` or of its object ("held talks
    with X"), with their conjuncts."""
    heads = [v, *[c for c in v.children if c.dep_ == "dobj"]]
    toks = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "dobj" and h is v:
                toks += [c, *c.conjuncts]
            if c.dep_ == "prep" and c.lower_ == "with":
                for o in c.children:
                    if o.dep_ == "pobj":
                        toks += [o, *o.conjuncts]
    out = []
    for t in toks:
        p = people.at(t) if t.pos_ != "PRON" else None
        if p is not None and p not in out:
            out.append(p)
        for q in _named(t, people, skip_clauses=True):  # "X, Y, Z and W" parsed as appositions
            if q not in out:
                out.append(q)
    return out


def _dateline_place(doc: Any, gaz: Gazetteer) -> Place | None:
    """The city of a wire dateline opening one of the first paragraphs ("XI'AN, May 18
    (Xinhua) --"): where the story was filed, the place of a meeting it reports without one."""
    for start in paragraph_starts(doc.text)[:3]:
        m = N.DATELINE.match(doc.text, start)
        if m is None:
            continue
        city = N.titled(m.group("city")) if m.group("city").isupper() else m.group("city")
        country = N.country_of(city)
        if country:
            return Place(country)
        country = gaz.city_country(city)
        return Place(country, city) if country else None
    return None


def _meeting_mentions(doc: Any, people: People, voc: Mapping, gaz: Gazetteer,
                      spans: list[Any], resolved: dict[int, dict],
                      pub: dt.date | None = None) -> list[Mention]:
    """Visits implied by a meeting or a welcome in a named foreign place: "X met Y in Beijing"
    (X travelled when X is foreign there, or Y when X is at home), "X welcomed Y to Riyadh",
    "X hosted Y in Moscow" (Y travelled)."""
    meet_verbs = set(voc.get("meeting_verbs", []))
    hold_verbs = set(voc.get("meeting_hold_verbs", []))
    meet_nouns = set(voc.get("meeting_nouns", []))
    host_verbs = set(voc.get("host_verbs", []))
    out: list[Mention] = []
    for v in doc:
        if v.pos_ != "VERB":
            continue
        lem = v.lemma_.lower()
        dobjs = [c for c in v.children if c.dep_ == "dobj"]
        meet = lem in meet_verbs or (lem in hold_verbs and any(
            d.lemma_.lower() in meet_nouns for d in dobjs))
        host = lem in host_verbs
        if not (meet or host):
            continue
        place = None
        withs = [o for h in [v, *dobjs] for c in h.children if c.dep_ == "prep"
                 and c.lower_ == "with" for o in c.children if o.dep_ == "pobj"]
        for h in [v, *dobjs, *withs]:  # "... holding talks with Xi Jinping in Beijing"
            for prep in h.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "to", "at"}:
                    for o in prep.children:
                        if o.dep_ == "pobj" and place is None:
                            place = place_of(o, gaz)
        if place is None and v.dep_ == "relcl" and any(
                t.lower_ == "where" for t in v.subtree if t.i < v.i):
            place = place_of(v.head, gaz)  # "flew in from Cabo Verde, where he met X"
        on_dateline = False
        remote = set(voc.get("remote_words", []))
        if place is None and not any(t.lower_ in remote for t in v.sent):
            place = _dateline_place(doc, gaz)  # "XI'AN, May 18 (Wire) -- Xi met X, Y and Z"
            on_dateline = place is not None
            if place is not None and any(d["kind"] in {"date", "period"}
                                         for d in _dates_for(v, spans, resolved)):
                place = None  # a dated meeting may be any other day, anywhere
        if place is None or not place.country:
            continue
        subj = clause_subject(v)
        hosts = []
        if subj is not None:
            for t in [subj, *subj.conjuncts]:
                p = people.at(t)
                if p is not None:
                    hosts.append(p)
        guests = _with_persons(v, people)
        if host:
            visitors = [g for g in guests if g.nationality != place.country]
        else:
            visitors = [h for h in hosts if (h.nationality and h.nationality != place.country)
                        or (not h.nationality
                            and any(g.nationality == place.country for g in guests))]
            home = bool(hosts) and all(h.nationality == place.country for h in hosts)
            if not hosts and subj is not None:  # an unnamed or untagged host: "Kazakh President"
                home = any(N.demonyms().get(t.text) == place.country for t in subj.subtree)
            if home:
                visitors += [g for g in guests
                             if g.nationality and g.nationality != place.country]
        for p in visitors:
            m = Mention(v, "MEETING", p.name, "person", p.nationality, place, v.sent,
                        clause_tense(v))
            _attach_dates(m, _dates_for(v, spans, resolved), v)
            if on_dateline and pub is not None and m.tense != "future":
                m.start = m.end = pub.isoformat()  # the day of the dateline's report
                m.precision = "day"
            m.cancelled = _cancelled(v, voc)
            out.append(m)
    return out


# --------------------------------------------------------------------------- companions


def _host_mention(name: str, sent: Any, live: list[Mention]) -> Mention | None:
    """The visit of ``name`` a companion sentence refers to: in the same sentence, else the
    latest before it, else the first after it."""
    own = [m for m in live if m.visitor == name and m.place is not None
           and m.pattern != "SINCE"]
    main = [m for m in own if not m.leg]  # a trip's own stops before the legs it lists
    own = main or own
    same = [m for m in own if m.sent.start == sent.start]
    before = [m for m in own if m.sent.start < sent.start]
    before = [m for m in before if m.start] or before  # the dated account of the trip
    after = [m for m in own if m.sent.start > sent.start]
    return (same or before[-1:] or after[:1] or [None])[0]


def _spouse_name(p: Any, doc: Any, people: People, voc: Mapping) -> str:
    """"his wife Brigitte": a spouse named by a given name alone takes the surname of the
    person whose spouse she or he is (a name of two words or more is kept as written)."""
    if len(p.name.split()) > 1:
        return p.name
    spouse = set(voc.get("spouse_nouns", []))
    for i in p.mentions:
        t = doc[i]
        # "his wife, Brigitte" (apposition) or "his wife Brigitte" (compound)
        noun = t.head if t.dep_ == "appos" else next(
            (c for c in t.children if c.dep_ == "compound" and c.lemma_.lower() in spouse), t)
        if noun.lemma_.lower() in spouse:
            owner = next((c for c in [*noun.children, *t.children] if c.dep_ == "poss"), None)
            q = people.at(owner) if owner is not None else None
            if q is not None and q.name != p.name:
                return f"{p.name} {q.surname}"
    return p.name


def _companion_mentions(doc: Any, people: People, live: list[Mention],
                        voc: Mapping) -> list[Mention]:
    """Companions travel with the host: "X is accompanied by A and B", "X, accompanied by A",
    "X was joined by A", "a delegation that includes A", "A is part of the delegation"."""
    comp_verbs = set(voc.get("companion_verbs", []))
    party = set(voc.get("delegation_nouns", []))
    out: list[Mention] = []
    for v in doc:
        pairs: list[tuple[Any, list]] = []  # (host token, companions)
        if v.lemma_.lower() in comp_verbs and v.pos_ == "VERB":
            agent = [c for c in v.children if c.dep_ == "agent"]
            if not agent:
                continue
            comps = [p for a in agent for p in _named(a, people)]
            host_tok = v.head if v.dep_ == "acl" else clause_subject(v)
            pairs.append((host_tok, comps))
        elif (v.lemma_.lower() in set(voc.get("host_verbs", [])) | {"greet"}
              and any(c.dep_ == "nsubjpass" for c in v.children)):
            # "X and his wife Y were greeted by ...": guests together, one visit
            subj = next(c for c in v.children if c.dep_ == "nsubjpass")
            group = _named(subj, people, skip_clauses=True)  # "Xi and his wife Peng Liyuan"
            if len(group) > 1:
                pairs.append((subj, group[1:]))
        elif v.lemma_.lower() in party and v.pos_ == "NOUN":
            if v.head.lower_ == "of" and v.head.head.lemma_.lower() == "part":
                # "A, B and C are also part of the delegation": the subject travels
                subj = clause_subject(governing_verb(v.head.head))
                comps = [] if subj is None else [
                    p for t in [subj, *subj.conjuncts] for p in [people.at(t)] if p is not None]
                pairs.append((None, comps))
            elif v.head.dep_ != "agent":  # "accompanied by a delegation ...": done above
                pairs.append((clause_subject(governing_verb(v)), _named(v, people)))
        for host_tok, comps in pairs:
            host = people.at(host_tok) if host_tok is not None else None
            if host is not None:
                src = _host_mention(host.name, v.sent, live)
            else:  # the delegation of the latest visit before
                prior = [m for m in live if m.trigger.i < v.i and m.visitor_type == "person"
                         and m.place is not None and not m.leg and m.pattern != "SINCE"]
                src = prior[-1] if prior else None
            if src is None:
                continue
            for p in comps:
                if p.name == src.visitor:
                    continue
                m = Mention(v, "COMPANION", _spouse_name(p, doc, people, voc), "person",
                            p.nationality, src.place,
                            v.sent, src.tense, src.start, src.end, src.precision,
                            src.duration_days, src.purpose, "", src, src.en_route, src.arrival)
                out.append(m)
    return out


# --------------------------------------------------------------------------- cancelled trips


def _cancelled(trig: Any, voc: Mapping) -> bool:
    """A negated, cancelled, postponed or declined trip: "will not travel", "postponed his
    visit", "declined an invitation to visit", "had no plans to travel", "did not make the
    trip"."""
    cancel = set(voc.get("cancel_verbs", []))
    phrases = {tuple(p) for p in voc.get("cancel_phrases", [])}
    t = trig
    for _ in range(6):
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return True
        lem = t.lemma_.lower()
        if t.pos_ == "VERB" and (lem in cancel or any(
                (lem, c.lower_) in phrases for c in t.children if c.dep_ == "prt")):
            return True
        if t.dep_ not in {"xcomp", "dobj", "pobj", "prep", "acl", "compound", "pcomp",
                          "advcl", "nsubj", "nsubjpass"} or t.head.i == t.i:
            return False
        t = t.head
    return False


def _drop_cancelled(mentions: list[Mention], people: People, voc: Mapping) -> list[Mention]:
    """Mark as cancelled every mention of a cancelled trip's visitor and country in the same
    sentence, and every mention in a sentence where its visitor calls off an unnamed trip
    ("pledged to travel to Africa but did not make the trip")."""
    off = {(m.visitor, m.sent.start, m.place.country) for m in mentions
           if m.cancelled and m.place is not None}
    nouns = set(voc["travel_nouns"])
    off_all = set()
    for m in mentions:
        for t in m.sent:
            if t.lemma_.lower() in nouns and t.dep_ == "dobj" and _cancelled(t, voc):
                who = clause_subject(t.head)
                p = people.at(who) if who is not None else None
                if p is not None:
                    off_all.add((p.name, m.sent.start))
    for m in mentions:
        if m.place is not None and ((m.visitor, m.sent.start, m.place.country) in off
                                    or (m.visitor, m.sent.start) in off_all):
            m.cancelled = True
    return mentions


def _stand_in_mentions(doc: Any, people: People, mentions: list[Mention], voc: Mapping,
                       gaz: Gazetteer, spans: list[Any], resolved: dict[int, dict]
                       ) -> list[Mention]:
    """Stand-ins travel where the absent leader would have: "will be represented by X",
    "sending X in his place". The destination is that of the event skipped in the same
    sentence, else of the nearest trip mentioned before (kept or cancelled)."""
    cancel = set(voc.get("cancel_verbs", []))
    out: list[Mention] = []
    for v in doc:
        lem = v.lemma_.lower()
        reps: list = []
        if lem in voc.get("represent_verbs", []):
            reps = [p for a in v.children if a.dep_ == "agent" for p in _named(a, people)]
        elif lem in voc.get("send_verbs", []) and (
                any(c.lower_ == "instead" for c in v.children)
                or any(c.dep_ == "prep" and any(o.lower_ == "place" for o in c.children)
                       for c in v.children)):
            reps = [p for d in v.children if d.dep_ == "dobj" for p in _named(d, people)]
        if not reps:
            continue
        place, src = None, None
        for cv in v.sent:
            if cv.lemma_.lower() in cancel and cv.pos_ == "VERB":
                place = attended_place(cv, gaz)
                if place is not None:
                    src = Mention(cv, "", "", "", "", place, v.sent, clause_tense(cv))
                    _attach_dates(src, _dates_for(cv, spans, resolved), cv)
                    break
        if place is None:
            prior = [m for m in mentions if m.trigger.i < v.i and m.place is not None
                     and v.i - m.trigger.i < 250]
            if not prior:
                continue
            src = prior[-1]
            place = src.place
        tense = clause_tense(v)
        for p in reps:
            m = Mention(v, "STAND_IN", p.name, "person", p.nationality, place, v.sent,
                        tense, src.start, src.end, src.precision)
            m.en_route = tense != "past"
            out.append(m)
    return out


def _pub(row: Mapping) -> dt.date | None:
    p = row.get("published")
    if p is None or pd.isna(p):
        return None
    return pd.Timestamp(p).date()


# --------------------------------------------------------------------------- merging


def interval(start: str, end: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of an ISO start/end pair (None when both are empty)."""
    if not start and not end:
        return None
    s = dt.date.fromisoformat(start or end)
    e = dt.date.fromisoformat(end or start)
    return s, e


def compatible(a: tuple | None, b: tuple | None) -> bool:
    """True when two intervals overlap, or when either is unknown."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def merge_mentions(mentions: list[Mention], row: Mapping) -> list[dict]:
    """Merge mentions of one article: same visitor + country + compatible dates (and no other
    city) = one row."""
    groups: list[list[Mention]] = []
    for m in mentions:
        iv = interval(m.start, m.end)
        home = None
        for g in groups:
            if (g[0].visitor, g[0].place.country) != (m.visitor, m.place.country):
                continue
            if m.place.city and any(o.place.city and o.place.city != m.place.city for o in g):
                continue  # another city of the same country: another leg, with its own dates
            if (m.tense == "past" and not m.start and all(o.tense == "future" for o in g)) or (
                    m.tense == "future" and all(o.tense == "past" and not o.start for o in g)):
                continue  # "when he visited X" (undated) is not the trip that "will take him"
            if (m.tense == "future" and m.place.city and m.pattern == "VERB_PREP_PLACE"
                    and m.trigger.lemma_ in vocabulary().get("onward_verbs", [])
                    and any(o.tense == "past" for o in g)):
                continue  # "arrived in Iraq ... is to travel on to Erbil": the next leg
            if all(compatible(iv, interval(o.start, o.end)) for o in g):
                home = g
                break
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    pub = _pub(row)
    rows = []
    for g in groups:
        rows.append(_merge_group(g, pub, row))
    # a visit that borrowed its destination ("Muttaqi will attend", "that of Daleep Singh")
    # takes the dates of the visit it is linked to, when it has none of its own
    where = {id(m): k for k, g in enumerate(groups) for m in g}
    for k, g in enumerate(groups):
        r = rows[k]
        if r["start"] or r["end"]:
            continue
        src = next((m.link for m in g if m.link is not None and id(m.link) in where), None)
        if src is None:
            continue
        s_row = rows[where[id(src)]]
        if s_row["start"] or s_row["end"]:
            probe = Mention(g[0].trigger, "", "", "", "", None, None, g[0].tense,
                            s_row["start"], s_row["end"], s_row["precision"],
                            en_route=any(m.en_route for m in g))
            if any(m.leg for m in g):
                _to_month(probe)  # a leg of the trip: only its month is known
            r["start"], r["end"], r["precision"] = probe.start, probe.end, probe.precision
            r["status"] = _status(probe, pub)
            r["date_source"] = "linked"
    # an undated further stop of the trip under way ("he will then travel to Xi'an") lies in
    # the month of that trip: the same visitor and country, dated, not yet over
    for r in rows:
        if r["start"] or r["end"] or r["status"] not in {"planned", "ongoing"}:
            continue
        cur = [o for o in rows if o is not r and (o["visitor"], o["destination_country"]) == (
            r["visitor"], r["destination_country"]) and o["start"]
            and o["status"] in {"planned", "ongoing"}]
        if cur:
            probe = Mention(None, "", "", "", "", None, None, "", cur[0]["start"],
                            cur[0]["end"], cur[0]["precision"])
            _to_month(probe)
            r["start"], r["end"], r["precision"] = probe.start, probe.end, probe.precision
            r["date_source"] = "linked"
    for g, r in zip(groups, rows, strict=True):
        # every sentence about the trip credits unnamed sources or a media report (a sentence
        # crediting no one is the article's own voice; one on record is an announcement)
        if r["status"] == "planned" and all(_source_kind(m) in REPORTED_KINDS for m in g):
            r["status"] = "reported"
    return sorted(rows, key=lambda r: not (r["start"] or r["end"]))  # undated rows last


#: A list bullet after a full stop starts a new sentence even where the parser ran two together.
_BULLET_BREAK = re.compile(r"(?<=[.!?])\s+[-–—•*]\s+")


def _attribution(m: Mention) -> str:
    """Whom the sentence of a mention credits ("" for none): the part of the sentence holding
    the trigger, when a list bullet splits it ("... pilots. - Media reported that X may ...")."""
    if m.sent is None:
        return ""
    text = m.sent.text
    at = m.trigger.idx - m.sent.start_char if m.trigger is not None else 0
    start = 0
    for br in _BULLET_BREAK.finditer(text):
        if br.end() <= at:
            start = br.end()
        else:
            text = text[:br.start()]
            break
    return attribution(text[start:])


def _source_kind(m: Mention) -> str:
    """named / unnamed / official / media / other / "" for the attribution of a mention."""
    if m.sent is None:
        return ""
    persons = [e.text for e in m.sent.ents if e.label_ == "PERSON"]
    return source_kind(_attribution(m), persons)


def _merge_group(g: list[Mention], pub: dt.date | None, row: Mapping) -> dict:
    """One visit row from the mentions of one article grouped together."""
    if True:
        dated = sorted((o for o in g if o.start or o.end),
                       key=lambda o: (PRECISION_ORDER.get(o.precision, 9), o.trigger.i))
        best = dated[0] if dated else g[0]
        start, end, prec = best.start, best.end, best.precision
        ends = [o.end for o in dated if o.end and not o.start]
        if not start and ends:
            end = ends[0]
        dur = max((o.duration_days for o in g), default=0)
        if start and dur and prec == "day":
            end = (dt.date.fromisoformat(start) + dt.timedelta(days=dur - 1)).isoformat()
        elif not start and end and dur and best.precision == "day":
            # "wrapped up a four-day visit on Wednesday": it began three days before
            start = (dt.date.fromisoformat(end) - dt.timedelta(days=dur - 1)).isoformat()
            prec = "day"
        elif not start and not end and pub and any(o.tense == "present" for o in g):
            # "is in China": the visitor is there at publication
            start = end = pub.isoformat()
            prec = "day"
            if dur:
                end = (pub + dt.timedelta(days=dur - 1)).isoformat()
        merged = Mention(best.trigger, best.pattern, best.visitor, best.visitor_type,
                         best.nationality, best.place, best.sent, best.tense, start, end, prec,
                         duration_days=dur, en_route=best.en_route, arrival=best.arrival)
        statuses = {o.status for o in g}
        if start:
            merged.status = _status(merged, pub)
            if merged.status == "planned" and statuses & {"ongoing"}:
                merged.status = "ongoing"
        else:
            merged.status = ("ongoing" if "ongoing" in statuses else
                             "occurred" if "occurred" in statuses else "planned")
        city = next((o.place.city for o in g if o.place.city), "")
        if prec == "year":  # a year alone names no first day: not stored (status kept)
            start = end = ""
        return {
            "doc_id": row.get("doc_id", ""),
            "visitor": best.visitor,
            "visitor_type": best.visitor_type,
            "destination_country": best.place.country,
            "destination_city": city,
            "start": start,
            "end": end,
            "precision": prec if (start or end) else "",
            "status": merged.status,
            "purpose": next((o.purpose for o in g if o.purpose), ""),
            "evidence": " ".join(best.sent.text.split()),
            "trigger": ";".join(dict.fromkeys(o.trigger.lemma_.lower() for o in g)),
            "n_mentions": len(g),
            "published": pub.isoformat() if pub else "",
            "date_source": "text" if (start or end) else "",
            "attribution": "; ".join(dict.fromkeys(
                a for o in sorted(g, key=lambda o: o.sent.start if o.sent is not None else 0)
                if (a := _attribution(o)))),
        }


def extract_visits(doc: Any, row: Mapping, vocab: Mapping | None = None, *,
                   exclude_outlet: str | None = None) -> list[dict]:
    """Visits mentioned in one article (per-document extractor; see module docstring).

    ``vocab`` replaces the travel vocabulary and ``exclude_outlet`` hides that outlet's
    knowledge-table entries (both for the leave-one-outlet-out check).
    """
    return merge_mentions(find_mentions(doc, row, vocab, exclude_outlet=exclude_outlet), row)
