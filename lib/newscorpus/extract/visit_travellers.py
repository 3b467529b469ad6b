"""Who travels: the traveller of a travel predicate or trip noun (subject, possessor, "by" agent),
its conjuncts and co-travellers ("along with"), described groups ("United States diplomats"),
the travellers of "coincide with that of X", and the persons named in a phrase.
"""

from __future__ import annotations

from typing import Any

from newscorpus.extract.dates import governing_verb
from newscorpus.extract.people import People, clause_subject, nationality
from newscorpus.extract.travel import vocabulary
from newscorpus.knowledge import Gazetteer


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
