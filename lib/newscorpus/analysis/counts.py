"""Corpus-level counts over the entity table: mentions per canonical entity by group, with the
denominators (stories, body words) of every rate, and co-mention matrices."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from newscorpus.analysis.groups import group_columns
from newscorpus.analysis.kwic import compile_pattern
from newscorpus.corpus.dedupe import unique_stories
from newscorpus.corpus.missing import corpus_missing_values
from newscorpus.tables import working_form
from newscorpus.text import PARAGRAPH_BREAK, paragraphs

#: Time bins of the attention-over-time tables: ``freq=`` name -> pandas period alias.
FREQS = {"day": "D", "week": "W-SUN", "month": "M", "year": "Y"}


#: Order of date precisions, finest first (corpus.published_precision, where present).
PRECISIONS = ("day", "week", "month", "year")


def with_period(corpus: pd.DataFrame, freq: str) -> pd.DataFrame:
    """The corpus with a ``period`` column: the first day of the ``freq`` bin ("day", "week"
    (Monday to Sunday), "month", "year") that ``published`` falls in; NaT where it is unknown.

    Where the corpus says a date is coarser than the bins (``published_precision`` "month" or
    "year", e.g. a manifest date "2022-03" stored as 2022-03-01), the article cannot be placed
    in a day or week: its ``period`` is NaT too (the undated bin), never the bin of the 1st.
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    published = pd.to_datetime(corpus["published"])
    if "published_precision" in corpus.columns:
        rank = {p: i for i, p in enumerate(PRECISIONS)}
        coarse = corpus["published_precision"].map(
            lambda p: rank.get(p, 0) if isinstance(p, str) else 0) > rank[freq]
        published = published.mask(coarse.to_numpy(dtype=bool))
    period = published.dt.to_period(FREQS[freq]).dt.start_time
    return corpus.assign(period=period.astype("datetime64[ns]"))


@corpus_missing_values
def counted_mentions(ents: pd.DataFrame, corpus: pd.DataFrame, duplicates: str = "novel",
                     extra: Iterable[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions and documents that counts are computed over, after syndication handling.

    ``duplicates="novel"`` (default): a near-duplicate copy (corpus.duplicate_of non-empty)
    keeps only the mentions in its novel paragraphs (newscorpus.corpus.dedupe.unique_stories: not
    shared with the earlier version) and only those paragraphs' words; "drop": copies are left
    out; "keep": every file counts as written. Returns (mentions, docs); both carry
    ``story_id`` (the original's doc_id for a copy) and ``outlet``; docs has ``n_words`` as
    counted. Corpus columns named in ``extra`` (e.g. ``published``, ``period``) are carried
    onto both.
    """
    mode = duplicates
    stories = unique_stories(corpus, mode)
    if mode == "keep":
        stories = stories.assign(story_id=stories["doc_id"])
    extra = [c for c in dict.fromkeys(extra) if c not in ("doc_id", "outlet", "story_id",
                                                           "n_words")]
    missing = [c for c in extra if c not in stories.columns]
    if missing:
        raise KeyError(f"the corpus has no column {missing[0]!r} to group by "
                       f"(columns: {', '.join(map(str, corpus.columns))})")
    docs = stories[["doc_id", "outlet", "story_id", "n_words", *extra]].reset_index(drop=True)
    ents = working_form(ents, "entities")
    e = ents[ents["doc_id"].isin(docs["doc_id"])].copy()
    if mode == "novel":
        original = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
        kept_text = dict(zip(stories["doc_id"], stories["text"], strict=True))
        dups = corpus.loc[corpus["duplicate_of"].fillna("") != "", "doc_id"]
        keep_mask = pd.Series(True, index=e.index, dtype=bool)
        for doc_id in dups:
            novel = set(paragraphs(kept_text.get(doc_id) or ""))
            paras = PARAGRAPH_BREAK.split(original[doc_id] or "")
            is_novel = {i for i, p in enumerate(paras) if p.strip() in novel}
            rows = e["doc_id"] == doc_id
            keep_mask[rows] = e.loc[rows, "para_id"].isin(is_novel).to_numpy(dtype=bool)
        e = e[keep_mask]
    e = e.drop(columns=[c for c in ("outlet", "story_id", *extra) if c in e.columns])
    e = e.merge(docs[["doc_id", "outlet", "story_id", *extra]], on="doc_id", how="left")
    return e, docs


@corpus_missing_values
def entity_counts(ents: pd.DataFrame, corpus: pd.DataFrame,
                  by: str | Iterable[str] | None = ("doc_id",), *, duplicates: str = "novel",
                  labels: Iterable[str] | None = None) -> pd.DataFrame:
    """Mentions per canonical entity and ``by`` group, with the denominators of every rate.

    ``by`` is a column name or a list of them (of the entity table or the corpus, e.g.
    ``"outlet"``, ``["outlet", "published"]``), or None/() for the whole corpus. A story is an
    article with a syndicated copy merged into its original; ``duplicates`` (see
    ``counted_mentions``) decides how copies count (default "novel": only their novel
    paragraphs; "keep": every file as written, and then a story is a file). ``labels`` keeps
    only those entity labels. Rows with a missing ``by`` value (e.g. no outlet) form their own
    group. Rows are sorted by group, then most mentioned first.

    Columns:
        <by> (as in the corpus): one column per ``by`` name, the group.
        label (string): the entity label (PERSON, GPE, ORG, ...).
        canonical (string): the entity's canonical name.
        mentions (int64): mentions of the entity in the group's counted text.
        stories_mentioning (int64): stories of the group with at least one mention.
        stories_in_group (int64): denominator: stories in the group.
        words_in_group (int64): denominator: body-text words counted in the group
            (corpus.n_words; of a copy's novel paragraphs only with duplicates="novel").
        share_of_stories (float64): stories_mentioning / stories_in_group.
        mentions_per_1000_words (float64): 1000 * mentions / words_in_group.
    """
    by = group_columns(by, required=False)
    extra = [c for c in by if c not in ents.columns or c in corpus.columns]
    e, docs = counted_mentions(ents, corpus, duplicates, extra=extra)
    return _count(e, docs, by, labels)


def _with_denominators(counts: pd.DataFrame, docs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Add each group's stories and counted body words (from ``docs``: one row per counted
    article with story_id and n_words) and the two rates; counts as integers."""
    if by:
        denom = docs.groupby(by, dropna=False).agg(stories_in_group=("story_id", "nunique"),
                                                   words_in_group=("n_words", "sum"))
        counts = counts.merge(denom.reset_index(), on=by, how="left")
    else:
        counts["stories_in_group"] = docs["story_id"].nunique()
        counts["words_in_group"] = int(docs["n_words"].sum())
    counts = counts.astype({"mentions": "int64", "stories_mentioning": "int64",
                            "stories_in_group": "int64", "words_in_group": "int64"})
    counts["share_of_stories"] = counts["stories_mentioning"] / counts["stories_in_group"]
    counts["mentions_per_1000_words"] = 1000 * counts["mentions"] / counts["words_in_group"]
    return counts


def _count(e: pd.DataFrame, docs: pd.DataFrame, by: list[str],
           labels: Iterable[str] | None) -> pd.DataFrame:
    if labels is not None:
        e = e[e["label"].isin(list(labels))]
    keys = [*by, "label", "canonical"]
    counts = e.groupby(keys, dropna=False).agg(mentions=("doc_id", "size"),
                                                stories_mentioning=("story_id", "nunique"))
    counts = _with_denominators(counts.reset_index(), docs, by)
    return counts.sort_values([*by, "mentions", "canonical"],
                              ascending=[True] * len(by) + [False, True],
                              na_position="last").reset_index(drop=True)


@corpus_missing_values
def entity_counts_over_time(ents: pd.DataFrame, corpus: pd.DataFrame, freq: str = "month",
                            by: str | Iterable[str] | None = None, *,
                            duplicates: str = "novel",
                            labels: Iterable[str] | None = None) -> pd.DataFrame:
    """Attention over time: ``entity_counts`` per ``freq`` bin of ``published`` ("day",
    "week", "month", "year"), optionally also by ``by`` (e.g. "outlet").

    Articles with no publication date (or one coarser than ``freq``: see ``with_period``) are
    not dropped: they form the bin whose ``period`` is NaT (sorted last), and
    ``attrs["undated_articles"]`` lists their doc_ids.

    Columns:
        period (datetime64[ns]): first day of the bin (weeks run Monday to Sunday); NaT = the
            articles with no publication date.
        <by> (as in the corpus): one column per ``by`` name.
        label (string): the entity label.
        canonical (string): the entity's canonical name.
        mentions (int64): mentions in the bin (and group).
        stories_mentioning (int64): stories of the bin with at least one mention.
        stories_in_group (int64): denominator: stories published in the bin (and group).
        words_in_group (int64): denominator: body-text words counted in the bin (and group).
        share_of_stories (float64): stories_mentioning / stories_in_group.
        mentions_per_1000_words (float64): 1000 * mentions / words_in_group.
    """
    timed = with_period(corpus, freq)
    out = entity_counts(ents, timed, by=["period", *group_columns(by, required=False)], duplicates=duplicates,
                        labels=labels)
    out.attrs["undated_articles"] = timed.loc[timed["period"].isna(), "doc_id"].tolist()
    return out


TERM_COUNT_COLUMNS = ["term", "mentions", "stories_mentioning", "stories_in_group",
                      "words_in_group", "share_of_stories", "mentions_per_1000_words"]


@corpus_missing_values
def term_counts_over_time(corpus: pd.DataFrame,
                          terms: str | Iterable[str] | Mapping[str, Iterable[str]],
                          freq: str | None = "month", by: str | Iterable[str] | None = None,
                          *, duplicates: str = "novel", regex: bool = False,
                          case: bool = False) -> pd.DataFrame:
    """Hits of each term in the articles' clean text, per ``by`` group and ``freq`` bin of
    ``published``, with the denominators (stories and body words per group).

    ``terms`` is a term, a list of terms, or a mapping {name: [variants]} whose variants are
    counted together under the name. A term is matched as in ``kwic`` (whole words, any case,
    unless ``regex``/``case``). ``freq`` ("day", "week", "month", "year"; None for no time
    bins) adds a ``period`` column; undated articles form the bin with ``period`` NaT, listed in
    ``attrs["undated_articles"]``. Every (group, term) is listed, with 0 where nothing matched.

    Columns:
        period (datetime64[ns]): only with ``freq``: first day of the bin; NaT = undated.
        <by> (as in the corpus): one column per ``by`` name.
        term (string): the term (or the mapping's name).
        mentions (int64): hits of the term (any variant) in the group's counted text.
        stories_mentioning (int64): stories of the group with at least one hit.
        stories_in_group (int64): denominator: stories in the group.
        words_in_group (int64): denominator: body-text words counted in the group.
        share_of_stories (float64): stories_mentioning / stories_in_group.
        mentions_per_1000_words (float64): 1000 * mentions / words_in_group.
    """
    lexicon = _lexicon(terms)
    by = group_columns(by, required=False)
    c = with_period(corpus, freq) if freq is not None else corpus
    if freq is not None:
        by = ["period", *by]
    stories = unique_stories(c, duplicates)
    if duplicates == "keep":
        stories = stories.assign(story_id=stories["doc_id"])
    missing = [col for col in by if col not in stories.columns]
    if missing:
        raise KeyError(f"the corpus has no column {missing[0]!r} to group by")
    patterns = {name: [compile_pattern(v, regex=regex, case=case) for v in variants]
                for name, variants in lexicon.items()}
    rows = []
    for rec in stories.to_dict("records"):
        text = rec.get("text") or ""
        for name, rxs in patterns.items():
            n = sum(1 for rx in rxs for _ in rx.finditer(text))
            rows.append({**{col: rec[col] for col in by}, "term": name, "mentions": n,
                         "story_id": rec["story_id"]})
    hits = pd.DataFrame(rows, columns=[*by, "term", "mentions", "story_id"])
    grouped = hits.groupby([*by, "term"], dropna=False, sort=False)
    counts = grouped.agg(mentions=("mentions", "sum")).reset_index()
    mentioning = (hits[hits["mentions"] > 0].groupby([*by, "term"], dropna=False)["story_id"]
                  .nunique().rename("stories_mentioning").reset_index())
    counts = counts.merge(mentioning, on=[*by, "term"], how="left")
    counts["stories_mentioning"] = counts["stories_mentioning"].fillna(0)
    counts = _with_denominators(counts.astype({"term": "string"}), stories, by)
    order = {name: i for i, name in enumerate(lexicon)}
    counts["_order"] = counts["term"].map(order)
    counts = counts.sort_values([*by, "_order"], na_position="last").drop(columns="_order")
    counts = counts[[*by, *TERM_COUNT_COLUMNS]].reset_index(drop=True)
    if freq is not None:
        counts.attrs["undated_articles"] = c.loc[c["period"].isna(), "doc_id"].tolist()
    return counts


def _lexicon(terms: str | Iterable[str] | Mapping[str, Iterable[str]]) -> dict[str, list]:
    """{name: [variants]} from a term, a list of terms or a mapping (a variant may be a
    compiled pattern)."""
    if isinstance(terms, str | re.Pattern):
        terms = [terms]
    if isinstance(terms, Mapping):
        out = {str(k): ([v] if isinstance(v, str | re.Pattern) else list(v))
               for k, v in terms.items()}
    else:
        out = {(t.pattern if isinstance(t, re.Pattern) else str(t)): [t] for t in terms}
    if not out or any(not v for v in out.values()):
        raise ValueError("terms: give at least one term (a string, a list or {name: [variants]})")
    return out


@corpus_missing_values
def cooccurrence(ents: pd.DataFrame, corpus: pd.DataFrame, *, label: str = "PERSON",
                 unit: str = "sentence", duplicates: str = "novel",
                 min_mentions: int = 1) -> pd.DataFrame:
    """Square matrix canonical x canonical: number of sentences (``unit="sentence"``) or
    paragraphs (``"paragraph"``) in which both entities of type ``label`` are mentioned; the
    diagonal is the number of units mentioning the entity at all. Units are counted over the
    mentions kept by ``counted_mentions(duplicates)``."""
    e, _ = counted_mentions(ents, corpus, duplicates)
    e = e[e["label"] == label]
    keep = e["canonical"].value_counts()
    names = sorted(keep[keep >= min_mentions].index)
    col = {"sentence": "sent_id", "paragraph": "para_id"}[unit]
    units = e[e["canonical"].isin(names)].groupby(["doc_id", col])["canonical"].agg(set)
    mat = pd.DataFrame(0, index=pd.Index(names, name=label), columns=pd.Index(names, name=label))
    for members in units:
        for a in members:
            for b in members:
                mat.loc[a, b] += 1
    return mat
