"""Tests for newscorpus.quotes on real seed passages."""

from __future__ import annotations

from newscorpus.quotes import quoted_regions


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


def test_unclosed_quote_ends_with_its_paragraph():
    text = "\u201cUnclosed quotation runs on\n\nNext paragraph in the outlet\u2019s voice."
    assert _quoted(text) == ["Unclosed quotation runs on"]
    assert quoted_regions("") == []
