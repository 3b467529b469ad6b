"""Metadata inference (outlet, published, title, url, byline) on the seeds, without a manifest."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from newscorpus import config
from newscorpus.corpus.clean import clean_article
from newscorpus.corpus.evidence import collect_evidence
from newscorpus.corpus.metadata import infer_metadata, same_value, title_from_url
from newscorpus.corpus.pagedates import date_in_text, date_in_url

OWN_URL = ("https://www.themoscowtimes.com/2022/03/30/"
           "russian-fm-hails-china-as-part-of-emerging-just-world-order-a77144")
LINKED_URL = ("https://www.themoscowtimes.com/2025/11/01/"
              "us-expresses-deep-concerns-on-russia-china-alignment")


@pytest.fixture(scope="module")
def meta():
    out = {}
    for path in sorted(config.SEEDS_DIR.glob("*.txt")):
        out[path.stem[:3]] = infer_metadata(clean_article(path.read_text(encoding="utf-8")))
    return out


def test_dates_in_addresses_and_text():
    assert date_in_url(OWN_URL) == date(2022, 3, 30)
    assert date_in_url(LINKED_URL) == date(2025, 11, 1)
    assert date_in_url("https://example.com/world/story") is None
    assert date_in_text("by Martin Fornusek … April 8, 2024 8:21 AM 1 min read") == date(2024, 4, 8)
    assert date_in_text("on Monday morning") is None


def test_date_from_own_address_not_linked_article(meta):
    """003 links a 2025 article; its own 'Original url:' (split over two lines) says 2022/03/30."""
    m = meta["003"]
    assert m["url"] == OWN_URL and m["url_source"] == "text"
    assert m["published"] == pd.Timestamp("2022-03-30") and m["published_source"] == "url"


def test_date_from_header_and_precedence_over_byline(meta):
    assert meta["000"]["published"] == pd.Timestamp("2022-03-30")
    assert meta["000"]["published_source"] == "header"
    assert meta["002"]["published_source"] == "header"  # byline also says April 8, 2024


def test_undated_seeds_are_left_empty_not_guessed(meta):
    for p in ("001", "004"):
        assert pd.isna(meta[p]["published"]) and meta[p]["published_source"] == ""


def test_outlets_and_where_they_came_from(meta):
    got = {p: (m["outlet"], m["outlet_source"]) for p, m in meta.items()}
    assert got == {
        "000": ("The Moscow Times", "text"),  # "Support The Moscow Times!"
        "001": ("The Moscow Times", "text"),
        "002": ("The Kyiv Independent", "byline"),
        "003": ("The Moscow Times", "url"),
        "004": ("South China Morning Post", "text"),  # "Get more with myNEWS"
    }


def test_body_mentions_of_other_outlets_do_not_decide(meta):
    # 002 says "Reuters reported" and "Bloomberg wrote"; 004 cites the Hindustan Times
    assert meta["002"]["outlet"] == "The Kyiv Independent"


LEAD = ("Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday in his first visit "
        "to the key ally since Moscow launched its invasion of Ukraine last month.")


def test_agency_in_byline_is_the_agency_not_the_outlet():
    ev = collect_evidence(clean_article(f"Lavrov arrives in China\n\nBy AFP\n\n{LEAD}\n"))
    assert ev.agency == ("AFP", "byline") and ev.outlet_votes == {}
    ev = collect_evidence(clean_article(
        f"Lavrov arrives in China\n\nby Martin Fornusek and The Kyiv Independent news desk\n\n"
        f"{LEAD}\n"))
    assert ev.agency is None and list(ev.outlet_votes) == ["The Kyiv Independent"]


def test_title_from_slug_only_when_no_headline(meta):
    assert title_from_url(OWN_URL) == "Russian fm hails china as part of emerging just world order"
    assert meta["003"]["title_source"] == "url"
    assert meta["000"]["title_source"] == "text"


def test_same_value_tolerates_case_and_quotes():
    assert same_value("title", "Russia’s top diplomat", "RUSSIA'S TOP DIPLOMAT")
    assert not same_value("outlet", "The Moscow Times", "The Kyiv Independent")
    assert same_value("published", pd.Timestamp("2022-03-30"), pd.Timestamp("2022-03-30 08:00"))


@pytest.mark.parametrize("stamp", [
    "Published: 9:30pm, 30 Mar, 2022", "Updated 6:12 AM GMT, March 30, 2022",
    "Wednesday, March 30, 2022", "30 March 2022",
])
def test_timestamp_line_dates_an_article(stamp):
    raw = ("Lavrov makes first China visit since the invasion\n\nBy Jane Doe\n" + stamp + "\n\n"
           "Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday in his first "
           "visit since Moscow launched its invasion of Ukraine.\n")
    m = infer_metadata(clean_article(raw))
    assert (m["published"], m["published_source"]) == (pd.Timestamp("2022-03-30"), "text")
    assert m["byline"] == "Jane Doe"
