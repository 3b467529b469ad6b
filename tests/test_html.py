"""HTML input (issue 15, case 3): .html/.htm files and HTML saved as .txt, read with trafilatura
(body, title) and htmldate (date), offline; the kind of each source in ``source_kind``."""

from __future__ import annotations

import socket

import pandas as pd
import pytest

from newscorpus import load_corpus
from newscorpus.corpus.html import html_article, looks_like_html
from newscorpus.corpus.load import units_table

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Lavrov lands in China for Afghanistan talks | The Example Times</title>
<meta property="article:published_time" content="2022-03-30T08:15:00+00:00">
<link rel="canonical" href="https://www.example-times.com/world/2022/03/30/lavrov-china">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/login">Sign in to your account</a></li></ul></nav>
<header><div class="brand">The Example Times</div></header>
<main><article>
<h1>Lavrov lands in China for Afghanistan talks</h1>
<p class="byline">By Jane Doe</p>
<p>Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday in his first visit to
the key ally since Moscow launched its invasion of Ukraine last month.</p>
<p>Lavrov will attend a series of meetings hosted by China to discuss ways to help Afghanistan,
the foreign ministry said in a statement.</p>
<p>"We will discuss the situation in the region," he told reporters after landing in the
eastern city of Huangshan.</p>
</article></main>
<footer><p>Copyright 2024 The Example Times. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""

TEXT = ("Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday, the ministry said "
        "in a statement. Talks on Afghanistan follow <in brackets> on Thursday.\n")


@pytest.fixture
def offline(monkeypatch):
    """Any network connection attempted while loading fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("newscorpus tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_markup_is_detected_and_plain_text_is_not():
    assert looks_like_html(PAGE)
    assert looks_like_html("<div><p>One</p><p>Two</p><p>Three</p></div>")
    assert not looks_like_html(TEXT)
    assert not looks_like_html("If a < b and c > d, the <br> tag is not a page.")


def test_html_files_are_first_class_input(tmp_path, offline):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "other.htm").write_text(PAGE.replace("Jane Doe", "John Roe"), encoding="utf-8")
    (tmp_path / "plain.txt").write_text(TEXT, encoding="utf-8")
    c = load_corpus(tmp_path)
    rows = c.set_index("doc_id")
    assert dict(rows.source_kind) == {"other": "html", "page": "html", "plain": "text"}
    page = rows.loc["page"]
    # the headline, not the <title>'s site name and not the navigation
    assert page.title == "Lavrov lands in China for Afghanistan talks"
    assert page.text.startswith("Russian Foreign Minister Sergei Lavrov arrived in China")
    assert page.text.count("\n\n") == 2  # three paragraphs
    for furniture in ("Home", "Sign in", "Privacy", "All rights reserved", "Example Times"):
        assert furniture not in page.text
    assert page.published == pd.Timestamp("2022-03-30") and page.published_source == "header"
    assert page.byline == "Jane Doe" and page.outlet == "example-times.com"
    assert page.url == "https://www.example-times.com/world/2022/03/30/lavrov-china"
    assert page.n_words == 69
    assert not [p for p in c.attrs["problems"] if p["file"] in ("page.html", "other.htm")]
    units = units_table(c)
    assert list(units[units.doc_id == "page"].label) == ["header", "title", "byline"] + ["body"] * 3


def test_html_saved_as_txt_is_reported_and_read_as_html(tmp_path, offline):
    (tmp_path / "saved.txt").write_text(PAGE, encoding="utf-8")
    with pytest.warns(UserWarning, match="saved.txt: file holds an HTML page"):
        c = load_corpus(tmp_path)
    row = c.iloc[0]
    assert row.source_kind == "html" and row.title == "Lavrov lands in China for Afghanistan talks"
    assert "<" not in row.text and row.n_words == 69
    (p,) = c.attrs["problems"]
    assert p["kind"] == "html_in_txt" and p["severity"] == "warning"


def test_page_without_an_article_yields_the_no_body_warning(tmp_path, offline):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a><a href='/x'>World</a></nav></body></html>",
        encoding="utf-8")
    with pytest.warns(UserWarning, match="nav.html: no article body"):
        c = load_corpus(tmp_path)
    assert c.set_index("doc_id").loc["nav", "text"] == ""


def test_html_article_never_guesses_a_date_from_the_running_text():
    page = PAGE.replace('<meta property="article:published_time" '
                        'content="2022-03-30T08:15:00+00:00">', "").replace(
        "/2022/03/30/", "/")
    assert html_article(page).header_date == ""


def test_a_txt_and_an_html_file_of_one_name_never_share_a_doc_id(tmp_path, offline):
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "story.html").write_text(PAGE, encoding="utf-8")
    with pytest.warns(UserWarning, match="story.txt: same doc_id as story.html"):
        c = load_corpus(tmp_path)
    assert list(c.doc_id) == ["story"] and c.source_kind.iloc[0] == "html"
