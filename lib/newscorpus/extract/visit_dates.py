"""Dates of a visit mention: the resolved date expressions that modify a travel predicate, set
as its start/end/precision and length in days, or widened to the month for one leg of a trip.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newscorpus.extract.dates import governing_verb, resolve_span
from newscorpus.extract.travel import vocabulary
from newscorpus.extract.visit_mention import PRECISION_ORDER, Mention


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


def _to_month(m: Mention) -> None:
    """Widen a day or week date to its month (a leg of a trip whose split is not stated)."""
    if not m.start or m.precision not in {"day", "week"}:
        return
    first = dt.date.fromisoformat(m.start).replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    m.start, m.end, m.precision = first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat(), \
        "month"
    m.duration_days = 0
