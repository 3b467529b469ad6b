"""Direct quotations in clean body text: where they are, who said them, with which cue."""

from __future__ import annotations

import re

# Quote marks. Straight marks get their direction from context; curly marks carry it.
DOUBLE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
SINGLE_OPEN = "\u2018"  # ‘
SINGLE_CLOSE = "\u2019"  # ’ (also the typographic apostrophe)
_PARA_SPLIT = re.compile(r"\n[ \t\u00a0]*\n")
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
    for m in _PARA_SPLIT.finditer(text):
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
