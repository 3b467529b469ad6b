"""Scoring entity mentions against the hand-annotated gold standard (annotations/gold_entities.csv).

Gold mentions are anchored by ``doc_id`` + a short context in which the mention is marked with
``[[...]]`` (e.g. ``Foreign Minister [[Wang Yi]] will collectively``), never by raw offsets. They
are resolved to character offsets at evaluation time against whatever text is being scored (the
clean body ``corpus.text`` or the raw file), so a change in cleaning cannot silently shift the
gold. Whitespace runs match any whitespace (hard-wrapped lines), and straight/curly quotes,
apostrophes and dashes match each other. A gold mention whose context is not in the scored text
(e.g. the cleaner dropped its paragraph) stays in the gold as a miss.

Scores are exact-span: a prediction is a typed hit when doc, start, end and label are equal, and
a *canonical* hit when its canonical name is also the gold canonical name. A mention with the
right span but a split or wrong canonical name ("Sergey Lavrov" beside "Sergei Lavrov") is
therefore an error in the canonical scores (a false positive and a false negative).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from newscorpus.cache import memo
from newscorpus.evaluation.baselines import entities_with, raw_model_entities
from newscorpus.evaluation.gold import read_gold
from newscorpus.evaluation.metrics import prf
from newscorpus.knowledge import knowledge_table
from newscorpus.tables import entities, working_form

#: Entity types scored (spaCy's numeric types DATE, CARDINAL, ... are not entities here).
EVAL_LABELS = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT",
               "WORK_OF_ART", "LANGUAGE")
#: Gold zones scored by default: body paragraphs (standfirst bullets and crossheads are annotated
#: in the gold with their own zone but, like headlines, are not part of corpus.text).
BODY_ZONES = ("body",)

_MARK = re.compile(r"\[\[(.+?)\]\]")
_EQUIV = {
    "'": "['\u2018\u2019`]", "\u2018": "['\u2018\u2019`]", "\u2019": "['\u2018\u2019`]",
    '"': "[\"\u201c\u201d\u201e]", "\u201c": "[\"\u201c\u201d\u201e]",
    "\u201d": "[\"\u201c\u201d\u201e]",
    "-": "[-\u2010\u2011\u2013\u2014]", "\u2013": "[-\u2010\u2011\u2013\u2014]",
    "\u2014": "[-\u2010\u2011\u2013\u2014]",
}


def _pattern_piece(s: str) -> str:
    out = []
    for part in re.split(r"(\s+)", s):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        else:
            out.append("".join(_EQUIV.get(ch, re.escape(ch)) for ch in part))
    return "".join(out)


def anchor_pattern(context: str) -> re.Pattern:
    """Compile a gold context into a regex whose group 'm' is the marked mention."""
    m = _MARK.search(context)
    assert m is not None
    before, mention, after = context[: m.start()], m.group(1), context[m.end():]
    pat = _pattern_piece(before) + "(?P<m>" + _pattern_piece(mention) + ")" + _pattern_piece(after)
    if context[:1].isalnum():
        pat = r"(?<!\w)" + pat
    if context[-1:].isalnum():
        pat += r"(?!\w)"
    return re.compile(pat)


def _texts_mapping(texts: Mapping[str, str] | pd.DataFrame, column: str = "text") -> dict:
    if isinstance(texts, pd.DataFrame):
        return dict(zip(texts["doc_id"], texts[column].fillna(""), strict=True))
    return dict(texts)


def resolve_gold(gold: pd.DataFrame, texts: Mapping[str, str] | pd.DataFrame,
                 column: str = "text") -> pd.DataFrame:
    """Add start_char/end_char (first match of each context in its doc's text, -1 if absent).

    ``texts`` maps doc_id -> text, or is a corpus DataFrame (``column`` picks text or raw_text).
    Adds ``n_matches`` so ambiguous anchors can be spotted (tests require exactly one in the
    raw file).
    """
    tx = _texts_mapping(texts, column)
    starts, ends, counts = [], [], []
    for doc_id, context in zip(gold["doc_id"], gold["context"], strict=True):
        text = tx.get(doc_id, "")
        found = list(anchor_pattern(context).finditer(text))
        counts.append(len(found))
        if found:
            starts.append(found[0].start("m"))
            ends.append(found[0].end("m"))
        else:
            starts.append(-1)
            ends.append(-1)
    out = gold.copy()
    out["start_char"], out["end_char"], out["n_matches"] = starts, ends, counts
    return out


def _prepare(pred: pd.DataFrame, gold: pd.DataFrame, texts, zones, labels):
    if "start_char" not in gold.columns:
        if texts is None:
            raise ValueError("gold is not resolved: pass texts (corpus or doc_id -> text)")
        gold = resolve_gold(gold, texts)
    if zones is not None and "zone" in gold.columns:
        gold = gold[gold["zone"].isin(zones)]
    gold = gold[gold["label"].isin(labels)]
    pred = working_form(pred, "entities")
    pred = pred[pred["doc_id"].isin(set(gold["doc_id"])) & pred["label"].isin(labels)]
    return pred, gold


def match_entities(pred: pd.DataFrame, gold: pd.DataFrame, texts=None, *,
                   zones: Iterable[str] | None = BODY_ZONES,
                   labels: Iterable[str] = EVAL_LABELS) -> pd.DataFrame:
    """Align predictions and gold mention by mention (outer join on doc_id, start, end).

    One row per gold and/or predicted span with columns gold_label, gold_canonical, pred_label,
    pred_canonical, text and ``outcome``: ``ok``, ``wrong canonical``, ``wrong label``,
    ``missed`` (gold only) or ``spurious`` (prediction only).
    """
    labels = tuple(labels)
    pred, gold = _prepare(pred, gold, texts, zones, labels)
    g = gold[gold["start_char"] >= 0][["doc_id", "start_char", "end_char", "label", "canonical",
                                       "text"]]
    unresolved = gold[gold["start_char"] < 0][["doc_id", "label", "canonical", "text"]]
    p = pred[["doc_id", "start_char", "end_char", "label", "canonical", "text"]].copy()
    p = p.drop_duplicates(["doc_id", "start_char", "end_char"])
    m = g.merge(p, on=["doc_id", "start_char", "end_char"], how="outer",
                suffixes=("_gold", "_pred"))
    m = m.rename(columns={"label_gold": "gold_label", "canonical_gold": "gold_canonical",
                          "label_pred": "pred_label", "canonical_pred": "pred_canonical"})
    m["text"] = m["text_gold"].fillna(m["text_pred"])
    m = m.drop(columns=["text_gold", "text_pred"])
    un = unresolved.rename(columns={"label": "gold_label", "canonical": "gold_canonical"})
    un = un.assign(start_char=-1, end_char=-1, pred_label=None, pred_canonical=None)
    m = pd.concat([m, un[m.columns]], ignore_index=True) if len(un) else m

    def outcome(r) -> str:
        if pd.isna(r["pred_label"]):
            return "missed"
        if pd.isna(r["gold_label"]):
            return "spurious"
        if r["gold_label"] != r["pred_label"]:
            return "wrong label"
        if r["gold_canonical"] != r["pred_canonical"]:
            return "wrong canonical"
        return "ok"

    m["outcome"] = m.apply(outcome, axis=1) if len(m) else pd.Series(dtype=str)
    return m.sort_values(["doc_id", "start_char"]).reset_index(drop=True)


def evaluate_entities(pred: pd.DataFrame, gold: pd.DataFrame, texts=None, *,
                      zones: Iterable[str] | None = BODY_ZONES,
                      labels: Iterable[str] = EVAL_LABELS) -> pd.DataFrame:
    """Precision, recall and F1 by entity type, typed (span+label) and canonical (+canonical name).

    ``pred``: entity mentions with doc_id, start_char, end_char, label, canonical (e.g. the output
    of ``newscorpus.entities``). ``gold``: ``read_gold("entities")`` (resolved against ``texts``, a corpus
    DataFrame or doc_id -> text mapping) or an already resolved gold table. Only documents that
    have gold annotations are scored. Denominators: precision over predicted mentions of that
    type, recall over gold mentions of that type (NaN when empty: see
    :mod:`newscorpus.evaluation.metrics`). The last row ("ALL") is the micro average.
    """
    m = match_entities(pred, gold, texts, zones=zones, labels=labels)
    rows = []
    present = [lab for lab in labels if (m["gold_label"] == lab).any() or
               (m["pred_label"] == lab).any()]
    for lab in [*present, "ALL"]:
        if lab == "ALL":
            g_mask, p_mask = m["gold_label"].notna(), m["pred_label"].notna()
        else:
            g_mask, p_mask = m["gold_label"] == lab, m["pred_label"] == lab
        both = g_mask & (m["gold_label"] == m["pred_label"])
        tp_t = int(both.sum())
        tp_c = int((both & (m["gold_canonical"] == m["pred_canonical"])).sum())
        n_g, n_p = int(g_mask.sum()), int(p_mask.sum())
        pt, rt, ft = prf(tp_t, n_p - tp_t, n_g - tp_t)
        pc, rc, fc = prf(tp_c, n_p - tp_c, n_g - tp_c)
        rows.append({"label": lab, "n_gold": n_g, "n_pred": n_p, "tp_typed": tp_t,
                     "precision_typed": pt, "recall_typed": rt, "f1_typed": ft,
                     "tp_canonical": tp_c, "precision_canonical": pc, "recall_canonical": rc,
                     "f1_canonical": fc})
    return pd.DataFrame(rows).set_index("label")


def canonical_splits(pred: pd.DataFrame, gold: pd.DataFrame, texts=None, *,
                     zones: Iterable[str] | None = BODY_ZONES,
                     labels: Iterable[str] = EVAL_LABELS) -> pd.DataFrame:
    """Gold entities whose span-matched mentions carry more than one predicted canonical name.

    One row per split gold canonical with the predicted names and the documents involved; an
    empty table means no real-world entity is split, within or across documents.
    """
    m = match_entities(pred, gold, texts, zones=zones, labels=labels)
    m = m[m["gold_label"].notna() & m["pred_label"].notna()]
    rows = []
    for canon, grp in m.groupby("gold_canonical"):
        names = sorted(set(grp["pred_canonical"].dropna()))
        if len(names) > 1:
            rows.append({"gold_canonical": canon, "pred_canonicals": " | ".join(names),
                         "n_names": len(names), "doc_ids": " ".join(sorted(set(grp["doc_id"])))})
    return pd.DataFrame(rows, columns=["gold_canonical", "pred_canonicals", "n_names", "doc_ids"])


# --- the accuracy report: baselines, newscorpus, leave-one-outlet-out -----------------------

#: The code the cached evaluation results depend on: this module and, through its imports, the
#: entity pipeline, the knowledge table (and its data file) and the model settings.
_CODE = ("newscorpus.evaluation.entities",)


def _general_knowledge_entities(corpus: pd.DataFrame) -> pd.DataFrame:

    return entities_with(corpus, knowledge_table(outlets=[]))


def _raw_model_entities(corpus: pd.DataFrame, column: str) -> pd.DataFrame:

    return raw_model_entities(corpus, column)


def _loo_fold(corpus: pd.DataFrame, held: str, outlets: list[str]) -> pd.DataFrame:

    table = knowledge_table(outlets=[o for o in outlets if o != held])
    ents = entities_with(corpus, table)
    docs = set(corpus.loc[corpus["outlet"] == held, "doc_id"])
    return ents[ents["doc_id"].isin(docs)]


def loo_predictions(corpus: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Held-out outlet -> entity mentions of its documents, predicted with a knowledge table
    built from the other outlets only (entries whose ``seen_in`` names another outlet, or
    ``general``). The pipeline (ruler + rules + corpus post-pass) runs on the whole corpus.

    Each fold is cached under ``derived/loo_predictions/`` of the cache folder (newscorpus.memo:
    recomputed when the documents, the code, the knowledge table or the model settings change).
    """
    outlets = sorted(corpus["outlet"].dropna().unique())
    return {held: memo.cached_frame("loo_predictions", corpus, _loo_fold, held, outlets,
                                    modules=_CODE, corpus_columns=("text",))
            for held in outlets}


def accuracy_table(corpus: pd.DataFrame, gold: pd.DataFrame | None = None, *,
                   labels: Iterable[str] = ("PERSON", "GPE", "ORG", "NORP"),
                   loo: bool = True) -> pd.DataFrame:
    """Side by side: raw spaCy on the raw file, raw spaCy on the clean text, newscorpus,
    newscorpus with only the table's general-knowledge entries (none taken from the seeds), and
    newscorpus leave-one-outlet-out (pooled: each mention scored by the fold that held its outlet
    out, as in :func:`newscorpus.evaluation.loo.loo_entities`). Rows = system x label; columns =
    gold/predicted counts and typed/canonical precision, recall, F1 (exact spans); a label no
    system predicted or annotated shows 0."""

    gold = read_gold("entities") if gold is None else gold
    raw_texts = corpus[["doc_id", "raw_text"]].rename(columns={"raw_text": "text"})

    def raw_model(column: str) -> pd.DataFrame:
        return memo.cached_frame("raw_model_entities", corpus, _raw_model_entities, column,
                                 modules=_CODE, corpus_columns=(column,))

    general = memo.cached_frame("general_knowledge_entities", corpus, _general_knowledge_entities,
                                modules=_CODE, corpus_columns=("text",))
    systems = {
        "en_core_web_sm on raw file": evaluate_entities(raw_model("raw_text"), gold, raw_texts),
        "en_core_web_sm on clean text": evaluate_entities(raw_model("text"), gold, corpus),
        "newscorpus": evaluate_entities(entities(corpus), gold, corpus),
        "newscorpus, general knowledge only": evaluate_entities(general, gold, corpus),
    }
    if loo:
        pooled = pd.concat(list(loo_predictions(corpus).values()), ignore_index=True)
        systems["newscorpus, leave-one-outlet-out"] = evaluate_entities(pooled, gold, corpus)
    keep = [*labels, "ALL"]
    out = pd.concat({name: t.loc[t.index.intersection(keep)].reindex(keep).fillna(0)
                     for name, t in systems.items()}, names=["system", "label"])
    return out
