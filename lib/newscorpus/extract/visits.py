"""Visits: who travelled where and when, found with dependency patterns over travel words.

A *visit mention* is a travel predicate (``data/travel.yaml``: arrive/land/travel/visit/be in/
spend ... in, trip/visit to, attend ...) with a traveller (subject, possessor, "by" agent, or a
pronoun/description resolved to a person named earlier in the article: :mod:`.people`) and a
destination (a place in its dependency subtree, resolved to a country with the gazetteer of
:mod:`newscorpus.knowledge`: :mod:`.places`). Mentions of the same visitor, destination country
and compatible dates in one article are merged into one row of :func:`extract_visits`;
:func:`newscorpus.analysis.timeline.timeline` merges rows across articles.

The DependencyMatcher (:mod:`.travel`) finds predicate -> destination links; Python walks the
tree for the traveller, the dates (resolved by :mod:`newscorpus.extract.dates`), the tense and
the purpose. ``exclude_outlet`` (leave-one-outlet-out evaluation) hides the knowledge-table
entries seen only in that outlet's articles from the gazetteer and the people's names; it is an
argument, passed down explicitly, so worker processes see it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from newscorpus.extract.dates import clause_tense, date_spans, governing_verb, resolve_span
from newscorpus.extract.people import People, clause_subject
from newscorpus.extract.places import Place, attended_place, best_place, place_of
from newscorpus.extract.travel import matcher, vocabulary
from newscorpus.knowledge import Gazetteer, gazetteer, knowledge_table

VISIT_COLUMNS = [
    "doc_id",
    "visitor",  # canonical person name, or a described group ("United States diplomats")
    "visitor_type",  # person | group
    "destination_country",
    "destination_city",  # "" if none named
    "start",  # ISO date (first day) or "" if unknown
    "end",  # ISO date (last day) or "" if unknown
    "precision",  # day | week | month | year | "" (undated)
    "status",  # planned | ongoing | occurred
    "purpose",
    "evidence",  # the sentence of the best-dated mention
    "trigger",  # travel words of all merged mentions, e.g. "arrive;land"
    "n_mentions",  # mentions merged into this row
    "published",  # ISO date of the article ("" if unknown)
    "date_source",  # text (own date words) | linked (borrowed from the visit it coincides with)
]

STATUS_ORDER = {"planned": 0, "ongoing": 1, "occurred": 2}
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
    if n.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in {"on", "in", "during", "for"}:
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
            c_name = gaz.nationality_country(ent.text if ent is not None else c.text)
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
            if t.dep_ in {"advcl", "relcl", "ccomp", "acl"} and t.pos_ in {"VERB", "AUX"}:
                return False
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    heads = [trigger]
    if trigger.pos_ == "NOUN":
        g = governing_verb(trigger)
        if g.i != trigger.i:
            heads.append(g)
    out = []
    for h in heads:
        for s in spans:
            if inside(s.root, h):
                out.append(resolved[s.start])
        if out:
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
        label = places[0][0] if places else found[0][0]
        place = best_place([p for _, p in places])
        if trig.lemma_ == "touch" and not any(c.lower_ == "down" for c in trig.children):
            continue
        if label == "ATTEND" and place is None:
            place = attended_place(trig, gaz)
        # who travels
        if trig.pos_ == "NOUN":
            who = _noun_traveller(trig)
        else:
            who = clause_subject(trig)
        travellers = _travellers(who, people) if who is not None else []
        if trig.pos_ == "VERB":  # "X will attend, along with officials from ..."
            travellers += [t for w in _along_with(trig) for t in _travellers(w, people)]
        co = _coincide_verb(trig) if trig.pos_ == "NOUN" else None
        extra = _coincide_travellers(co, people) if co is not None else []
        main = None
        for k, (name, vtype, nat) in enumerate(travellers + extra):
            m = Mention(trig, label, name, vtype, nat, place, trig.sent)
            gov = trig if trig.pos_ in {"VERB", "AUX"} else governing_verb(trig)
            m.tense = clause_tense(gov)
            if trig.lemma_ in voc["arrival_verbs"] and any(
                a.dep_ == "aux" and a.lower_ in {"has", "have"} for a in trig.children
            ):
                m.tense = "present"  # "has arrived": there at publication
            m.arrival = trig.lemma_ in voc["arrival_verbs"]
            m.en_route = (trig.tag_ == "VBG" and m.tense == "present"
                          and trig.lemma_ in voc.get("en_route_verbs", []))
            _attach_dates(m, _dates_for(trig, spans, resolved), trig)
            m.purpose = _purpose(trig)
            if k >= len(travellers):
                m.link = main
                m.purpose = ""
            elif main is None:
                main = m
            mentions.append(m)
    _fill_missing_places(mentions)
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
    for m in mentions:
        if m.place is not None or m.pattern not in {"ATTEND", "TRIP_NOUN"}:
            continue
        same = [o for o in own if o.sent.start == m.sent.start]
        before = [o for o in same if o.trigger.i < m.trigger.i]
        prev = [o for o in own if o.sent.end <= m.sent.start
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
    """Merge mentions of one article: same visitor + country + compatible dates = one row."""
    groups: list[list[Mention]] = []
    for m in mentions:
        iv = interval(m.start, m.end)
        home = None
        for g in groups:
            if (g[0].visitor, g[0].place.country) != (m.visitor, m.place.country):
                continue
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
            r["start"], r["end"], r["precision"] = s_row["start"], s_row["end"], s_row["precision"]
            probe = Mention(g[0].trigger, "", "", "", "", None, None, g[0].tense, r["start"],
                            r["end"], r["precision"])
            r["status"] = _status(probe, pub)
            r["date_source"] = "linked"
    return rows


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
        }


def extract_visits(doc: Any, row: Mapping, vocab: Mapping | None = None, *,
                   exclude_outlet: str | None = None) -> list[dict]:
    """Visits mentioned in one article (per-document extractor; see module docstring).

    ``vocab`` replaces the travel vocabulary and ``exclude_outlet`` hides that outlet's
    knowledge-table entries (both for the leave-one-outlet-out check).
    """
    return merge_mentions(find_mentions(doc, row, vocab, exclude_outlet=exclude_outlet), row)
