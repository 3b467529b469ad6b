"""Token table: one row per spaCy token of the clean body text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TOKEN_COLUMNS = [
    "doc_id", "sent_id", "i", "text", "lemma", "pos", "is_stop", "is_punct", "start_char",
]


def extract_tokens(doc: Any, row: Mapping) -> list[dict]:
    """Rows of the token table for one parsed article."""
    out = []
    for sent_id, sent in enumerate(doc.sents):
        for tok in sent:
            if tok.is_space:
                continue
            out.append({
                "doc_id": row["doc_id"], "sent_id": sent_id, "i": tok.i, "text": tok.text,
                "lemma": tok.lemma_, "pos": tok.pos_, "is_stop": tok.is_stop,
                "is_punct": tok.is_punct, "start_char": tok.idx,
            })
    return out
