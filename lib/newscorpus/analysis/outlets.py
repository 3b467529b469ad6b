"""Outlet comparisons: how an article names the war (own voice vs quoted), which words set an
outlet apart (weighted log-odds, Monroe et al. 2008), whom it quotes and whom it talks about."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newscorpus import config, resources
from newscorpus.analysis.counts import entity_counts
from newscorpus.cache import memo
from newscorpus.corpus.dedupe import DUPLICATE_MODES, unique_stories
from newscorpus.corpus.metadata import origin
from newscorpus.extract.quotes import _mentions, extract_quotes
from newscorpus.knowledge import KnowledgeIndex, knowledge_index
from newscorpus.pipeline import doc_text
from newscorpus.pipeline import nlp as _nlp
from newscorpus.tables import entities as _entities
from newscorpus.tables import per_doc_table, working_form
from newscorpus.tables import quotes as _quotes
from newscorpus.text import (
    PARAGRAPH_BREAK,
    count_words,
    paragraph_starts,
    paragraphs,
    quoted_regions,
)

LEXICON_PATH = config.DATA_DIR / "framing.yaml"

FRAMING_MATCH_COLUMNS = [
    "doc_id", "family", "term", "start_char", "end_char", "in_quote", "speaker", "context",
]
CONTEXT_CHARS = 60  # characters of text shown on each side of a match
FRAMING_COLUMNS = [
    "doc_id", "outlet", "origin", "story_id", "family", "own_voice", "quoted", "total", "n_words",
]
TERM_COUNT_COLUMNS = ["doc_id", "term", "kind", "count"]
TERM_PARA_COLUMNS = ["doc_id", "para_id", "term", "kind", "count"]
DISTINCTIVE_COLUMNS = [
    "term", "kind", "count", "count_rest", "per_1000", "per_1000_rest", "log_odds", "se", "z",
    "n_terms", "n_terms_rest",
]
#: Entity labels merged into one canonical term by distinctive_terms(entities="merge").
TERM_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")
NON_TERM_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
_SKIP_POS = {"NUM", "SYM", "PUNCT", "SPACE", "X"}


# ---------------------------------------------------------------------------------------------
# Shared helpers: groups, stories, denominators
# ---------------------------------------------------------------------------------------------
#: Separator of the values of a combined group label ("The Moscow Times × AFP").
GROUP_SEP = " × "


def group_columns(by: str | Sequence[str]) -> list[str]:
    """``by`` as a list of column names: "outlet" -> ["outlet"], ["outlet", "origin"] as is."""
    cols = [by] if isinstance(by, str) else list(by)
    if not cols or not all(isinstance(c, str) and c for c in cols):
        raise ValueError(f"by must be a column name or a list of column names, not {by!r}")
    return cols


def _with_groups(corpus: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """The corpus with the grouping columns checked (``origin`` and ``story_id`` derived from
    agency/outlet and duplicate_of when an older table lacks them)."""
    c = corpus
    if "origin" in cols and "origin" not in c.columns and {"agency", "outlet"} <= set(c.columns):
        c = c.assign(origin=[origin(str(a or ""), str(o or "")) for a, o in
                             zip(c["agency"].fillna(""), c["outlet"].fillna(""), strict=True)])
    missing = [col for col in cols if col not in c.columns]
    if missing:
        raise ValueError(f"cannot group by {missing}: not a column of the corpus table "
                         f"(columns: {', '.join(map(str, c.columns))})")
    return c


def group_label(values: Sequence[object], cols: Sequence[str] = ()) -> str:
    """One readable label for a group key: the values joined by " × "; grouped by outlet and
    origin, an origin equal to the outlet is written "own reporting"; an empty value is
    "(<column> unknown)"."""
    named = dict(zip(cols, values, strict=False))
    out = []
    for col, v in zip(cols or [""] * len(values), values, strict=True):
        own = col == "origin" and "outlet" in named and named["outlet"] == v and v
        empty = v is None or (isinstance(v, float) and v != v) or str(v) == ""
        out.append("own reporting" if own else f"({col or 'value'} unknown)" if empty
                   else str(v))
    return GROUP_SEP.join(out)


def group_sizes(corpus: pd.DataFrame, by: str | Sequence[str] = "outlet",
                duplicates: str = "novel") -> pd.DataFrame:
    """Per group of ``by`` (a column or a list: outlet, origin, [outlet, origin]): files,
    stories (a syndicated story counts once) and the body words counted (with
    ``duplicates="novel"`` a copy adds only its novel paragraphs' words) — the denominators of
    every per-group rate."""
    cols = group_columns(by)
    c = unique_stories(_with_groups(corpus, cols), duplicates)
    out = c.groupby(cols, sort=True).agg(
        files=("doc_id", "size"), stories=("story_id", "nunique"), body_words=("n_words", "sum")
    )
    return out.reset_index()


def outlet_denominators(corpus: pd.DataFrame, duplicates: str = "novel") -> pd.DataFrame:
    """Per outlet: files, stories and body words counted (``group_sizes(by="outlet")``)."""
    return group_sizes(corpus, "outlet", duplicates)


def small_sample_statements(sizes: pd.DataFrame, by: str | Sequence[str] = "outlet",
                            min_stories: int = 2) -> list[str]:
    """What cannot be concluded, from the group sizes (``group_sizes``): one sentence per group
    with fewer than ``min_stories`` independent stories ("One story (1 article) from The Kyiv
    Independent: nothing can be concluded about The Kyiv Independent as a whole; its figures
    describe that story.")."""
    cols = group_columns(by)
    out = []
    for r in sizes.to_dict("records"):
        n = int(r["stories"])
        if n >= min_stories:
            continue
        name = group_label([r[c] for c in cols], cols)
        files = int(r["files"])
        art = f"{files} article{'s' if files != 1 else ''}"
        if n == 0:
            out.append(f"No story from {name}: nothing can be said about {name}.")
        else:
            out.append(f"One story ({art}) from {name}: nothing can be concluded about {name} "
                       f"as a whole; its figures describe that story.")
    return out


def counted_paragraphs(corpus: pd.DataFrame) -> dict[str, set[int]]:
    """doc_id -> indices of the paragraphs counted, for every syndicated copy
    (``duplicate_of`` non-empty): those not shared with the earlier version (the paragraphs
    ``unique_stories(duplicates="novel")`` keeps). Paragraph i starts at
    ``newscorpus.text.paragraph_starts(text)[i]`` of the copy's **full** text, so every table
    can be extracted on full texts (coreference sees the whole article) and filtered after."""
    dup = corpus["duplicate_of"].fillna("") if "duplicate_of" in corpus else None
    if dup is None or not (dup != "").any():
        return {}
    novel_text = dict(zip(*(unique_stories(corpus, "novel")[k] for k in ("doc_id", "text")),
                          strict=True))
    out: dict[str, set[int]] = {}
    for doc_id, text in zip(corpus.loc[dup != "", "doc_id"], corpus.loc[dup != "", "text"],
                            strict=True):
        novel = set(paragraphs(novel_text.get(doc_id) or ""))
        out[doc_id] = {i for i, p in enumerate(PARAGRAPH_BREAK.split(text or ""))
                       if p.strip() and p.strip() in novel}
    return out


def keep_counted(rows: pd.DataFrame, corpus: pd.DataFrame, duplicates: str = "novel",
                 offset: str = "start_char") -> pd.DataFrame:
    """Rows of a table extracted on the full texts (doc_id + a character ``offset``), reduced
    to what counts under ``duplicates``: "keep" all; "drop" none of a copy's; "novel" only
    those in a copy's novel paragraphs (``counted_paragraphs``)."""
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}, not {duplicates!r}")
    if duplicates == "keep" or rows.empty or "duplicate_of" not in corpus:
        return rows
    copies = set(corpus.loc[corpus["duplicate_of"].fillna("") != "", "doc_id"])
    if duplicates == "drop":
        return rows[~rows["doc_id"].isin(copies)]
    keep = counted_paragraphs(corpus)
    starts = {d: paragraph_starts(t or "") for d, t in
              zip(corpus["doc_id"], corpus["text"], strict=True) if d in keep}
    mask = [d not in keep or para_index(starts[d], int(o)) in keep[d]
            for d, o in zip(rows["doc_id"], rows[offset], strict=True)]
    return rows[np.array(mask, dtype=bool)]


def para_index(starts: list[int], pos: int) -> int:
    """Index of the paragraph (by its start offsets) holding character ``pos``."""
    return max(0, bisect_right(starts, pos) - 1)


# ---------------------------------------------------------------------------------------------
# Framing: how the war is named, in the outlet's own voice vs inside quotations
# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
# Distinctive terms: weighted log-odds with an informative Dirichlet prior
# ---------------------------------------------------------------------------------------------
def extract_terms(doc: Any, row: Mapping, entities: str = "merge") -> list[dict]:
    """Content-term counts for one article: lemmas (stop words, punctuation, numbers out), with
    entity mentions merged into their canonical name (``entities="merge"``) or dropped
    (``"exclude"``) or left as ordinary lemmas (``"keep"``)."""
    counts: Counter = Counter()
    for r in extract_terms_by_paragraph(doc, row, entities):
        counts[(r["term"], r["kind"])] += r["count"]
    return [
        {"doc_id": row.get("doc_id", ""), "term": t, "kind": k, "count": n}
        for (t, k), n in sorted(counts.items())
    ]


def extract_terms_by_paragraph(doc: Any, row: Mapping, entities: str = "merge") -> list[dict]:
    """``extract_terms`` per paragraph (``para_id``: index in ``paragraph_starts(text)``), so a
    copy's shared paragraphs can be left out after the whole article was read."""
    if entities not in ("merge", "exclude", "keep"):
        raise ValueError(f"entities must be 'merge', 'exclude' or 'keep', not {entities!r}")
    by_token: dict[int, dict] = {}
    if entities != "keep":
        for m in _mentions(doc, row):
            if m["label"] not in TERM_ENTITY_LABELS:
                continue
            span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is None:
                continue
            for k, tok in enumerate(span):
                by_token[tok.i] = {"first": k == 0, "canonical": m["canonical"]}
    for e in doc.ents:  # dates, times, numbers: when a story ran, not how it is told
        if e.label_ in NON_TERM_LABELS:
            for tok in e:
                by_token.setdefault(tok.i, {"first": False, "canonical": ""})
    counts: Counter = Counter()
    starts = paragraph_starts(doc_text(doc))
    for tok in doc:
        ent = by_token.get(tok.i)
        para = para_index(starts, tok.idx)
        if ent is not None:
            if entities == "merge" and ent["first"]:
                counts[(para, ent["canonical"], "entity")] += 1
            continue
        if tok.is_stop or tok.is_punct or tok.is_space or tok.like_num or tok.pos_ in _SKIP_POS:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            continue  # the attribution phrase "according to" is not vocabulary (lemma "accord")
        lemma = tok.lemma_.lower().strip()
        if not any(ch.isalpha() for ch in lemma) or tok.vocab[lemma].is_stop:
            continue
        counts[(para, lemma, "lemma")] += 1
    return [
        {"doc_id": row.get("doc_id", ""), "para_id": p, "term": t, "kind": k, "count": n}
        for (p, t, k), n in sorted(counts.items())
    ]


def term_counts(
    corpus: pd.DataFrame, *, entities: str = "merge", duplicates: str = "novel"
) -> pd.DataFrame:
    """Content-term counts per article (doc_id, term, kind = lemma|entity, count).

    Every article is read in full (coreference sees the whole text: "Wang" resolves as a reader
    of that article would), then a syndicated copy's terms are kept per ``duplicates`` ("novel":
    only its novel paragraphs'; ``counted_paragraphs``). Parses the corpus: cached under
    derived/ (newscorpus.memo)."""
    return memo.cached_frame("term_counts", corpus, _term_counts, entities=entities,
                             duplicates=duplicates, corpus_columns=("text",),
                             modules=("newscorpus.extract.canonical", "newscorpus.tables"))


def _term_counts(corpus: pd.DataFrame, *, entities: str, duplicates: str) -> pd.DataFrame:
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}, not {duplicates!r}")
    rows = per_doc_table(corpus, "terms_by_paragraph",
                         partial(extract_terms_by_paragraph, entities=entities), TERM_PARA_COLUMNS)
    if entities == "merge" and len(corpus):
        # entity terms are the entity table's mentions, with its corpus-wide canonical names
        # (newscorpus.tables.entities): the same counts as entity_counts, by construction
        ents = working_form(_entities(corpus), "entities")
        ents = ents[ents["label"].isin(TERM_ENTITY_LABELS)]
        ent_rows = ents.groupby(["doc_id", "para_id", "canonical"]).size().reset_index(
            name="count").rename(columns={"canonical": "term"}).assign(kind="entity")
        rows = pd.concat([rows[rows["kind"] != "entity"], ent_rows[TERM_PARA_COLUMNS]],
                         ignore_index=True)
    copies = corpus.loc[corpus["duplicate_of"].fillna("") != "", "doc_id"] \
        if "duplicate_of" in corpus else pd.Series(dtype=str)
    if duplicates == "drop":
        rows = rows[~rows["doc_id"].isin(set(copies))]
    elif duplicates == "novel" and len(copies):
        keep = counted_paragraphs(corpus)
        mask = [d not in keep or int(p) in keep[d]
                for d, p in zip(rows["doc_id"], rows["para_id"], strict=True)]
        rows = rows[np.array(mask, dtype=bool)]
    out = rows.groupby(["doc_id", "term", "kind"], as_index=False, sort=True)["count"].sum()
    return out[TERM_COUNT_COLUMNS].astype({"count": int})


def log_odds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monroe, Colaresi & Quinn (2008) weighted log-odds of group i vs j, eq. 16 and 20.

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w);  z_w = delta_w / sqrt(var_w)
    with n_i, n_j the groups' total counts and a0 = sum(a_w). Returns (delta, se, z).
    """
    y_i, y_j, alpha = (np.asarray(a, dtype=float) for a in (y_i, y_j, alpha))
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), alpha.sum()
    delta = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - np.log(
        (y_j + alpha) / (n_j + a0 - y_j - alpha)
    )
    se = np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    return delta, se, delta / se


def distinctive_terms(
    corpus: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    min_count: int = 3,
    *,
    entities: str = "merge",
    prior: float | None = None,
    duplicates: str = "novel",
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One-vs-rest weighted log-odds (informative Dirichlet prior) of every term per group.

    The prior is the whole corpus's term distribution scaled to ``prior`` pseudo-counts
    (a_w = prior * y_w / n; default prior = n, i.e. a_w = y_w, the corpus counts themselves).
    Terms with fewer than ``min_count`` occurrences in the (deduplicated) corpus are not
    reported but stay in the totals. Entities are merged into canonical names by default, so
    spelling variants (Sergei/Sergey Lavrov) and name fragments (Wang, Yi) do not pose as
    distinctive words. ``by``: a corpus column (outlet, origin, doc_id, ...) or a list of them
    (["outlet", "origin"]: one group per combination, one output column per name). Returns one
    row per group x term, sorted by group then z descending.
    """
    cols = group_columns(by)
    c = _with_groups(corpus, cols)
    tc = counts if counts is not None else term_counts(
        c, entities=entities, duplicates=duplicates
    )
    tc = tc.drop(columns=[x for x in cols if x != "doc_id" and x in tc.columns])
    tc = tc.merge(c[list(dict.fromkeys(["doc_id", *cols]))], on="doc_id")
    tc["_group"] = [tuple(v) for v in tc[cols].itertuples(index=False)]
    mat = tc.pivot_table(index=["term", "kind"], columns="_group", values="count",
                         aggfunc="sum", fill_value=0)
    total = mat.sum(axis=1).to_numpy(dtype=float)
    n = total.sum()
    alpha = (n if prior is None else float(prior)) * total / n
    keep = total >= min_count
    frames = []
    for group in mat.columns:
        y_i = mat[group].to_numpy(dtype=float)
        y_j = total - y_i
        delta, se, z = log_odds_dirichlet(y_i, y_j, alpha)
        f = pd.DataFrame({
            **dict(zip(cols, group, strict=True)), "term": mat.index.get_level_values("term"),
            "kind": mat.index.get_level_values("kind"), "count": y_i.astype(int),
            "count_rest": y_j.astype(int), "per_1000": 1000 * y_i / y_i.sum(),
            "per_1000_rest": 1000 * y_j / y_j.sum(), "log_odds": delta, "se": se, "z": z,
            "n_terms": int(y_i.sum()), "n_terms_rest": int(y_j.sum()),
        })
        frames.append(f[keep])
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values([*cols, "z", "term"], ascending=[True] * len(cols) + [False, True],
                          kind="mergesort")
    return out[[*cols, *DISTINCTIVE_COLUMNS]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Whom each outlet quotes, whom it talks about
# ---------------------------------------------------------------------------------------------
def counted_quotes(corpus: pd.DataFrame, *, duplicates: str = "novel") -> pd.DataFrame:
    """The quotes table of the full texts (speakers found as in the whole article), reduced to
    what counts under ``duplicates`` (``keep_counted``), with outlet, origin and story_id."""
    c = _with_groups(corpus, ["origin"])
    q = keep_counted(working_form(_quotes(c), "quotes"), c, duplicates)
    meta = [x for x in ("outlet", "origin", "story_id") if x in c.columns]
    return q.merge(c[["doc_id", *meta]], on="doc_id").reset_index(drop=True)


def quotation_counts(corpus: pd.DataFrame, by: str | Sequence[str] = "outlet", *,
                     duplicates: str = "novel") -> pd.DataFrame:
    """Per group: ``quotations`` (direct quotations, each once) and ``speaker_credits`` (a
    joint quotation — "Putin and Xi declared ..." — credits each of its speakers)."""
    cols = group_columns(by)
    q = counted_quotes(_with_groups(corpus, cols), duplicates=duplicates)
    q = q.merge(corpus[["doc_id", *[x for x in cols if x not in q.columns]]], on="doc_id") \
        if any(x not in q.columns for x in cols) else q
    credits = q["speaker"].replace("", "(unattributed)").str.split("; ").str.len()
    out = q.assign(_credits=credits).groupby(cols).agg(
        quotations=("text", "size"), speaker_credits=("_credits", "sum")).reset_index()
    return out


def quotations_by_affiliation(corpus: pd.DataFrame, by: str | Sequence[str] = "outlet", *,
                              duplicates: str = "novel") -> pd.DataFrame:
    """Per group x speaker affiliation (nationality, ``speaker_affiliation``; "unknown" if
    none): ``quotations`` (direct quotations with at least one speaker of that affiliation,
    each once) and ``speaker_credits`` (a joint quotation credits each speaker), with the
    group's total ``quotations_in_group`` — the denominator of "k of n quotations"."""
    cols = group_columns(by)
    q = counted_quotes(_with_groups(corpus, cols), duplicates=duplicates)
    extra = [x for x in cols if x not in q.columns]
    if extra:
        q = q.merge(corpus[["doc_id", *extra]], on="doc_id")
    q = q.reset_index(drop=True).assign(_quote=lambda t: t.index)
    q["speaker"] = q["speaker"].replace("", "(unattributed)").str.split("; ")
    q = q.explode("speaker")
    q["affiliation"] = [speaker_affiliation(sp, st) or "unknown" for sp, st in
                        zip(q["speaker"], q["speaker_text"], strict=True)]
    out = q.groupby([*cols, "affiliation"]).agg(quotations=("_quote", "nunique"),
                                                speaker_credits=("speaker", "size"))
    total = q.groupby(cols)["_quote"].nunique().rename("quotations_in_group")
    return out.reset_index().join(total, on=cols)


def quoted_speakers(corpus: pd.DataFrame, by: str | Sequence[str] = "outlet", *,
                    duplicates: str = "novel") -> pd.DataFrame:
    """Quotations per group of ``by`` (outlet, origin, [outlet, origin]) x speaker (a story
    counted once), with the speaker's affiliation.

    ``quotes`` counts quotations, ``quoted_words`` the words inside them; a joint quotation
    ("Putin and Xi declared ...") counts once for each speaker, so the column sums to speaker
    credits, not quotations (``quotation_counts`` gives both). ``affiliation`` is the
    nationality the knowledge table gives the speaker, else the first known name in the
    speaker's title ("Pentagon spokesman John Kirby" -> American), else "".
    """
    cols = group_columns(by)
    q = counted_quotes(_with_groups(corpus, cols), duplicates=duplicates)
    extra = [x for x in cols if x not in q.columns]
    if extra:
        q = q.merge(corpus[["doc_id", *extra]], on="doc_id")
    q = q.assign(speaker=q["speaker"].replace("", "(unattributed)"))
    q["affiliation"] = [speaker_affiliation(sp, st) for sp, st in
                        zip(q["speaker"], q["speaker_text"], strict=True)]
    q = q.assign(speaker=q["speaker"].str.split("; ")).explode("speaker")
    q["affiliation"] = [speaker_affiliation(sp) or aff for sp, aff in
                        zip(q["speaker"], q["affiliation"], strict=True)]
    out = q.groupby([*cols, "speaker", "affiliation"]).agg(
        quotes=("text", "size"),
        quoted_words=("text", lambda s: sum(count_words(t) for t in s)),
    ).reset_index()
    return out.sort_values([*cols, "quotes", "speaker"],
                           ascending=[True] * len(cols) + [False, True],
                           kind="mergesort").reset_index(drop=True)


def entity_attention(ents: pd.DataFrame, corpus: pd.DataFrame,
                     by: str | Sequence[str] = "outlet", *, duplicates: str = "novel",
                     labels: Sequence[str] | None = None) -> pd.DataFrame:
    """``entity_counts`` (mentions, stories, words, rates per 1,000 body words) per group of
    ``by`` — outlet, origin or [outlet, origin] — with the same story-once rule. The group's
    columns come first; ``group`` is its readable label ("The Moscow Times × AFP")."""
    cols = group_columns(by)
    c = _with_groups(corpus, cols)
    label = [group_label(tuple(v), cols) for v in c[cols].itertuples(index=False)]
    # entity_counts groups by the corpus' outlet column: give it the group label
    out = entity_counts(ents, c.assign(outlet=label), by=("outlet",), duplicates=duplicates,
                        labels=labels).rename(columns={"outlet": "group"})
    keys = pd.DataFrame({"group": label, **{k: c[k].to_numpy() for k in cols}}).drop_duplicates()
    out = out.merge(keys, on="group", how="left")
    return out[[*cols, "group", *[x for x in out.columns if x not in (*cols, "group")]]]


def speaker_affiliation(speaker: str, speaker_text: str = "") -> str:
    """Nationality of a speaker from the knowledge table: the speaker's own entry, else the
    longest known name inside the speaker or its title phrase ("U.S. officials" -> American)."""
    if not speaker or speaker == "(unattributed)":
        return ""
    index = knowledge_index()  # cached on the knowledge files' state: an edit is seen
    table = _affiliations(index)
    if speaker in table:
        return table[speaker]
    for phrase in (speaker, speaker_text):
        low = f" {phrase.lower()} "
        for alias, nat in _alias_nationalities(index):
            if f" {alias} " in low or f" {alias}'s " in low.replace("\u2019", "'"):
                return nat
    return ""


@lru_cache(maxsize=4)
def _alias_nationalities(index: KnowledgeIndex) -> tuple[tuple[str, str], ...]:
    """(lower-cased alias, nationality) for knowledge entries that have one, longest first."""
    out = []
    for rec in index.table.to_dict("records"):
        if rec.get("nationality"):
            out.extend((a.lower(), rec["nationality"]) for a in rec["aliases"])
            out.append((rec["nationality"].lower(), rec["nationality"]))  # "Chinese leader"
    return tuple(sorted(set(out), key=lambda x: (-len(x[0]), x[0])))


@lru_cache(maxsize=4)
def _affiliations(index: KnowledgeIndex) -> dict[str, str]:
    """canonical name -> affiliation, from the knowledge table when it provides one."""
    kt = index.table
    cols = [c for c in ("affiliation", "country", "nationality") if c in kt.columns]
    if "canonical" not in kt.columns or not cols:
        return {}
    out: dict[str, str] = {}
    for row in kt.to_dict("records"):
        val = next((str(row[c]) for c in cols if isinstance(row.get(c), str) and row[c]), "")
        out[str(row["canonical"])] = val
    return out
