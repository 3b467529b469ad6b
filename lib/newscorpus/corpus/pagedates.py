"""Dates as pages and addresses write them: in an article's address (``/2023/02/21/``,
``/20231017-``, ``/page/202305/``) and in a page's text ("March 20, 2023", "16 May 2024",
"2024-09-02", "02.09.2024", "05/04/2023" — the last read both as MM/DD and DD/MM), and the test
for a *date line* ("Published March 20, 2023 | 03:10 PM") that states when a page appeared.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

from newscorpus.text import MONTH_NUMBER, MONTH_PATTERN

_MON = rf"(?:{MONTH_PATTERN})"

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


def make_date(y: str | int, m: str | int, d: str | int) -> date | None:
    """A date from year (2 or 4 digits), month (number or name) and day; None if invalid."""
    try:
        if isinstance(m, str) and not m.isdigit():
            m = MONTH_NUMBER[m.lower()]
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
            d = make_date(*m.groups())
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


def dates_at(text: str) -> list[tuple[int, int, tuple[date, ...]]]:
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
        add(m, [make_date(*m.groups())])
    for m in _TEXT_DATE.finditer(text):
        add(m, [make_date(m.group(3), m.group(1), m.group(2))])
    for m in _TEXT_DATE_DMY.finditer(text):
        add(m, [make_date(m.group(3), m.group(2), m.group(1))])
    for m in _DOT_DATE.finditer(text):  # 02.09.2024: day first wherever dots are used
        add(m, [make_date(m.group(3), m.group(2), m.group(1))])
    for m in _NUM_DATE.finditer(text):
        a, b, y = m.groups()
        if len(y) == 3:
            continue
        add(m, [make_date(y, a, b), make_date(y, b, a)])  # MM/DD, DD/MM
    return sorted(found)


def date_in_text(text: str) -> date | None:
    """The first unambiguous full date written in ``text`` ("April 8, 2024", "2024-04-08")."""
    for _, _, rs in dates_at(text):
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
#: A label saying a date is the publication date (not an update).
PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|issued|first published)\b", re.I)


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
    found = dates_at(text)
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
        if PUBLISHED_LABEL.search(before) and not re.search(r"\bupdated?\b", before, re.I):
            return rs
    return found[0][2]
