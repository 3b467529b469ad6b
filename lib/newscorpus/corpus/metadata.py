"""Article metadata (outlet, published, title, url, byline) inferred from a cleaned scrape.

Precedence, highest first: ``manifest`` > ``header`` (the scrape's ``date YYYY-MM-DD`` line) >
``url`` (the article's *own* address, taken only from an "Original url:"-style line, never from a
linked article) > ``byline`` (date or outlet named in the byline line) > ``text`` (a timestamp
line, the outlet's own boilerplate, a wire dateline). Where nothing is found the value is empty
and its ``<field>_source`` is empty: nothing is guessed. For ``title`` the page headline (text)
is preferred over the address slug, which is a lossy lower-case rendering; the slug is used only
when the scrape has no headline.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

import pandas as pd

from newscorpus.corpus.clean import CleanedArticle, outlet_signatures
from newscorpus.text import MONTH_NUMBER

FIELDS = ("outlet", "published", "title", "url", "byline")

_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)")
_URL_DATE_DASH = re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:/|$|[-_])")
_MONTHS = MONTH_NUMBER
_TEXT_DATE = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.? (\d{1,2}),? ((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_TEXT_DATE_DMY = re.compile(
    r"\b(\d{1,2}) (" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?,? ((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")


def _mkdate(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def date_in_url(url: str) -> date | None:
    """The publication date encoded in an article address (``/2022/03/30/``), if any."""
    path = urlparse(url).path if "://" in url else url
    for pat in (_URL_DATE, _URL_DATE_DASH):
        m = pat.search(path)
        if m:
            return _mkdate(*m.groups())
    return None


def date_in_text(text: str) -> date | None:
    """The first full date written out in ``text`` ("April 8, 2024", "30 Mar, 2022", "2024-04-08")."""
    found = []
    m = _TEXT_DATE.search(text)
    if m:
        found.append((m.start(), _mkdate(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))))
    m = _TEXT_DATE_DMY.search(text)
    if m:
        found.append((m.start(), _mkdate(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))))
    m = _ISO_DATE.search(text)
    if m:
        found.append((m.start(), _mkdate(*m.groups())))
    return min(found, key=lambda t: t[0])[1] if found else None


def title_from_url(url: str) -> str:
    """A readable title from an address slug (``russian-fm-hails-…-a77144`` -> "Russian fm hails …")."""
    parts = [p for p in urlparse(url).path.split("/") if p]
    if not parts:
        return ""
    slug = re.sub(r"\.\w{2,5}$", "", parts[-1])
    slug_words = [w for w in re.split(r"[-_]+", slug) if w]
    while slug_words and re.fullmatch(r"[a-z]?\d+", slug_words[-1]):  # trailing article id
        slug_words.pop()
    if len(slug_words) < 3:
        return ""
    text = " ".join(slug_words)
    return text[:1].upper() + text[1:]


def outlet_from_url(url: str) -> str:
    """Outlet whose domain serves ``url`` (per data/outlets.yaml), else ""."""
    host = urlparse(url).netloc.lower() if "://" in url else ""
    for o in outlet_signatures():
        if any(host == d or host.endswith("." + d) for d in o.get("domains", [])):
            return o["name"]
    return ""


def outlet_from_byline(byline: str) -> str:
    """Non-agency outlet named in a byline ("… and The Kyiv Independent news desk"), else ""."""
    for o in outlet_signatures():
        if o.get("agency"):
            continue
        if any(re.search(rf"\b{re.escape(n)}\b", byline) for n in o.get("names", [])):
            return o["name"]
    return ""


def outlet_from_text(article: CleanedArticle) -> str:
    """Outlet identified by its own boilerplate: promo phrases, self-naming in removed lines, dateline.

    Only removed (non-body) lines are searched for names, so a body sentence such as "Reuters
    reported …" never makes an article a Reuters article. Returns "" when no or several outlets fit.
    """
    removed = [u.text for u in article.units if u.label not in {"body", "teaser", "link"}]
    first_body = next((u.text for u in article.units if u.label == "body"), "")
    found: list[str] = []
    for o in outlet_signatures():
        hit = any(re.search(p, t) for p in o.get("phrases", []) for t in removed)
        hit = hit or any(
            re.search(rf"\b{re.escape(n)}\b", t) for n in o.get("names", []) for t in removed
            if not o.get("agency")
        )
        if o.get("dateline") and re.search(o["dateline"], first_body):
            hit = True
        if o.get("agency") and any(re.search(p, t) for p in o.get("phrases", []) for t in removed):
            hit = True
        if hit:
            found.append(o["name"])
    return found[0] if len(found) == 1 else ""


def infer_metadata(article: CleanedArticle) -> dict[str, object]:
    """Metadata of one cleaned scrape with a ``<field>_source`` for each field (no manifest)."""
    out: dict[str, object] = {}
    url = article.own_url
    out["url"], out["url_source"] = (url, "text") if url else ("", "")

    published: date | None = None
    source = ""
    if article.header_date:
        published, source = _mkdate(*article.header_date.split("-")), "header"
    if published is None and url and date_in_url(url):
        published, source = date_in_url(url), "url"
    if published is None and article.byline_raw and date_in_text(article.byline_raw):
        published, source = date_in_text(article.byline_raw), "byline"
    if published is None:
        stamp = next((u.text for u in article.units if u.label == "timestamp"), "")
        if stamp and date_in_text(stamp):
            published, source = date_in_text(stamp), "text"
    out["published"] = pd.Timestamp(published) if published else pd.NaT
    out["published_source"] = source if published else ""

    if article.title:
        out["title"], out["title_source"] = article.title, "text"
    elif url and title_from_url(url):
        out["title"], out["title_source"] = title_from_url(url), "url"
    else:
        out["title"], out["title_source"] = "", ""

    outlet, source = "", ""
    if url and outlet_from_url(url):
        outlet, source = outlet_from_url(url), "url"
    elif article.byline_raw and outlet_from_byline(article.byline_raw):
        outlet, source = outlet_from_byline(article.byline_raw), "byline"
    elif outlet_from_text(article):
        outlet, source = outlet_from_text(article), "text"
    out["outlet"], out["outlet_source"] = outlet, source

    out["byline"] = article.byline
    out["byline_source"] = "byline" if article.byline else ""
    return out


def same_value(field: str, a: object, b: object) -> bool:
    """Do a manifest value and an inferred value agree (case/space/quote-insensitive)?"""
    if field == "published":
        return pd.Timestamp(a).date() == pd.Timestamp(b).date()

    def norm(s: object) -> str:
        s = str(s).lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
        return re.sub(r"[^\w]+", " ", s).strip()

    if field == "url":
        return norm(a).replace("https ", "http ") == norm(b).replace("https ", "http ")
    return norm(a) == norm(b)
