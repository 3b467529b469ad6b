"""Temporal expressions: find them, read the clause's tense, resolve them against publication.

Every DATE/TIME expression spaCy's NER finds in the body (adjacent DATE + TIME pieces merged, as
in "Monday morning" or "the morning of April 8") becomes one row. Its clause tense comes from the
governing verb in the dependency parse (future for "will", "would", "is expected/due/set to",
"plans to"; otherwise the verb's morphology), and the expression is resolved against the
article's ``published`` date with explicit, tested rules:

* weekday, past clause: the latest such day on or before publication (publication day included);
  future clause: the first such day on or after publication; present: the nearer of the two;
* month without a year ("in October"): past = the latest such month at or before the publication
  month, future = the next one at or after it; "April 7" likewise for day-and-month;
* "last/next/this week|month|year": the previous/next/current calendar period;
* "two-day", "two days": a duration (``P2D``), anchored by the visit extractor, not here;
* explicit dates ("April 8, 2024", "2022-03-30", "1989") need no anchor.

Anything that needs the anchor when ``published`` is missing stays unresolved with a ``reason``;
nothing is guessed. Values are ISO strings so the table survives Parquet unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from newscorpus import resources

DATE_COLUMNS = [
    "doc_id",
    "start_char",
    "end_char",
    "text",
    "kind",  # date | period | duration | recurring | time | unknown
    "value",  # ISO 8601: 2024-04-08, 2024-W14, 2023-10, 2023, P2D; "" when unresolved
    "value_start",  # first day covered (ISO date), "" if none
    "value_end",  # last day covered (ISO date), "" if none
    "precision",  # day | week | month | year | duration | "" (unresolved)
    "tense",  # past | present | future | none
    "governor",  # the governing word whose tense was used
    "rule",  # how the value was obtained (human-readable)
    "reason",  # why it is unresolved ("" when resolved)
]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "hour": "hour", "hours": "hour"}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUM_UNIT = re.compile(r"^(\d+)-(day|week|month|year|hour)s?$")


def cues() -> dict[str, Any]:
    """The temporal cue lists from data/temporal.yaml (shared, read-only; re-read when edited)."""
    return resources.load_data("temporal.yaml")


# --------------------------------------------------------------------------- tense


def governing_verb(tok: Any) -> Any:
    """Walk up the dependency tree from ``tok`` to the nearest verb (or the sentence root)."""
    t = tok
    seen = 0
    while t.pos_ not in {"VERB", "AUX"} and t.head.i != t.i and seen < 30:
        t = t.head
        seen += 1
    return t


def clause_tense(verb: Any) -> str:
    """Tense of the clause headed by ``verb``: past, present, future, or none."""
    c = cues()
    fut_aux = set(c["future_aux"])
    fut_pred = set(c["future_predicates"])
    v = verb
    for _ in range(6):
        if v.pos_ not in {"VERB", "AUX"}:
            return "none"
        auxes = [a for a in v.children if a.dep_ in {"aux", "auxpass"}]
        if any(a.lower_ in fut_aux for a in auxes):
            return "future"
        # "expected to attend", "due to arrive", "plans to visit", "is going to"
        if v.dep_ in {"xcomp", "ccomp"} and v.head.lemma_.lower() in fut_pred and any(
            a.lower_ == "to" for a in auxes
        ):
            h = v.head
            return "past" if _own_tense(h) == "past" and h.lemma_.lower() == "plan" else "future"
        if v.lemma_.lower() in fut_pred - {"plan"} and any(
            x.dep_ == "xcomp" and any(a.lower_ == "to" for a in x.children) for x in v.children
        ):
            return "future"  # the governor is "expected" itself: "is expected to hold ... during"
        if v.dep_ == "xcomp" and v.head.pos_ == "ADJ" and v.head.lower_ in fut_pred:
            return "future"  # "is due to arrive"
        # "before heading to India": a clause introduced by "before" lies after its governor
        if v.head.lower_ in set(c["future_markers"]) and v.dep_ == "pcomp":
            return "future"
        # participles and infinitives without their own tense inherit from the head clause
        own = _own_tense(v, auxes)
        if own:
            return own
        if v.head.i == v.i:
            return "none"
        v = governing_verb(v.head)
    return "none"


def _own_tense(v: Any, auxes: list | None = None) -> str:
    """Tense marked on ``v`` itself (or its auxiliaries); "" if it has none of its own."""
    if auxes is None:
        auxes = [a for a in v.children if a.dep_ in {"aux", "auxpass"}]
    for a in auxes:  # finite auxiliary decides: "has arrived" present perfect = past event
        if a.tag_ == "VBD":
            return "past"
        if a.lower_ in {"has", "have"} and v.tag_ == "VBN":
            return "past"
        if a.tag_ in {"VBZ", "VBP"}:
            return "present"
        if a.tag_ == "MD":
            return "future" if a.lower_ in set(cues()["future_aux"]) else "present"
    if v.tag_ == "VBD":
        return "past"
    if v.tag_ in {"VBZ", "VBP"}:
        return "present"
    if v.tag_ == "VBN" and v.dep_ in {"acl", "amod"}:
        return "past"  # "a statement published on April 7"
    return ""


# --------------------------------------------------------------------------- spans


def date_spans(doc: Any) -> list[Any]:
    """DATE/TIME entity spans, with adjacent pieces merged ("Monday" + "morning", "the morning
    of" + "April 8")."""
    ents = [e for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    merged: list[list[int]] = []
    for e in ents:
        if merged:
            s, end = merged[-1]
            gap = doc[end:e.start]
            if e.start == end or (len(gap) == 1 and gap[0].lower_ in {"of", "on"}):
                merged[-1][1] = e.end
                continue
        merged.append([e.start, e.end])
    return [doc[s:end] for s, end in merged]


# --------------------------------------------------------------------------- resolution


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _result(kind: str, value: str, start: dt.date | None, end: dt.date | None,
            precision: str, rule: str, reason: str = "") -> dict:
    return {
        "kind": kind,
        "value": value,
        "value_start": start.isoformat() if start else "",
        "value_end": end.isoformat() if end else "",
        "precision": precision,
        "rule": rule,
        "reason": reason,
    }


def _unresolved(kind: str, reason: str, rule: str = "") -> dict:
    return _result(kind, "", None, None, "", rule, reason)


def _pick_year_month(month: int, pub: dt.date, tense: str) -> int:
    """Year of a bare month name: past -> at or before pub month, future -> at or after."""
    same = pub.year
    if tense == "past":
        return same if month <= pub.month else same - 1
    if tense == "future":
        return same if month >= pub.month else same + 1
    # present / unknown: nearest month (ties to the past)
    before = same if month <= pub.month else same - 1
    after = same if month >= pub.month else same + 1
    d_before = (pub.year - before) * 12 + pub.month - month
    d_after = (after - pub.year) * 12 + month - pub.month
    return before if d_before <= d_after else after


def _pick_year_day(month: int, day: int, pub: dt.date, tense: str) -> dt.date | None:
    cands = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            continue
    if not cands:
        return None
    if tense == "past":
        ok = [c for c in cands if c <= pub]
        return max(ok) if ok else None
    if tense == "future":
        ok = [c for c in cands if c >= pub]
        return min(ok) if ok else None
    return min(cands, key=lambda c: (abs((c - pub).days), c > pub))


def _weekday(wd: int, pub: dt.date, tense: str, modifier: str) -> tuple[dt.date, str]:
    back = (pub.weekday() - wd) % 7  # days back to the latest such weekday on/before pub
    fwd = (wd - pub.weekday()) % 7  # days forward to the first such weekday on/after pub
    if modifier == "last":
        back = back or 7
        return pub - dt.timedelta(days=back), "'last <weekday>': latest such day before publication"
    if modifier == "next":
        fwd = fwd or 7
        return pub + dt.timedelta(days=fwd), "'next <weekday>': first such day after publication"
    if tense == "future":
        return (pub + dt.timedelta(days=fwd),
                "weekday in a future clause: first such day on or after publication")
    if tense == "past":
        return (pub - dt.timedelta(days=back),
                "weekday in a past clause: latest such day on or before publication")
    if back <= fwd:
        return (pub - dt.timedelta(days=back),
                f"weekday in a {tense or 'tenseless'} clause: nearest such day (past preferred)")
    return (pub + dt.timedelta(days=fwd),
            f"weekday in a {tense or 'tenseless'} clause: nearest such day (ahead)")


def resolve(text: str, published: Any, tense: str = "none") -> dict:
    """Resolve one temporal expression ``text`` against ``published`` given the clause tense.

    Returns a dict with kind, value, value_start, value_end, precision, rule, reason.
    """
    c = cues()
    words = [w for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+(?:[-:]\d+)*", text.lower())]
    pub = None
    if published is not None and not pd.isna(published):
        pub = pd.Timestamp(published).date()
    numwords = c["number_words"]

    # -- explicit, anchor-free forms ------------------------------------------------
    for w in words:
        m = _ISO.match(w)
        if m:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return _result("date", d.isoformat(), d, d, "day", "explicit ISO date")
    month = next((MONTHS.index(w) + 1 for w in words if w in MONTHS), None)
    if month is None:
        month = next((_MONTH_ABBR[w] for w in words if w in _MONTH_ABBR and w != "may"), None)
    years = [int(w) for w in words if w.isdigit() and len(w) == 4 and 1800 <= int(w) <= 2100]
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31]
    year = years[0] if years else None

    if month and days and year:
        d = dt.date(year, month, days[0])
        return _result("date", d.isoformat(), d, d, "day", "explicit day, month and year")
    if month and year:
        return _result("period", f"{year}-{month:02d}", dt.date(year, month, 1),
                       _month_end(year, month), "month", "explicit month and year")
    if year and not month and not any(w in UNITS for w in words):
        return _result("period", str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), "year",
                       "explicit year")

    # -- recurring / durations (no anchor needed) -------------------------------------
    if any(w in c["recurring"] for w in words):
        return _unresolved("recurring", "recurring expression, not a point in time")
    for w in words:
        m = _NUM_UNIT.match(w)
        head, _, tail = w.partition("-")
        if m or (tail and numwords.get(head) and tail in UNITS):
            n, unit = (int(m[1]), m[2]) if m else (numwords[head], UNITS[tail])
            return _duration(n, unit)
    dur = _bare_duration(words, numwords)
    if dur is not None:
        return dur

    # -- anchored forms -------------------------------------------------------------
    needs_anchor = month or any(w in WEEKDAYS for w in words) or any(
        w in {"today", "yesterday", "tomorrow", "tonight", "last", "next", "this", "past",
              "coming", "previous"} for w in words)
    if needs_anchor and pub is None:
        return _unresolved("unknown", "article has no publication date to anchor the expression")

    if month and days:
        d = _pick_year_day(month, days[0], pub, tense)
        if d is None:
            return _unresolved("date", "invalid day of month")
        return _result("date", d.isoformat(), d, d, "day",
                       f"day and month without year, {tense} clause: year chosen so the date is "
                       f"{_side(tense)} publication")
    if month:
        y = _pick_year_month(month, pub, tense)
        return _result("period", f"{y}-{month:02d}", dt.date(y, month, 1), _month_end(y, month),
                       "month", f"month without year in a {tense} clause: "
                       f"{_side(tense)} the publication month")
    wd = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    if wd is not None:
        modifier = next((w for w in words if w in {"last", "next", "this"}), "")
        d, rule = _weekday(wd, pub, tense, modifier)
        return _result("date", d.isoformat(), d, d, "day", rule)
    for w, off in (("today", 0), ("tonight", 0), ("yesterday", -1), ("tomorrow", 1)):
        if w in words:
            d = pub + dt.timedelta(days=off)
            return _result("date", d.isoformat(), d, d, "day", f"'{w}' relative to publication")
    rel = next((w for w in words if w in {"last", "next", "this", "past", "coming", "previous"}),
               None)
    unit = next((UNITS[w] for w in words if w in UNITS), None)
    if rel and unit and not any(w.isdigit() or w in numwords for w in words):
        return _relative_period(rel, unit, pub)
    if rel and unit:  # "the last two years": a period ending at publication
        n = next((int(w) if w.isdigit() else numwords[w] for w in words
                  if (w.isdigit() or w in numwords) and w not in {"a", "an"}), None)
        if n and rel in {"last", "past", "previous"} and unit in {"day", "week", "month", "year"}:
            start = (pd.Timestamp(pub) - pd.DateOffset(**{unit + "s": n})).date()
            return _result("period", f"{start.isoformat()}/{pub.isoformat()}", start, pub, unit,
                           f"'last N {unit}s': period ending at publication")
    if any(w in c["parts_of_day"] for w in words) and not (month or wd is not None):
        return _unresolved("time", "time of day without a date")
    if any(re.match(r"^\d{1,2}:\d{2}$", w) for w in words):
        return _unresolved("time", "clock time without a date")
    if any(w in c["vague"] for w in words):
        return _unresolved("unknown", "vague or event-relative expression")
    return _unresolved("unknown", "expression not covered by the resolution rules")


def _side(tense: str) -> str:
    return {"past": "at or before", "future": "at or after"}.get(tense, "nearest to")


def _duration(n: int, unit: str) -> dict:
    code = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H"}[unit]
    value = f"PT{n}H" if unit == "hour" else f"P{n}{code}"
    return _result("duration", value, None, None, "duration", f"duration of {n} {unit}(s)")


def _bare_duration(words: list[str], numwords: dict) -> dict | None:
    """'two days', '30 years' (not preceded by last/next): a duration."""
    if any(w in {"last", "next", "this", "past", "coming", "previous", "ago", "recent"}
           for w in words):
        return None
    for i, w in enumerate(words[:-1]):
        nxt = words[i + 1]
        if nxt in UNITS and (w.isdigit() or (w in numwords and numwords[w])):
            n = int(w) if w.isdigit() else numwords[w]
            return _duration(n, UNITS[nxt])
    return None


def _relative_period(rel: str, unit: str, pub: dt.date) -> dict:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[rel]
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
        return _result("period", _iso_week(monday), monday, monday + dt.timedelta(days=6), "week",
                       f"'{rel} week': calendar week (Mon-Sun) {step:+d} from publication")
    if unit == "month":
        y, m = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        m += 1
        return _result("period", f"{y}-{m:02d}", dt.date(y, m, 1), _month_end(y, m), "month",
                       f"'{rel} month': calendar month {step:+d} from publication")
    if unit == "year":
        y = pub.year + step
        return _result("period", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year",
                       f"'{rel} year': calendar year {step:+d} from publication")
    if unit == "day":
        d = pub + dt.timedelta(days=step)
        return _result("date", d.isoformat(), d, d, "day", f"'{rel} day' relative to publication")
    return _unresolved("unknown", f"relative {unit} not resolved")


# --------------------------------------------------------------------------- extractor


def resolve_span(span: Any, published: Any) -> dict:
    """Tense-aware resolution of one spaCy span (a DATE/TIME expression) against ``published``."""
    gov = governing_verb(span.root)
    tense = clause_tense(gov)
    out = resolve(span.text, published, tense)
    out["tense"] = tense
    out["governor"] = gov.text
    return out


def extract_dates(doc: Any, row: Mapping) -> list[dict]:
    """Every temporal expression in ``doc`` with its resolved value (per-document extractor)."""
    published = row.get("published")
    rows = []
    for span in date_spans(doc):
        r = resolve_span(span, published)
        rows.append({"doc_id": row.get("doc_id", ""), "start_char": span.start_char,
                     "end_char": span.end_char, "text": span.text, **r})
    return [{k: r.get(k, "") for k in DATE_COLUMNS} for r in rows]
