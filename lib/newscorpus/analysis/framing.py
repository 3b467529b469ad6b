"""Framing: how an article names the war (lexicon families of terms), in the outlet's own
voice vs inside quotations; per-article counts and their sums per group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pandas as pd

from newscorpus import config, resources
from newscorpus.analysis.counted import keep_counted
from newscorpus.analysis.groups import _with_groups, group_columns
from newscorpus.cache import memo
from newscorpus.corpus.dedupe import unique_stories
from newscorpus.corpus.missing import corpus_missing_values
from newscorpus.extract.quotes import extract_quotes
from newscorpus.pipeline import doc_text
from newscorpus.pipeline import nlp as _nlp
from newscorpus.tables import per_doc_table
from newscorpus.text import quoted_regions

LEXICON_PATH = config.DATA_DIR / "framing.yaml"

FRAMING_MATCH_COLUMNS = [
    "doc_id", "family", "term", "start_char", "end_char", "in_quote", "speaker", "context",
]
CONTEXT_CHARS = 60  # characters of text shown on each side of a match
FRAMING_COLUMNS = [
    "doc_id", "outlet", "origin", "story_id", "family", "own_voice", "quoted", "total", "n_words",
]


def load_lexicon(path: str | Path | None = None) -> dict[str, list[str]]:
    """The framing lexicon {family: [term, ...]} from YAML (default: the packaged one)."""
    return _load_lexicon(str(path or LEXICON_PATH))[0]


def _load_lexicon(path: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    data = resources.load(path) or {}
    fams = {str(k): [str(t) for t in v] for k, v in (data.get("families") or {}).items()}
    forms = {str(k).lower(): [str(f).lower() for f in v] for k, v in (data.get("forms") or {}).items()}
    return fams, forms


def _ensure_extension() -> None:
    from spacy.tokens import Token

    if not Token.has_extension("nc_lemma"):
        Token.set_extension("nc_lemma", getter=lambda t: t.lemma_.lower())


@lru_cache(maxsize=8)
def _matcher(vocab: Any, lexicon_key: tuple) -> Any:
    from spacy.matcher import Matcher

    _ensure_extension()
    families, forms = lexicon_key
    forms = dict(forms)
    m = Matcher(vocab)
    for family, terms in families:
        patterns = []
        for term in terms:
            words = term.lower().split()
            patterns.append([
                {"_": {"nc_lemma": {"IN": sorted({w, *forms.get(w, [])})}}} for w in words
            ])
        m.add(family, patterns)
    return m


def lexicon_families(lexicon: Mapping[str, Sequence[str]] | Sequence[str] | None
                     ) -> dict[str, list[str]]:
    """A lexicon as {family: [term, ...]}: a mapping as given (a single string term is one
    term), a list of terms as one family per term, None as the packaged lexicon."""
    if lexicon is None:
        return load_lexicon()
    if isinstance(lexicon, str):
        raise TypeError(f"lexicon must be a list of terms or a mapping family -> terms, not the "
                        f"string {lexicon!r} (write [{lexicon!r}])")
    if isinstance(lexicon, Mapping):
        return {str(k): [str(v)] if isinstance(v, str) else [str(t) for t in v]
                for k, v in lexicon.items()}
    return {str(t): [str(t)] for t in lexicon}


def _lexicon_key(lexicon: Mapping[str, Sequence[str]] | Sequence[str] | None) -> tuple:
    fams, forms = _load_lexicon(str(LEXICON_PATH))
    if lexicon is not None:
        fams = lexicon_families(lexicon)
    return (
        tuple((f, tuple(t)) for f, t in fams.items()),
        tuple((w, tuple(fs)) for w, fs in forms.items()),
    )


def extract_framing(doc: Any, row: Mapping, lexicon: Mapping[str, Sequence[str]] | Sequence[str] | None = None) -> list[dict]:
    """One row per framing-term match in one parsed article, flagged own voice vs quoted."""
    from spacy.util import filter_spans

    key = _lexicon_key(lexicon)
    matcher = _matcher(doc.vocab, key)
    spans = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        span.label_ = doc.vocab.strings[match_id]
        spans.append(span)
    regions = quoted_regions(doc.text)
    quotes_ = None
    out = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start):
        inside = next(((s, e) for s, e in regions if s <= span.start_char < e), None)
        speaker = ""
        if inside is not None:
            if quotes_ is None:
                quotes_ = {(q["start_char"], q["end_char"]): q for q in extract_quotes(doc, row)}
            speaker = quotes_.get(inside, {}).get("speaker", "")
        left = doc_text(doc)[max(0, span.start_char - CONTEXT_CHARS):span.start_char]
        right = doc_text(doc)[span.end_char:span.end_char + CONTEXT_CHARS]
        context = " ".join(f"{left}[{span.text}]{right}".split())
        out.append({
            "doc_id": row.get("doc_id", ""), "family": span.label_, "term": span.text,
            "start_char": span.start_char, "end_char": span.end_char,
            "in_quote": inside is not None, "speaker": speaker, "context": context,
        })
    return out


def _parse_field(corpus: pd.DataFrame, field: str, lexicon, extract) -> list[dict]:
    if field == "text":
        return per_doc_table(
            corpus, "framing", partial(extract, lexicon=lexicon), FRAMING_MATCH_COLUMNS
        ).to_dict("records")
    rows = corpus.to_dict("records")
    out: list[dict] = []
    for row, doc in zip(rows, _nlp().pipe(str(r.get(field) or "") for r in rows), strict=True):
        out.extend(extract(doc, row, lexicon=lexicon))
    return out


@corpus_missing_values
def framing_matches(
    corpus: pd.DataFrame,
    lexicon: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    duplicates: str = "novel",
    field: str = "text",
) -> pd.DataFrame:
    """Every framing-term match (doc_id, family, term, offsets, in_quote, speaker of the quote).

    Every article is parsed in full (so a quotation's speaker is found as in the whole text)
    and a syndicated copy's matches are then kept per ``duplicates`` (``keep_counted``).
    Parses the corpus: cached under derived/ (newscorpus.memo; keyed on the documents, the
    lexicon, the code and its data files, and the model settings)."""
    if lexicon is not None and not isinstance(lexicon, Mapping):
        lexicon = lexicon_families(lexicon)
    return memo.cached_frame("framing_matches", corpus, _framing_matches, lexicon,
                             duplicates=duplicates, field=field, corpus_columns=("text", "title"))


def _framing_matches(corpus: pd.DataFrame, lexicon: Mapping[str, Sequence[str]] | Sequence[str] | None, *,
                     duplicates: str, field: str) -> pd.DataFrame:
    if field != "text" and duplicates == "novel":
        duplicates = "drop"
    if field != "text":
        c = unique_stories(corpus, duplicates)
        rows = _parse_field(c, field, lexicon, extract_framing)
        return pd.DataFrame(rows, columns=FRAMING_MATCH_COLUMNS)
    rows = _parse_field(corpus, field, lexicon, extract_framing)
    return keep_counted(pd.DataFrame(rows, columns=FRAMING_MATCH_COLUMNS), corpus, duplicates
                        ).reset_index(drop=True)


@corpus_missing_values
def framing(
    corpus: pd.DataFrame,
    lexicon: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    *,
    duplicates: str = "novel",
    field: str = "text",
) -> pd.DataFrame:
    """Per article x term family: matches in the outlet's own voice, inside quotations, total.

    Counts the clean body (``corpus.text``) by default: headlines and captions are left out
    because they are written by other desks, repeat the body and are not parsed for speakers;
    pass ``field="title"`` to count headlines on their own (a syndicated copy's headline is then
    dropped). A syndicated story counts once (see unique_stories). Every family appears for every
    article (zeros included); ``n_words`` is the body words counted (a copy's novel ones only).
    """
    if field != "text" and duplicates == "novel":
        duplicates = "drop"
    if lexicon is not None and not isinstance(lexicon, Mapping):
        lexicon = lexicon_families(lexicon)
    corpus = _with_groups(corpus, ["origin"])
    c = unique_stories(corpus, duplicates)
    matches = framing_matches(corpus, lexicon, duplicates=duplicates, field=field)
    families = [f for f, _ in _lexicon_key(lexicon)[0]]
    grid = pd.MultiIndex.from_product([c["doc_id"].tolist(), families], names=["doc_id", "family"])
    m = matches.assign(own=~matches["in_quote"].astype(bool), q=matches["in_quote"].astype(bool))
    counts = m.groupby(["doc_id", "family"])[["own", "q"]].sum()
    counts = counts.reindex(grid, fill_value=0).astype(int).reset_index()
    counts = counts.rename(columns={"own": "own_voice", "q": "quoted"})
    counts["total"] = counts["own_voice"] + counts["quoted"]
    meta = c.set_index("doc_id")[["outlet", "origin", "story_id", "n_words"]]
    counts = counts.join(meta, on="doc_id")
    return counts[FRAMING_COLUMNS]


@corpus_missing_values
def framing_by(frame: pd.DataFrame, by: str | Sequence[str] = "outlet") -> pd.DataFrame:
    """Sum a framing() table per group of ``by`` (outlet, origin or [outlet, origin]) x family,
    with the group's articles, stories and body words counted, and rates per 1,000 of them."""
    cols = group_columns(by)
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"framing table has no column {missing}: group by one of "
                         f"{[c for c in frame.columns if c not in FRAMING_COLUMNS[4:]]}")
    docs = frame.drop_duplicates("doc_id")
    den = docs.groupby(cols).agg(articles=("doc_id", "size"), stories=("story_id", "nunique"),
                                 body_words=("n_words", "sum"))
    out = frame.groupby([*cols, "family"], sort=False)[["own_voice", "quoted", "total"]].sum()
    out = out.reset_index().join(den, on=cols)
    out["own_voice_per_1000_words"] = 1000 * out["own_voice"] / out["body_words"]
    out["quoted_per_1000_words"] = 1000 * out["quoted"] / out["body_words"]
    return out


def framing_by_outlet(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum a framing() table per outlet x family (``framing_by(frame, "outlet")``)."""
    return framing_by(frame, "outlet")
