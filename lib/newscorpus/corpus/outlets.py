"""The news outlets: the table of outlets kept as data (``data/news_outlets.csv``: domain, the
name an outlet uses for itself, wire or site, aliases) and what an address says about its outlet.

A domain the table does not know is named by its registrable domain, from the public-suffix list
that ``tldextract`` ships (used offline: never fetched, never cached on disk).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

import tldextract

from newscorpus import resources
from newscorpus.corpus.clean import outlet_signatures


@dataclass(frozen=True)
class Outlet:
    """One row of ``data/news_outlets.csv``."""

    domain: str
    name: str
    kind: str  # "wire" or "site"
    agency: str  # for a wire's own site: the agency name credited in copy ("Associated Press")
    aliases: tuple[str, ...]

    @property
    def org(self) -> str:
        """The organisation behind the row (agency name for a wire's site, else the name)."""
        return self.agency or self.name


def outlet_table() -> tuple[Outlet, ...]:
    """The table of news outlets (domain, name they use for themselves, wire/site, aliases);
    read through newscorpus.resources, so an edited file is read again."""
    return resources.load_data("news_outlets.csv", _parse_outlets)


def _parse_outlets(text: str) -> tuple[Outlet, ...]:
    return tuple(
        Outlet(r["domain"].strip().lower(), r["name"].strip(), r["kind"].strip(),
               (r.get("agency") or "").strip(),
               tuple(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()))
        for r in csv.DictReader(io.StringIO(text)))


def name_key(name: str) -> str:
    """An outlet name reduced for comparison ("The Guardian" / "guardian" -> "guardian")."""
    s = name.lower().replace("’", "'").strip()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^\w/&+]+", " ", s).strip()


def _name_index() -> dict[str, Outlet]:
    """Outlet by normalised name: own names first, then agency names, then aliases."""
    return _index_of(outlet_table())


@lru_cache(maxsize=2)
def _index_of(table: tuple[Outlet, ...]) -> dict[str, Outlet]:
    index: dict[str, Outlet] = {}
    for attr in ("name", "agency", "aliases"):
        for o in table:
            values = getattr(o, attr)
            for v in (values if isinstance(values, tuple) else (values,)):
                if v and name_key(v) not in index:
                    index[name_key(v)] = o
    return index


def lookup_outlet(name: str) -> Outlet | None:
    """The table row an outlet or agency name refers to ("AP", "The Guardian", "FRANCE 24")."""
    return _name_index().get(name_key(name)) if name else None


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # offline: the public-suffix snapshot shipped with tldextract; never fetched, never cached
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _host_path(url: str) -> tuple[str, str]:
    u = url.strip()
    if "://" not in u:
        u = "http://" + u
    p = urlparse(u)
    host = (p.hostname or "").lower()
    return host, p.path or "/"


def registrable_domain(url: str) -> str:
    """The registrable domain of an address ("https://www.example-news.com/x" -> example-news.com)."""
    host, _ = _host_path(url)
    if not host:
        return ""
    r = _extractor()(host)
    dom = getattr(r, "top_domain_under_public_suffix", None)
    if dom is None:
        dom = r.registered_domain
    return dom or re.sub(r"^www\d*\.", "", host)


def outlet_row_for_url(url: str) -> Outlet | None:
    """The table row whose domain (and path prefix, if it has one) serves ``url``."""
    host, path = _host_path(url)
    if not host:
        return None
    best, best_len = None, -1
    for o in outlet_table():
        dom, _, prefix = o.domain.partition("/")
        if not (host == dom or host.endswith("." + dom)):
            continue
        if prefix and not path.lstrip("/").startswith(prefix):
            continue
        if len(o.domain) > best_len:
            best, best_len = o, len(o.domain)
    return best


def outlet_from_url(url: str) -> str:
    """Outlet named for the domain of ``url``: the table's name, else the registrable domain."""
    if not url:
        return ""
    row = outlet_row_for_url(url)
    if row:
        return row.name
    host = _host_path(url)[0]
    for o in outlet_signatures():  # seed signatures (data/outlets.yaml)
        if any(host == d or host.endswith("." + d) for d in o.get("domains", [])):
            return o["name"]
    return registrable_domain(url)


def multiword_names() -> tuple[str, ...]:
    """Outlet names of two words or more (and 8+ characters), longest first."""
    return _multiword_of(outlet_table())


@lru_cache(maxsize=2)
def _multiword_of(table: tuple[Outlet, ...]) -> tuple[str, ...]:
    names = set()
    for o in table:
        for n in (o.name, *o.aliases):
            if len(n.split()) >= 2 and len(n) >= 8:
                names.add(n)
    return tuple(sorted(names, key=len, reverse=True))


def letters(s: str) -> str:
    """Lower-case letters and digits only, without a leading "the"."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", s.lower()))


def same_organisation(outlet: str, agency: str, url: str = "") -> bool:
    """Is the credited agency the publisher itself (Reuters copy on reuters.com)?"""
    rows = [r for r in (lookup_outlet(outlet), outlet_row_for_url(url) if url else None) if r]
    arow = lookup_outlet(agency)
    if arow is not None and any(r.org == arow.org or r is arow for r in rows):
        return True
    return name_key(outlet) == name_key(agency) or (arow is not None and name_key(outlet) == name_key(arow.name))
