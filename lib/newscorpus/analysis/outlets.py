"""Outlet comparisons: how an article names the war (own voice vs quoted), which words set an
outlet apart (weighted log-odds, Monroe et al. 2008), whom it quotes and whom it talks about.

The code lives in one module per job; this module re-exports it (``from
newscorpus.analysis.outlets import ...`` keeps working): groups and denominators
(``analysis.groups``), story-once reading (``analysis.counted``), framing (``analysis.framing``),
distinctive terms (``analysis.terms``), quotations (``analysis.quotations``) and entity attention
(``analysis.attention``)."""

from __future__ import annotations

from newscorpus.analysis.attention import entity_attention
from newscorpus.analysis.counted import counted_paragraphs, keep_counted, para_index
from newscorpus.analysis.framing import (
    CONTEXT_CHARS,
    FRAMING_COLUMNS,
    FRAMING_MATCH_COLUMNS,
    LEXICON_PATH,
    extract_framing,
    framing,
    framing_by,
    framing_by_outlet,
    framing_matches,
    lexicon_families,
    load_lexicon,
)
from newscorpus.analysis.groups import (
    GROUP_SEP,
    group_columns,
    group_label,
    group_sizes,
    outlet_denominators,
    small_sample_statements,
)
from newscorpus.analysis.quotations import (
    counted_quotes,
    quotation_counts,
    quotations_by_affiliation,
    quoted_speakers,
    speaker_affiliation,
)
from newscorpus.analysis.terms import (
    DISTINCTIVE_COLUMNS,
    NON_TERM_LABELS,
    TERM_COUNT_COLUMNS,
    TERM_ENTITY_LABELS,
    TERM_PARA_COLUMNS,
    distinctive_terms,
    extract_terms,
    extract_terms_by_paragraph,
    log_odds_dirichlet,
    term_counts,
)

__all__ = [
    "CONTEXT_CHARS", "DISTINCTIVE_COLUMNS", "FRAMING_COLUMNS", "FRAMING_MATCH_COLUMNS",
    "GROUP_SEP", "LEXICON_PATH", "NON_TERM_LABELS", "TERM_COUNT_COLUMNS", "TERM_ENTITY_LABELS",
    "TERM_PARA_COLUMNS", "counted_paragraphs", "counted_quotes", "distinctive_terms",
    "entity_attention", "extract_framing", "extract_terms", "extract_terms_by_paragraph",
    "framing", "framing_by", "framing_by_outlet", "framing_matches", "group_columns",
    "group_label", "group_sizes", "keep_counted", "lexicon_families", "load_lexicon",
    "log_odds_dirichlet", "outlet_denominators", "para_index", "quotation_counts",
    "quotations_by_affiliation", "quoted_speakers", "small_sample_statements",
    "speaker_affiliation", "term_counts",
]
