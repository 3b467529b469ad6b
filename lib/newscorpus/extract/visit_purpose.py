"""Purpose of a visit: the short phrase saying what the trip is for ("for talks on ...", "to
meet X", the event attended, "state visit").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newscorpus.extract.travel import vocabulary


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
