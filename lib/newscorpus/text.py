"""Plain-text primitives every layer shares: words, paragraphs, sentences, quotations, months and
wire datelines. One definition each (they were written several times before the layers issue).

Nothing here knows about articles, spaCy or files; it takes and returns strings and offsets.
"""

from __future__ import annotations

import re

# ----------------------------------------------------------------------------- words

#: A word token: letters/digits with inner apostrophes and hyphens ("Russia's", "Russia-Ukraine").
WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (letters/digits with inner apostrophes and hyphens)."""
    return WORD.findall(text)


def count_words(text: str) -> int:
    """Number of word tokens in ``text``: the one denominator every count in the package uses."""
    return len(words(text))


# ----------------------------------------------------------------------------- paragraphs

#: A paragraph break: a blank line (which may hold spaces, tabs or no-break spaces).
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text`` (split at blank lines), stripped, empty ones dropped."""
    return [p.strip() for p in PARAGRAPH_BREAK.split(text or "") if p.strip()]


# ----------------------------------------------------------------------------- sentences

_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|"
                     r"Prof|No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Jr|Sr|vs|etc)\.)$")


def sentence_starts(text: str) -> list[int]:
    """Start offsets of sentences in ``text``: paragraph breaks and sentence-final punctuation
    followed by a capital (not after abbreviations such as U.S. or Mr.). Independent of the
    parser, so entity rows are the same whichever spaCy components ran."""
    starts = set(paragraph_starts(text))
    for m in _SENT_END.finditer(text):
        head = text[max(0, m.start() - 12):m.start() + 1]
        if _ABBREV.search(head):
            continue
        starts.add(m.end())
    return sorted(starts)


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in PARAGRAPH_BREAK.finditer(text)]



# ----------------------------------------------------------------------------- quotations

# Quote marks. Straight marks get their direction from context; curly marks carry it.
DOUBLE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
SINGLE_OPEN = "\u2018"  # ‘
SINGLE_CLOSE = "\u2019"  # ’ (also the typographic apostrophe)
_OPENERS_BEFORE = "([{\u2014\u2013-/"  # characters after which a straight mark opens a quote


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _opens(prev: str, nxt: str) -> bool:
    """A straight mark opens when it follows space/start/bracket and precedes a non-space."""
    return (_is_space(prev) or prev in _OPENERS_BEFORE) and not _is_space(nxt)


def _closes(prev: str, nxt: str) -> bool:
    """A mark closes when it follows a non-space and is not glued to a following word."""
    return not _is_space(prev) and not nxt.isalnum()


def _paragraph_regions(para: str, base: int, carry: bool) -> tuple[list[list[int]], bool]:
    """Quote spans (content only, marks excluded) inside one paragraph.

    ``carry`` says a double quotation is already open from the previous paragraph. Returns the
    spans as [start, end] (end may be -1 = still open at paragraph end) and whether a double
    quotation is left open.
    """
    spans: list[list[int]] = []
    state: str | None = None  # None, "d" (inside double quotes), "s" (inside single quotes)
    start = 0
    if carry:
        state, start = "d", 0
    n = len(para)
    for i, ch in enumerate(para):
        prev = para[i - 1] if i > 0 else ""
        nxt = para[i + 1] if i + 1 < n else ""
        if state == "d":
            if ch in DOUBLE_CLOSE or (ch == '"' and _closes(prev, nxt)):
                spans.append([base + start, base + i])
                state = None
            elif carry and i == 0 and (ch in DOUBLE_OPEN or ch == '"'):
                start = 1  # the re-opening mark of a continued quotation
        elif state == "s":
            if (ch == SINGLE_CLOSE or ch == "'") and _closes(prev, nxt):
                spans.append([base + start, base + i])
                state = None
            elif ch in DOUBLE_OPEN or (ch == '"' and _opens(prev, nxt)):
                state, start = "d", i + 1  # the single mark was an apostrophe after all
        else:
            if ch in DOUBLE_OPEN or (ch == '"' and _opens(prev, nxt)):
                state, start = "d", i + 1
            elif (ch == SINGLE_OPEN or ch == "'") and _opens(prev, nxt):
                state, start = "s", i + 1
    if state == "d":
        spans.append([base + start, -1])
        return spans, True
    return spans, False  # an unclosed single mark is an apostrophe, not a quotation


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of direct quotations in ``text``, quote marks excluded.

    Double quotes (curly or straight) delimit quotations; single quotes delimit scare quotes or
    short quoted phrases (‘no limits’) unless they sit inside a double quotation, where they
    are part of it. Apostrophes (Russia’s, won’t, nations’) are not quote marks. A paragraph
    (blocks separated by a blank line) that opens a double quotation without closing it
    continues into the next paragraph if that paragraph opens with a quote mark (the
    multi-paragraph convention); otherwise the quotation ends with its paragraph.
    """
    if not text:
        return []
    paras: list[tuple[int, str]] = []
    pos = 0
    for m in PARAGRAPH_BREAK.finditer(text):
        paras.append((pos, text[pos:m.start()]))
        pos = m.end()
    paras.append((pos, text[pos:]))

    out: list[list[int]] = []
    carry = False
    for k, (base, para) in enumerate(paras):
        spans, open_at_end = _paragraph_regions(para, base, carry)
        if carry:
            # The first span of this paragraph continues the open quotation of the previous one.
            out[-1][1] = spans[0][1]
            spans = spans[1:]
        out.extend(spans)
        nxt = paras[k + 1][1].lstrip() if k + 1 < len(paras) else ""
        carry = open_at_end and bool(nxt) and (nxt[0] in DOUBLE_OPEN or nxt[0] == '"')
        if open_at_end and not carry:
            out[-1][1] = base + len(para.rstrip())  # unclosed: ends with its paragraph
    return [(s, e) for s, e in out if e > s]


# ----------------------------------------------------------------------------- months

#: Month names in calendar order.
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
#: Every English spelling of a month used in dates ("Sept", "Sep", "Jan", "January") -> 1..12.
MONTH_NUMBER: dict[str, int] = {
    **{m: i + 1 for i, m in enumerate(MONTHS)},
    **{m[:3]: i + 1 for i, m in enumerate(MONTHS)},
    "sept": 9,
}
#: Regex alternation of the month spellings, longest first (case-insensitive use intended).
MONTH_PATTERN = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))


# ----------------------------------------------------------------------------- datelines

#: The head of a wire dateline: "MOSCOW", "MOSCOW, Sept 19", "BEIJING (AP)", "MOSCOW, Sept 19
#: (Reuters)", followed by a dash. Used at a line start (cleaning) and at a paragraph start (the
#: parser's sentence boundary), each adding what must follow the dash.
DATELINE_HEAD = r"[A-Z][A-Z.'\- ]{2,40}(?:, [A-Z][a-z]+\.? \d{1,2})?(?: \([A-Za-z .]{2,30}\))? [-–—]"
#: A line that opens with a dateline followed by text ("BEIJING (AP) — The ...").
DATELINE_LINE = re.compile(r"^" + DATELINE_HEAD + r" \S")
#: A dateline opening any line of a multi-line text; match end = where the lead sentence starts.
DATELINE_IN_TEXT = re.compile(r"^" + DATELINE_HEAD + r"\s+(?=\S)", re.M)
