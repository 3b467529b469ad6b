"""Provenance (issue 14): the wire an article credits (``agency``), who wrote the words
(``origin``), one ``story_id`` per near-duplicate group; comparisons grouped by origin."""

from __future__ import annotations

import pandas as pd
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
    assert c["agency"].to_dict() == {"000": "AFP", "001": None, "002": None, "003": "AFP", "004": None}
    assert c["origin"].to_dict() == {
        "000": "AFP", "001": "The Moscow Times", "002": "The Kyiv Independent", "003": "AFP",
        "004": "South China Morning Post"}
    assert c.loc["003", "story_id"] == c.loc["000", "story_id"] == c.loc["000", "doc_id"]
    assert c["story_id"].nunique() == 4


# --- counts on stories, not copies: read the whole article, then drop a copy's shared paragraphs
SHARED = [
    "Chinese Foreign Minister Wang Yi met his Russian counterpart in the eastern city of Huangshan "
    "on Wednesday for talks on trade, energy and regional security.",
    "The two ministers were shown on state television bumping elbows in front of their national "
    "flags before the talks began behind closed doors.",
    "Officials said more meetings on regional security would follow later in the week in the "
    "same city, with delegations from several neighbouring countries.",
]
NOVEL = [
    "Foreign ministry spokesman Wang Wenbin later told reporters that the two countries would "
    "keep working together on every question.",
    "Trade between the two neighbours has grown quickly since the sanctions were imposed, "
    "customs figures published in January show.",
    "Analysts expect the talks to produce a joint statement on grain shipments and river "
    "transport before the end of the month.",
    "The meetings follow a visit by Wang last week to Kabul, his first trip there since the "
    "change of government.",
]


@pytest.fixture(scope="module")
def wire_pair(tmp_path_factory):
    """An original (a) and a longer copy (b) of one wire story: the copy repeats the original's
    paragraphs (one introduces Wang Yi) and adds four, one with a bare "Wang"."""
    folder = tmp_path_factory.mktemp("wire_pair")
    (folder / "a.txt").write_text("Ministers meet\n\n" + "\n\n".join(SHARED) + "\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Ministers meet in Huangshan\n\n" + "\n\n".join(SHARED + NOVEL)
                                  + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,outlet\na,The Daily Lantern\nb,The Evening Star\n",
                                         encoding="utf-8")
    return load_corpus(folder)


def test_counted_paragraphs_are_the_copys_novel_ones(wire_pair):
    from newscorpus.analysis.outlets import counted_paragraphs

    assert wire_pair.set_index("doc_id").loc["b", "story_id"] == "a"
    assert counted_paragraphs(wire_pair) == {"b": {3, 4, 5, 6}}


def test_coreference_reads_the_whole_copy_before_its_shared_paragraphs_are_dropped(wire_pair):
    """'a visit by Wang last week to Kabul': the copy introduced Wang Yi in a shared paragraph,
    so 'Wang' is Wang Yi (Wang Wenbin was last named three paragraphs before); read without the
    shared paragraphs it would be the spokesman."""
    from newscorpus import entities
    from newscorpus.analysis.counts import entity_counts
    from newscorpus.analysis.outlets import term_counts

    tc = term_counts(wire_pair).query("doc_id == 'b' and kind == 'entity'")
    got = dict(zip(tc["term"], tc["count"], strict=True))
    assert got.get("Wang Yi") == 1 and got.get("Wang Wenbin") == 1
    ec = entity_counts(entities(wire_pair), wire_pair, by=("doc_id",), labels=("PERSON",))
    ec = ec[ec["doc_id"] == "b"].set_index("canonical")["mentions"].to_dict()
    assert ec == {"Wang Wenbin": 1, "Wang Yi": 1}


def test_seed_entity_counts_agree_between_terms_and_entity_table(corpus):
    """Notebook 02 (entity_counts) and notebook 03 (distinctive terms) count every entity alike;
    The Moscow Times names Wang Wenbin 3 times (the AFP copy's 'a visit by Wang last week to
    Kabul' is Wang Yi), not 4."""
    from newscorpus import entities
    from newscorpus.analysis.counts import entity_counts
    from newscorpus.analysis.outlets import TERM_ENTITY_LABELS, distinctive_terms, term_counts

    ec = entity_counts(entities(corpus), corpus, by=("outlet",), labels=TERM_ENTITY_LABELS)
    ec = ec.groupby(["outlet", "canonical"])["mentions"].sum()
    tc = term_counts(corpus).query("kind == 'entity'").merge(corpus[["doc_id", "outlet"]])
    tc = tc.groupby(["outlet", "term"])["count"].sum()
    assert dict(ec) == dict(tc)
    dt = distinctive_terms(corpus, min_count=1).set_index(["outlet", "term"])
    assert dt.loc[("The Moscow Times", "Wang Wenbin"), "count"] == 3
    assert dt.loc[("The Moscow Times", "Wang Yi"), "count"] == 4


# --- comparisons grouped by outlet, origin or both ---------------------------------------------
def test_group_sizes_and_small_sample_statements(corpus):
    from newscorpus.analysis.outlets import group_sizes, small_sample_statements

    sizes = group_sizes(corpus, ["outlet", "origin"]).set_index(["outlet", "origin"])
    assert sizes.loc[("The Moscow Times", "AFP"), ["files", "stories"]].tolist() == [2, 1]
    assert sizes.loc[("The Moscow Times", "The Moscow Times"), "body_words"] == 395
    by_origin = group_sizes(corpus, "origin").set_index("origin")
    assert by_origin["stories"].to_dict() == {"AFP": 1, "South China Morning Post": 1,
                                              "The Kyiv Independent": 1, "The Moscow Times": 1}
    said = small_sample_statements(group_sizes(corpus, ["outlet", "origin"]), ["outlet", "origin"])
    assert ("One story (2 articles) from The Moscow Times × AFP: nothing can be concluded about "
            "The Moscow Times × AFP as a whole; its figures describe that story.") in said
    assert len(said) == 4
    sizes = pd.DataFrame({"outlet": ["X", "Y"], "files": [3, 1], "stories": [3, 1],
                          "body_words": [900, 200]})
    assert small_sample_statements(sizes) == [
        "One story (1 article) from Y: nothing can be concluded about Y as a whole; its figures "
        "describe that story."]
    assert len(small_sample_statements(sizes, min_stories=4)) == 2
    with pytest.raises(ValueError, match="not a column of the corpus table"):
        group_sizes(corpus, "publisher")


def test_distinctive_terms_by_doc_id_and_by_a_list(corpus):
    from newscorpus.analysis.outlets import distinctive_terms

    per_doc = distinctive_terms(corpus, by="doc_id", min_count=3)
    assert set(per_doc["doc_id"]) == set(corpus["doc_id"])
    both = distinctive_terms(corpus, by=["outlet", "origin"], min_count=3)
    assert list(both.columns[:3]) == ["outlet", "origin", "term"]
    assert set(zip(both["outlet"], both["origin"], strict=True)) == {
        ("The Moscow Times", "AFP"), ("The Moscow Times", "The Moscow Times"),
        ("The Kyiv Independent", "The Kyiv Independent"),
        ("South China Morning Post", "South China Morning Post")}
    inv = both.set_index(["outlet", "origin", "term"])["count"]
    assert inv[("The Moscow Times", "AFP", "invasion")] == 6
    assert inv[("The Moscow Times", "The Moscow Times", "invasion")] == 2


def test_framing_lexicon_as_list_or_mapping_and_by_origin(corpus):
    from newscorpus.analysis.outlets import framing, framing_by

    as_list = framing(corpus, lexicon=["invasion", "war"])
    assert set(as_list["family"]) == {"invasion", "war"}
    as_map = framing(corpus, lexicon={"invasion": ["invasion"], "war": "war"})
    assert as_list["total"].tolist() == as_map["total"].tolist()
    with pytest.raises(TypeError, match="list of terms or a mapping"):
        framing(corpus, lexicon="invasion")
    by = framing_by(framing(corpus), ["outlet", "origin"]).set_index(
        ["outlet", "origin", "family"])
    assert by.loc[("The Moscow Times", "AFP", "invasion"), ["own_voice", "stories"]].tolist() \
        == [6, 1]
    assert by.loc[("The Moscow Times", "The Moscow Times", "invasion"), "own_voice"] == 2
    outlet = framing_by(framing(corpus), "outlet").set_index(["outlet", "family"])
    assert outlet.loc[("The Moscow Times", "invasion"), "own_voice"] == 8  # 6 of them AFP copy


def test_quotations_are_not_speaker_credits(corpus):
    """The SCMP's joint quotation ("Putin and Xi ...") credits two speakers: 8 quotations,
    9 credits."""
    from newscorpus.analysis.outlets import quotation_counts, quoted_speakers

    qc = quotation_counts(corpus).set_index("outlet")
    assert qc.loc["South China Morning Post", ["quotations", "speaker_credits"]].tolist() == [8, 9]
    qs = quoted_speakers(corpus, by="origin")
    assert qs.groupby("origin")["quotes"].sum()["South China Morning Post"] == 9


def test_quotations_by_affiliation_counts_each_quotation_once(corpus):
    from newscorpus.analysis.outlets import quotations_by_affiliation

    qa = quotations_by_affiliation(corpus).set_index(["outlet", "affiliation"])
    scmp = qa.loc["South China Morning Post"]
    assert scmp.loc["Russian", ["quotations", "quotations_in_group"]].tolist() == [7, 8]
    # the joint "Putin and Xi" quotation is one Russian and one Chinese quotation
    assert scmp.loc["Chinese", "quotations"] == 1
    assert scmp["speaker_credits"].sum() == 9


def test_group_labels():
    from newscorpus.analysis.outlets import group_label

    assert group_label(["The Daily Lantern", "AFP"], ["outlet", "origin"]) == "The Daily Lantern × AFP"
    assert group_label(["The Daily Lantern"] * 2, ["outlet", "origin"]) == \
        "The Daily Lantern × own reporting"
    assert group_label(["", "AFP"], ["outlet", "origin"]) == "(outlet unknown) × AFP"
