"""Method check: a library count side by side with an independent simple recount.

A careful editor rechecks a headline number by a second, simpler method (a regex over the clean
body, a count of files) and asks for every difference to be accounted for by a stated counting
rule ("a regex counts the wire copy twice", "a regex cannot tell which Wang is meant").
``reconcile`` builds that table: each check gives the library's value, the recount, and the part
of their difference each named rule accounts for (computed, never typed in); what no rule
accounts for is left in ``unexplained`` and the check is marked so, not hidden.

``shared_copy_spans`` gives the character spans of the text the library counts once: the
paragraphs of a syndicated copy that its original already carries (``unique_stories``), so a
recount over every file as written can say how much of its excess lies there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from numbers import Integral

import pandas as pd

from newscorpus.corpus.dedupe import unique_stories
from newscorpus.text import PARAGRAPH_BREAK, paragraphs

RECOUNT_COLUMNS = ["number", "chapter", "library", "recount", "difference", "explained",
                   "unexplained", "agree", "rules"]


def _integer(check: Mapping, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"check {check.get('number', '?')!r}: {key} must be an integer count, "
                         f"not {value!r}")
    return int(value)


def reconcile(checks: Iterable[Mapping]) -> pd.DataFrame:
    """One row per check: library value, simple recount, and how far stated rules explain them.

    Each check is a mapping with ``number`` (what is counted), ``chapter`` (where the number is
    published), ``library`` and ``recount`` (integer counts) and optional ``rules``: a mapping
    from a counting rule to the signed amount of ``recount - library`` that rule accounts for.

    Columns:
        number, chapter (string): as given.
        library, recount (int64): the two counts.
        difference (int64): recount - library.
        explained (int64): sum of the rule amounts.
        unexplained (int64): difference - explained.
        agree (string): "yes" (same count, nothing left over), "explained" (different, every unit
            accounted for by a rule) or "NO: unexplained" (some difference no rule accounts for,
            including rule amounts that cancel out a difference that is not there).
        rules (string): the non-zero rule amounts, "rule (+n); ...".
    """
    rows = []
    for check in checks:
        missing = [k for k in ("number", "chapter", "library", "recount") if k not in check]
        if missing:
            raise ValueError(f"check {check.get('number', '?')!r} has no {missing[0]!r}")
        library = _integer(check, "library", check["library"])
        recount = _integer(check, "recount", check["recount"])
        rules = {str(r): _integer(check, f"rule {r!r}", v)
                 for r, v in (check.get("rules") or {}).items()}
        explained = sum(rules.values())
        difference = recount - library
        unexplained = difference - explained
        if unexplained:
            agree = "NO: unexplained"
        else:
            agree = "yes" if difference == 0 else "explained"
        rows.append({"number": str(check["number"]), "chapter": str(check["chapter"]),
                     "library": library, "recount": recount, "difference": difference,
                     "explained": explained, "unexplained": unexplained, "agree": agree,
                     "rules": "; ".join(f"{r} ({v:+d})" for r, v in rules.items() if v)})
    out = pd.DataFrame(rows, columns=RECOUNT_COLUMNS)
    ints = ["library", "recount", "difference", "explained", "unexplained"]
    return out.astype(dict.fromkeys(ints, "int64"))


def shared_copy_spans(corpus: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Character spans, in each copy's ``text``, of the paragraphs the library counts once.

    A near-duplicate copy (``duplicate_of`` non-empty) keeps, in every story-once count, only
    the paragraphs its original lacks (``unique_stories``); the other paragraphs' spans are
    returned here, keyed by doc_id. Articles that are not copies are absent.
    """
    if "duplicate_of" not in corpus.columns:
        return {}
    stories = unique_stories(corpus).set_index("doc_id")["text"]
    out: dict[str, list[tuple[int, int]]] = {}
    for doc_id, text, dup_of in zip(corpus["doc_id"], corpus["text"], corpus["duplicate_of"],
                                    strict=True):
        if not isinstance(dup_of, str) or not dup_of:
            continue
        novel = set(paragraphs(stories.get(doc_id) or ""))
        spans, pos = [], 0
        for m in [*PARAGRAPH_BREAK.finditer(text or ""), None]:
            end = m.start() if m is not None else len(text or "")
            para = (text or "")[pos:end]
            if para.strip() and para.strip() not in novel:
                spans.append((pos, end))
            if m is not None:
                pos = m.end()
        out[doc_id] = spans
    return out


def inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """True when the character range [start, end) overlaps one of ``spans``."""
    return any(s < end and start < e for s, e in spans)
