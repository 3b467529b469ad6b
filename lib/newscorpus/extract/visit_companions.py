"""Companions and stand-ins: people who travel with a visitor ("accompanied by", "joined by", "a
delegation that includes", "his wife Brigitte") or in the place of an absent one ("represented
by", "sending X in his place").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscorpus.extract.dates import clause_tense, governing_verb
from newscorpus.extract.people import People, clause_subject
from newscorpus.extract.places import attended_place
from newscorpus.extract.visit_dates import _attach_dates, _dates_for
from newscorpus.extract.visit_mention import Mention, travel_first
from newscorpus.extract.visit_travellers import _named
from newscorpus.knowledge import Gazetteer


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
            prior = travel_first([m for m in mentions if m.trigger.i < v.i and m.place is not None
                                  and v.i - m.trigger.i < 250])
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
