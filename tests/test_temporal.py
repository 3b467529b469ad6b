"""Temporal expressions: tense from the parse, resolution against publication, on seed text."""

from __future__ import annotations

import pandas as pd
import pytest

from newscorpus.extract.dates import DATE_COLUMNS, clause_tense, governing_verb, resolve
from newscorpus.tables import dates

WED = pd.Timestamp("2022-03-30")  # publication of seeds 000, 003, 004 (a Wednesday)
MON = pd.Timestamp("2024-04-08")  # publication of seeds 001, 002 (a Monday)


def test_publication_weekdays_checked_against_the_calendar():
    assert WED.day_name() == "Wednesday" and MON.day_name() == "Monday"


@pytest.fixture(scope="module")
def table(corpus):
    return dates(corpus)


# (doc prefix, exact span text, context that must surround it, value, precision, tense)
SEED_CASES = [
    ("000", "Wednesday", "arrived in China on Wednesday", "2022-03-30", "day", "past"),
    ("000", "last month", "invasion of Ukraine last month", "2022-02", "month", "past"),
    ("001", "October", "last visited Beijing in October", "2023-10", "month", "past"),
    ("001", "Monday morning", "formerly Twitter, on Monday morning", "2024-04-08", "day", "past"),
    ("001", "two days", "will spend two days in Beijing", "P2D", "duration", "future"),
    ("001", "last week", "reporters in Brussels last week", "2024-W14", "week", "past"),
    ("001", "Monday", "wrapping up a visit to China on Monday", "2024-04-08", "day", "present"),
    ("002", "the morning of April 8", "announced on the morning of April 8", "2024-04-08", "day",
     "past"),
    ("002", "April 7", "published on April 7", "2024-04-07", "day", "past"),
    ("002", "two-day", "during his two-day trip", "P2D", "duration", "future"),
    ("002", "May", "would visit China in May", "2024-05", "month", "future"),
    ("003", "early Wednesday", "Huangshan early Wednesday", "2022-03-30", "day", "past"),
    ("003", "last week", "a visit by Wang last week", "2022-W12", "week", None),
    ("003", "1989", "Tiananmen Square in 1989", "1989", "year", "past"),
    ("004", "August", "seized power in August", "2021-08", "month", "past"),
    ("004", "Thursday", "travel to India on Thursday", "2022-03-31", "day", "future"),
    ("004", "Tuesday", "Russia on Tuesday said", "2022-03-29", "day", "past"),
]


@pytest.mark.parametrize("doc,text,context,value,precision,tense", SEED_CASES)
def test_seed_expressions_resolve(corpus, table, doc, text, context, value, precision, tense):
    texts = dict(zip(corpus.doc_id, corpus.text, strict=True))
    rows = table[table.doc_id.str.startswith(doc) & (table.text == text)]
    hits = [r for r in rows.to_dict("records")
            if context in texts[r["doc_id"]][max(0, r["start_char"] - 60):r["end_char"] + 60]]
    assert len(hits) == 1, (text, context, rows[["text", "start_char"]])
    r = hits[0]
    assert texts[r["doc_id"]][r["start_char"]:r["end_char"]] == text
    assert (r["value"], r["precision"]) == (value, precision)
    if tense:
        assert r["tense"] == tense
    assert pd.isna(r["reason"])  # resolved: no reason (NA in the public table)


def test_table_contract(table):
    assert list(table.columns) == DATE_COLUMNS
    assert not (table.select_dtypes("string") == "").any().any()  # missing is NA, never ""
    resolved = table[table.value_start.notna()]
    assert (resolved.value_start <= resolved.value_end).all()
    # unresolved rows always say why
    assert table[table.value.isna()].reason.notna().all()


def test_table_survives_parquet(table, tmp_path):
    path = tmp_path / "dates.parquet"
    table.to_parquet(path)
    pd.testing.assert_frame_equal(pd.read_parquet(path), table)


@pytest.mark.parametrize("text,pub,tense,expected", [
    # weekday: past = latest on/before publication (same day included), future = next on/after
    ("Wednesday", WED, "past", "2022-03-30"),
    ("Thursday", WED, "past", "2022-03-24"),
    ("Tuesday", WED, "future", "2022-04-05"),
    ("Wednesday", WED, "future", "2022-03-30"),
    ("Monday morning", MON, "past", "2024-04-08"),
    ("last Monday", MON, "past", "2024-04-01"),
    ("next Wednesday", WED, "future", "2022-04-06"),
    # month without a year: tense picks the side of the publication month
    ("in October", MON, "past", "2023-10"),
    ("in October", MON, "future", "2024-10"),
    ("in May", MON, "future", "2024-05"),
    ("in March", WED, "past", "2022-03"),
    ("April 9", MON, "future", "2024-04-09"),
    ("December 12", WED, "past", "2021-12-12"),
    # relative periods
    ("last month", WED, "past", "2022-02"),
    ("next week", WED, "future", "2022-W14"),
    ("this year", MON, "present", "2024"),
    ("yesterday", MON, "past", "2024-04-07"),
    # explicit
    ("April 8, 2024", WED, "past", "2024-04-08"),
    ("March 2022", MON, "past", "2022-03"),
])
def test_resolution_rules(text, pub, tense, expected):
    assert resolve(text, pub, tense)["value"] == expected


def test_january_rollover_and_durations():
    jan = pd.Timestamp("2024-01-10")
    assert resolve("last month", jan, "past")["value"] == "2023-12"
    assert resolve("in December", jan, "past")["value"] == "2023-12"
    assert resolve("in February", jan, "future")["value"] == "2024-02"
    assert resolve("two-day", jan, "none")["value"] == "P2D"
    assert resolve("48-hour", jan, "none")["value"] == "PT48H"
    r = resolve("the last two years", MON, "past")
    assert (r["value_start"], r["value_end"]) == ("2022-04-08", "2024-04-08")


def test_no_publication_date_is_never_guessed():
    for text in ("Wednesday", "last month", "in October", "April 8"):
        r = resolve(text, pd.NaT, "past")
        assert r["value"] == "" and "publication date" in r["reason"]
    # fully explicit dates need no anchor
    assert resolve("April 8, 2024", None, "past")["value"] == "2024-04-08"


def test_vague_and_recurring_are_unresolved_with_reason():
    assert resolve("recent years", MON, "past")["reason"]
    assert resolve("every month", MON, "present")["kind"] == "recurring"
    assert resolve("Weeks", WED, "past")["value"] == ""


@pytest.mark.parametrize("sentence,word,tense", [
    ("Lavrov will attend a series of meetings hosted by China to discuss ways to help "
     "Afghanistan.", "meetings", "future"),
    ("Diplomats from the United States and the Taliban-led country's neighbors are also "
     "expected to attend.", "Diplomats", "future"),
    ("Reuters reported, citing five sources, that Russian President Vladimir Putin would visit "
     "China in May to meet Xi Jinping.", "May", "future"),
    ("Lavrov last visited Beijing in October for an international forum.", "October", "past"),
    ("U.S. Treasury Secretary Janet Yellen, who is wrapping up a visit to China on Monday, said "
     "she had warned officials.", "Monday", "present"),
    ("The minister is due to arrive in Delhi on Thursday.", "Thursday", "future"),
    ("He plans to travel to India next week.", "week", "future"),
])
def test_clause_tense_from_the_parse(nlp, sentence, word, tense):
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == word)
    assert clause_tense(governing_verb(tok)) == tense


def test_missing_publication_date_in_corpus(corpus):
    one = corpus[corpus.doc_id.str.startswith("004")].copy()
    one["published"] = pd.NaT
    t = dates(one)
    thursday = t[t.text == "Thursday"].iloc[0]
    assert pd.isna(thursday["value"]) and "publication date" in thursday["reason"]


def test_against_hand_resolved_gold(corpus, table):
    from newscorpus.evaluation.dates import compare_dates, evaluate_dates
    from newscorpus.evaluation.gold import read_gold

    gold = read_gold("dates")
    texts = dict(zip(corpus.doc_id, corpus.text, strict=True))
    for r in gold.itertuples():
        assert texts[r.doc_id].count(r.context) == 1, r.context
    ev = evaluate_dates(table, gold, corpus)
    assert ev["datable"] >= 29
    assert ev["datable_right"] >= 0.9 * ev["datable"], compare_dates(table, gold, corpus)
    assert ev["extra"] <= 2
