"""Raw text to units: normalisation, and lines re-joined into the paragraphs they were cut from.

Steps 1 and 2 of cleaning (:mod:`newscorpus.corpus.clean`), plus the one normalisation applied
inside kept lines (:func:`unglue_sentences`).

1. **Normalise** the text (:func:`normalise`): drop a UTF-8 byte-order mark, turn CRLF/CR into
   LF, turn non-breaking and other exotic spaces into plain spaces, remove zero-width characters,
   collapse runs of spaces and strip every line. A leading ``" date YYYY-MM-DD"`` scrape header
   (``_HEADER``) is split off (its date is kept as ``header_date``; the rest of that line is
   treated as an ordinary line).
2. **Re-join lines into units** (:func:`_split_units`). A file is *hard-wrapped* when its
   90th-percentile line length ``W`` is 40–120 characters and at least three, and at least a
   quarter, of its non-blank lines are wrap points: long (``>= 0.6 W``), not ending a sentence,
   and directly followed by another non-blank line. In a wrapped file such a long line is joined
   with the next one (a paragraph is rebuilt; a word hyphenated at the wrap point is re-joined
   without a space), except where either line is structural (link, bullet, byline, duration,
   boilerplate phrase). Independently, a bare web address followed by a line with no spaces is an
   address split across lines and is joined without a space. In a file that is not hard-wrapped,
   a line that stops mid-sentence (no closing punctuation, ending on an
   article/preposition/conjunction or a comma, or followed by a line starting in lower case) is
   joined with the next: a paragraph broken into lines by inline links. Every unit remembers its
   raw line numbers and blank-line block; when a file has (almost) no blank lines — one page
   element per line — every unit is its own block.

Where a sentence end is glued to a capitalised word ("signed.The", "9 a.m.Putin") a space is
inserted (:func:`unglue_sentences`), so tokenizers see two sentences; initials, "Mr."-style
abbreviations, addresses and handles are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscorpus.corpus.signals import (
    _BULLET,
    _BYLINE,
    _DURATION,
    _TERMINAL,
    _URL_LINE,
    _phrase_category,
)
from newscorpus.text import count_words, words

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# The scraper's header: " date YYYY-MM-DD <rest of line>" on the first line, with its leading
# space, or "date YYYY-MM-DD" alone on that line (so a clean body can never look like one).
_HEADER = re.compile(r"^(?:[ \t\u00a0]+date (\d{4}-\d{2}-\d{2})\b ?(.*)|date (\d{4}-\d{2}-\d{2}))$")
_URL_TAIL = re.compile(r"^[\w\-./?=&%#~+:;,@!$'()*]+$")


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
