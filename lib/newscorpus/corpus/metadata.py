"""Article metadata (outlet, agency, published, title, url, byline) of a cleaned scrape.

Two steps, so that an address known only from the manifest still feeds outlet and date:

1. :func:`collect_evidence` reads the cleaned page once (no address needed): the page's date
   lines, a wire dateline, the outlets its furniture names, the agency its dateline or byline
   credits. The result is small and picklable (the corpus loader keeps it between passes).
2. :func:`resolve_metadata` combines that evidence with the article's own address (``url``,
   from the manifest or an "Original url:" line) into values, each with a ``<field>_source``.

Precedence, highest first: ``manifest`` > ``header`` (the scraper's ``date YYYY-MM-DD`` line) >
``url`` (the article's own address) > the page's date line (``text``, or ``byline`` when the date
stands in the byline) > ``dateline`` (a wire dateline's month/day, only when the year is known
from elsewhere). Nothing is guessed: where nothing is found, or a numeric date could be read as
DD/MM or MM/DD and nothing in the page or address decides, the value is empty and so is its
source.

``outlet`` is the site that published the page: the address's domain looked up in the table of
news outlets (``data/news_outlets.csv``), else the registrable domain of the address (offline
public-suffix list of ``tldextract``); without an address, the outlet the page names in its
furniture ("Support X", "© 2024 X", "X - Back to home", "… from X on WhatsApp", "Source: X",
"By X", a masthead line), else the agency its dateline credits (a page whose only signature is
"BEIJING, May 18 (Xinhua) --" is taken as the agency's own). ``agency`` is the wire the page
credits for its copy (dateline "(Xinhua) --", "/TASS/.", byline "By AFP", "WRITER: AFP",
"with AP", "(X with AFP)"); it is empty for own reporting and on the agency's own site.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

import pandas as pd

from newscorpus.corpus.clean import CleanedArticle
from newscorpus.corpus.evidence import (
    Evidence,
    _agency_name,
    _byline_names,
    _canonical,
    collect_evidence,
)
from newscorpus.corpus.outlets import (
    letters,
    lookup_outlet,
    outlet_from_url,
    outlet_row_for_url,
    registrable_domain,
    same_organisation,
)
from newscorpus.corpus.pagedates import date_in_url, make_date, month_in_url

FIELDS = ("outlet", "agency", "published", "title", "url", "byline")


def _near(d: date, md: tuple[int, int], days: int) -> bool:
    for y in (d.year - 1, d.year, d.year + 1):
        c = make_date(y, md[0], md[1])
        if c and abs((c - d).days) <= days:
            return True
    return False


def _decide(readings: tuple[date, ...], ev: Evidence, url_date: date | None,
            url_month: tuple[int, int] | None) -> date | None:
    """One reading of a date that may be DD/MM or MM/DD, from evidence; None if undecided."""
    if len(readings) == 1:
        return readings[0]
    support = {r: 0 for r in readings}
    for r in readings:
        if url_date and r == url_date or url_month and (r.year, r.month) == url_month:
            support[r] += 3
        if r in ev.other_dates:
            support[r] += 3
        if ev.dateline_md and (r.month, r.day) == ev.dateline_md:
            support[r] += 3
        if any(r.weekday() == w for w in ev.lead_weekdays):
            support[r] += 1
        if any(_near(r, md, 21) for md in ev.body_month_days):
            support[r] += 1
    best = max(support.values())
    winners = [r for r, s in support.items() if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def resolve_metadata(ev: Evidence, url: str = "", url_source: str = "") -> dict[str, object]:
    """Metadata values with their sources from the page's evidence and its own address.

    ``url``: the article's own address from outside the page (the manifest); if empty, an
    address the page gives for itself ("Original url:") is used.
    """
    out: dict[str, object] = {}
    if url:
        out["url"], out["url_source"] = url, url_source or "manifest"
    elif ev.own_url:
        url = ev.own_url
        out["url"], out["url_source"] = url, "text"
    else:
        out["url"], out["url_source"] = "", ""

    # ---- published
    url_date = date_in_url(url) if url else None
    url_month = month_in_url(url) if url else None
    published, source = None, ""
    if ev.header_date:
        published, source = ev.header_date, "header"
    if published is None and url_date:
        published, source = url_date, "url"
    if published is None:
        for rs, src in ev.date_lines:
            d = _decide(rs, ev, url_date, url_month)
            if d is not None:
                published, source = d, src
                break
            if len(rs) > 1:
                break  # the page's own date line is ambiguous: do not fall through to another
    if published is None and ev.dateline_md and url_month:
        d = make_date(url_month[0], *ev.dateline_md)
        if d and d.month == url_month[1]:
            published, source = d, "dateline"
    out["published"] = pd.Timestamp(published) if published else pd.NaT
    out["published_source"] = source if published else ""

    # ---- title
    if ev.title:
        out["title"], out["title_source"] = ev.title, "text"
    elif ev.own_url and title_from_url(ev.own_url):
        # only the page's own "Original url:" slug (as before issue 16): a manifest address
        # does not invent a headline for a page that has none
        out["title"], out["title_source"] = title_from_url(ev.own_url), "url"
    else:
        out["title"], out["title_source"] = "", ""

    # ---- outlet
    outlet, source = "", ""
    named, named_source = "", ""
    if ev.outlet_votes:
        best = max(ev.outlet_votes.items(), key=lambda kv: kv[1][0])
        tied = [k for k, v in ev.outlet_votes.items() if v[0] == best[1][0]]
        if best[1][0] >= 1.5 and len(tied) == 1:
            named, named_source = best[0], best[1][1]
    if url:
        outlet, source = outlet_from_url(url), "url"
        # a domain the table does not know, spelt by the name the page gives itself: that name
        if named and outlet_row_for_url(url) is None and letters(named) and \
                letters(named) in letters(registrable_domain(url).split(".")[0]):
            outlet = named
    if not outlet and named:
        outlet, source = named, named_source
    if not outlet and ev.dateline_agency:
        outlet, source = _canonical(ev.dateline_agency), "dateline"
    out["outlet"], out["outlet_source"] = outlet, source

    # ---- agency
    out["agency"], out["agency_source"] = credited_agency(ev, outlet, url)

    out["byline"] = ev.byline
    out["byline_source"] = "byline" if ev.byline else ""
    return out


def credited_agency(ev: Evidence, outlet: str, url: str = "", byline: str = "",
                    byline_source: str = "") -> tuple[str, str]:
    """(agency, source) the page credits for its copy, given the outlet that published it.

    The page's own credit (dateline, byline, "SOURCE:"/credit line) first; else a byline from
    outside the page (the manifest's, ``byline_source``) that names a wire ("AFP"). Empty when
    the credited wire is the outlet itself (the agency's own site). A photo credit is never
    read as one (captions are skipped by :func:`collect_evidence`).
    """
    agency, source = "", ""
    if ev.agency:
        agency, source = _agency_name(ev.agency[0]), ev.agency[1]
    elif byline and byline_source:
        wire = next((n for n in _byline_names(byline)
                     if (row := lookup_outlet(n)) is not None and row.kind == "wire"), "")
        if wire:
            agency, source = _agency_name(wire), byline_source
    if agency and outlet and same_organisation(outlet, agency, url):
        return "", ""
    return agency, source


def origin(agency: str, outlet: str) -> str:
    """Who wrote the words: the credited agency if any, else the outlet (own reporting)."""
    return agency or outlet


def infer_metadata(article: CleanedArticle, url: str = "") -> dict[str, object]:
    """Metadata of one cleaned scrape with a ``<field>_source`` for each field.

    ``url``: the article's own address when known from outside the page (a manifest); it feeds
    outlet and date. The evidence read from the page is kept
    under the key ``"_evidence"`` so that a loader can resolve again with a manifest address.
    """
    ev = collect_evidence(article)
    out = resolve_metadata(ev, url)
    out["_evidence"] = ev
    return out


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
