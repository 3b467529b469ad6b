"""Tests for newscorpus.outlets: framing (own voice vs quoted), log-odds, who is quoted."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newscorpus.analysis.outlets import (
    DISTINCTIVE_COLUMNS,
    distinctive_terms,
    extract_framing,
    framing,
    framing_by_outlet,
    log_odds_dirichlet,
    outlet_denominators,
    quoted_speakers,
)
from newscorpus.corpus.dedupe import unique_stories


# --- weighted log-odds, checked against the formula computed by hand --------------------------
def test_log_odds_two_groups_by_hand():
    # counts: group A x=3 y=1, group B x=1 y=3; prior a_w = corpus counts: a_x = a_y = 4, a0 = 8
    # delta_x(A) = log((3+4)/(4+8-3-4)) - log((1+4)/(4+8-1-4)) = log(7/5) - log(5/7)
    # var = 1/(3+4) + 1/(1+4)
    delta, se, z = log_odds_dirichlet([3, 1], [1, 3], [4, 4])
    assert delta[0] == pytest.approx(math.log(7 / 5) - math.log(5 / 7))
    assert se[0] == pytest.approx(math.sqrt(1 / 7 + 1 / 5))
    assert z[0] == pytest.approx(0.672944 / 0.585540, rel=1e-5)
    assert z[1] == pytest.approx(-z[0])  # symmetric counts, opposite sign


def test_distinctive_terms_one_vs_rest_by_hand():
    # three groups; A: x2 y0 z1 (n=3), B: x1 y2 z0 (n=3), C: x0 y1 z3 (n=4); totals x3 y3 z4, n=10
    # prior=5 -> a = 5 * (3, 3, 4) / 10 = (1.5, 1.5, 2.0), a0 = 5. A vs rest (B+C: x1 y3 z3, n=7):
    # delta_x = log((2+1.5)/(3+5-2-1.5)) - log((1+1.5)/(7+5-1-1.5)) = log(3.5/4.5) - log(2.5/9.5)
    # var_x = 1/3.5 + 1/2.5
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["A", "B", "C"],
                           "duplicate_of": ["", "", ""]})
    counts = pd.DataFrame([
        ("a", "x", 2), ("a", "z", 1), ("b", "x", 1), ("b", "y", 2), ("c", "y", 1), ("c", "z", 3),
    ], columns=["doc_id", "term", "count"]).assign(kind="lemma")
    out = distinctive_terms(corpus, min_count=1, prior=5, counts=counts)
    assert list(out.columns) == ["outlet", *DISTINCTIVE_COLUMNS]
    row = out[(out["outlet"] == "A") & (out["term"] == "x")].iloc[0]
    delta = math.log(3.5 / 4.5) - math.log(2.5 / 9.5)
    se = math.sqrt(1 / 3.5 + 1 / 2.5)
    assert row["log_odds"] == pytest.approx(delta)
    assert row["se"] == pytest.approx(se)
    assert row["z"] == pytest.approx(delta / se)
    assert (row["count"], row["count_rest"], row["n_terms"], row["n_terms_rest"]) == (2, 1, 3, 7)
    # C vs rest for z: y_i=3, y_j=1, n_i=4, n_j=6, a_z=2
    row = out[(out["outlet"] == "C") & (out["term"] == "z")].iloc[0]
    delta = math.log(5 / (4 + 5 - 3 - 2)) - math.log(3 / (6 + 5 - 1 - 2))
    assert row["z"] == pytest.approx(delta / math.sqrt(1 / 5 + 1 / 3))
    # min_count filters reported terms (total count 4: only z) but not the totals
    only_z = distinctive_terms(corpus, min_count=4, prior=5, counts=counts)
    assert set(only_z["term"]) == {"z"}
    assert only_z.loc[only_z["outlet"] == "C", "z"].iloc[0] == pytest.approx(row["z"])


# --- framing on the seeds' real sentences ----------------------------------------------------
def _framing(nlp, text):
    rows = extract_framing(nlp(text), {"doc_id": "t"})
    for m in rows:
        assert f"[{m['term']}]" in m["context"]
    return [(m["family"], m["term"], m["in_quote"], m["speaker"]) for m in rows]


def test_quoted_ukrainian_crisis_vs_own_war(nlp):
    # 002 (Kyiv Independent): own voice "war", the Russian statement's "Ukrainian crisis" quoted
    text = ("In a statement on its website published on April 7, the Russian Foreign Ministry said "
            "that the officials would discuss \"cooperation in the international arena\" and \"hot "
            "topics,\" including Russia's war against Ukraine \u2013 which the statement called the "
            "\"Ukrainian crisis.\"")
    assert _framing(nlp, text) == [
        ("war", "war", False, ""),
        ("Ukrainian crisis", "Ukrainian crisis", True, "Russian Foreign Ministry statement"),
    ]


def test_own_invasion_vs_quoted_crisis(nlp):
    # 001 (Moscow Times): the outlet says "invasion"; the ministry it quotes says "Ukrainian crisis"
    text = ("Russian Foreign Minister Sergei Lavrov was in China for an official visit on Monday, "
            "his ministry said, with the two countries looking to strengthen diplomatic ties as "
            "Russia's invasion of Ukraine grinds on.\n\n"
            "\"An in-depth exchange of points of view is expected on a certain number of 'burning "
            "subjects',\" the statement said, citing \"the Ukrainian crisis and the situation in the "
            "Asia-Pacific region.\"\n\n"
            "U.S. Treasury Secretary Janet Yellen said she had warned officials of the consequences "
            "of supporting Russia's military procurement.")
    got = _framing(nlp, text)
    assert [(f, q) for f, _, q, _ in got] == [("invasion", False), ("Ukrainian crisis", True)]
    # "warned" is not "war"


def test_lemmas_and_phrases(nlp):
    # 004 (SCMP): the statement's "special military operation" is one quoted match
    text = ("\u201cThe head of the Russian foreign ministry informed his Chinese counterpart about "
            "the progress of the special military operation \u2026 and the dynamics of the "
            "negotiation process with the Kyiv regime,\u201d the statement said.")
    assert [(f, q) for f, _, q, _ in _framing(nlp, text)] == [("special military operation", True)]
    invented = "Russia invaded Ukraine. Both wars began with an invasion; officials warn of a warship."
    assert [(f, t) for f, t, _, _ in _framing(nlp, invented)] == [
        ("invasion", "invaded"), ("war", "wars"), ("invasion", "invasion")]


def test_framing_table_counts_a_syndicated_story_once(corpus):
    per_outlet = framing_by_outlet(framing(corpus)).set_index(["outlet", "family"])
    ki = per_outlet.loc["The Kyiv Independent"]
    assert (ki.loc["war", "own_voice"], ki.loc["war", "quoted"]) == (4, 0)
    assert (ki.loc["Ukrainian crisis", "own_voice"], ki.loc["Ukrainian crisis", "quoted"]) == (0, 1)
    mt = per_outlet.loc["The Moscow Times"]
    assert mt.loc["Ukrainian crisis", "quoted"] == 2 and mt.loc["Ukrainian crisis", "own_voice"] == 0
    # "But Russia's bloody assault on Ukraine ..." is in both AFP versions: counted once
    assert mt.loc["assault", "total"] == 1
    keep = framing_by_outlet(framing(corpus, duplicates="keep")).set_index(["outlet", "family"])
    assert keep.loc[("The Moscow Times", "assault"), "total"] == 2
    # every family appears for every article
    assert len(framing(corpus)) == len(corpus) * 7


def test_framing_of_headlines(corpus):
    titles = framing(corpus, field="title")
    hits = titles[titles["total"] > 0].set_index("doc_id")["family"].to_dict()
    assert hits == {"000_a57db544478c6399": "war", "004_306dcc561a93ab34": "invasion"}


# --- stories, denominators, distinctive terms and speakers on the seeds ----------------------
def test_unique_stories_keeps_only_novel_paragraphs_of_a_copy(corpus):
    c = unique_stories(corpus).set_index("doc_id")
    copy = c.loc["003_0af1e5982cb33ce5"]
    assert copy["story_id"] == "000_a57db544478c6399"
    assert "bloody assault" not in copy["text"]  # shared with the earlier version
    assert "Our striving for peace" in copy["text"]  # only this version has the quotes
    assert copy["n_words"] < corpus.set_index("doc_id").loc[copy.name, "n_words"]
    den = outlet_denominators(corpus).set_index("outlet")
    assert den.loc["The Moscow Times", "stories"] == 2 and den.loc["The Moscow Times", "files"] == 3
    with pytest.raises(ValueError):
        unique_stories(corpus, duplicates="sometimes")


def test_distinctive_terms_on_seeds(corpus):
    out = distinctive_terms(corpus, min_count=2)
    terms = set(out["term"])
    assert "Sergei Lavrov" in terms  # Sergei/Sergey Lavrov merged into one canonical term
    assert not {"sergey", "lavrov", "wang", "april", "monday"} & terms  # names merged, dates out
    assert not {"the", "of", ",", "2024", "accord"} & terms  # "according to" is not a term
    for _, g in out.groupby("outlet"):
        assert g["z"].is_monotonic_decreasing
    war = out[(out["outlet"] == "The Kyiv Independent") & (out["term"] == "war")].iloc[0]
    assert war["z"] > 1 and war["count"] == 4
    excl = distinctive_terms(corpus, min_count=2, entities="exclude")
    assert not (excl["kind"] == "entity").any()


def test_quoted_speakers_with_affiliation(corpus):
    qs = quoted_speakers(corpus).set_index(["outlet", "speaker"])
    assert qs.loc[("South China Morning Post", "John Kirby"), "affiliation"] == "American"
    assert qs.loc[("The Moscow Times", "Mao Ning"), "quotes"] == 4
    assert qs.loc[("The Moscow Times", "Wang Wenbin"), "affiliation"] == "Chinese"
    assert qs.loc[("The Moscow Times", "U.S. officials"), "affiliation"] == "American"
