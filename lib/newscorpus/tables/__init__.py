"""The tables: the registry, ``annotate`` (parse once, cache every table), and reading them back.

``annotate(corpus)`` parses each document once (only with the spaCy components the requested
tables need), runs every table's per-document extractor ``extract_<table>(doc, row)`` on the
same Doc, and writes the rows as Parquet parts under the cache folder, one chunk of documents at
a time (streaming: at most a few chunks of Docs per worker are alive). Work is done in-process,
in a pool of local processes (``n_process``) or on a Dask cluster (``client``) through
``newscorpus.parallel``; chunking is the same in all three, so the tables are identical row for
row. ``load_table`` reads a table back; ``per_doc_table`` (behind ``tokens(corpus)``,
``entities(corpus)``, ...) serves a registered table from the cache or computes it.

The cache to use is passed down as ``cache=`` (a ``Cache(path, mode)``); where none is passed,
the session default set by ``set_cache`` / ``using_cache`` (or $NEWSCORPUS_CACHE and
$NEWSCORPUS_CACHE_MODE). The layout on disk is described in ``newscorpus.cache.parts``; what a
row is keyed by (document keys, pipeline fingerprints) in ``newscorpus.cache.keys``.

This module is the public face: the table functions (``tokens`` ... ``visits``) and re-exports.
The work is in ``registry`` (which tables exist), ``fingerprints`` (what a table's rows depend
on), ``workers`` (parse a chunk, run the extractors; local/pool/Dask runners), ``annotation``
(``annotate``), ``read`` (``load_table``, ``per_doc_table``), ``na`` (``with_na`` /
``working_form``) and ``progress`` (``show_progress``).
"""

from __future__ import annotations

import pandas as pd

from newscorpus.cache.keys import (
    ALL_COMPONENTS,
    CACHE_FORMAT,
    DOCS,
    Settings,
    doc_keys,
    exclude_for,
    settings,
)
from newscorpus.cache.keys import NOT_KEYED as NOT_KEYED
from newscorpus.cache.parts import (
    DOC_KEY,
    MARKER,
    MODE_ENV,
    MODES,
    Cache,
    CacheError,
    CacheVersionError,
    StaleCacheError,
    TableUnavailableError,
    active_cache_dir,
    arrow_to_frame,
    cache_mode,
    frame,
    rows_to_arrow,
    session_cache,
    set_cache,
    using_cache,
)
from newscorpus.cache.parts import _check_marker as _check_marker
from newscorpus.extract.canonical import unify_names
from newscorpus.tables.annotation import AnnotateResult, annotate
from newscorpus.tables.annotation import _chunks as _chunks
from newscorpus.tables.annotation import _corpus_folder as _corpus_folder
from newscorpus.tables.annotation import _plan as _plan
from newscorpus.tables.fingerprints import _table_folder as _table_folder
from newscorpus.tables.fingerprints import fingerprint, pipeline_description
from newscorpus.tables.na import DATE_COLUMNS, with_na, working_form
from newscorpus.tables.progress import PROGRESS_ENV, show_progress
from newscorpus.tables.read import cached_table, load_table, per_doc_table
from newscorpus.tables.registry import (
    TABLES,
    TableSpec,
    _resolve,
    available_tables,
    spec_for_extractor,
    table_names,
)
from newscorpus.tables.workers import _annotate_chunk as _annotate_chunk
from newscorpus.tables.workers import _annotate_chunk_parallel as _annotate_chunk_parallel

__all__ = [
    "ALL_COMPONENTS", "CACHE_FORMAT", "DOCS", "DOC_KEY", "MARKER", "MODES", "MODE_ENV", "TABLES",
    "AnnotateResult", "Cache", "CacheError", "CacheVersionError", "Settings", "StaleCacheError",
    "TableSpec", "TableUnavailableError", "active_cache_dir", "annotate", "arrow_to_frame",
    "available_tables", "cache_mode", "cached_table", "doc_keys", "exclude_for", "fingerprint",
    "frame", "load_table", "per_doc_table", "pipeline_description", "rows_to_arrow",
    "session_cache", "set_cache", "settings", "spec_for_extractor", "table_names", "using_cache",
    "tokens", "entities", "quotes", "dates", "visits", "show_progress", "PROGRESS_ENV",
    "DATE_COLUMNS", "with_na", "working_form",
]


# --------------------------------------------------------------------------- the public tables

def tokens(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per spaCy token of each article's clean text (white space left out).

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        sent_id (int64): sentence number within the article, from 0: the sentences of
            newscorpus.text.sentence_starts, the same numbering as entities.sent_id.
        i (int64): the token's index in the spaCy Doc of the article.
        text (string): the token as written.
        lemma (string): spaCy's lemma.
        pos (string): universal part-of-speech tag (NOUN, VERB, PROPN, ...).
        is_stop (bool): spaCy's stop-word flag.
        is_punct (bool): punctuation.
        start_char (int64): offset of the token's first character in corpus.text.
    """
    extract, columns = _resolve("tokens")
    return with_na(per_doc_table(corpus, "tokens", extract, columns, progress=progress), "tokens")


def entities(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per entity mention in corpus.text, canonical across the corpus: each article's
    mentions (newscorpus.extract.entities), then the corpus pass (newscorpus.extract.canonical).

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        start_char (int64): offset of the mention's first character in corpus.text.
        end_char (int64): offset just after its last character.
        text (string): the mention as written (trimmed: no leading "the", titles, possessive).
        label (string): entity type: PERSON, GPE, ORG, NORP, LOC, FAC, EVENT, LAW, PRODUCT,
            WORK_OF_ART or LANGUAGE.
        canonical (string): one name per real-world entity (knowledge table, coreference,
            the corpus pass); what counts group by.
        in_quote (bool): the mention starts inside a direct quotation
            (newscorpus.text.quoted_regions).
        method (string): how it was found: model (spaCy NER), knowledge (knowledge table),
            coreference, rule.
        sent_id (int64): sentence number within the article (newscorpus.text.sentence_starts),
            the same numbering as tokens.sent_id.
        para_id (int64): paragraph number within the article, from 0.
        model_label (string): the label spaCy's model gave the span; NA if the model did not
            find it.
        description (string): the knowledge table's description of the entity; NA if none.
        nationality (string): the knowledge table's nationality of the entity; NA if none.
    """
    extract, columns = _resolve("entities")
    return with_na(unify_names(per_doc_table(corpus, "entities", extract, columns,
                                             progress=progress)), "entities")


def quotes(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per direct quotation in each article's body, with its speaker and cue.

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        start_char (int64): offset of the quotation's first character in corpus.text (quote
            marks excluded).
        end_char (int64): offset just after its last character.
        text (string): the quoted words.
        speaker (string): canonical name of who said them (a person, or an issuer such as
            "Russian Foreign Ministry statement"); NA if not attributed.
        cue (string): the attributing words ("said", "told", "according to"); NA if none.
        speaker_text (string): the speaker as written at the cue ("he", "the ministry",
            "Lavrov"); NA if not attributed.
        method (string): how the speaker was found: parse (subject of the cue), pronoun,
            anaphor ("the ministry"), described, ...
    """
    extract, columns = _resolve("quotes")
    return with_na(per_doc_table(corpus, "quotes", extract, columns, progress=progress), "quotes")


def dates(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per date expression in each article's body, resolved against its publication
    date.

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        start_char (int64): offset of the expression's first character in corpus.text.
        end_char (int64): offset just after its last character.
        text (string): the expression as written ("last week", "Wednesday").
        kind (string): date, period, duration, recurring, time or unknown.
        value (string): ISO 8601 value (2024-04-08, 2024-W14, 2023-10, 2023, P2D); NA when
            unresolved.
        value_start (string): first day covered, ISO date; NA if none.
        value_end (string): last day covered, ISO date; NA if none.
        precision (string): day, week, month, year or duration; NA when unresolved.
        tense (string): tense of the governing clause: past, present, future or none.
        governor (string): the governing word whose tense was used.
        rule (string): how the value was obtained, in words; NA when no rule applied.
        reason (string): why it is unresolved; NA when resolved.
    """
    extract, columns = _resolve("dates")
    return with_na(per_doc_table(corpus, "dates", extract, columns, progress=progress), "dates")


def visits(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per visit (who travels where, when, with what status) found in each article's
    body; mentions of the same visit in an article are merged.

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        visitor (string): canonical person name, or a described group ("United States
            diplomats").
        visitor_type (string): person or group.
        destination_country (string): the country visited (canonical name).
        destination_city (string): the city visited (or the province or island, "Bali", when
            the text names no city there); NA if none named.
        start (datetime64[ns]): first day; NaT if unknown.
        end (datetime64[ns]): last day; NaT if unknown.
        precision (string): day, week, month or year; NA when undated.
        status (string): reported, planned, ongoing or occurred, as of publication; reported =
            a trip not yet known to have happened every sentence of which credits only unnamed
            sources or a media report ("sources say", "Reuters reported, citing five
            sources", "reportedly"); an announcement on record or the article's own voice
            keeps it planned.
        purpose (string): the stated purpose; NA if none.
        evidence (string): the sentence of the best-dated mention.
        trigger (string): travel words of the merged mentions, ";"-separated ("arrive;land").
        n_mentions (int64): mentions merged into this row.
        published (datetime64[ns]): the article's publication day; NaT if unknown.
        date_source (string): text (the visit's own date words) or linked (dates borrowed
            from the visit it coincides with); NA when undated.
        attribution (string): whom the sentences of the merged mentions credit, as written
            ("Reuters reported, citing five sources"; "his ministry said"), distinct phrases
            "; "-separated in text order; NA when none credits anyone.
    """
    extract, columns = _resolve("visits")
    return with_na(per_doc_table(corpus, "visits", extract, columns, progress=progress), "visits")
