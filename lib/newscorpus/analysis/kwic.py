"""Keyword in context: every hit of a word, phrase or regular expression in the articles' clean
text, with the text on either side and whether the hit sits inside a quotation."""

from __future__ import annotations

import re

import pandas as pd

from newscorpus.text import quoted_regions

KWIC_COLUMNS = ["doc_id", "outlet", "published", "start_char", "end_char", "left", "match",
                "right", "in_quote"]
_SPACE = re.compile(r"\s+")


def compile_pattern(pattern: str | re.Pattern, *, regex: bool = False, case: bool = False,
                    whole_words: bool = True) -> re.Pattern:
    """The regular expression ``kwic`` searches with.

    A plain string (``regex=False``) matches literally, any run of white space in it matching
    any run in the text; ``whole_words`` then requires a word boundary at both ends ("war" does
    not hit "warship"). ``case=False`` ignores case. A compiled pattern is used as it is.
    """
    if isinstance(pattern, re.Pattern):
        return pattern
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"kwic: the search pattern must be a non-empty string, not {pattern!r}")
    flags = 0 if case else re.IGNORECASE
    if regex:
        try:
            return re.compile(pattern, flags)
        except re.error as err:
            raise ValueError(f"kwic: {pattern!r} is not a valid regular expression ({err})") from err
    body = r"\s+".join(re.escape(part) for part in pattern.split())
    if whole_words:
        body = r"(?<!\w)" + body + r"(?!\w)"
    return re.compile(body, flags)


def kwic(corpus: pd.DataFrame, pattern: str | re.Pattern, window: int = 60, *,
         regex: bool = False, case: bool = False, whole_words: bool = True,
         duplicates: str = "keep") -> pd.DataFrame:
    """Keyword in context: one row per hit of ``pattern`` in each article's clean text.

    ``pattern`` is a word or phrase (``regex=False``, matched as whole words unless
    ``whole_words=False``) or a regular expression (``regex=True``, or a compiled pattern);
    ``case=False`` ignores case. ``window`` characters of text are shown on each side, line
    breaks folded into spaces. ``duplicates="drop"`` leaves out near-duplicate copies
    (corpus.duplicate_of non-empty), so a syndicated passage is shown once; the default
    "keep" searches every file. Rows are in corpus order, then by position.

    Columns:
        doc_id (string): the article's id (corpus.doc_id).
        outlet (string): the publishing outlet (corpus.outlet).
        published (datetime64[ns]): publication date (corpus.published); NaT if unknown.
        start_char (int64): offset of the hit's first character in corpus.text.
        end_char (int64): offset just after the hit's last character in corpus.text.
        left (string): up to ``window`` characters before the hit, white space folded.
        match (string): the text that matched, as written.
        right (string): up to ``window`` characters after the hit, white space folded.
        in_quote (bool): True if the hit starts inside a direct quotation
            (newscorpus.text.quoted_regions), False if it is in the outlet's own voice.
    """
    if window < 0:
        raise ValueError(f"kwic: window must be 0 or more characters, not {window}")
    rx = compile_pattern(pattern, regex=regex, case=case, whole_words=whole_words)
    for col in ("doc_id", "text"):
        if col not in corpus.columns:
            raise KeyError(f"kwic: the corpus has no {col!r} column (use load_corpus())")
    if duplicates not in ("keep", "drop"):
        raise ValueError(f"kwic: duplicates must be 'keep' or 'drop', not {duplicates!r}")
    if duplicates == "drop" and "duplicate_of" in corpus.columns:
        corpus = corpus[corpus["duplicate_of"].fillna("").astype(str) == ""]
    rows = []
    for rec in corpus.to_dict("records"):
        text = rec.get("text") or ""
        hits = [m for m in rx.finditer(text) if m.end() > m.start()]
        if not hits:
            continue
        regions = quoted_regions(text)
        for m in hits:
            a, b = m.span()
            rows.append({
                "doc_id": rec["doc_id"], "outlet": rec.get("outlet", pd.NA),
                "published": rec.get("published", pd.NaT), "start_char": a, "end_char": b,
                "left": _SPACE.sub(" ", text[max(0, a - window):a]),
                "match": m.group(0),
                "right": _SPACE.sub(" ", text[b:b + window]),
                "in_quote": any(s <= a < e for s, e in regions),
            })
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    out = out.astype({"doc_id": "string", "outlet": "string", "left": "string",
                      "match": "string", "right": "string", "start_char": "int64",
                      "end_char": "int64", "in_quote": "bool"})
    out["published"] = pd.to_datetime(out["published"])
    return out
