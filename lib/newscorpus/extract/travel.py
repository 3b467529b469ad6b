"""The travel vocabulary (data/travel.yaml) and the DependencyMatcher patterns built from it.

The vocabulary names the travel predicates (arrive, land, travel, visit, trip, attend ...), the
titles of people who travel for their office and the nouns of places and groups; the matcher
finds predicate -> destination links in a parsed article (used by :mod:`newscorpus.extract.visits`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from spacy.matcher import DependencyMatcher

from newscorpus import resources
from newscorpus.pipeline import nlp


def vocabulary() -> dict[str, Any]:
    """The travel vocabulary from data/travel.yaml (shared, read-only; re-read when edited)."""
    return resources.load_data("travel.yaml")



def matcher(voc: Mapping) -> Any:
    """The DependencyMatcher for the travel vocabulary ``voc`` (cached per vocabulary)."""
    return _matcher(_vocab_key(voc))


@lru_cache(maxsize=4)
def _matcher(vocab_key: tuple) -> Any:
    """DependencyMatcher with the travel patterns (keyed by the vocabulary in use)."""
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
    m.add("VERB_PREP_PLACE", [[  # "stepped off the plane in Harbin": the place hangs on the object
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {
            "LEMMA": {"IN": [v for v, _ in voc.get("particle_verbs", [])]}, "POS": "VERB"}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "dobj"}},
        {"LEFT_ID": "obj", "REL_OP": ">", "RIGHT_ID": "prep",
         "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": ["in", "at"]}}},
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
         "RIGHT_ATTRS": {"DEP": "pobj", "POS": "PROPN"}},
    ]])
    m.add("DUE_IN_PLACE", [[
        {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LOWER": {"IN": list(voc.get("due_words", []))}}},
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "prep",
         "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": ["in", "at"]}}},
        {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "place", "RIGHT_ATTRS": {"DEP": "pobj"}},
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
