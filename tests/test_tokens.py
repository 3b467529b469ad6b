"""Token table over the clean body text."""

from __future__ import annotations

import pytest

from newscorpus.extract.tokens import TOKEN_COLUMNS, extract_tokens
from newscorpus.tables import tokens


@pytest.fixture(scope="module")
def toks(corpus):
    return tokens(corpus)


def test_columns_and_every_article_tokenised(toks, corpus):
    assert list(toks.columns) == TOKEN_COLUMNS
    assert set(toks.doc_id) == set(corpus.doc_id)


def test_offsets_point_into_clean_text(toks, corpus):
    text = dict(zip(corpus.doc_id, corpus.text, strict=True))
    for row in toks.sample(200, random_state=0).itertuples():
        assert text[row.doc_id][row.start_char : row.start_char + len(row.text)] == row.text


def test_lemmas_and_flags_on_a_real_sentence(nlp):
    sent = "Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday."
    rows = extract_tokens(nlp(sent), {"doc_id": "x"})
    by_text = {r["text"]: r for r in rows}
    assert by_text["arrived"]["lemma"] == "arrive"
    assert by_text["arrived"]["pos"] == "VERB"
    assert by_text["in"]["is_stop"] and not by_text["in"]["is_punct"]
    assert by_text["."]["is_punct"]
    assert {r["sent_id"] for r in rows} == {0}


def test_boilerplate_words_are_not_tokenised(toks):
    words = " ".join(toks.text)
    assert "Contribute" not in words and "myNEWS" not in words


def test_sent_id_means_the_same_sentence_in_tokens_and_entities(nlp):
    from newscorpus.extract.entities import extract_entities

    text = ("Russian Foreign Minister Sergei Lavrov arrived in Beijing on Wednesday. He met "
            "Wang Yi, China's foreign minister.\n\nThe U.S. State Department said nothing.")
    doc = nlp(text)
    toks = extract_tokens(doc, {"doc_id": "x"})
    ents = extract_entities(doc, {"doc_id": "x", "text": text})
    sent_of_token = {r["start_char"]: r["sent_id"] for r in toks}
    assert ents and all(sent_of_token[e["start_char"]] == e["sent_id"] for e in ents)
    by_text = {e["text"]: e["sent_id"] for e in ents}
    assert by_text["Sergei Lavrov"] == 0 and by_text["Wang Yi"] == 1
    assert by_text["U.S. State Department"] == 2  # "U.S." does not end a sentence
    assert {r["sent_id"] for r in toks} == {0, 1, 2}


def test_sent_id_agrees_on_the_seeds(toks, corpus):
    from newscorpus.tables import entities

    ents = entities(corpus)
    sent = dict(zip(zip(toks["doc_id"], toks["start_char"], strict=True), toks["sent_id"],
                    strict=True))
    pairs = [(sent.get((d, s)), i) for d, s, i in
             zip(ents["doc_id"], ents["start_char"], ents["sent_id"], strict=True)]
    matched = [(a, b) for a, b in pairs if a is not None]
    assert len(matched) > 0.95 * len(pairs)  # a mention starts at a token start
    assert all(a == b for a, b in matched)
