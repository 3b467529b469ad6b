"""Visits implied by meetings: a meeting in a named foreign place (or under a wire dateline) is
the visit of the party who is abroad; a welcome or a hosting is that of the guest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from newscorpus.extract import names as N
from newscorpus.extract.dates import clause_tense
from newscorpus.extract.people import People, clause_subject
from newscorpus.extract.places import Place, place_of
from newscorpus.extract.visit_dates import _attach_dates, _dates_for
from newscorpus.extract.visit_mention import Mention
from newscorpus.extract.visit_status import _cancelled
from newscorpus.extract.visit_travellers import _named
from newscorpus.knowledge import Gazetteer
from newscorpus.text import paragraph_starts


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
