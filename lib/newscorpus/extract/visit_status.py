"""Status of a visit: planned / ongoing / occurred at publication from the dates and the tense;
negated, cancelled, postponed or declined trips; and the attribution of a mention's sentence,
which makes a planned trip credited only to unnamed sources or the media ``reported``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from newscorpus.extract.attribution import attribution, source_kind
from newscorpus.extract.people import People, clause_subject
from newscorpus.extract.travel import vocabulary
from newscorpus.extract.visit_mention import Mention


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
