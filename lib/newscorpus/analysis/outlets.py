"""Outlet comparisons: how an article names the war (own voice vs quoted), which words set an
outlet apart (weighted log-odds, Monroe et al. 2008), whom it quotes and whom it talks about."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newscorpus import config, resources
from newscorpus.cache import memo
from newscorpus.corpus.dedupe import DUPLICATE_MODES, unique_stories  # noqa: F401
from newscorpus.extract.quotes import _mentions, extract_quotes
from newscorpus.knowledge import KnowledgeIndex, knowledge_index
from newscorpus.pipeline import doc_text
from newscorpus.pipeline import nlp as _nlp
from newscorpus.tables import per_doc_table
from newscorpus.tables import quotes as _quotes
from newscorpus.text import count_words, quoted_regions

LEXICON_PATH = config.DATA_DIR / "framing.yaml"

FRAMING_MATCH_COLUMNS = [
    "doc_id", "family", "term", "start_char", "end_char", "in_quote", "speaker", "context",
]
CONTEXT_CHARS = 60  # characters of text shown on each side of a match
FRAMING_COLUMNS = [
    "doc_id", "outlet", "family", "own_voice", "quoted", "total", "n_words",
]
TERM_COUNT_COLUMNS = ["doc_id", "term", "kind", "count"]
DISTINCTIVE_COLUMNS = [
    "term", "kind", "count", "count_rest", "per_1000", "per_1000_rest", "log_odds", "se", "z",
    "n_terms", "n_terms_rest",
]
#: Entity labels merged into one canonical term by distinctive_terms(entities="merge").
TERM_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")
NON_TERM_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
_SKIP_POS = {"NUM", "SYM", "PUNCT", "SPACE", "X"}


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------
def outlet_denominators(corpus: pd.DataFrame, duplicates: str = "novel") -> pd.DataFrame:
    """Per outlet: files, stories (a syndicated story counts once) and the body words counted
    (with ``duplicates="novel"`` a copy adds only its novel paragraphs' words): the
    denominators of every per-outlet rate."""
    c = unique_stories(corpus, duplicates)
    out = c.groupby("outlet", sort=True).agg(
        files=("doc_id", "size"), stories=("story_id", "nunique"), body_words=("n_words", "sum")
    )
    return out.reset_index()


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


def _lexicon_key(lexicon: Mapping[str, list[str]] | None) -> tuple:
    fams, forms = _load_lexicon(str(LEXICON_PATH))
    if lexicon is not None:
        fams = {str(k): list(v) for k, v in lexicon.items()}
    return (
        tuple((f, tuple(t)) for f, t in fams.items()),
        tuple((w, tuple(fs)) for w, fs in forms.items()),
    )


def extract_framing(doc: Any, row: Mapping, lexicon: Mapping[str, list[str]] | None = None) -> list[dict]:
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
    lexicon: Mapping[str, list[str]] | None = None,
    *,
    duplicates: str = "novel",
    field: str = "text",
) -> pd.DataFrame:
    """Every framing-term match (doc_id, family, term, offsets, in_quote, speaker of the quote).

    Parses the corpus: cached under derived/ (newscorpus.memo; keyed on the documents, the
    lexicon, the code and its data files, and the model settings)."""
    return memo.cached_frame("framing_matches", corpus, _framing_matches, lexicon,
                             duplicates=duplicates, field=field, corpus_columns=("text", "title"))


def _framing_matches(corpus: pd.DataFrame, lexicon: Mapping[str, list[str]] | None, *,
                     duplicates: str, field: str) -> pd.DataFrame:
    if field != "text" and duplicates == "novel":
        duplicates = "drop"
    c = unique_stories(corpus, duplicates)
    rows = _parse_field(c, field, lexicon, extract_framing)
    return pd.DataFrame(rows, columns=FRAMING_MATCH_COLUMNS)


def framing(
    corpus: pd.DataFrame,
    lexicon: Mapping[str, list[str]] | None = None,
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
    c = unique_stories(corpus, duplicates)
    matches = framing_matches(c, lexicon, duplicates="keep", field=field)
    families = [f for f, _ in _lexicon_key(lexicon)[0]]
    grid = pd.MultiIndex.from_product([c["doc_id"].tolist(), families], names=["doc_id", "family"])
    m = matches.assign(own=~matches["in_quote"].astype(bool), q=matches["in_quote"].astype(bool))
    counts = m.groupby(["doc_id", "family"])[["own", "q"]].sum()
    counts = counts.reindex(grid, fill_value=0).astype(int).reset_index()
    counts = counts.rename(columns={"own": "own_voice", "q": "quoted"})
    counts["total"] = counts["own_voice"] + counts["quoted"]
    meta = c.set_index("doc_id")[["outlet", "n_words"]]
    counts = counts.join(meta, on="doc_id")
    return counts[FRAMING_COLUMNS]


def framing_by_outlet(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum a framing() table per outlet x family, with rates per 1,000 body words."""
    words = frame.drop_duplicates("doc_id").groupby("outlet")["n_words"].sum()
    out = frame.groupby(["outlet", "family"], sort=False)[["own_voice", "quoted", "total"]].sum()
    out = out.reset_index()
    out["body_words"] = out["outlet"].map(words)
    out["own_voice_per_1000_words"] = 1000 * out["own_voice"] / out["body_words"]
    out["quoted_per_1000_words"] = 1000 * out["quoted"] / out["body_words"]
    return out


# ---------------------------------------------------------------------------------------------
# Distinctive terms: weighted log-odds with an informative Dirichlet prior
# ---------------------------------------------------------------------------------------------
def extract_terms(doc: Any, row: Mapping, entities: str = "merge") -> list[dict]:
    """Content-term counts for one article: lemmas (stop words, punctuation, numbers out), with
    entity mentions merged into their canonical name (``entities="merge"``) or dropped
    (``"exclude"``) or left as ordinary lemmas (``"keep"``)."""
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
    for tok in doc:
        ent = by_token.get(tok.i)
        if ent is not None:
            if entities == "merge" and ent["first"]:
                counts[(ent["canonical"], "entity")] += 1
            continue
        if tok.is_stop or tok.is_punct or tok.is_space or tok.like_num or tok.pos_ in _SKIP_POS:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            continue  # the attribution phrase "according to" is not vocabulary (lemma "accord")
        lemma = tok.lemma_.lower().strip()
        if not any(ch.isalpha() for ch in lemma) or tok.vocab[lemma].is_stop:
            continue
        counts[(lemma, "lemma")] += 1
    return [
        {"doc_id": row.get("doc_id", ""), "term": t, "kind": k, "count": n}
        for (t, k), n in sorted(counts.items())
    ]


def term_counts(
    corpus: pd.DataFrame, *, entities: str = "merge", duplicates: str = "novel"
) -> pd.DataFrame:
    """Content-term counts per article (doc_id, term, kind = lemma|entity, count).

    Parses the corpus: cached under derived/ (newscorpus.memo)."""
    return memo.cached_frame("term_counts", corpus, _term_counts, entities=entities,
                             duplicates=duplicates, corpus_columns=("text",))


def _term_counts(corpus: pd.DataFrame, *, entities: str, duplicates: str) -> pd.DataFrame:
    c = unique_stories(corpus, duplicates)
    return per_doc_table(
        c, "terms", partial(extract_terms, entities=entities), TERM_COUNT_COLUMNS
    )


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
    by: str = "outlet",
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
    distinctive words. Returns one row per group x term, sorted by group then z descending.
    """
    c = unique_stories(corpus, duplicates)
    tc = counts if counts is not None else term_counts(
        c, entities=entities, duplicates="keep"
    )
    tc = tc.merge(c[["doc_id", by]], on="doc_id")
    mat = tc.pivot_table(index=["term", "kind"], columns=by, values="count", aggfunc="sum",
                         fill_value=0)
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
            by: group, "term": mat.index.get_level_values("term"),
            "kind": mat.index.get_level_values("kind"), "count": y_i.astype(int),
            "count_rest": y_j.astype(int), "per_1000": 1000 * y_i / y_i.sum(),
            "per_1000_rest": 1000 * y_j / y_j.sum(), "log_odds": delta, "se": se, "z": z,
            "n_terms": int(y_i.sum()), "n_terms_rest": int(y_j.sum()),
        })
        frames.append(f[keep])
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values([by, "z", "term"], ascending=[True, False, True], kind="mergesort")
    return out[[by, *DISTINCTIVE_COLUMNS]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Whom each outlet quotes, whom it talks about
# ---------------------------------------------------------------------------------------------
def quoted_speakers(corpus: pd.DataFrame, *, duplicates: str = "novel") -> pd.DataFrame:
    """Quotations per outlet x speaker (a story counted once), with the speaker's affiliation.

    ``quotes`` counts quotations, ``quoted_words`` the words inside them; a joint quotation
    ("Putin and Xi declared ...") counts once for each speaker. ``affiliation`` is the
    nationality the knowledge table gives the speaker, else the first known name in the
    speaker's title ("Pentagon spokesman John Kirby" -> American), else "".
    """

    c = unique_stories(corpus, duplicates)
    q = _quotes(c).merge(c[["doc_id", "outlet"]], on="doc_id")
    q = q.assign(speaker=q["speaker"].replace("", "(unattributed)"))
    q["affiliation"] = [speaker_affiliation(sp, st) for sp, st in
                        zip(q["speaker"], q["speaker_text"], strict=True)]
    q = q.assign(speaker=q["speaker"].str.split("; ")).explode("speaker")
    q["affiliation"] = [speaker_affiliation(sp) or aff for sp, aff in
                        zip(q["speaker"], q["affiliation"], strict=True)]
    out = q.groupby(["outlet", "speaker", "affiliation"]).agg(
        quotes=("text", "size"),
        quoted_words=("text", lambda s: sum(count_words(t) for t in s)),
    ).reset_index()
    return out.sort_values(["outlet", "quotes", "speaker"], ascending=[True, False, True],
                           kind="mergesort").reset_index(drop=True)


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
