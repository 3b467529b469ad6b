"""Tests for newscorpus.quotes on real seed passages."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.text import quoted_regions


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quoted_regions(text)]


def test_straight_double_quotes_with_nested_single_and_nbsp():
    # seed 001 (Moscow Times): nested 'burning subjects' belongs to the outer quotation.
    text = (
        "\"An in-depth exchange of points of view is expected on a certain number of "
        "'burning subjects',\" the statement said, citing \"the Ukrainian crisis and the "
        "situation in the Asia-Pacific region.\""
    )
    assert _quoted(text) == [
        "An in-depth exchange of points of view is expected on a certain number of "
        "'burning subjects',",
        "the Ukrainian crisis and the situation in the Asia-Pacific region.",
    ]
    nbsp = "told reporters in Brussels last week that\u00a0\"China continues to provide materials\""
    assert _quoted(nbsp) == ["China continues to provide materials"]


def test_curly_quotes_single_scare_quotes_and_apostrophes():
    # seed 004 (SCMP): curly doubles, a curly single scare quote, possessive apostrophes.
    text = (
        "Russia\u2019s foreign minister had a \u201cthorough exchange of views\u201d on Ukraine "
        "with the two sides hitting out at \u2018counterproductive\u2019 Western sanctions; "
        "the nations\u2019 partnership had \u201cno limits\u201d and choosing sides won\u2019t help."
    )
    assert _quoted(text) == ["thorough exchange of views", "counterproductive", "no limits"]


def test_multi_paragraph_quotation_continues():
    text = (
        "\u201cThe ministers had a thorough exchange of views.\n\n"
        "\u201cThe sides noted the counterproductive nature of the sanctions,\u201d the statement "
        "said.\n\nLavrov is in China."
    )
    (span,) = quoted_regions(text)
    assert text[span[0]:span[1]].startswith("The ministers")
    assert text[span[0]:span[1]].endswith("of the sanctions,")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.\n'\"\u201c\u201d\u2018\u2019")), max_size=60))
def test_quoted_regions_are_sorted_disjoint_spans(text):
    spans = quoted_regions(text)
    for s, e in spans:
        assert 0 <= s < e <= len(text)
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2


def test_unclosed_quote_ends_with_its_paragraph():
    text = "\u201cUnclosed quotation runs on\n\nNext paragraph in the outlet\u2019s voice."
    assert _quoted(text) == ["Unclosed quotation runs on"]
    assert quoted_regions("") == []


# --- attribution on the seeds (real passages) ------------------------------------------------
import pytest  # noqa: E402

from newscorpus.evaluation.gold import read_gold  # noqa: E402
from newscorpus.evaluation.quotes import compare_quotes, evaluate_quotes  # noqa: E402
from newscorpus.extract.quotes import QUOTE_COLUMNS, extract_quotes  # noqa: E402


@pytest.fixture(scope="module")
def quote_table(corpus):
    from newscorpus.tables import quotes

    return quotes(corpus)


def _row(table, doc_prefix, words):
    in_doc = table[table["doc_id"].str.startswith(doc_prefix)]
    hit = in_doc[in_doc["text"].str.strip(" ,.") == words]
    if hit.empty:
        hit = in_doc[in_doc["text"].str.startswith(words)]
    assert len(hit) == 1, (doc_prefix, words, hit)
    return hit.iloc[0]


def test_quotes_table_columns_and_offsets(quote_table, corpus):
    assert list(quote_table.columns) == QUOTE_COLUMNS
    texts = corpus.set_index("doc_id")["text"]
    for q in quote_table.itertuples():
        # offsets point at the quoted words in the clean body
        assert texts[q.doc_id][q.start_char:q.end_char].strip(" ,.").startswith(q.text[:20].strip(" ,."))


def test_speaker_after_quote_and_ambiguous_surname(quote_table):
    # 003: "..." Wang said -- Wang here is spokesman Wang Wenbin, not Foreign Minister Wang Yi
    q = _row(quote_table, "003", "Our striving for peace has no limits")
    assert (q.speaker, q.cue) == ("Wang Wenbin", "said")
    q = _row(quote_table, "003", "We, together with you")
    assert q.speaker == "Sergei Lavrov"


def test_speaker_before_quote_and_participle_cue(quote_table):
    q = _row(quote_table, "001", "China continues to provide materials")
    assert (q.speaker, q.cue) == ("Antony Blinken", "told")
    # "Lavrov painted a picture ..., saying the world was "living through ..."" (subject of head)
    q = _row(quote_table, "003", "living through a very serious stage")
    assert (q.speaker, q.cue) == ("Sergei Lavrov", "saying")
    q = _row(quote_table, "004", "only a small number")
    assert (q.speaker, q.cue) == ("John Kirby", "saying")


def test_pronoun_speaker_resolves_to_most_recent_person(quote_table):
    # 001: Yellen is mentioned before Mao Ning; "she said" must be Mao Ning, the latest person.
    q = _row(quote_table, "001", "Relevant countries should not smear")
    assert (q.speaker, q.speaker_text, q.method) == ("Mao Ning", "she", "pronoun")


def test_the_statement_resolves_to_its_issuer_and_continuation(quote_table):
    # 004: "A statement from Russia's foreign ministry said ..." then "..." the statement said.
    q = _row(quote_table, "004", "The ministers had a thorough exchange")
    assert q.speaker == "Russian Foreign Ministry statement"
    assert "special military operation" in q.text  # spans two sentences
    # the next paragraph is a quotation with no cue: it continues the statement
    q = _row(quote_table, "004", "The sides noted the counterproductive")
    assert (q.speaker, q.method) == ("Russian Foreign Ministry statement", "continuation")
    # 002: "... which the statement called the "Ukrainian crisis.""
    q = _row(quote_table, "002", "Ukrainian crisis")
    assert (q.speaker, q.cue) == ("Russian Foreign Ministry statement", "called")


def test_according_to_and_joint_speakers(quote_table):
    q = _row(quote_table, "004", "thorough exchange of views")
    assert (q.speaker, q.cue) == ("Moscow", "according to")
    q = _row(quote_table, "004", "no limits")
    assert q.speaker == "Vladimir Putin; Xi Jinping"


def test_quote_extraction_against_gold(quote_table):
    """Regression floor on the hand annotation (rules were developed on these seeds)."""
    res = evaluate_quotes(quote_table).set_index("measure")
    assert res.loc["quotation span", "precision"] >= 0.95
    assert res.loc["quotation span", "recall"] >= 0.95
    assert res.loc["span + speaker", "precision"] >= 0.9
    assert res.loc["span + speaker", "recall"] >= 0.9


def test_evaluation_counts_errors():
    gold = read_gold("quotes")
    one = gold[gold["doc_id"].str.startswith("003")].iloc[:2]
    pred = pd.DataFrame({"doc_id": one["doc_id"], "text": [one["quote"].iloc[0], "made up"],
                         "speaker": ["Wang Yi", "Sergei Lavrov"]})
    cmp = compare_quotes(pred, one)
    assert cmp["status"].tolist() == ["matched", "missed", "spurious"]
    res = evaluate_quotes(pred, one).set_index("measure")
    assert res.loc["quotation span", "precision"] == 0.5
    assert res.loc["span + speaker", "correct"] == 0  # gold speaker is Lavrov, not Wang Yi


# --- constructions absent from the seeds (invented sentences, to check generality) -----------
def _extract(nlp, text):
    return [(q["text"], q["speaker"], q["cue"]) for q in extract_quotes(nlp(text), {"doc_id": "x"})]


def test_inverted_said_and_follow_on_sentence(nlp):
    text = ("Ukrainian Foreign Minister Dmytro Kuleba described the visit as cynical.\n\n"
            "\u201cThis is a visit to an accomplice,\u201d he wrote. \u201cNothing more.\u201d\n\n"
            "\"We will not back down,\" said Dmitry Peskov.")
    assert _extract(nlp, text) == [
        ("This is a visit to an accomplice,", "Dmytro Kuleba", "wrote"),
        ("Nothing more.", "Dmytro Kuleba", "wrote"),
        ("We will not back down,", "Dmitry Peskov", "said"),
    ]


def test_quoted_as_saying_and_colon(nlp):
    assert _extract(nlp, "The agency quoted Peskov as saying that Moscow \"will respond.\"") == [
        ("will respond.", "Peskov", "saying")]
    assert _extract(nlp, "Lavrov said: \"We are ready for talks.\"") == [
        ("We are ready for talks.", "Sergei Lavrov", "said")]


def test_relative_and_it_pronoun_subjects(nlp):
    text = ("Blinken said China, which calls the war a \"special military operation\", was not "
            "neutral. The Russian Foreign Ministry published a readout. It said the talks were "
            "\"constructive.\"")
    assert _extract(nlp, text) == [
        ("special military operation", "China", "calls"),
        ("constructive.", "Russian Foreign Ministry", "said"),
    ]


def test_passive_agent_and_unattributed(nlp):
    assert _extract(nlp, "The talks were described as \u201cfrank\u201d by diplomats.") == [
        ("frank", "diplomats", "described")]
    assert _extract(nlp, "The summit produced a \u201cjoint vision\u201d for the region.") == [
        ("joint vision", "", "")]
