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
