"""Visits: who travelled where and when, found with dependency patterns over travel words.

A *visit mention* is a travel predicate (``data/travel.yaml``: arrive/land/travel/visit/be in/
spend ... in, trip/visit to, attend ...) with a traveller (subject, possessor, "by" agent, or a
pronoun/description resolved to a person named earlier in the article: :mod:`.people`) and a
destination (a place in its dependency subtree, resolved to a country with the gazetteer of
:mod:`newscorpus.knowledge`: :mod:`.places`). Mentions of the same visitor, destination country
and compatible dates in one article are merged into one row of :func:`extract_visits` (a leg in
another city of the same country stays a row of its own);
:func:`newscorpus.analysis.timeline.timeline` merges rows across articles.

Beyond one predicate and its place (each class has its phrase list in ``data/travel.yaml``):
coordinated destinations are legs ("will visit A, B and C", "to A on Monday and then to B"; one
shared date gives each leg its month); itinerary verbs whose subject is a trip name further stops
("a tour that included A", "a trip that took him to B"); companions travel with their host
("accompanied by", "joined by", "a delegation that includes", "part of the delegation", "flew
... with"); a meeting in a named foreign place, or under a wire dateline, is the visit of the
party who is abroad, a welcome or a hosting that of the guest; stand-ins ("represented by",
"sending X in his place") go where the absent leader would have; negated, cancelled, postponed
or declined trips are dropped; "X's first visit to Y since <date>" also records the earlier visit.

Status at publication: ``occurred``, ``ongoing`` or ``planned`` from the dates and the tense; a
``planned`` trip every sentence of which credits unnamed sources or a media report ("sources
say", "Reuters reported, citing five sources", "reportedly"; :mod:`.attribution`) is
``reported``; one sentence on record ("his office announced", a named spokesperson) or in the
article's own voice (crediting no one) keeps it ``planned``. The ``attribution`` column gives
the crediting phrases of the row's sentences.

The DependencyMatcher (:mod:`.travel`) finds predicate -> destination links; Python walks the
tree for the traveller, the dates (resolved by :mod:`newscorpus.extract.dates`), the tense and
the purpose. ``exclude_outlet`` (leave-one-outlet-out evaluation) hides the knowledge-table
entries seen only in that outlet's articles from the gazetteer and the people's names; it is an
argument, passed down explicitly, so worker processes see it too.

This module is the entry point: the table's columns and orders and :func:`extract_visits`
(re-exporting the names used elsewhere). The jobs live in :mod:`.visit_find` (finding mentions),
:mod:`.visit_travellers` (who travels), :mod:`.visit_legs` (legs, itineraries, "first visit
since"), :mod:`.visit_meetings` (meetings and hosts), :mod:`.visit_companions` (companions and
stand-ins), :mod:`.visit_dates` (dates), :mod:`.visit_purpose` (purpose), :mod:`.visit_status`
(status, cancelled trips, attribution) and :mod:`.visit_merge` (one row per trip), around the
record of :mod:`.visit_mention`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscorpus.extract.visit_find import find_mentions
from newscorpus.extract.visit_mention import PRECISION_ORDER, Mention
from newscorpus.extract.visit_merge import compatible, interval, merge_mentions

__all__ = [
    "PRECISION_ORDER",
    "STATUS_ORDER",
    "VISIT_COLUMNS",
    "Mention",
    "compatible",
    "extract_visits",
    "find_mentions",
    "interval",
    "merge_mentions",
]

VISIT_COLUMNS = [
    "doc_id",
    "visitor",  # canonical person name, or a described group ("United States diplomats")
    "visitor_type",  # person | group
    "destination_country",
    "destination_city",  # "" if none named
    "start",  # ISO date (first day) or "" if unknown or known only to the year
    "end",  # ISO date (last day) or "" if unknown
    "precision",  # day | week | month | "" (undated, or a year alone)
    "status",  # reported | planned | ongoing | occurred
    "purpose",
    "evidence",  # the sentence of the best-dated mention
    "trigger",  # travel words of all merged mentions, e.g. "arrive;land"
    "n_mentions",  # mentions merged into this row
    "published",  # ISO date of the article ("" if unknown)
    "date_source",  # text (own date words) | linked (borrowed from the visit it coincides with)
    "attribution",  # whom the mentions' sentences credit ("Reuters reported, citing ..."), "; "
]


#: From least to most advanced: a trip only reported by unnamed sources or the media, announced
#: (planned), under way, over.
STATUS_ORDER = {"reported": 0, "planned": 1, "ongoing": 2, "occurred": 3}


def extract_visits(doc: Any, row: Mapping, vocab: Mapping | None = None, *,
                   exclude_outlet: str | None = None) -> list[dict]:
    """Visits mentioned in one article (per-document extractor; see module docstring).

    ``vocab`` replaces the travel vocabulary and ``exclude_outlet`` hides that outlet's
    knowledge-table entries (both for the leave-one-outlet-out check).
    """
    return merge_mentions(find_mentions(doc, row, vocab, exclude_outlet=exclude_outlet), row)
