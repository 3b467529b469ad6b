"""The data dictionary: written once in the table functions' docstrings, rendered to docs/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newscorpus import docs

ROOT = Path(__file__).resolve().parents[1]


def test_data_dictionary_file_is_current():
    written = (ROOT / docs.DICTIONARY_PATH).read_text(encoding="utf-8")
    assert written == docs.data_dictionary(), "run: python -m newscorpus.docs"


def _documented(name: str) -> list[str]:
    module = dict((n, m) for m, n in docs.TABLE_FUNCTIONS)[name]
    return [c for c, _, _ in docs.columns(docs.table_function(module, name))]


def test_documented_columns_are_the_columns_returned():
    from newscorpus.analysis.kwic import KWIC_COLUMNS
    from newscorpus.analysis.timeline import TIMELINE_COLUMNS
    from newscorpus.corpus.load import COLUMNS
    from newscorpus.tables import TABLES

    for name, spec in TABLES.items():
        assert _documented(name) == list(spec.columns), name
    assert _documented("load_corpus") == COLUMNS
    assert _documented("kwic") == KWIC_COLUMNS
    assert _documented("timeline") == TIMELINE_COLUMNS


def test_documented_columns_of_the_counts():
    from newscorpus.analysis.counts import (
        entity_counts,
        entity_counts_over_time,
        term_counts_over_time,
    )

    corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "published": pd.to_datetime(
        ["2024-04-08"]), "text": ["Lavrov spoke."], "n_words": [2], "duplicate_of": [""]})
    ents = pd.DataFrame({"doc_id": ["a"], "label": ["PERSON"], "canonical": ["Sergei Lavrov"],
                         "para_id": [0]})

    def without_by(name):
        return [c for c in _documented(name) if c != "<by>"]

    assert list(entity_counts(ents, corpus, by=None).columns) == without_by("entity_counts")
    assert list(entity_counts_over_time(ents, corpus).columns) == without_by(
        "entity_counts_over_time")
    assert list(term_counts_over_time(corpus, "Lavrov").columns) == without_by(
        "term_counts_over_time")


def test_a_missing_or_malformed_section_is_named():
    def no_columns():
        """Nothing here."""

    def bad():
        """A table.

        Columns:
            doc_id: no type given
        """

    with pytest.raises(ValueError, match="no_columns: the docstring has no 'Columns:' section"):
        docs.columns(no_columns)
    with pytest.raises(ValueError, match="'doc_id: no type given' is not 'name"):
        docs.columns(bad)


def test_help_shows_the_columns():
    import newscorpus

    assert "sent_id (int64)" in newscorpus.entities.__doc__
    assert "in_quote (bool)" in newscorpus.kwic.__doc__
