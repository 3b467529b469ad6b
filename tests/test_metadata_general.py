"""Metadata on pages the rules were not written on (issue 16): address -> outlet and date,
outlets named in page furniture, credited agencies apart from publishers, date lines and
DD/MM vs MM/DD decided only on evidence. Probes in annotations/probe_metadata.csv were written
for these tests (first_run = what the code gave before the change)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from newscorpus.corpus.clean import clean_article
from newscorpus.corpus.load import COLUMNS, load_corpus
from newscorpus.corpus.metadata import infer_metadata
from newscorpus.corpus.outlets import (
    lookup_outlet,
    outlet_from_url,
    outlet_table,
    registrable_domain,
)
from newscorpus.corpus.pagedates import date_in_url, date_line_readings, month_in_url

PROBES = Path(__file__).parents[1] / "annotations" / "probe_metadata.csv"
DEVSET = next((p for p in (Path(__file__).resolve().parents[2] / "shared" / "devset",
                          Path("/work/shared/devset")) if (p / "urls.csv").exists()),
              Path("/work/shared/devset"))


def _probes() -> list[dict]:
    with open(PROBES, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("probe", _probes(), ids=lambda p: p["id"])
def test_probe(probe):
    m = infer_metadata(clean_article(probe["input"]), url=probe["url"])
    got = m[probe["field"]]
    if probe["field"] == "published":
        got = "" if pd.isna(got) else str(got)[:10]
    assert got == probe["expected"], probe["note"]


def test_probes_were_mostly_failing_before():
    rows = _probes()
    assert len(rows) >= 40
    assert sum(r["first_run"] == r["expected"] for r in rows) < len(rows) / 2


@pytest.mark.parametrize("url, expected", [
    ("https://www.example.com/world/2023/02/21/story", date(2023, 2, 21)),
    ("https://example.com/news/20231017/story/", date(2023, 10, 17)),
    ("https://example.com/asia/20231017-story-slug", date(2023, 10, 17)),
    ("https://example.com/2025/0714/c1-2.html", date(2025, 7, 14)),
    ("https://example.com/2025/05/4/story", date(2025, 5, 4)),
    ("https://example.com/world/story-slug-2024-04-14/", date(2024, 4, 14)),
    ("https://example.com/news/20230321_27/", date(2023, 3, 21)),
    ("https://example.com/page/202305/1290711.shtml", None),
    ("https://example.com/news/1837711", None),
])
def test_dates_in_addresses(url, expected):
    assert date_in_url(url) == expected


def test_month_only_address_is_not_a_day():
    assert month_in_url("https://example.com/page/202305/1290711.shtml") == (2023, 5)
    assert month_in_url("https://example.com/2023/05/21/x") is None


def test_domains_to_outlets_offline():
    assert outlet_from_url("https://www.theguardian.com/world/2024/sep/11/x") == "The Guardian"
    assert outlet_from_url("https://edition.cnn.com/2024/01/01/x") == "CNN"
    assert outlet_from_url("https://www3.nhk.or.jp/nhkworld/en/news/20230321_27/") == "NHK World-Japan"
    assert registrable_domain("https://news.example-news.co.uk/a/b") == "example-news.co.uk"
    assert outlet_from_url("https://www.example-news.com/a") == "example-news.com"


def test_outlet_table_is_data_of_real_outlets():
    rows = outlet_table()
    assert len(rows) >= 300
    assert {r.kind for r in rows} == {"wire", "site"}
    assert len({r.domain for r in rows}) == len(rows)
    assert lookup_outlet("AP").agency == "Associated Press"
    assert lookup_outlet("The Associated Press").name == "AP News"


@pytest.mark.parametrize("line, expected", [
    ("Published March 20, 2023 | 03:10 PM", (date(2023, 3, 20),)),
    ("Thu 16 May 2024 10.23 BST", (date(2024, 5, 16),)),
    ("Updated 10:23 AM EDT, April 24, 2024", (date(2024, 4, 24),)),
    ("2024-09-02 14:05 GMT", (date(2024, 9, 2),)),
    ("02.09.2024", (date(2024, 9, 2),)),
    ("Issued on: 05/04/2023 - 10:12", (date(2023, 5, 4), date(2023, 4, 5))),
    ("PUBLISHED : 17 Nov 2022 at 16:05", (date(2022, 11, 17),)),
    ("24 Jul, 2022 10:42", (date(2022, 7, 24),)),
    ("Updated Jan 2, 2024 at 9:00 a.m. EST|Published January 1, 2024 at 8:00 a.m. EST",
     (date(2024, 1, 1),)),
    ("The minister waves on arrival in Rome on March 2, 2019, before the talks began.", None),
])
def test_date_lines(line, expected):
    assert date_line_readings(line) == expected


def test_agency_and_outlet_kept_apart_in_the_corpus(tmp_path):
    body = ("The foreign minister arrived in the capital on Tuesday for two days of talks on trade, "
            "energy and security, officials said on Tuesday after his plane landed.\n"
            "He is expected to meet the president and the prime minister before returning home "
            "later this week, according to the ministry.\n")
    (tmp_path / "a.txt").write_text("Minister arrives\nWRITER: AFP\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Minister arrives\nLONDON, March 3 (Reuters) - " + body,
                                    encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "doc_id,url\na,https://www.bangkokpost.com/world/2437621/minister-arrives\n"
        "b,https://www.reuters.com/world/minister-arrives-2023-03-03/\n", encoding="utf-8")
    c = load_corpus(tmp_path).set_index("doc_id")
    assert list(load_corpus(tmp_path).columns) == COLUMNS
    assert {"agency", "agency_source"} <= set(COLUMNS)
    assert (c.loc["a", "outlet"], c.loc["a", "outlet_source"]) == ("Bangkok Post", "url")
    assert (c.loc["a", "agency"], c.loc["a", "agency_source"]) == ("AFP", "byline")
    assert (c.loc["b", "outlet"], c.loc["b", "agency"]) == ("Reuters", None)
    assert (c.loc["b", "published"], c.loc["b", "published_source"]) == (
        pd.Timestamp("2023-03-03"), "url")


@pytest.mark.skipif(not (DEVSET / "urls.csv").exists(), reason="devset not available")
def test_devset_outlet_and_date_with_addresses():
    c = load_corpus(DEVSET / "articles", manifest=DEVSET / "urls.csv").set_index("doc_id")
    outlet_ok = date_ok = 0
    for g in sorted((DEVSET / "gold").glob("3*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        row = c.loc[g.stem]
        want = {x.lower().replace("the ", "") for x in (gold["outlet"], gold.get("agency")) if x}
        got = str(row.outlet).lower().replace("the ", "")
        outlet_ok += bool(got and any(w in got or got in w for w in want)) or (not got and not want)
        pub = "" if pd.isna(row.published) else str(row.published)[:10]
        date_ok += pub == (gold.get("published") or "")
    assert outlet_ok >= 28 and date_ok >= 28
