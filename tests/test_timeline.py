"""The timeline says how sure it is: date precision, attribution, independent reports."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newscorpus.analysis.timeline import (  # noqa: E402
    attribution,
    date_label,
    timeline,
    timeline_figure_data,
    visit_reports,
)
from newscorpus.extract.attribution import source_kind  # noqa: E402
from newscorpus.extract.visits import STATUS_ORDER, VISIT_COLUMNS  # noqa: E402
from newscorpus.plots import STATUS_MARKERS, timeline_figure  # noqa: E402


@pytest.mark.parametrize("sentence, expected", [
    ("Reuters reported, citing five sources, that the president would visit the country in May.",
     "Reuters reported, citing five sources"),
    ("The trip will coincide with a visit by the foreign secretary, the Hindustan Times reported.",
     "the Hindustan Times reported"),
    ("The minister was in the capital on Monday, his ministry said, as talks began.",
     "his ministry said"),
    ("The minister arrived in the capital, the foreign ministry announced on the morning of May 2.",
     "the foreign ministry announced"),
    ("He will spend two days there, according to a readout from the ministry.",
     "according to a readout from the ministry"),
    ("The minister will travel to Paris next week, two officials told Reuters.",
     "two officials told Reuters"),
    ("The minister landed in the eastern city early on Wednesday for a series of meetings.", ""),
    ("He will travel to India on Thursday, and is expected to discuss an offer of oil.", ""),
    ("Sources say the premier will travel to Chile in March.", "Sources say"),
    ("- Media reported that the premier may travel on to Chile.", "Media reported"),
    ("The premier is reportedly planning a trip to Chile.", "reportedly"),
    ("The premier will visit Chile, a diplomat told the newspaper.",
     "a diplomat told the newspaper"),
    ("The premier will visit Chile, the news agency reported Tuesday, citing officials.",
     "the news agency reported, citing officials"),
    ("The premier will visit Chile in March, the presidency said in a statement.",
     "the presidency said"),
])
def test_attribution_of_a_report(sentence, expected):
    assert attribution(sentence) == expected


def test_attribution_still_importable_from_the_timeline():
    from newscorpus.extract import attribution as extract_attribution

    assert attribution is extract_attribution.attribution


@pytest.mark.parametrize("phrase, persons, kind", [
    ("Reuters reported, citing five sources", (), "unnamed"),
    ("two officials told Reuters", (), "unnamed"),
    ("according to people familiar with the matter", (), "unnamed"),
    ("Japanese government officials say", (), "unnamed"),
    ("the Hindustan Times reported", (), "media"),
    ("reportedly", (), "media"),
    ("Media reported", (), "media"),
    ("his ministry said", (), "official"),
    ("the presidency said", (), "official"),
    ("according to a readout from the ministry", (), "official"),
    ("Spokesperson Mao Ning said", ("Mao Ning",), "named"),
    ("Ana Silva said", ("Ana Silva",), "named"),
    ("Ana Silva said", (), "other"),
    ("", (), ""),
])
def test_source_kind(phrase, persons, kind):
    assert source_kind(phrase, persons) == kind


@pytest.mark.parametrize("start, end, precision, label", [
    ("2022-03-30", "2022-03-30", "day", "30 Mar 2022"),
    ("2022-03-30", "2022-03-31", "day", "30–31 Mar 2022"),
    ("2023-10-01", "2023-10-31", "month", "Oct 2023 (month)"),
    ("2022-03-21", "2022-03-27", "week", "week of 21 Mar 2022"),
    ("", "2024-04-08", "day", "until 8 Apr 2024"),
    ("", "", "", "undated"),
])
def test_date_label_keeps_the_precision(start, end, precision, label):
    assert date_label(start, end, precision) == label


def _row(doc, start, end, precision, status="planned", evidence="e", published="2022-03-30"):
    return dict(doc_id=doc, visitor="X", visitor_type="person", destination_country="India",
                destination_city="", start=start, end=end, precision=precision, status=status,
                purpose="", evidence=evidence, trigger="visit", n_mentions=1,
                published=published, date_source="text", attribution=attribution(evidence))


def test_copies_of_one_wire_story_are_one_independent_report():
    rows = pd.DataFrame([
        _row("a", "2022-03-31", "2022-03-31", "day",
             evidence="X will visit India on Thursday, the Daily Lantern reported."),
        _row("b", "2022-03-31", "2022-03-31", "day", evidence="X will visit India on Thursday."),
        _row("c", "2022-03-31", "2022-04-01", "day", evidence="X will spend two days in India."),
    ], columns=VISIT_COLUMNS)
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "story_id": ["a", "a", "c"]})
    t = timeline(rows, corpus)
    assert (t.loc[0, "n_reports"], t.loc[0, "n_independent_reports"]) == (3, 2)
    assert t.loc[0, "attribution"] == "the Daily Lantern reported"
    assert pd.isna(timeline(rows).loc[0, "n_independent_reports"])  # unknown, not guessed
    assert visit_reports(rows)["attribution"].tolist() == ["the Daily Lantern reported", "", ""]


def test_reported_is_the_least_advanced_status():
    assert sorted(STATUS_ORDER, key=STATUS_ORDER.get) == [
        "reported", "planned", "ongoing", "occurred"]
    assert set(STATUS_MARKERS) == set(STATUS_ORDER)
    rumour = _row("a", "2022-03-31", "2022-03-31", "day", status="reported",
                  evidence="X will visit India on Thursday, sources said.", published="2022-03-29")
    announced = _row("b", "2022-03-31", "2022-03-31", "day", status="planned",
                     evidence="X will visit India on Thursday, his office announced.")
    t = timeline(pd.DataFrame([rumour, announced], columns=VISIT_COLUMNS))
    assert (len(t), t.loc[0, "status"], t.loc[0, "status_as_of"]) == (1, "planned", "2022-03-30")
    assert t.loc[0, "attribution"] == "sources said; his office announced"
    only = timeline(pd.DataFrame([rumour], columns=VISIT_COLUMNS))
    assert only.loc[0, "status"] == "reported"
    fig, drawn = timeline_figure(only)
    assert drawn["status"].tolist() == ["reported"]
    fig.clf()


def test_a_visits_table_without_attribution_is_refused():
    rows = pd.DataFrame([_row("a", "2022-03-31", "2022-03-31", "day")], columns=VISIT_COLUMNS)
    with pytest.raises(ValueError, match="attribution"):
        timeline(rows.drop(columns="attribution"))


def test_month_precision_is_a_span_not_a_day():
    rows = pd.DataFrame([
        _row("a", "2023-10-01", "2023-10-31", "month", status="occurred"),
        _row("b", "2023-10-10", "2023-10-10", "day", status="occurred", published="2023-10-20"),
    ], columns=VISIT_COLUMNS)
    rows.loc[1, "destination_country"] = "Nepal"
    t = timeline(rows)
    month = t[t["precision"] == "month"].iloc[0]
    assert not month["exact_day"] and month["date_label"] == "Oct 2023 (month)"
    assert t[t["precision"] == "day"].iloc[0]["exact_day"]
    data = timeline_figure_data(t)
    assert set(data["row"]) == {0.0, 0.28}  # same visitor, overlapping time: two sub-rows
    fig, drawn = timeline_figure(t)
    assert drawn.equals(data)
    fig.clf()


def test_seed_timeline(corpus):
    from newscorpus.tables import visits

    t = timeline(visits(corpus), corpus).set_index(["visitor", "destination_country", "start"])
    huangshan = t.loc[("Sergei Lavrov", "China", "2022-03-30")]
    assert (huangshan["n_reports"], huangshan["n_independent_reports"]) == (3, 2)
    putin = t.loc[("Vladimir Putin", "China", "2024-05-01")]
    assert putin["attribution"] == "Reuters reported, citing five sources"
    assert not putin["exact_day"] and putin["date_label"] == "May 2024 (month)"
    singh = t.loc[("Daleep Singh", "India", "2022-03-31")]
    assert singh["attribution"] == "the Hindustan Times reported"
