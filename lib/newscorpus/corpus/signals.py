"""Intrinsic signals of one line or unit: what its own text looks like, without its neighbours.

Step 3 of cleaning (:mod:`newscorpus.corpus.clean`); the labelling pass
(:mod:`newscorpus.corpus.labels`) combines these with position.

Phrase lists kept as data (``data/boilerplate.yaml``: donation and subscription appeals,
read-more and related-article markers, tag lines, "Edit post", audio notices, ads, share/contact
lines, author/credit lines, "Original url:", video labels and durations such as ``01:45``,
comment counts) plus the outlets' own boilerplate (``data/outlets.yaml``, e.g. SCMP's "myNEWS"
promo), matched by :func:`_phrase_category`; photo credits (``Photo: AP``, ``… / Telegram``,
``REUTERS/Name``); bylines (``By …``); bare links; comma-separated tag lists; bullets; date and
clock lines; and the shape of the text: *prose* (ends with sentence punctuation, or has at least
12 words with stop-word density >= 0.25) versus *headline-like* (2–25 words, no final full stop)
versus *short* (at most 4 words, no sentence punctuation).
"""

from __future__ import annotations

import re

from newscorpus.text import MONTH_PATTERN, count_words, words

#: English function words used for the stop-word density signal (kept small on purpose).
STOP_WORDS = frozenset(
    """a about after against all also an and any are as at be been before being between both but
    by can could did do does during each for from had has have he her his how i if in into is it
    its may more most no nor not of on once only or other our out over own said says she should
    so some such than that the their them then there these they this those through to too under
    until up was we were what when where which while who will with would you your""".split()
)


# ----------------------------------------------------------------------------- patterns

_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TERMINAL = re.compile(r"""[.!?…:;](?:["'”’)\]]*)$|[”"]$""")
_HEADLINE_END = re.compile(r"""[.;:,]["'”’)\]]*$""")
_BULLET = re.compile(r"^[•·▪●■◦‣\-–*]\s+")
_BYLINE = re.compile(r"^(?:[Bb]y|BY)\s+[A-Z\u00c0-\u024f@]")
_CREDIT = [
    re.compile(r"\b(?:photo|photograph|image|picture|credit|file photo|video)s?(?: by)?:\s?[^.]{1,80}$",
               re.IGNORECASE),
    re.compile(r"[.!?)”\"]\s+[^./]{2,50}\s/\s[^/]{2,40}$"),  # "… morning. Ministry / Telegram"
    re.compile(r"^[^.]{2,60}\s/\s[^/ ]{2,40}$"),  # "@mfa_russia / Twitter.com" alone
    re.compile(r"\b(?:REUTERS|AFP|AP|EPA|Getty Images|Bloomberg|Xinhua|TASS|Sputnik)/[A-Z]"),
    re.compile(r"\((?:photo|image|picture)[^)]{0,80}\)$", re.IGNORECASE),
    # a sentence closed by a bracketed credit: "… on Monday. (AFP Photo)", "(Xinhua/Name)",
    # "(Reuters: Name)", "(AP Photo/Name, File)", "(KCNA-Yonhap)", "(SPA)"
    re.compile(r"[.!?][\"'”’]?\s*\((?:[^()]{0,40}\b(?i:photos?|pool)\b[^()]{0,40}"
               r"|[A-Z]{2,}[\w\-]*|[A-Z][\w.\-]*(?: [A-Z][\w.\-]*){0,3}\s?[/:]\s?[^()]{2,40})\)$"),
    re.compile(r"[.!?]\s?Credit(?:\.{2,3}|…|:)"),  # "… on Tuesday.Credit...Name"
    re.compile(r"[.!?]\s+©\s?\S[^.]{0,60}$"),  # "… in 2019. © Name, Agency"
    # a bare credit line "Name Surname/Agency" (no sentence punctuation)
    re.compile(r"^[A-Z][\w'’\-]+(?: [A-Z][\w'’.\-]+){0,3}\s?/\s?[A-Z][\w&'’.\- ]{1,30}$"),
]
_DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")


_TIMESTAMP = re.compile(
    rf"^(?:(?:published|updated|posted|first published)(?: on)?:? )?(?:\w+day,? )?"
    rf"(?:\d{{1,2}}[:.]\d{{2}}\s?(?:am|pm)?(?: [A-Z]{{2,4}})?,? )?"
    rf"(?:(?:{MONTH_PATTERN})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} (?:{MONTH_PATTERN})\.?,? \d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)


#: Any written date: "April 24, 2024", "Nov. 14, 2023", "20 Mar 2024", "24 Jul, 2022",
#: "05/04/2023", "09/01/23", "2025-09-02", "22.04.2024".
_DATE_ANY = re.compile(
    rf"\b(?:(?:{MONTH_PATTERN})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTH_PATTERN})\.?,? \d{{4}}"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)
#: A clock time or relative time standing alone: "4:05 pm", "12:41 GMT", "10.23 BST", "1h ago".
_CLOCK_LINE = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s?(?:[ap]\.?m\.?)?(?:\s?[A-Z]{2,4})?"
    r"|\d{1,3}\s?(?:s|m|h|d|mins?|minutes?|hours?|hrs?|days?) ago|just now)$",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """A short line that is mainly a date or a time: "Updated 10:23 AM EDT, April 24, 2024",
    "Posted Wed 20 Mar 2024 at 6:12am", "Issued on: 05/04/2023 - 10:12", "4:05 pm"."""
    if _CLOCK_LINE.match(text):
        return True
    # a sentence ("… in Hanoi on May 26, 2025.") is a caption or prose, not a date line
    sentence = re.search(r"[.!?]$", text) and not re.search(r"\b[ap]\.m\.$", text, re.I)
    return count_words(text) <= 20 and bool(_DATE_ANY.search(text)) and not sentence


def stop_density(text: str) -> float:
    """Share of word tokens that are English function words (0 for an empty string)."""
    ws = words(text)
    return sum(w.lower() in STOP_WORDS for w in ws) / len(ws) if ws else 0.0


def is_prose(text: str) -> bool:
    """A sentence-like unit: final sentence punctuation (>= 4 words) or long and function-word rich."""
    n = count_words(text)
    if n >= 4 and _TERMINAL.search(text) and not text.endswith(":"):
        return True
    return n >= 12 and stop_density(text) >= 0.25


def is_headline_like(text: str) -> bool:
    """2–25 words without a final full stop/colon/comma: a headline, kicker or teaser title."""
    n = count_words(text)
    return 2 <= n <= 25 and not _HEADLINE_END.search(text) and not is_prose(text)


def is_short(text: str) -> bool:
    """At most 4 words and no sentence punctuation: a section label or subhead."""
    return 1 <= count_words(text) <= 4 and not _TERMINAL.search(text)


def is_caption_credit(text: str) -> bool:
    """Does the unit end with (or consist of) a photo credit?"""
    return any(p.search(text) for p in _CREDIT)


def is_tag_list(text: str) -> bool:
    """Three or more short comma-separated capitalised items and no sentence punctuation."""
    items = [i.strip() for i in text.split(",")]
    return (
        len(items) >= 3
        and not _TERMINAL.search(text)
        and all(1 <= count_words(i) <= 4 and i[:1].isupper() for i in items)
    )


_BYLINE_ROLE = re.compile(
    r"^by (?:(?:our|the|political|foreign|diplomatic|senior|chief|staff|special|own|china|"
    r"europe|asia|us|u\.s\.|white house|defence|defense|security|economics|business)\s+)*"
    r"(?:reporter|correspondent|editor|writer|staff)s?\s+[A-Z]", re.IGNORECASE)
#: An article's own labelled paragraph or label line: "Details: …", "Quote: …", "Background:".
_LABELLED = re.compile(r"^[A-Z][a-z]{2,15}:(?:\s+\S|$)")
#: The label opening a summary box above the body: "In short:", "Key points:", "At a glance".
_SUMMARY_LABEL = re.compile(
    r"^(?:in short|in brief|key points|key takeaways|at a glance|highlights|summary|"
    r"the big picture|quick read|tl;?dr|what we know|the story so far)[:.]?$", re.IGNORECASE)
#: Site navigation that can look like a headline: skip links, "Back to home", menus, sign-in.
_NAVIGATION = re.compile(
    r"\bskip to\b|\bback to (?:home|top)\b|\b(?:show|hide) (?:more|menu)|expanded menu|"
    r"\bsign (?:in|up)\b|\blog ?in\b|\bsearch\b|\bmenu\b|\bnewsletters?\b|\bsubscribe\b|"
    r"\bsubscriptions?\b|\bedition\b|\bprint options\b|accessibility|\bbreaking news\b$",
    re.IGNORECASE)


def _is_byline(text: str) -> bool:
    """"By Jane Doe", "BY JANE DOE", "By political reporter Jane Doe" (no sentence end)."""
    return ((_BYLINE.match(text) or _BYLINE_ROLE.match(text)) is not None
            and count_words(text) <= 25 and not re.search(r"[.!?]$", text))


def _title_case(text: str) -> bool:
    """Most longer words capitalised: a headline ("China Starts Evacuating Citizens"), not a
    sentence-case cross-head ("Meeting with Xi", "A compressed trip")."""
    long_words = [w for w in words(text) if len(w) >= 4]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) > 0.5 * len(long_words)


def _is_navigation(text: str) -> bool:
    return _NAVIGATION.search(text) is not None and count_words(text) <= 8


def _is_lead(text: str) -> bool:
    """Could open the article: a sentence (>= 12 words, closing punctuation) or long prose."""
    n = count_words(text)
    return is_prose(text) and n >= 12 and (_TERMINAL.search(text) is not None or n >= 40)


def _headline_no_stop(text: str) -> bool:
    """A long headline: up to 40 words with no sentence punctuation at the end."""
    return 2 <= count_words(text) <= 40 and not _TERMINAL.search(text) and not text.endswith(",")


def _phrase_category(text: str, rules: dict[str, dict]) -> tuple[str, dict] | None:
    """The first phrase rule (category, rule) matching ``text``, or None."""
    for cat, rule in rules.items():
        if any(p.search(text) for p in rule["patterns"]):
            return cat, rule
    return None
