"""Turn a raw news scrape into a clean article body, captions, title and byline.

Method (no rule is keyed to a file name, seed or position in the seed list)
---------------------------------------------------------------------------
1. **Normalise** the text (BOM, line ends, exotic and zero-width spaces) and split off the
   scraper's ``" date YYYY-MM-DD"`` header: :mod:`newscorpus.corpus.units`.
2. **Re-join lines into units**: hard-wrapped paragraphs, addresses split across lines and
   paragraphs broken by inline links are joined; every unit remembers its raw line numbers and
   blank-line block: :mod:`newscorpus.corpus.units`.
3. **Intrinsic signals per unit**: phrase lists kept as data (``data/boilerplate.yaml``,
   ``data/outlets.yaml``), photo credits, bylines, bare links, tag lists, bullets, date lines
   and the shape of the text (prose, headline-like, short): :mod:`newscorpus.corpus.signals`.
4. **Position**: a left-to-right pass with three zones (header, body, tail) gives every unit a
   label; the chosen title is checked against the lead: :mod:`newscorpus.corpus.labels`.
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

This module is the public face: the data the steps use (:func:`boilerplate_rules`,
:func:`outlet_signatures`, ``LABEL_FATE``, ``BODY_LABEL``), :class:`CleanedArticle`,
:func:`clean_article` (which runs the steps and collects the fields) and :func:`clean_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from newscorpus import resources
from newscorpus.corpus.labels import BODY_LABEL, _label_units
from newscorpus.corpus.signals import _URL_LINE, is_prose
from newscorpus.corpus.units import _HEADER, Unit, _split_units, normalise, unglue_sentences
from newscorpus.text import MONTH_PATTERN

# ----------------------------------------------------------------------------- data

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


def boilerplate_rules() -> dict[str, dict]:
    """The phrase-list categories of ``data/boilerplate.yaml`` plus outlet promo phrases (both
    files read through newscorpus.resources: an edited file is read again)."""
    rules = dict(resources.load_data("boilerplate.yaml", _parse_rules))
    promo = [re.compile(p) for o in outlet_signatures() for p in o.get("phrases", [])]
    rules["promo"] = {"patterns": promo, "terminal": False, "block": False}
    return rules


def _parse_rules(text: str) -> dict[str, dict]:
    rules: dict[str, dict] = {}
    for cat, spec in yaml.safe_load(text).items():
        full = bool(spec.get("full_line", False))
        rules[cat] = {
            "patterns": [re.compile(rf"^(?:{p})$" if full else p, re.IGNORECASE)
                         for p in spec["patterns"]],
            "terminal": bool(spec.get("terminal", False)),
            "block": bool(spec.get("block", False)),
        }
    return rules


def outlet_signatures() -> list[dict]:
    """Outlet entries of ``data/outlets.yaml`` (name, domains, names, phrases, dateline, agency);
    shared, read-only."""
    return resources.load_data("outlets.yaml")["outlets"]


# ----------------------------------------------------------------------------- patterns

_BYLINE_TAIL = re.compile(
    rf"\s*(?:\b(?:{MONTH_PATTERN})\.? \d{{1,2}},? \d{{4}}\b.*|\b\d+ min(?:ute)? read\b.*|"
    rf"\b(?:updated|published)\b.*)$",
    re.IGNORECASE,
)


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


def _byline_parts(text: str) -> str:
    """The names of a byline line, without "By", dates, times and reading-time notes."""
    name = re.sub(r"^(?:by|authors?:)\s+", "", text, flags=re.IGNORECASE)
    name = _BYLINE_TAIL.sub("", name).strip(" ,;|-")
    return name


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
    _sole_sentence_is_body(units)

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


#: Labels a one-sentence item's only sentence may have been given when no unit is body.
_LEAD_LABELS = frozenset({"dek", "title", "teaser", "subhead", "section"})


def _sole_sentence_is_body(units: list[Unit]) -> None:
    """A scrape with no body unit whose text is a single sentence (a wire brief, a one-line
    item) is an article: that sentence (the longest sentence-like unit labelled as headline
    material) becomes its body, rather than the file being reported as having no body."""
    if any(u.label == BODY_LABEL for u in units):
        return
    sentences = [u for u in units if u.label in _LEAD_LABELS and is_prose(u.text)
                 and u.text.rstrip("\"'”’)").endswith((".", "!", "?"))]
    if sentences:
        max(sentences, key=lambda u: len(u.text)).label = BODY_LABEL


def clean_text(raw: str, *, repeated: Iterable[str] = ()) -> str:
    """The clean article body of a raw scrape (paragraphs separated by one blank line)."""
    return clean_article(raw, repeated=repeated).text
