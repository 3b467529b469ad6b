"""HTML pages as corpus input: recognise markup, extract the article with trafilatura and htmldate.

A ``.html``/``.htm`` file, or a ``.txt`` file whose text is an HTML page (``looks_like_html``),
is read as HTML (``source_kind`` "html" in the corpus table): the article body comes from
trafilatura's main-content extraction (navigation, header, footer and link lists left out;
``favor_precision`` and ``fast``, i.e. without the recall-oriented fallback extractors, which
return a page's navigation when it has no article: such a page yields no body), the
title from trafilatura's metadata (``og:title``, the ``<h1>``, the ``<title>`` without its
" | Site name" part: the headline, not the navigation), the byline from its author, the page's
own address from its canonical link, and the publication date from htmldate's reading of the
markup only (``<meta>`` publication dates, ``<time>`` elements, the address; original date
preferred to a modification date; ``extensive_search`` off, so no date is guessed from the
running text). Both libraries are given the page's text, never an address: nothing is fetched.

The result is a :class:`~newscorpus.corpus.clean.CleanedArticle` whose units carry the same
labels as a cleaned text scrape (title, byline, header date, body), so metadata inference, the
manifest overlay and near-duplicate detection treat HTML and text sources alike. The date
htmldate reads is the page's own header date (``published_source`` "header").
"""

from __future__ import annotations

import copy
import re

from newscorpus.corpus.clean import BODY_LABEL, CleanedArticle
from newscorpus.corpus.units import Unit

#: The start of an HTML document, or an element every page has.
_DOC_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                        re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?(?:p|div|span|a|br|head|body|title|meta|script|style|li|ul|h[1-6]|"
                  r"article|section|nav|header|footer|link|img)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Is ``text`` an HTML page (a document start, or >= 5 tags that make up >= 2 % of it)?"""
    if _DOC_START.match(text[:4096]):
        return True
    sample = text[:65536]
    tags = _TAG.findall(sample)
    return len(tags) >= 5 and sum(map(len, tags)) >= 0.02 * len(sample)


def html_article(page: str) -> CleanedArticle:
    """The article of one HTML page: body, title, byline, date and own address (see module)."""
    import trafilatura
    from htmldate import find_date

    tree = trafilatura.load_html(page)
    if tree is None:
        return CleanedArticle("", "", "", "", "", "", "", False, [])
    meta = trafilatura.extract_metadata(copy.deepcopy(tree))
    date = find_date(copy.deepcopy(tree), outputformat="%Y-%m-%d", original_date=True,
                     extensive_search=False) or ""
    body = trafilatura.extract(tree, output_format="txt", include_comments=False,
                               include_tables=False, favor_precision=True, fast=True,
                               deduplicate=False, with_metadata=False) or ""
    title = (meta.title or "").strip() if meta is not None else ""
    author = (meta.author or "").strip() if meta is not None else ""
    url = (meta.url or "").strip() if meta is not None else ""
    paras = [p.strip() for p in body.split("\n") if p.strip()]
    if paras and title and paras[0] == title:  # trafilatura repeats the <h1> as the first line
        paras = paras[1:]
    units: list[Unit] = []
    if date:
        units.append(Unit(f"date {date}", (len(units) + 1,), 0, "header"))
    if title:
        units.append(Unit(title, (len(units) + 1,), len(units), "title"))
    if author:
        units.append(Unit(f"By {author}", (len(units) + 1,), len(units), "byline"))
    first = len(units)
    units.extend(Unit(p, (first + n + 1,), first + n, BODY_LABEL) for n, p in enumerate(paras))
    return CleanedArticle(
        text="\n\n".join(paras), captions="", title=title, byline=author, header_date=date,
        own_url=url if url.startswith(("http://", "https://")) else "",
        byline_raw=f"By {author}" if author else "", wrapped=False, units=units)
