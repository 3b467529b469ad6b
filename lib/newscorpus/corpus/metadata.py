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

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

import pandas as pd
import tldextract

from newscorpus import config
from newscorpus.corpus.clean import CleanedArticle, outlet_signatures
from newscorpus.corpus.signals import is_caption_credit, is_prose
from newscorpus.text import MONTH_NUMBER, MONTH_PATTERN

FIELDS = ("outlet", "agency", "published", "title", "url", "byline")

_MONTHS = MONTH_NUMBER
_MON = rf"(?:{MONTH_PATTERN})"
_MON_I = rf"(?i:{MONTH_PATTERN})"  # case-insensitive inside a case-sensitive pattern

# ----------------------------------------------------------------------------- outlet table


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


@lru_cache(maxsize=1)
def outlet_table() -> tuple[Outlet, ...]:
    """The table of news outlets (domain, name they use for themselves, wire/site, aliases)."""
    rows = []
    with open(config.DATA_DIR / "news_outlets.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append(Outlet(r["domain"].strip().lower(), r["name"].strip(), r["kind"].strip(),
                               (r.get("agency") or "").strip(),
                               tuple(a.strip() for a in (r.get("aliases") or "").split("|")
                                     if a.strip())))
    return tuple(rows)


def _key(name: str) -> str:
    s = name.lower().replace("’", "'").strip()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^\w/&+]+", " ", s).strip()


@lru_cache(maxsize=1)
def _name_index() -> dict[str, Outlet]:
    """Outlet by normalised name: own names first, then agency names, then aliases."""
    index: dict[str, Outlet] = {}
    for attr in ("name", "agency", "aliases"):
        for o in outlet_table():
            values = getattr(o, attr)
            for v in (values if isinstance(values, tuple) else (values,)):
                if v and _key(v) not in index:
                    index[_key(v)] = o
    return index


def lookup_outlet(name: str) -> Outlet | None:
    """The table row an outlet or agency name refers to ("AP", "The Guardian", "FRANCE 24")."""
    return _name_index().get(_key(name)) if name else None


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


# ----------------------------------------------------------------------------- dates

_URL_DATES = [
    # /2023/02/21/, /2025/05/4/, /2023/feb/21/
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2}|[a-z]{3,4})/(\d{1,2})(?=/|$|[-_.])", re.I),
    # /2025/0714/
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})(?=/|$|[-_.])"),
    # /2024-03-20/, -2024-04-14/ (slug end)
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?=/|$|[-_.])"),
    # /20231017/, /20231017-, /20230321_27/
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?=/|$|[-_.])"),
]
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})(?:/|-|)(\d{2})(?=/)")


def _mkdate(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        if isinstance(m, str) and not m.isdigit():
            m = _MONTHS[m.lower()]
        y = int(y)
        if y < 100:
            y += 2000
        return date(y, int(m), int(d))
    except (ValueError, KeyError):
        return None


def date_in_url(url: str) -> date | None:
    """The publication date encoded in an article address (``/2022/03/30/``), if any."""
    path = urlparse(url).path if "://" in url else url
    for pat in _URL_DATES:
        for m in pat.finditer(path):
            d = _mkdate(*m.groups())
            if d:
                return d
    return None


def month_in_url(url: str) -> tuple[int, int] | None:
    """(year, month) of an address that gives only those (``/page/202305/``), else None."""
    path = urlparse(url).path if "://" in url else url
    if date_in_url(url):
        return None
    m = _URL_MONTH.search(path)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2))
    return None


_TEXT_DATE = re.compile(rf"\b({_MON})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? ((?:19|20)\d{{2}})\b", re.I)
_TEXT_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MON})\.?,? ((?:19|20)\d{{2}})\b", re.I)
_ISO_DATE = re.compile(r"\b((?:19|20)\d{2})[-/](\d{2})[-/](\d{2})\b")
_DOT_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b")
_NUM_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[/-](\d{1,2})[/-]((?:19|20)?\d{2})(?![\d/-])")


def _dates_at(text: str) -> list[tuple[int, int, tuple[date, ...]]]:
    """Every written date in ``text``: (start, end, readings). Two readings = DD/MM or MM/DD."""
    found: list[tuple[int, int, tuple[date, ...]]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, readings: list[date | None]) -> None:
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        rs = tuple(dict.fromkeys(d for d in readings if d))
        if rs:
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), rs))

    for m in _ISO_DATE.finditer(text):
        add(m, [_mkdate(*m.groups())])
    for m in _TEXT_DATE.finditer(text):
        add(m, [_mkdate(m.group(3), m.group(1), m.group(2))])
    for m in _TEXT_DATE_DMY.finditer(text):
        add(m, [_mkdate(m.group(3), m.group(2), m.group(1))])
    for m in _DOT_DATE.finditer(text):  # 02.09.2024: day first wherever dots are used
        add(m, [_mkdate(m.group(3), m.group(2), m.group(1))])
    for m in _NUM_DATE.finditer(text):
        a, b, y = m.groups()
        if len(y) == 3:
            continue
        add(m, [_mkdate(y, a, b), _mkdate(y, b, a)])  # MM/DD, DD/MM
    return sorted(found)


def date_in_text(text: str) -> date | None:
    """The first unambiguous full date written in ``text`` ("April 8, 2024", "2024-04-08")."""
    for _, _, rs in _dates_at(text):
        if len(rs) == 1:
            return rs[0]
    return None


_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?|\b\d{1,2}\s?[ap]\.?m\.?", re.I)
_ZONE = re.compile(r"\b(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|IST|JST|KST|PKT|AEST|AEDT|ET|EST|EDT|"
                   r"CT|CST|CDT|PT|PST|PDT|SGT|HKT|ICT|WIB)\b(?:\s?[+-]\s?\d{1,2}(?::?\d{2})?)?")
_DAYNAME = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?",
                      re.I)
_LABEL_WORDS = re.compile(
    r"\b(?:published|updated?|posted|issued|modified|first|last|on|at|date|time|created|"
    r"hours?|minutes?|mins?|ago|source|editor|by|min read|read)\b", re.I)
_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|issued|first published)\b", re.I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ON_WEEKDAY = re.compile(r"\b(?:on|late|early|last|this)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MON})\.? (\d{{1,2}})\b(?!,? (?:19|20)\d{{2}})", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MON})\b(?!\.?,? (?:19|20)\d{{2}})", re.I)


def date_line_readings(text: str, max_left: int = 4) -> tuple[date, ...] | None:
    """Readings of the date a *date line* states ("Published March 20, 2023 | 03:10 PM",
    "Thu 16 May 2024 10.23 BST", "Issued on: 05/04/2023 - 10:12"), None if ``text`` is not one.

    A date line is short and, once its dates, times, zones, day names and label words
    ("Published", "Updated", "Source", "by" …) are taken out, has at most four words left (a
    place, a reporter's name). With several dates, the one labelled published/posted/issued wins.
    A byline that carries the date may leave more words (``max_left``).
    """
    if len(text) > 200 or text.count(" ") > 30:
        return None
    found = _dates_at(text)
    if not found:
        return None
    rest = text
    for a, b, _ in reversed(found):
        rest = rest[:a] + " " + rest[b:]
    rest = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", rest)  # "GMT+8Updated"
    for pat in (_TIME, _ZONE, _DAYNAME, _LABEL_WORDS):
        rest = pat.sub(" ", rest)
    left = re.findall(r"[^\W\d_]{2,}", rest)
    if len(left) > max_left:
        return None
    for a, _, rs in found:
        before = text[max(0, a - 25):a]
        if _PUBLISHED_LABEL.search(before) and not re.search(r"\bupdated?\b", before, re.I):
            return rs
    return found[0][2]


# ----------------------------------------------------------------------------- evidence


@dataclass
class Evidence:
    """What the page itself says about its metadata (see :func:`collect_evidence`)."""

    own_url: str = ""
    header_date: date | None = None
    #: date lines in order of preference: (readings, source "text"/"byline")
    date_lines: list[tuple[tuple[date, ...], str]] = field(default_factory=list)
    #: unambiguous dates written in the page's date lines (evidence for DD/MM vs MM/DD)
    other_dates: list[date] = field(default_factory=list)
    #: (month, day) of the lead's wire dateline
    dateline_md: tuple[int, int] | None = None
    #: weekdays (0 = Monday) the lead says things happened on
    lead_weekdays: list[int] = field(default_factory=list)
    #: (month, day) mentions in the body, without a year
    body_month_days: list[tuple[int, int]] = field(default_factory=list)
    #: outlet named by the page: canonical name -> (score, source)
    outlet_votes: dict[str, tuple[float, str]] = field(default_factory=dict)
    #: credited agency: (name as written, source)
    agency: tuple[str, str] | None = None
    #: agency credited in the lead's dateline
    dateline_agency: str = ""
    title: str = ""
    byline: str = ""


_CAPNAME = r"[A-Z0-9][\w&.'’/+-]*"
_NAME = rf"(?:[Tt]he )?{_CAPNAME}(?:[ -](?:of |de |du |la |and |& )?{_CAPNAME}){{0,5}}"
_SUPPORT = re.compile(rf"^Support (?P<n>{_NAME}?)(?:['’]s?\b.*|[!.:,;]\s.*|[!.]|\s+(?:on|by|today|and|with|for|in|now)\b.*)?$")
_COPYRIGHT = re.compile(
    r"^(?:Copyright\s*)?(?:©|\(c\)|Copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?[.,]?\s*)?(?:by\s+)?"
    r"(?P<n>[^©|]+?)\s*(?:\d{4}\s*)?(?:[.,]?\s*All [Rr]ights [Rr]eserved.*)?[.]?$", re.I)
_CORPORATE = re.compile(r"[,.]?\s+(?:Inc|Ltd|LLC|Limited|Pte|Plc|PLC|Corp|Corporation|GmbH|S\.A|"
                        r"Group|Media|Holdings|Company|Co)\b\.?.*$")
_BACK_HOME = re.compile(rf"^(?P<n>{_NAME}) ?[-–—|:] ?(?:[Bb]ack to [Hh]ome|[Hh]ome(?:page)?)$")
_HOMEPAGE = re.compile(rf"^(?P<n>{_NAME}) [Hh]omepage$")
_FROM_ON = re.compile(rf"\bfrom (?P<n>{_NAME}) on (?:WhatsApp|Telegram|Google News|Facebook|"
                      r"Instagram|YouTube|X|Twitter|LinkedIn|our app|the app)\b")
_NEWSLETTER_FROM = re.compile(rf"\b(?:newsletters?|alerts|updates|headlines) from (?P<n>{_NAME})[.!]?$")
_SOURCE = re.compile(rf"^Source: (?P<n>{_NAME}?)(?:/[\w-]+)?\s*(?:\|.*)?$")
_BYLINE_LINE = re.compile(r"^(?:by|BY|By|WRITERS?|Writers?|AUTHORS?|Authors?|Story by)\s*:?\s+(?P<rest>.+)$")
_WITH_CREDIT = re.compile(r"^\((?P<o>[^()]{2,40}?) with (?P<a>[^()]{2,40})\)$")
_DESK = re.compile(r"\s+(?:news\s+|web\s+|digital\s+|online\s+)?(?:desk|staff|team|bureau|"
                   r"reporters?|correspondents?|service)$", re.I)
_NOT_AGENCY_CONTEXT = re.compile(r"\b(?:reporting|contributed|photo|photograph|image|video|"
                                 r"additional|writing|editing|compiled)\b", re.I)
_DATELINE_CREDIT = [
    # "BEIJING, July 13 (Xinhua) --", "SHANGHAI (AP) —", "DUSHANBE. June 28 (Interfax) -"
    re.compile(rf"^[A-Z][A-Za-z'’.\- ]{{1,40}}?(?:, [A-Z][A-Za-z'’.\- ]{{1,30}}?){{0,2}}[,.]?\s*"
               rf"(?:(?P<mon>{_MON_I})\.? (?P<day>\d{{1,2}})[,.]?\s*)?"
               r"\((?P<a>[A-Z][\w .&/-]{1,40}?)\)\s*(?:[-–—:]+|\.)\s"),
    # "MOSCOW, July 26. /TASS/."
    re.compile(rf"^[A-Z][A-Za-z'’.\- ]{{1,40}}?(?:, [A-Z][A-Za-z'’.\- ]{{1,30}}?)?[,.]?\s*"
               rf"(?:(?P<mon>{_MON_I})\.? (?P<day>\d{{1,2}})[,.]?\s*)?/(?P<a>[A-Z][\w-]{{1,15}})/\.?\s"),
    # "Hong Kong CNN —"
    re.compile(r"^[A-Z][\w'’.\-]+(?: [A-Z][\w'’.\-]+){0,3},? (?P<a>[A-Z]{2,6}) [-–—]+\s"),
]
_DATELINE_MD = re.compile(rf"^[A-Z][\w'’.\- ]{{1,40}}(?:, [A-Z][\w'’.\- ]{{1,30}}){{0,2}}[,.]\s*"
                          rf"(?P<mon>{_MON_I})\.? (?P<day>\d{{1,2}})\b(?!,? (?:19|20)\d{{2}})")
_SKIP_NAMES = {"us", "our", "this", "the", "journalism", "independent journalism", "our work",
               "quality journalism", "home", "all", "more", "news"}


def _clean_name(n: str) -> str:
    n = re.sub(r"\s+", " ", n).strip(" .,:;!|-–—")
    return n


def _plausible_name(n: str) -> bool:
    n = _clean_name(n)
    return (1 <= len(n) <= 60 and n.lower() not in _SKIP_NAMES and bool(re.match(r"[A-Z0-9]", n))
            and len(n.split()) <= 6)


def _canonical(n: str) -> str:
    row = lookup_outlet(n)
    if row is not None:
        return row.name
    for o in outlet_signatures():  # seed signatures (data/outlets.yaml)
        if any(_key(x) == _key(n) for x in [o["name"], *o.get("names", [])]):
            return o["name"]
    n = _clean_name(n)
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", n):  # "Dawn.com"
        row = outlet_row_for_url(n)
        return row.name if row else n
    return n


def _byline_names(rest: str) -> list[str]:
    """Candidate organisation names in a byline ("Jane Doe | Dawn.com", "X and The Y news desk")."""
    parts = re.split(r"\s*(?:\||,|;| and | & | with | for | - | – | — )\s*", rest)
    out = []
    for p in parts:
        p = _DESK.sub("", p.strip())
        if p:
            out.append(p)
    return out


def _agency_name(n: str) -> str:
    row = lookup_outlet(n)
    return row.org if row else _clean_name(n)


def collect_evidence(article: CleanedArticle) -> Evidence:
    """Everything the page says about its own outlet, agency and date (no address needed)."""
    ev = Evidence(own_url=article.own_url, title=article.title, byline=article.byline)
    if article.header_date:
        ev.header_date = _mkdate(*article.header_date.split("-"))
    units = article.units

    def is_caption(i: int) -> bool:
        return units[i].label == "caption" or is_caption_credit(units[i].text)

    # prose paragraphs, whatever label the cleaner gave them (a headline it took for body text
    # is not one: it is short and has no final stop)
    body_idx = [i for i, u in enumerate(units)
                if not is_caption(i) and len(u.text.split()) >= 12 and is_prose(u.text)
                and date_line_readings(u.text) is None]
    body_set = set(body_idx)

    def next_text_unit(i: int) -> int:
        j = i + 1
        while j < len(units) and is_caption(j):
            j += 1
        return j

    # the body proper starts at the first long prose paragraph or the first of two in a row (a
    # standfirst stands alone above the date line); date lines before it are the page header's
    start = next((i for i in body_idx
                  if len(units[i].text.split()) >= 25 or next_text_unit(i) in body_set), len(units))
    lead = [units[i].text for i in body_idx if i >= start][:2] or [units[i].text for i in body_idx][:2]

    # ---- date lines
    header_dates, late_dates = [], []
    for i, u in enumerate(units):
        if u.label == "header" or is_caption(i):
            continue
        is_byline = u.label == "byline" or bool(_BYLINE_LINE.match(u.text))
        rs = date_line_readings(u.text, 12 if is_byline else 4)
        if rs is None:
            continue
        src = "byline" if is_byline else "text"
        if len(rs) == 1:
            ev.other_dates.append(rs[0])
        if i < start:
            header_dates.append((rs, src))
        elif _PUBLISHED_LABEL.match(u.text.strip()):
            # after the body starts only a labelled "Published …" line counts, and not one that
            # dates a teaser (it follows a headline-like line)
            prev = units[i - 1] if i else None
            if prev is None or prev.label == "body" and len(prev.text.split()) >= 12 or prev.label in {
                    "authors", "byline", "share", "timestamp"}:
                late_dates.append((rs, src))
    ev.date_lines = header_dates + late_dates

    # ---- lead: dateline (agency, month/day), weekdays; body month/day mentions
    first = lead[0] if lead else ""
    for pat in _DATELINE_CREDIT:
        m = pat.match(first)
        if m and _plausible_name(m.group("a")):
            a = m.group("a")
            if pat is _DATELINE_CREDIT[2] and lookup_outlet(a) is None:
                continue
            if re.search(r"\d", a) or (lookup_outlet(a) is None and len(a.split()) > 3):
                continue
            ev.dateline_agency = a
            gd = m.groupdict()
            if gd.get("mon") and gd.get("day"):
                ev.dateline_md = (_MONTHS[gd["mon"].lower()], int(gd["day"]))
            break
    if ev.dateline_md is None and first:
        m = _DATELINE_MD.match(first)
        if m:
            ev.dateline_md = (_MONTHS[m.group("mon").lower()], int(m.group("day")))
    for t in lead:
        for m in _ON_WEEKDAY.finditer(t):
            ev.lead_weekdays.append(_WEEKDAYS.index(m.group(1).lower()))
    for i in body_idx:
        t = units[i].text
        for m in _MONTH_DAY.finditer(t):
            ev.body_month_days.append((_MONTHS[m.group(1).lower()], int(m.group(2))))
        for m in _DAY_MONTH.finditer(t):
            ev.body_month_days.append((_MONTHS[m.group(2).lower()], int(m.group(1))))

    # ---- outlet named in the furniture; agency credited in bylines and credit lines
    votes: dict[str, list] = {}

    def vote(name: str, score: float, source: str) -> None:
        if not _plausible_name(name):
            return
        c = _canonical(name)
        row = lookup_outlet(c)
        if row is not None:
            score += 0.5  # a known news outlet
        v = votes.setdefault(c, [0.0, source, 0.0])
        v[0] += score
        if score > v[2]:  # the source named is that of the strongest single signal
            v[1], v[2] = source, score

    agency: tuple[str, str] | None = None
    # masthead positions: the page's first line and the line after a run of "Skip to …" links
    skip = [bool(re.match(r"(?i)skip to\b", u.text)) for u in units]
    tops = {i for i, u in enumerate(units) if u.label != "header" and not skip[i]
            and (i == 0 or skip[i - 1] or units[i - 1].label == "header")}
    for i, u in enumerate(units):
        t = u.text.strip()
        body = i in body_set and not _SUPPORT.match(t)
        if is_caption(i):
            continue
        m = _WITH_CREDIT.match(t)
        if m:
            vote(m.group("o"), 2, "text")
            if agency is None:
                agency = (m.group("a"), "credit")
            continue
        m = _BYLINE_LINE.match(t)
        if m and (len(t.split()) <= 14 or u.label == "byline"):
            rest = m.group("rest")
            dates = _dates_at(rest)
            if dates:  # "by X and The Y news desk April 8, 2024 8:21 AM": names before the date
                rest = rest[:dates[0][0]].strip(" -–—|,")
            for p in _byline_names(rest):
                row = lookup_outlet(p) or (outlet_row_for_url(p) if "." in p and " " not in p else None)
                if row is None:
                    continue
                if row.kind == "wire" and agency is None:
                    agency = (p, "byline")
                elif row.kind != "wire":
                    vote(row.name, 2.5, "byline")
            if lookup_outlet(rest) is None:
                for o in outlet_signatures():
                    if not o.get("agency") and any(
                            re.search(rf"\b{re.escape(n)}\b", rest) for n in o.get("names", [])):
                        vote(o["name"], 2.5, "byline")
            continue
        if body:
            continue
        for pat, score in ((_SUPPORT, 2), (_BACK_HOME, 3), (_HOMEPAGE, 2), (_SOURCE, 2)):
            m = pat.match(t)
            if m and len(t.split()) <= 20:
                n = m.group("n")
                if pat is _SOURCE:
                    row = lookup_outlet(n)
                    if row is not None and row.kind == "wire":
                        if agency is None:
                            agency = (n, "credit")
                        vote(n, 0.5, "text")  # on the wire's own site, its name
                        break
                vote(n, score, "text")
                break
        for pat in (_FROM_ON, _NEWSLETTER_FROM):
            m = pat.search(t)
            if m:
                vote(m.group("n"), 2, "text")
        m = _COPYRIGHT.match(t)
        if m and len(t.split()) <= 16 and "/" not in t.replace("RFE/RL", ""):
            n = m.group("n")
            corp = _CORPORATE.search(n)
            stripped = _CORPORATE.sub("", n) if corp else n
            stripped = re.sub(r"\s*\d{4}$", "", stripped).strip(" .,")
            if lookup_outlet(stripped) is not None or not corp:
                vote(stripped, 2, "text")
            else:
                vote(stripped, 0.5, "text")
        # masthead: an outlet's name as the first line or right after the "Skip to …" links
        if i in tops:
            row = lookup_outlet(t)
            if row is not None and t in (row.name, *row.aliases):
                vote(row.name, 1.5, "text")
        # seed signatures: outlet-specific boilerplate phrases
        for o in outlet_signatures():
            if any(re.search(p, t) for p in o.get("phrases", [])):
                vote(o["name"], 2, "text")
        # a known outlet named (two words or more) in a furniture line
        if u.label not in {"teaser", "link", "readmore"} and not _NOT_AGENCY_CONTEXT.search(t):
            for n in _multiword_names():
                if n in t and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", t):
                    vote(n, 0.5, "text")
    if agency is None:
        for i, u in enumerate(units):
            t = u.text.strip()
            m = re.match(r"^[-–—]\s*(?P<a>[A-Z][\w .&-]{1,30})$", t) or re.match(
                r"^\((?P<a>[A-Z][\w .&/-]{1,30})\)$", t)
            if m and not is_caption(i) and (row := lookup_outlet(m.group("a"))) is not None \
                    and row.kind == "wire":
                agency = (m.group("a"), "credit")
                break
    ev.outlet_votes = {k: (v[0], v[1]) for k, v in votes.items()}
    if ev.dateline_agency:
        ev.agency = (ev.dateline_agency, "dateline")
    elif agency is not None:
        ev.agency = agency
    return ev


@lru_cache(maxsize=1)
def _multiword_names() -> tuple[str, ...]:
    names = set()
    for o in outlet_table():
        for n in (o.name, *o.aliases):
            if len(n.split()) >= 2 and len(n) >= 8:
                names.add(n)
    return tuple(sorted(names, key=len, reverse=True))


# ----------------------------------------------------------------------------- resolution


def _near(d: date, md: tuple[int, int], days: int) -> bool:
    for y in (d.year - 1, d.year, d.year + 1):
        c = _mkdate(y, md[0], md[1])
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
        d = _mkdate(url_month[0], *ev.dateline_md)
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
        if named and outlet_row_for_url(url) is None and _letters(named) and \
                _letters(named) in _letters(registrable_domain(url).split(".")[0]):
            outlet = named
    if not outlet and named:
        outlet, source = named, named_source
    if not outlet and ev.dateline_agency:
        outlet, source = _canonical(ev.dateline_agency), "dateline"
    out["outlet"], out["outlet_source"] = outlet, source

    # ---- agency
    agency, asource = "", ""
    if ev.agency:
        agency, asource = _agency_name(ev.agency[0]), ev.agency[1]
        if outlet and same_organisation(outlet, agency, url):
            agency, asource = "", ""
    out["agency"], out["agency_source"] = agency, asource

    out["byline"] = ev.byline
    out["byline_source"] = "byline" if ev.byline else ""
    return out


def _letters(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", s.lower()))


def same_organisation(outlet: str, agency: str, url: str = "") -> bool:
    """Is the credited agency the publisher itself (Reuters copy on reuters.com)?"""
    rows = [r for r in (lookup_outlet(outlet), outlet_row_for_url(url) if url else None) if r]
    arow = lookup_outlet(agency)
    if arow is not None and any(r.org == arow.org or r is arow for r in rows):
        return True
    return _key(outlet) == _key(agency) or (arow is not None and _key(outlet) == _key(arow.name))


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


# ----------------------------------------------------------------------------- older helpers


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


def outlet_from_byline(byline: str) -> str:
    """Non-agency outlet named in a byline ("… and The Kyiv Independent news desk"), else ""."""
    m = _BYLINE_LINE.match(byline.strip())
    rest = m.group("rest") if m else byline
    for p in _byline_names(rest):
        row = lookup_outlet(p)
        if row is not None and row.kind != "wire":
            return row.name
    for o in outlet_signatures():
        if o.get("agency"):
            continue
        if any(re.search(rf"\b{re.escape(n)}\b", byline) for n in o.get("names", [])):
            return o["name"]
    return ""


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


__all__ = [
    "FIELDS", "Evidence", "Outlet", "collect_evidence", "date_in_text", "date_in_url",
    "date_line_readings", "infer_metadata", "lookup_outlet", "month_in_url", "outlet_from_byline",
    "outlet_from_url", "outlet_row_for_url", "outlet_table", "registrable_domain",
    "resolve_metadata", "same_organisation", "same_value", "title_from_url",
]
