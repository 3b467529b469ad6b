"""The mention record of the entity extractor and what is done to spans as such.

A :class:`Mention` is a character range with a label and (once known) a canonical name. Here:
the paragraph or sentence a character offset falls in; cutting a model entity at line breaks;
trimming it by counting rule R1 (leading "the"/titles/punctuation, trailing possessive 's,
punctuation and lowercase descriptors); and keeping mentions from overlapping (a new span drops
the ones it covers; finally the earliest, then longest, of overlapping mentions is kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscorpus.knowledge import norm_alias

TITLE_WORDS = {
    "president", "prime", "minister", "foreign", "deputy", "vice", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "chairman", "leader", "general", "chancellor", "king",
    "queen", "premier", "ambassador", "envoy", "state", "of", "treasury", "defense", "defence",
    "acting", "senior", "top", "diplomat", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "counterpart", "national", "security", "adviser", "advisor", "chief", "head", "senator",
    "gov.", "governor", "mayor", "sen.", "rep.", "pres.", "fm",
}
#: titles dropped only before a full name ("Crown Prince Mohammed bin Salman"); before one word
#: they are part of how the person is named ("King Salman", "Sheikh Mohamed")
ROYAL_TITLES = {"king", "queen", "prince", "princess", "crown", "sheikh", "sheik", "emir", "sultan"}
DETERMINERS = {"the", "a", "an"}
POSSESSIVES = {"'s", "\u2019s", "'", "\u2019"}


def para_of(starts: list[int], pos: int) -> int:
    """Index of the last of the sorted ``starts`` (paragraph or sentence starts) at or before
    ``pos`` (0 if none)."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


class Mention:
    """One entity mention: character range [start, end), label, canonical name (None until
    known), how it was found (model / knowledge / rule / coreference) and the model's label."""

    __slots__ = ("start", "end", "label", "canonical", "method", "model_label")

    def __init__(self, start: int, end: int, label: str, canonical: str | None, method: str,
                 model_label: str):
        self.start, self.end, self.label = start, end, label
        self.canonical, self.method, self.model_label = canonical, method, model_label


def split_paragraphs(doc: Any, ent: Any) -> list[tuple[int, int]]:
    """Token ranges of ``ent`` with no token containing a line break inside."""
    pieces, cur = [], ent.start
    for tok in ent:
        if "\n" in tok.text or (tok.is_space and "\n" in tok.text_with_ws):
            if tok.i > cur:
                pieces.append((cur, tok.i))
            cur = tok.i + 1
        elif "\n" in tok.whitespace_ and tok.i + 1 < ent.end:
            pieces.append((cur, tok.i + 1))
            cur = tok.i + 1
    if cur < ent.end:
        pieces.append((cur, ent.end))
    return pieces


def trim(doc: Any, start: int, end: int, label: str, index: Mapping) -> tuple[int, int]:
    """Apply counting rule R1 to token range [start, end)."""
    def known(s: int, e: int) -> bool:
        return norm_alias(doc[s:e].text) in index

    while start < end and not known(start, end):
        tok = doc[start]
        low = tok.lower_
        if tok.is_punct or tok.is_space or tok.is_quote or low in DETERMINERS:
            start += 1
        elif label == "PERSON" and low.rstrip(".") in TITLE_WORDS | {"mr", "mrs", "ms", "dr"} \
                and end - start > 1 and not (low in ROYAL_TITLES and end - start < 3):
            start += 1
        elif label == "PERSON" and low in ROYAL_TITLES and end - start > 2:
            start += 1
        else:
            break
    while end > start and not known(start, end):
        tok = doc[end - 1]
        if tok.text in POSSESSIVES or tok.is_punct or tok.is_space or tok.is_quote:
            end -= 1
        elif tok.is_lower and tok.is_alpha and end - start > 1:
            end -= 1
        else:
            break
    return start, end


def drop_overlapping(mentions: list[Mention], start: int, end: int,
                     keep: Mention | None = None) -> list[Mention]:
    """``mentions`` without those overlapping [start, end) (``keep`` is kept regardless)."""
    return [m for m in mentions if m is keep or m.end <= start or m.start >= end]


def dedupe(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping mentions keep the earliest, then the longest."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
