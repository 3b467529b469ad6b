"""Turn a raw news scrape into a clean article body, captions, title and byline.

Method (no rule is keyed to a file name, seed or position in the seed list)
---------------------------------------------------------------------------
1. **Normalise** the text: drop a UTF-8 byte-order mark, turn CRLF/CR into LF, turn non-breaking
   and other exotic spaces into plain spaces, remove zero-width characters, collapse runs of
   spaces and strip every line. A leading ``" date YYYY-MM-DD"`` scrape header is split off (its
   date is kept as ``header_date``; the rest of that line is treated as an ordinary line).
2. **Re-join lines into units.** A file is *hard-wrapped* when its 90th-percentile line length
   ``W`` is 40–120 characters and at least three, and at least a quarter, of its non-blank lines
   are wrap points: long (``>= 0.6 W``), not ending a sentence, and directly followed by another
   non-blank line. In a wrapped file such a long line is joined with the next one (a paragraph
   is rebuilt; a word hyphenated at the wrap point is re-joined without a space), except where
   either line is structural (link, bullet, byline, duration, boilerplate phrase). Independently,
   a bare web address followed by a line with no spaces is an address split across lines and is
   joined without a space. In a file that is not hard-wrapped, a line that stops mid-sentence
   (no closing punctuation, ending on an article/preposition/conjunction or a comma, or followed
   by a line starting in lower case) is joined with the next: a paragraph broken into lines by
   inline links. Every unit remembers its raw line numbers and blank-line block; when a file
   has (almost) no blank lines — one page element per line — every unit is its own block.
3. **Intrinsic signals per unit**: phrase lists kept as data (``data/boilerplate.yaml``: donation
   and subscription appeals, read-more and related-article markers, tag lines, "Edit post",
   audio notices, ads, share/contact lines, author/credit lines, "Original url:", video labels
   and durations such as ``01:45``, comment counts) plus the outlets' own boilerplate
   (``data/outlets.yaml``, e.g. SCMP's "myNEWS" promo); photo credits (``Photo: AP``,
   ``… / Telegram``, ``REUTERS/Name``); bylines (``By …``); bare links; comma-separated tag lists;
   bullets; and the shape of the text: *prose* (ends with sentence punctuation, or has at least
   12 words with stop-word density >= 0.25) versus *headline-like* (2–25 words, no final full
   stop) versus *short* (at most 4 words, no sentence punctuation).
4. **Position** (a left-to-right pass with three zones):
   - *header zone* (before the body starts): the headline heads the last run of headline-like
     units before the byline or the first date line (runs are broken by anything but captions;
     the lines after it in the run are standfirst or a name-only byline), or the first one if
     there is neither; navigation ("Skip to…", "Back to home", menus) is never the headline, and a
     title that shares no content word with the lead gives way to the headline-like line under
     it (a site slogan); a sentence followed, before the next paragraph, by a byline or date
     line is a standfirst (or a caption when no headline came yet); a summary box ("In short:")
     and its short lines are standfirst; bylines go to ``byline``; a line that is mainly a date ("Updated 6:12 AM GMT,
     April 8, 2024") is a ``timestamp``; bullets and further headline-like units are the
     standfirst ("dek"); short units are section labels; a prose unit sharing a block with the
     title or byline and followed in that block by a non-prose line is a photo caption; the
     first other prose unit of >= 12 words (or a wire dateline such as "BEIJING, April 9
     (Reuters) -") starts the body.
   - *body zone*: prose is body; so are cross-heads (2–6 words in sentence case between two
     paragraphs), the article's labelled paragraphs ("Details: …", "Background:") and bullets
     after a paragraph; a clock time followed by a paragraph is a live-blog entry time;
     headline-like units are related-article teasers (or video
     titles right after a video duration), and the prose unit right after a teaser is its blurb
     if it shares the teaser's block or is short (< 25 words); short units are subheads;
     credits are captions.
   - *tail*: a *terminal* marker (donation appeal, "Read more", "Authors:", "Original url:",
     "Reporting by …") after the body has started ends the article — everything after it takes
     the marker's category — unless three consecutive long prose paragraphs (>= 25 words each,
     no boilerplate phrase) follow, in which case the body resumes; after a "Read more" /
     "Related" list one such paragraph, or two sentences in a row, suffice (list items are
     headlines and single short blurbs).
5. **Corpus signal** (applied by :func:`newscorpus.corpus.load_corpus`): short lines (<= 8 words)
   repeated verbatim across two or more articles of the same outlet are boilerplate
   ("repeated").

Every raw line therefore gets one label (``body``, ``title``, ``byline``, ``caption``, ``dek``,
``section``, ``subhead``, ``teaser``, ``link``, ``header``, ``timestamp`` or a boilerplate
category, see ``LABEL_FATE``); the body is the ``body`` units joined by one blank line. Cleaning
only deletes units and joins wrapped lines: it never rewrites or invents words. One
normalisation inside kept lines: where a sentence end is glued to a capitalised word
("signed.The", "9 a.m.Putin") a space is inserted (:func:`unglue_sentences`), so tokenizers see
two sentences; initials, "Mr."-style abbreviations, addresses and handles are left alone. Quality is measured against hand labels of every raw seed
line with :func:`evaluate_line_labels`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from newscorpus import config
from newscorpus.text import DATELINE_LINE, MONTH_PATTERN, count_words, words

# ----------------------------------------------------------------------------- data

#: English function words used for the stop-word density signal (kept small on purpose).
STOP_WORDS = frozenset(
    """a about after against all also an and any are as at be been before being between both but
    by can could did do does during each for from had has have he her his how i if in into is it
    its may more most no nor not of on once only or other our out over own said says she should
    so some such than that the their them then there these they this those through to too under
    until up was we were what when where which while who will with would you your""".split()
)

#: Labels that make up the article body (everything else is removed from ``text``).
BODY_LABEL = "body"

#: What happens to a unit of each label: kept in ``text``, moved to a field, or dropped.
LABEL_FATE = {
    "body": "kept as body",
    "title": "moved to title", "byline": "moved to byline", "caption": "moved to captions",
    "header": "moved to published", "timestamp": "moved to published",
    "original_url": "moved to url",
    "dek": "dropped: standfirst", "section": "dropped: navigation", "subhead": "dropped: subhead",
    "teaser": "dropped: teaser", "readmore": "dropped: teaser", "video": "dropped: video",
    "link": "dropped: link", "donation": "dropped: appeal", "promo": "dropped: promo",
    "ad": "dropped: promo", "repeated": "dropped: promo", "edit": "dropped: page furniture",
    "tags": "dropped: page furniture", "audio": "dropped: page furniture",
    "share": "dropped: page furniture", "comments": "dropped: page furniture",
    "authors": "dropped: credits", "newsletter": "dropped: promo",
    "social": "dropped: embedded post", "live": "dropped: live-blog timestamp",
}


@lru_cache(maxsize=1)
def boilerplate_rules() -> dict[str, dict]:
    """The phrase-list categories of ``data/boilerplate.yaml`` plus outlet promo phrases."""
    with open(config.DATA_DIR / "boilerplate.yaml", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    rules: dict[str, dict] = {}
    for cat, spec in raw.items():
        full = bool(spec.get("full_line", False))
        pats = []
        for p in spec["patterns"]:
            pats.append(re.compile(rf"^(?:{p})$" if full else p, re.IGNORECASE))
        rules[cat] = {
            "patterns": pats,
            "terminal": bool(spec.get("terminal", False)),
            "block": bool(spec.get("block", False)),
        }
    promo = [re.compile(p) for o in outlet_signatures() for p in o.get("phrases", [])]
    rules["promo"] = {"patterns": promo, "terminal": False, "block": False}
    return rules


@lru_cache(maxsize=1)
def outlet_signatures() -> list[dict]:
    """Outlet entries of ``data/outlets.yaml`` (name, domains, names, phrases, dateline, agency)."""
    with open(config.DATA_DIR / "outlets.yaml", encoding="utf-8") as fh:
        return list(yaml.safe_load(fh)["outlets"])


# ----------------------------------------------------------------------------- patterns

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# The scraper's header: " date YYYY-MM-DD <rest of line>" on the first line, with its leading
# space, or "date YYYY-MM-DD" alone on that line (so a clean body can never look like one).
_HEADER = re.compile(r"^(?:[ \t\u00a0]+date (\d{4}-\d{2}-\d{2})\b ?(.*)|date (\d{4}-\d{2}-\d{2}))$")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_URL_TAIL = re.compile(r"^[\w\-./?=&%#~+:;,@!$'()*]+$")
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
_MONTHS = MONTH_PATTERN
_BYLINE_TAIL = re.compile(
    rf"\s*(?:\b(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}\b.*|\b\d+ min(?:ute)? read\b.*|"
    rf"\b(?:updated|published)\b.*)$",
    re.IGNORECASE,
)


_TIMESTAMP = re.compile(
    rf"^(?:(?:published|updated|posted|first published)(?: on)?:? )?(?:\w+day,? )?"
    rf"(?:\d{{1,2}}[:.]\d{{2}}\s?(?:am|pm)?(?: [A-Z]{{2,4}})?,? )?"
    rf"(?:(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} (?:{_MONTHS})\.?,? \d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)


#: Any written date: "April 24, 2024", "Nov. 14, 2023", "20 Mar 2024", "24 Jul, 2022",
#: "05/04/2023", "09/01/23", "2025-09-02", "22.04.2024".
_DATE_ANY = re.compile(
    rf"\b(?:(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\.?,? \d{{4}}"
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


def normalise(raw: str) -> str:
    """BOM, CRLF/CR, exotic spaces and zero-width characters normalised; lines stripped."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(re.sub(r" {2,}", " ", ln).strip() for ln in text.split("\n"))


# ----------------------------------------------------------------------------- units


@dataclass
class Unit:
    """A line or re-joined wrapped paragraph, with the raw line numbers (1-based) it came from."""

    text: str
    lines: tuple[int, ...]
    block: int
    label: str = ""


@dataclass
class CleanedArticle:
    """Result of cleaning one raw scrape."""

    text: str
    captions: str
    title: str
    byline: str
    header_date: str
    own_url: str
    byline_raw: str
    wrapped: bool
    units: list[Unit] = field(default_factory=list)

    def removed(self) -> list[tuple[str, str]]:
        """(label, text) of every non-body unit, in file order (what cleaning took out)."""
        return [(u.label, u.text) for u in self.units if u.label != BODY_LABEL]

    def line_labels(self) -> dict[int, str]:
        """Label of every non-blank raw line (1-based line number -> label)."""
        out: dict[int, str] = {}
        for u in self.units:
            for n in u.lines:
                if u.label != "header" or n not in out:
                    out[n] = u.label
        return out


def _joinable(text: str, nxt: str, rules: dict[str, dict]) -> bool:
    """May ``nxt`` continue the wrapped paragraph ``text``? Not if either is structural."""
    if _URL_LINE.match(text) or _URL_LINE.match(nxt) or _BULLET.match(nxt) or _BYLINE.match(nxt):
        return False
    if _DURATION.match(nxt) or _HEADER.match(nxt) or _phrase_category(nxt, rules) is not None:
        return False
    return _phrase_category(text, rules) is None


#: Words a sentence cannot stop on: articles, prepositions, conjunctions, relative pronouns.
_RUN_ON_WORDS = frozenset(
    """a an the of to in on at for with from by and or but nor after before which that as into
    than about between during while who whose whom its their his her our your including
    against over under among through without within""".split()
)


def _runs_on(text: str, nxt: str) -> bool:
    """Does the sentence of ``text`` visibly continue on ``nxt``? (unwrapped files)

    A scrape breaks a paragraph where an inline link starts or ends: the line stops without
    sentence punctuation, on a function word or a comma, or the next line starts in lower case.
    """
    if _TERMINAL.search(text) or count_words(text) < 4 or not nxt:
        return False
    last = words(text)[-1].lower() if words(text) else ""
    return (last in _RUN_ON_WORDS or text.endswith(",")
            or (nxt[:1].islower() and count_words(nxt) >= 2 and not _URL_LINE.match(nxt)))


def _split_units(lines: list[str], rules: dict[str, dict]) -> tuple[list[Unit], bool]:
    """Join wrapped lines and split addresses into units; return (units, file_is_wrapped)."""
    lengths = sorted(len(ln) for ln in lines if ln)
    wrapped = False
    width = 0
    if lengths:
        width = lengths[int(0.9 * (len(lengths) - 1))]
        # wrap points: long lines that run on into the next line without ending a sentence
        long_followed = sum(
            1
            for i in range(len(lines) - 1)
            if lines[i] and lines[i + 1] and len(lines[i]) >= 0.6 * width
            and not _TERMINAL.search(lines[i])
        )
        wrapped = (40 <= width <= 120 and long_followed >= 3
                   and long_followed >= 0.25 * len(lengths))
    units: list[Unit] = []
    block = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            block += 1
            i += 1
            continue
        text, nums = line, [i + 1]
        while i + 1 < len(lines) and lines[i + 1]:
            nxt = lines[i + 1]
            if _URL_LINE.match(text) and _URL_TAIL.match(nxt) and "://" not in nxt \
                    and len(lines[i]) >= 40:
                text += nxt  # address split across lines
            elif wrapped and len(lines[i]) >= 0.6 * width and _joinable(text, nxt, rules):
                text = text + nxt if re.search(r"[^\W\d_]-$", text) else f"{text} {nxt}"
            elif not wrapped and _runs_on(text, nxt) and _joinable(text, nxt, rules):
                text = f"{text} {nxt}"  # a paragraph broken into lines by inline links
            else:
                break
            i += 1
            nums.append(i + 1)
        units.append(Unit(text=text, lines=tuple(nums), block=block))
        i += 1
    if len({u.block for u in units}) < max(2, 0.1 * len(units)):
        # one page element per line and (almost) no blank lines: blank-line blocks carry no
        # structure here, so every unit is its own block
        for n, u in enumerate(units):
            u.block = n
    return units, wrapped


def _phrase_category(text: str, rules: dict[str, dict]) -> tuple[str, dict] | None:
    """The first phrase rule (category, rule) matching ``text``, or None."""
    for cat, rule in rules.items():
        if any(p.search(text) for p in rule["patterns"]):
            return cat, rule
    return None


def _byline_parts(text: str) -> str:
    """The names of a byline line, without "By", dates, times and reading-time notes."""
    name = re.sub(r"^(?:by|authors?:)\s+", "", text, flags=re.IGNORECASE)
    name = _BYLINE_TAIL.sub("", name).strip(" ,;|-")
    return name


def _long_clean_prose(unit: Unit, rules: dict[str, dict]) -> bool:
    return (count_words(unit.text) >= 25 and is_prose(unit.text)
            and _phrase_category(unit.text, rules) is None)


def _title_before_byline(candidates: list[Unit], units: list[Unit], byline_at: int) -> None:
    """A byline follows the headline: the last headline candidate before it is the title.

    Candidates before that title (site navigation, promo) become ``section``; a candidate is
    only chosen if nothing but section/tag/timestamp/blank units separate it from the byline.
    """
    if not candidates:
        return
    last = candidates[-1]
    # the headline heads a run of headline-like lines (standfirst, name-only byline) that only
    # photo captions interrupt: take the first line of the run that ends before the anchor
    while True:
        k = candidates.index(last)
        before = candidates[k - 1] if k else None
        if before is None or any(v.label != "caption" for v in
                                 units[units.index(before) + 1 : units.index(last)]):
            break
        last = before
    between = units[units.index(last) + 1 : byline_at]
    if any(u.label not in {"section", "tags", "timestamp", "dek", "edit", "share", "ad"}
           for u in between):
        return
    for c in candidates:
        c.label = "title" if c is last else ("section" if units.index(c) < units.index(last)
                                               else "dek")


def _label_units(units: list[Unit], repeated: frozenset[str], rules: dict[str, dict]) -> None:
    """Assign a label to every unit (see module docstring, step 4)."""
    _Labeller(units, repeated, rules).run()
    _check_title_against_lead(units)


def _content_words(text: str) -> set[str]:
    return {w.lower()[:5] for w in words(text) if len(w) >= 4 and w.lower() not in STOP_WORDS}


def _check_title_against_lead(units: list[Unit]) -> None:
    """A headline shares a content word with the lead paragraph; a site slogan does not.

    If the chosen title shares none and the headline-like line right under it does, that line
    is the headline and the chosen one is navigation.
    """
    title = next((k for k, u in enumerate(units) if u.label == "title"), None)
    lead = next((u for u in units if u.label == BODY_LABEL), None)
    if title is None or lead is None or _content_words(units[title].text) & _content_words(lead.text):
        return
    nxt = units[title + 1] if title + 1 < len(units) else None
    if (nxt is not None and nxt.label == "dek" and is_headline_like(nxt.text)
            and _content_words(nxt.text) & _content_words(lead.text)):
        units[title].label, nxt.label = "section", "title"


class _Labeller:
    """The left-to-right pass of step 4: one method per zone, the state they share in fields."""

    def __init__(self, units: list[Unit], repeated: frozenset[str], rules: dict[str, dict]):
        self.units, self.repeated, self.rules = units, repeated, rules
        self.zone = "header"
        self.tail: str | None = None  # category of a terminal marker after the body
        self.tail_block: tuple[str, int] | None = None  # (category, block) of a block marker
        self.title_block: int | None = None
        self.byline_block: int | None = None
        self.have_title = False
        self.candidates: list[Unit] = []  # headline-like units of the header zone, in order
        self.dated = False  # a date line has been seen in the header zone
        self.box = False  # inside a summary box ("In short:") above the body
        self.box_block: int | None = None
        self.prev: Unit | None = None

    def run(self) -> None:
        for i, u in enumerate(self.units):
            if u.label:  # pre-labelled (scrape header)
                continue
            if not self._in_tail(i, u) and not self._in_tail_block(u) and not self._signals(i, u):
                if self.zone == "header":
                    self._header(i, u)
                else:
                    self._body(i, u)
            self.prev = u

    def _in_tail(self, i: int, u: Unit) -> bool:
        """After a terminal marker: the rest takes its category, unless long prose resumes."""
        if self.tail is None:
            return False
        # the body resumes after three long clean paragraphs, or after one when the marker was a
        # "Read more"/"Related" list (its items are headlines and short blurbs, not paragraphs)
        resume = all(j < len(self.units) and _long_clean_prose(self.units[j], self.rules)
                     for j in range(i, i + (1 if self.tail == "readmore" else 3)))
        if self.tail == "readmore":  # or two paragraphs in a row (list items alternate)
            resume = resume or all(
                j < len(self.units) and _is_lead(self.units[j].text)
                and _phrase_category(self.units[j].text, self.rules) is None for j in (i, i + 1))
        if self.zone == "body" and resume:
            self.tail = None
            return False
        hit = _phrase_category(u.text, self.rules)
        if hit is not None and hit[1]["terminal"]:
            self.tail = hit[0]  # a new terminal marker names the rest ("Read Next" …)
        u.label = self.tail
        return True

    def _in_tail_block(self, u: Unit) -> bool:
        """A block marker ("Related:") labels the rest of its blank-line block."""
        if self.tail_block is not None and u.block == self.tail_block[1]:
            u.label = self.tail_block[0]
            return True
        self.tail_block = None
        return False

    def _signals(self, i: int, u: Unit) -> bool:
        """Zone-independent signals: phrase rules, repeated lines, links, credits, bylines."""
        t = u.text
        hit = _phrase_category(t, self.rules)
        if self.zone == "body" and _CLOCK_LINE.match(t) and self._next_is_lead(i):
            u.label = "live"  # a live-blog entry time: the entry's paragraph follows
        elif hit is not None:
            cat, rule = hit
            u.label = cat
            if rule["terminal"] and self.zone == "body":
                self.tail = cat
            elif rule["block"]:
                self.tail_block = (cat, u.block)
        elif t in self.repeated and count_words(t) <= 8:
            u.label = "repeated"
        elif _URL_LINE.match(t):
            u.label = "link"
        elif is_caption_credit(t) and not (self.zone == "body" and count_words(t) > 60):
            u.label = "caption"
        elif _is_byline(t):
            u.label = "byline"
            if self.zone == "header" and self.byline_block is None:
                self.byline_block = u.block
                _title_before_byline(self.candidates, self.units, i)
                self.title_block = next((c.block for c in self.candidates if c.label == "title"),
                                        None)
        else:
            return False
        return True

    def _more_header_after(self, i: int) -> bool:
        """Does a byline or date line follow unit ``i`` before the next paragraph of prose?

        A sentence above the byline/date line is a standfirst or a photo caption, not the lead.
        """
        for v in self.units[i + 1 : i + 13]:
            t = v.text
            if _phrase_category(t, self.rules) is not None or is_caption_credit(t):
                continue
            if _is_byline(t) or (is_date_line(t) and not _CLOCK_LINE.match(t)):
                return True
            if is_prose(t) and count_words(t) >= 12 and _TERMINAL.search(t):
                return False
        return False

    def _anchor_next(self, i: int) -> bool:
        """Is the next unit a byline or a date line (what follows a headline)?"""
        t = self.units[i + 1].text if i + 1 < len(self.units) else ""
        return bool(t) and (_is_byline(t) or (is_date_line(t) and not _CLOCK_LINE.match(t)))

    def _header(self, i: int, u: Unit) -> None:
        t, units = u.text, self.units
        # a caption sits between header lines: the next line of its block is not prose
        nxt_same_block = (i + 1 < len(units) and units[i + 1].block == u.block
                          and not is_prose(units[i + 1].text))
        if u.block == self.box_block or self._in_summary_box(u):
            u.label = "dek"
        elif DATELINE_LINE.match(t) and is_prose(t):
            u.label, self.zone = BODY_LABEL, "body"
        elif (_TIMESTAMP.match(t) and count_words(t) <= 16) or is_date_line(t):
            u.label = "timestamp"
            if self.byline_block is None and not self.dated:
                # a date line under the headline anchors it as a byline does
                self.dated = True
                _title_before_byline(self.candidates, units, i)
        elif _BULLET.match(t):
            u.label = "dek"
        elif is_tag_list(t):
            u.label = "tags"
        elif _SUMMARY_LABEL.match(t):
            u.label, self.box = "dek", True
        elif is_short(t) and not (count_words(t) >= 3 and self._anchor_next(i)
                                  and not _is_navigation(t)):
            u.label = "section"
        elif is_prose(t) and u.block in (self.title_block, self.byline_block) and nxt_same_block:
            u.label = "caption"
        elif _is_lead(t) and not self._more_header_after(i):
            u.label, self.zone = BODY_LABEL, "body"
        elif _is_lead(t):
            # a sentence above the byline/date: a caption before the headline, else a standfirst
            u.label = "dek" if self.have_title else "caption"
        elif (is_headline_like(t) or _headline_no_stop(t) or is_short(t)) and self.byline_block is None:
            # provisional: the headline is the first candidate, or the last one before a byline
            if _is_navigation(t):
                u.label = "section"
            else:
                u.label = "dek" if self.have_title else "title"
                if not self.have_title:
                    self.have_title, self.title_block = True, u.block
                self.candidates.append(u)
        else:
            u.label = "dek"

    def _in_summary_box(self, u: Unit) -> bool:
        """After an "In short:" label: short single sentences and further labels are the box."""
        if not self.box:
            return False
        t = u.text
        if _SUMMARY_LABEL.match(t) or re.fullmatch(r"[^.!?]{2,40}[?:]", t) or (
                is_prose(t) and count_words(t) < 25):
            return True
        self.box = False
        return False

    def _next_is_lead(self, i: int) -> bool:
        """Is the unit after ``i`` a paragraph that could carry the article on?"""
        return i + 1 < len(self.units) and _is_lead(self.units[i + 1].text) and (
            _phrase_category(self.units[i + 1].text, self.rules) is None)

    def _body(self, i: int, u: Unit) -> None:
        t, prev = u.text, self.prev
        # a teaser's blurb: right after a teaser/video title, in its block or short (< 25 words)
        follows = prev is not None and prev.label in {"teaser", "video", "newsletter"} and (
            prev.label != "teaser" or _phrase_category(prev.text, self.rules) is None) and (
            prev.block == u.block or (count_words(t) < 25 and is_headline_like(prev.text)))
        after_video = prev is not None and prev.label == "video"
        after_body = prev is not None and prev.label == BODY_LABEL
        n = count_words(t)
        if _CLOCK_LINE.match(t) or (is_date_line(t) and not is_prose(t)):
            # a live-blog entry time (a paragraph follows), else a video duration
            u.label = "live" if (self._next_is_lead(i) or not _DURATION.match(t)) else "video"
        elif is_tag_list(t):
            u.label = "tags"
        elif _LABELLED.match(t) and (after_body or self._next_is_lead(i)):
            u.label = BODY_LABEL  # "Details: …", "Background:" — the article's own labels
        elif (2 <= n <= 6 and (not _TERMINAL.search(t) or t.endswith("?")) and t[:1].isupper()
              and not _title_case(t) and after_body and self._next_is_lead(i)):
            u.label = BODY_LABEL  # a cross-head between two paragraphs
        elif is_short(t):
            u.label = "video" if after_video else "subhead"
        elif _BULLET.match(t) and after_body:
            u.label = BODY_LABEL  # a bullet list inside the article
        elif is_prose(t) and not follows:
            u.label = BODY_LABEL
        elif follows:
            u.label = prev.label  # type: ignore[union-attr]
        elif after_video:
            u.label = "video"
        else:
            u.label = "teaser"


def clean_article(
    raw: str, *, repeated: Iterable[str] = (), rules: dict[str, dict] | None = None
) -> CleanedArticle:
    """Clean one raw scrape: body text, captions, title, byline, header date, own address.

    ``repeated``: lines known to repeat across the outlet's articles (boilerplate). ``rules``:
    phrase rules to use instead of :func:`boilerplate_rules` (``{}`` = generic signals only, for
    measuring how much the phrase lists contribute).
    """
    return _clean_article(raw, repeated=repeated,
                          rules=boilerplate_rules() if rules is None else rules)


def _clean_article(raw: str, *, repeated: Iterable[str], rules: dict[str, dict]) -> CleanedArticle:
    raw = raw.lstrip("\ufeff")
    lines = normalise(raw).split("\n")
    header_date = ""
    header_units: list[Unit] = []
    m = _HEADER.match(re.split(r"\r\n|\r|\n", raw, maxsplit=1)[0].rstrip())
    if m:
        header_date = m.group(1) or m.group(3)
        header_units.append(Unit(text=f"date {header_date}", lines=(1,), block=0, label="header"))
        lines[0] = normalise(m.group(2) or "")
    units, wrapped = _split_units(lines, rules)
    units = header_units + units
    _label_units(units, frozenset(repeated), rules)

    own_url = ""
    for i, u in enumerate(units):
        if u.label == "original_url":
            m = re.search(r"(https?://\S+)", u.text)
            if m:
                own_url = m.group(1)
            elif i + 1 < len(units) and _URL_LINE.match(units[i + 1].text):
                own_url = units[i + 1].text
                units[i + 1].label = "original_url"
            if own_url:
                break
    body = [unglue_sentences(u.text) for u in units if u.label == BODY_LABEL]
    captions = [u.text for u in units if u.label == "caption"]
    title = next((u.text for u in units if u.label == "title"), "")
    byline_raw = next((u.text for u in units if u.label == "byline"), "")
    if not byline_raw:
        byline_raw = next(
            (u.text for u in units if u.label == "authors" and u.text.lower().startswith("author")),
            "",
        )
    return CleanedArticle(
        text="\n\n".join(body),
        captions="\n".join(captions),
        title=title,
        byline=_byline_parts(byline_raw) if byline_raw else "",
        header_date=header_date,
        own_url=own_url,
        byline_raw=byline_raw,
        wrapped=wrapped,
        units=units,
    )


#: A sentence end glued to the next sentence: "signed.The", "economies.Lula", "9 a.m.Putin",
#: "said.”The". Two lower-case letters before the stop keep initials ("U.S.Army" is left
#: alone), abbreviations such as "Mr."/"St." and, with the token check, addresses and handles.
_GLUED = re.compile(r"(?:(?<=[a-z]{2})[.!?][\"”’]?|(?<![\w.])[ap]\.m\.)(?=[A-Z][a-z]*)")


def unglue_sentences(text: str) -> str:
    """Insert one space where a sentence end is glued to a capitalised word.

    The only change cleaning makes inside a kept line: the words stay the same, but a tokenizer
    (the scorer's ``\\w+`` or spaCy's) then sees the sentence boundary. Not applied inside a web
    address, an e-mail address or a handle (a token holding "/", "@" or "www.").
    """
    out, last = [], 0
    for m in _GLUED.finditer(text):
        start = text.rfind(" ", 0, m.start()) + 1
        token = text[start : m.end() + 1]
        if "/" in token or "@" in token or "www." in token.lower():
            continue
        out.append(text[last : m.end()] + " ")
        last = m.end()
    return "".join(out) + text[last:]


def clean_text(raw: str, *, repeated: Iterable[str] = ()) -> str:
    """The clean article body of a raw scrape (paragraphs separated by one blank line)."""
    return clean_article(raw, repeated=repeated).text
