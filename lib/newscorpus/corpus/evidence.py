"""What a cleaned page says about its own metadata, read once and without its address: its date
lines, a wire dateline (agency, month/day), weekdays and month/day mentions in the lead and body
(evidence for DD/MM vs MM/DD), the outlets its furniture names ("Support X", "© 2024 X",
"X - Back to home", "… from X on WhatsApp", "Source: X", bylines, a masthead line) and the agency
its dateline, byline or a credit line credits. :mod:`newscorpus.corpus.metadata` turns the
:class:`Evidence` into values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from newscorpus.corpus.clean import CleanedArticle, outlet_signatures
from newscorpus.corpus.outlets import lookup_outlet, multiword_names, name_key, outlet_row_for_url
from newscorpus.corpus.pagedates import PUBLISHED_LABEL, date_line_readings, dates_at, make_date
from newscorpus.corpus.signals import is_caption_credit, is_prose
from newscorpus.text import MONTH_NUMBER, MONTH_PATTERN

_MON_I = rf"(?i:{MONTH_PATTERN})"  # case-insensitive inside a case-sensitive pattern
_MON = rf"(?:{MONTH_PATTERN})"
#: weekday names (index 0 = Monday), and the lead's "on Wednesday"; month/day without a year
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ON_WEEKDAY = re.compile(r"\b(?:on|late|early|last|this)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MON})\.? (\d{{1,2}})\b(?!,? (?:19|20)\d{{2}})", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MON})\b(?!\.?,? (?:19|20)\d{{2}})", re.I)

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
_SOURCE = re.compile(rf"^(?:Source|SOURCE): (?P<n>{_NAME}?)(?:/[\w-]+)?\s*(?:\|.*)?$")
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
        if any(name_key(x) == name_key(n) for x in [o["name"], *o.get("names", [])]):
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


class _Page:
    """The cleaned page's units with what every reader needs: which are captions, which are prose
    paragraphs (whatever label the cleaner gave them: a headline taken for body text is not one,
    it is short and has no final stop), where the body proper starts, and its lead."""

    def __init__(self, units: list) -> None:
        self.units = units
        self.body_idx = [i for i, u in enumerate(units)
                         if not self.is_caption(i) and len(u.text.split()) >= 12
                         and is_prose(u.text) and date_line_readings(u.text) is None]
        self.body_set = set(self.body_idx)
        # the body proper starts at the first long prose paragraph or the first of two in a row
        # (a standfirst stands alone above the date line); date lines before it are the header's
        self.start = next((i for i in self.body_idx if len(units[i].text.split()) >= 25
                           or self._next_text_unit(i) in self.body_set), len(units))
        self.lead = ([units[i].text for i in self.body_idx if i >= self.start][:2]
                     or [units[i].text for i in self.body_idx][:2])

    def is_caption(self, i: int) -> bool:
        return self.units[i].label == "caption" or is_caption_credit(self.units[i].text)

    def _next_text_unit(self, i: int) -> int:
        j = i + 1
        while j < len(self.units) and self.is_caption(j):
            j += 1
        return j


def collect_evidence(article: CleanedArticle) -> Evidence:
    """Everything the page says about its own outlet, agency and date (no address needed)."""
    ev = Evidence(own_url=article.own_url, title=article.title, byline=article.byline)
    if article.header_date:
        ev.header_date = make_date(*article.header_date.split("-"))
    page = _Page(article.units)
    _read_date_lines(ev, page)
    _read_lead(ev, page)
    votes, agency = _read_furniture(page)
    ev.outlet_votes = {k: (v[0], v[1]) for k, v in votes.items()}
    if ev.dateline_agency:
        ev.agency = (ev.dateline_agency, "dateline")
    elif agency is not None:
        ev.agency = agency
    return ev


def _read_date_lines(ev: Evidence, page: _Page) -> None:
    """The page's date lines (header ones first, then labelled "Published" lines after the
    body starts) and the unambiguous dates they state."""
    units, is_caption, start = page.units, page.is_caption, page.start
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
        elif PUBLISHED_LABEL.match(u.text.strip()):
            # after the body starts only a labelled "Published …" line counts, and not one that
            # dates a teaser (it follows a headline-like line)
            prev = units[i - 1] if i else None
            if prev is None or prev.label == "body" and len(prev.text.split()) >= 12 or prev.label in {
                    "authors", "byline", "share", "timestamp"}:
                late_dates.append((rs, src))
    ev.date_lines = header_dates + late_dates


def _read_lead(ev: Evidence, page: _Page) -> None:
    """The lead's wire dateline (agency, month/day) and weekdays; month/day mentions in the body."""
    units, lead, body_idx = page.units, page.lead, page.body_idx
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
                ev.dateline_md = (MONTH_NUMBER[gd["mon"].lower()], int(gd["day"]))
            break
    if ev.dateline_md is None and first:
        m = _DATELINE_MD.match(first)
        if m:
            ev.dateline_md = (MONTH_NUMBER[m.group("mon").lower()], int(m.group("day")))
    for t in lead:
        for m in _ON_WEEKDAY.finditer(t):
            ev.lead_weekdays.append(_WEEKDAYS.index(m.group(1).lower()))
    for i in body_idx:
        t = units[i].text
        for m in _MONTH_DAY.finditer(t):
            ev.body_month_days.append((MONTH_NUMBER[m.group(1).lower()], int(m.group(2))))
        for m in _DAY_MONTH.finditer(t):
            ev.body_month_days.append((MONTH_NUMBER[m.group(2).lower()], int(m.group(1))))


def _read_furniture(page: _Page) -> tuple[dict[str, list], tuple[str, str] | None]:
    """Outlets named in the furniture (name -> [score, source, best single score]) and the
    agency credited in bylines and credit lines."""
    units, is_caption, body_set = page.units, page.is_caption, page.body_set
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
            dates = dates_at(rest)
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
        if m and len(t.split()) <= 16:
            n = m.group("n")
            corp = _CORPORATE.search(n)
            stripped = _CORPORATE.sub("", n) if corp else n
            stripped = re.sub(r"\s*\d{4}$", "", stripped).strip(" .,")
            known = lookup_outlet(stripped) is not None
            # "© Name/Agency" is a photo credit, unless the holder is a known outlet ("RFE/RL")
            if "/" not in t or known:
                vote(stripped, 2 if known or not corp else 0.5, "text")
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
            for n in multiword_names():
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
    return votes, agency
