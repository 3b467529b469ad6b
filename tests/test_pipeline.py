"""newscorpus.pipeline: model loading, the ops back end setting, per_doc_table."""

from __future__ import annotations

import pytest

from newscorpus import pipeline, tables


def _ops(nlp, name):
    return nlp.get_pipe(name).model.ops


@pytest.mark.parametrize("use_blis", [False, True])
def test_ops_back_end_set_before_load_takes_effect(use_blis):
    nlp = pipeline.nlp(use_blis=use_blis)
    for name in ("tok2vec", "tagger", "parser", "ner"):
        ops = _ops(nlp, name)
        assert type(ops).__name__ == "NumpyOps" and ops.use_blis is use_blis
        # every layer of the component, not just its top, uses the same back end
        assert all(layer.ops.use_blis is use_blis for layer in nlp.get_pipe(name).model.walk())


def test_default_rule_and_env_override(monkeypatch):
    import platform

    monkeypatch.delenv(pipeline.BLIS_ENV, raising=False)
    x86 = platform.machine().lower() in {"x86_64", "amd64"}
    assert pipeline.default_use_blis() is (not x86)
    monkeypatch.setenv(pipeline.BLIS_ENV, "1")
    assert pipeline.default_use_blis() is True
    monkeypatch.setenv(pipeline.BLIS_ENV, "false")
    assert pipeline.default_use_blis() is False


def _annotations(nlp, texts):
    out = []
    for doc in nlp.pipe(texts):
        out.append((
            [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc],
            [(e.start_char, e.end_char, e.label_) for e in doc.ents],
            [(s.start, s.end) for s in doc.sents],
        ))
    return out


def test_annotations_identical_under_both_back_ends(corpus):
    texts = corpus["text"].tolist()
    with_blis = _annotations(pipeline.nlp(use_blis=True), texts)
    without = _annotations(pipeline.nlp(use_blis=False), texts)
    assert sum(len(toks) for toks, _, _ in without) > 2000  # every seed token compared
    assert sum(len(ents) for _, ents, _ in without) > 50
    for a, b in zip(with_blis, without, strict=True):
        assert a == b


def test_loaded_pipeline_keeps_its_back_end_after_another_load():
    numpy_nlp = pipeline.nlp(use_blis=False)
    pipeline.nlp(use_blis=True)  # loading another pipeline switches thinc's *current* ops ...
    assert _ops(numpy_nlp, "tok2vec").use_blis is False  # ... but not a loaded model's


def test_per_doc_table_stacks_rows_in_corpus_order(corpus):
    def n_ents(doc, row):
        return [{"doc_id": row["doc_id"], "n": len(doc.ents)}]

    table = tables.per_doc_table(corpus, "n_ents", n_ents, ["doc_id", "n"])
    assert table["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert (table["n"] > 0).all()


def test_pipelines_of_one_model_share_their_vocab():
    full = pipeline.nlp()
    ner_only = pipeline.nlp(exclude=("tagger", "parser", "attribute_ruler", "lemmatizer"))
    assert ner_only is not full and ner_only.vocab is full.vocab
    label = full.vocab.strings.add("NEWSCORPUS_TEST_LABEL")
    assert ner_only("Lavrov landed in Huangshan.").vocab.strings[label] == "NEWSCORPUS_TEST_LABEL"


WIRE_LEAD = ("MOSCOW, Sept 19 (Reuters) - Chinese Foreign Minister Wang Yi arrived in Moscow on "
             "Monday for four days of talks, Russia's foreign ministry said.")


def test_wire_dateline_is_its_own_sentence_and_text_is_unchanged():
    from newscorpus.pipeline import nlp

    doc = nlp()(WIRE_LEAD)
    sents = [s.text for s in doc.sents]
    assert sents[0] == "MOSCOW, Sept 19 (Reuters) -"
    assert doc.text == WIRE_LEAD
    wang = next(t for t in doc if t.text == "Yi")
    assert wang.dep_ == "nsubj" and wang.head.lemma_ == "arrive"


def test_visit_in_a_wire_lead_is_found():
    import pandas as pd

    from newscorpus.extract.visits import extract_visits
    from newscorpus.pipeline import nlp

    row = {"doc_id": "wire", "text": WIRE_LEAD, "published": pd.Timestamp("2023-09-19"),
           "outlet": "Reuters"}
    rows = extract_visits(nlp()(WIRE_LEAD), row)
    assert [(r["visitor"], r["destination_city"], r["start"], r["status"]) for r in rows] == [
        ("Wang Yi", "Moscow", "2023-09-18", "ongoing")]
