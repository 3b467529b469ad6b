"""Provenance (issue 14): the wire an article credits (``agency``), who wrote the words
(``origin``), one ``story_id`` per near-duplicate group; comparisons grouped by origin."""

from __future__ import annotations

import pytest

from newscorpus.corpus.clean import clean_article
from newscorpus.corpus.load import COLUMNS, load_corpus
from newscorpus.corpus.metadata import infer_metadata

BODY = ("The foreign minister arrived in the capital on Tuesday for two days of talks on trade, "
        "energy and security, officials said on Tuesday after his plane landed.\n\n"
        "He is expected to meet the president and the prime minister before returning home "
        "later this week, according to the ministry.\n")
#: furniture naming the publisher, so that a credited wire is not taken for the site itself
MASTHEAD = "Support The Daily Lantern!\n\n"


@pytest.mark.parametrize("page, agency, source", [
    ("Minister arrives\n\nBy AFP\n\n" + BODY, "AFP", "byline"),
    ("Minister arrives\n\nLONDON, March 3 (Reuters) - " + BODY, "Reuters", "dateline"),
    ("Minister arrives\n\nBEIJING, May 18 (Xinhua) -- " + BODY, "Xinhua", "dateline"),
    ("Minister arrives\n\nMOSCOW, July 26. /TASS/. " + BODY, "TASS", "dateline"),
    ("Minister arrives\n\n" + BODY + "\nSOURCE: Xinhua\n", "Xinhua", "credit"),
    ("Minister arrives\n\n" + BODY + "\nSource: Reuters\n", "Reuters", "credit"),
])
def test_agency_credited_by_byline_dateline_or_source_line(page, agency, source):
    meta = infer_metadata(clean_article(MASTHEAD + page))
    assert meta["outlet"] == "The Daily Lantern"
    assert (meta["agency"], meta["agency_source"]) == (agency, source)


@pytest.mark.parametrize("page", [
    "Minister arrives\n\nThe minister at the airport on Tuesday. Photo: Reuters\n\n" + BODY,
    "Minister arrives\n\nThe minister waves from the steps of the plane. (Photo: AP)\n\n" + BODY,
    "Minister arrives\n\n" + BODY + "\nPhoto: AFP\n",
    "Minister arrives\n\n" + BODY + "\n© AFP/Getty Images\n",
])
def test_a_photo_credit_alone_is_not_an_agency(page):
    meta = infer_metadata(clean_article(MASTHEAD + page))
    assert meta["agency"] == "" and meta["outlet"] == "The Daily Lantern"


def test_origin_and_story_id_in_the_corpus(tmp_path):
    """origin = agency if any else outlet; a manifest outlet re-decides the agency; a manifest
    byline naming a wire credits it; copies share the story_id of the group's first doc."""
    (tmp_path / "a.txt").write_text("Minister arrives\n\nLONDON, March 3 (Reuters) - " + BODY,
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Minister in the capital\n\n" + BODY, encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "Talks on trade\n\nThe two sides signed a memorandum on grain shipments and a second one "
        "on river transport, the ministry said in a statement on Wednesday evening.\n",
        encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "doc_id,outlet,byline\na,The Daily Lantern,\nb,The Evening Star,AFP\n"
        "c,The Evening Star,Jane Roe\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="a.txt: outlet: manifest says 'The Daily Lantern'"):
        c = load_corpus(tmp_path).set_index("doc_id")
    assert {"origin", "story_id"} <= set(COLUMNS)
    assert (c.loc["a", "agency"], c.loc["a", "agency_source"]) == ("Reuters", "dateline")
    assert (c.loc["b", "agency"], c.loc["b", "agency_source"]) == ("AFP", "manifest")
    assert c["origin"].to_dict() == {"a": "Reuters", "b": "AFP", "c": "The Evening Star"}
    assert c.loc["b", "duplicate_of"] == "a"
    assert c["story_id"].to_dict() == {"a": "a", "b": "a", "c": "c"}


def test_seed_provenance():
    """Both versions of the AFP story (000 'By AFP'; 003, manifest byline AFP) are AFP copy."""
    c = load_corpus()
    c.index = c["doc_id"].str[:3]
    assert c["agency"].to_dict() == {"000": "AFP", "001": "", "002": "", "003": "AFP", "004": ""}
    assert c["origin"].to_dict() == {
        "000": "AFP", "001": "The Moscow Times", "002": "The Kyiv Independent", "003": "AFP",
        "004": "South China Morning Post"}
    assert c.loc["003", "story_id"] == c.loc["000", "story_id"] == c.loc["000", "doc_id"]
    assert c["story_id"].nunique() == 4
