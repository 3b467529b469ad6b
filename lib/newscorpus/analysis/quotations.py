"""Whom each group quotes: the quotes counted once per story, quotations and speaker credits
per group, per speaker and per speaker affiliation (nationality from the knowledge table)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from newscorpus.analysis.counted import keep_counted
from newscorpus.analysis.groups import _with_groups, group_columns
from newscorpus.corpus.missing import corpus_missing_values
from newscorpus.knowledge import KnowledgeIndex, knowledge_index
from newscorpus.tables import quotes as _quotes
from newscorpus.tables import working_form
from newscorpus.text import count_words


@corpus_missing_values
def counted_quotes(corpus: pd.DataFrame, *, duplicates: str = "novel") -> pd.DataFrame:
    """The quotes table of the full texts (speakers found as in the whole article), reduced to
    what counts under ``duplicates`` (``keep_counted``), with outlet, origin and story_id."""
    c = _with_groups(corpus, ["origin"])
    q = keep_counted(working_form(_quotes(c), "quotes"), c, duplicates)
    meta = [x for x in ("outlet", "origin", "story_id") if x in c.columns]
    return q.merge(c[["doc_id", *meta]], on="doc_id").reset_index(drop=True)


@corpus_missing_values
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


@corpus_missing_values
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


@corpus_missing_values
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
