"""People of one article: canonical names, titles, nationality, and who a pronoun or a
description ("Russia's foreign minister") refers to.

Canonical names come from the entity extractor (:func:`newscorpus.extract.entities.
extract_entities`, with the knowledge table passed in); nationalities are resolved with the
gazetteer passed in. Used by the visits extractor to find travellers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from newscorpus.extract import names as N
from newscorpus.extract.dates import governing_verb
from newscorpus.extract.entities import extract_entities
from newscorpus.knowledge import Gazetteer

PERSON_PRONOUNS = {"he", "she", "his", "her", "him", "hers"}
# verbs whose object, not subject, does what their infinitive says ("invited X to visit")
OBJECT_CONTROL = {"invite", "ask", "urge", "allow", "persuade", "encourage", "send", "tell",
                  "order"}


def nationality(word: str, gaz: Gazetteer) -> str:
    """Country of a nationality adjective or place name ("German", "Moscow"): the gazetteer,
    then the general country adjectives of data/demonyms.csv ("" if none)."""
    w = word.strip()
    return N.demonyms().get(w) or N.country_of(w) or gaz.nationality_country(w) or ""


@dataclass
class Person:
    """A person named in the article, with what we know from their title."""

    name: str
    surname: str
    nationality: str = ""
    titles: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)  # token indices of every mention

    @property
    def keys(self) -> set[str]:
        """Name parts a bare mention may use: the last and (for e.g. Chinese names) first."""
        parts = self.name.split()
        return {parts[0], parts[-1]} if len(parts) > 1 else {parts[0]}


class People:
    """Persons of one article: canonical names, mention positions, pronoun/description lookup."""

    def __init__(self, doc: Any, row: Mapping, *, vocabulary: Mapping, gazetteer: Gazetteer,
                 knowledge: pd.DataFrame):
        """``vocabulary``: the travel vocabulary (its traveller titles); ``gazetteer`` resolves
        nationalities; ``knowledge`` is the table the entity extractor names people with."""
        self.doc = doc
        self.voc = vocabulary
        self.gaz = gazetteer
        self.by_token: dict[int, Person] = {}
        self.persons: dict[str, Person] = {}
        self.subject_mentions: list[tuple[int, Person]] = []  # (token index, person) as subject
        canon = canonical_persons(doc, row, knowledge)
        for e in (e for e in doc.ents if e.label_ == "PERSON"):
            name, nat = canon.get((e.start_char, e.end_char), (_clean_name(e.text), ""))
            if name:
                self._add(name, e, nationality(nat, gazetteer) if nat else "")
        # bare name parts tagged ORG/GPE or untagged ("Wang's visit", "Lavrov's trip")
        for t in doc:
            if t.i in self.by_token or t.pos_ != "PROPN":
                continue
            cands = [p for p in self.persons.values() if t.text in p.keys]
            if cands:
                p = self._choose(cands, t.i)
                self.by_token[t.i] = p
                p.mentions.append(t.i)
        # descriptions in subject position count as mentions ("The Russian foreign minister
        # also met ..."), so a later "He" can refer back to them
        for t in doc:
            if t.dep_ in {"nsubj", "nsubjpass"}:
                named = {self.by_token[x.i].name for x in t.subtree if x.i in self.by_token}
                if any(c.dep_ == "conj" for c in t.children) or len(named) > 1:
                    continue  # "A, B and C are ...": a plural subject is no antecedent of "he"
                p = self.by_token.get(t.i) or (
                    self._described(t) if t.pos_ in {"NOUN", "PROPN"} else None)
                if p is not None:
                    self.subject_mentions.append((t.i, p))
                    if t.i not in p.mentions:
                        p.mentions.append(t.i)

    def _add(self, name: str, span: Any, known_nationality: str = "") -> None:
        parts = name.split()
        same = [p for p in self.persons.values() if parts[-1] in p.keys or parts[0] in p.keys]
        if same and len(parts) == 1:
            p = self._choose(same, span.start)
        else:
            p = self.persons.setdefault(name, Person(name, parts[-1]))
        nat, titles = _title_of(span, self.gaz)
        p.nationality = p.nationality or known_nationality or nat
        p.titles |= titles
        for t in span:
            self.by_token[t.i] = p
        p.mentions.append(span.root.i)

    def _choose(self, cands: list[Person], at: int) -> Person:
        """Several people share a name part: prefer a travelling office-holder, then the latest."""
        voc = self.voc
        trav = set(voc["traveller_titles"])
        non = set(voc["non_traveller_titles"])

        def score(p: Person) -> tuple:
            before = [m for m in p.mentions if m <= at]
            return (bool(p.titles & trav) and not p.titles & non, max(before, default=-1))

        return max(cands, key=score)

    def at(self, tok: Any) -> Person | None:
        """Person referred to by ``tok`` (a name, a pronoun, or a title description)."""
        if tok.i in self.by_token:
            return self.by_token[tok.i]
        if tok.lower_ in {"his", "her"}:
            # bound by the subject of its own clause when that is a person ("X is expected to
            # hold a meeting with Y during his trip" -> X), else the latest person mentioned
            v = governing_verb(tok)
            subj = clause_subject(v) if v.pos_ in {"VERB", "AUX"} else None
            if subj is not None and subj.i < tok.i and subj.lower_ not in PERSON_PRONOUNS:
                p = self.at(subj)
                if p is not None:
                    return p
            same = self._latest_before(tok.i, subjects_only=False)
            if same is not None and any(tok.sent.start <= m < tok.i for m in same.mentions):
                return same  # "a visit by Wang last week, his first trip ..."
            return (self._latest_before(tok.i, subjects_only=True)
                    or same)
        if tok.lower_ in PERSON_PRONOUNS:
            return self._latest_before(tok.i, subjects_only=True)
        if tok.pos_ == "PRON" and tok.lower_ in {"who", "that"} and tok.head.dep_ == "relcl":
            return self.at(tok.head.head)
        if tok.pos_ in {"NOUN", "PROPN"}:
            return self._described(tok)
        return None

    def _latest_before(self, i: int, subjects_only: bool) -> Person | None:
        if subjects_only:
            prior = [(j, p) for j, p in self.subject_mentions if j < i]
            if prior:
                return max(prior, key=lambda jp: jp[0])[1]
        best, pos = None, -1
        for p in self.persons.values():
            for m in p.mentions:
                if pos < m < i:
                    best, pos = p, m
        return best

    def _described(self, tok: Any) -> Person | None:
        """'Russia's foreign minister', 'the head of Moscow's diplomacy' -> the person named
        earlier with that nationality and a travelling title."""
        voc = self.voc
        words = {t.lemma_.lower() for t in tok.subtree}
        if not (words & set(voc["traveller_titles"])) or tok.ent_type_ == "PERSON":
            return None
        if tok.lemma_.lower() not in set(voc["traveller_titles"]):
            return None
        nats = {nationality(t.text, self.gaz) for t in tok.subtree
                if t.ent_type_ in {"GPE", "NORP"} and t.pos_ in {"PROPN", "ADJ"}}
        nats.discard("")
        if not nats:
            return None
        cands = [p for p in self.persons.values()
                 if p.nationality in nats and p.titles & set(voc["traveller_titles"])]
        return self._choose(cands, tok.i) if cands else None


def _clean_name(text: str) -> str:
    name = text.replace("’s", "").replace("'s", "").strip()
    return " ".join(name.split())


def _title_of(span: Any, gaz: Gazetteer) -> tuple[str, set[str]]:
    """Nationality and title words in the noun phrase around a person name."""
    root = span.root
    # the title is the run of words right before the name ("German Chancellor Olaf Scholz"),
    # not a dateline that the parser hangs on it ("CHONGQING, China, April 14 (Reuters) - ...")
    sub = {t.i for t in root.subtree}
    toks = []
    k = span.start - 1
    while k >= 0 and k in sub and not span.doc[k].is_punct:
        toks.insert(0, span.doc[k])
        k -= 1
    # "Chinese Foreign Minister Wang Yi": the compound chain is part of the subtree; an
    # appositive title ("Wang Wenbin, the spokesman") hangs off the root as appos.
    for ap in root.children:
        if ap.dep_ == "appos":
            toks.extend(ap.subtree)
    if root.dep_ == "appos":
        toks.extend(t for t in root.head.subtree if t.i < span.start)
    nat = ""
    titles: set[str] = set()
    for t in toks:
        if t.ent_type_ in {"NORP", "GPE"} and not nat:
            # the whole name ("North Korean", "South African"), not its first word
            ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
            nat = nationality(ent.text if ent is not None else t.text, gaz)
        elif not nat and t.text in N.demonyms():  # an untagged "Turkmen President"
            nat = N.demonyms()[t.text]
        titles.add(t.lemma_.lower())
    return nat, titles


def canonical_persons(doc: Any, row: Mapping,
                      knowledge: pd.DataFrame) -> dict[tuple[int, int], tuple[str, str]]:
    """(canonical name, nationality) of the PERSON mentions the entity extractor finds with the
    knowledge table ``knowledge``, keyed by char offsets."""
    ents = extract_entities(doc, row, knowledge=knowledge)
    out = {}
    for e in ents:
        if e.get("label") == "PERSON" and e.get("canonical"):
            out[(int(e["start_char"]), int(e["end_char"]))] = (
                str(e["canonical"]), str(e.get("nationality") or ""))
    return out



def clause_subject(v: Any) -> Any | None:
    """Grammatical subject of verb ``v``, climbing through xcomp/conj/pcomp/advcl chains."""
    for _ in range(6):
        subj = [c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:  # the nearest: "WARSAW, Poland (Wire) - X arrived" may parse with two
            return min(subj, key=lambda c: abs(v.i - c.i))
        attr = [c for c in v.children if c.dep_ == "attr" and c.pos_ == "PROPN"]
        if attr and v.lemma_ == "be":
            return attr[0]  # "Also in Kyiv are X and Y": the inverted subject
        obj = [c for c in v.head.children if c.dep_ == "dobj"] if v.dep_ == "xcomp" else []
        if obj and v.head.lemma_.lower() in OBJECT_CONTROL:
            return obj[0]  # "invited the Chinese leader to stay on": the leader stays
        if v.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acl", "acomp"} and v.head.i != v.i:
            v = governing_verb(v.head) if v.dep_ == "pcomp" else v.head
            if v.dep_ == "prep":
                v = v.head
        elif v.dep_ == "relcl":
            return v.head
        else:
            return None
    return None
