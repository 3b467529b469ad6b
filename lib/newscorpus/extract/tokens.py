"""Token table: one row per spaCy token of the clean body text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscorpus.extract.mentions import para_of
from newscorpus.pipeline import doc_text
from newscorpus.text import sentence_starts

TOKEN_COLUMNS = [
    "doc_id", "sent_id", "i", "text", "lemma", "pos", "is_stop", "is_punct", "start_char",
]


def extract_tokens(doc: Any, row: Mapping) -> list[dict]:
    """Rows of the token table for one parsed article (white-space tokens left out).

    ``sent_id`` is the sentence of ``newscorpus.text.sentence_starts`` (paragraph breaks and
    sentence-final punctuation), the same numbering as the entity table's ``sent_id``, so a
    token and an entity mention in the same sentence carry the same id whichever spaCy
    components ran (the parser's sentences would differ between the tables' pipelines).
    """
    text = doc_text(doc)
    starts = sentence_starts(text)
    out = []
    for tok in doc:
        if tok.is_space:
            continue
        out.append({
            "doc_id": row["doc_id"], "sent_id": para_of(starts, tok.idx), "i": tok.i,
            "text": tok.text, "lemma": tok.lemma_, "pos": tok.pos_, "is_stop": tok.is_stop,
            "is_punct": tok.is_punct, "start_char": tok.idx,
        })
    return out
