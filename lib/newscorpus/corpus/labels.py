"""The labelling pass: every unit gets one label from its signals and its position.

Step 4 of cleaning (:mod:`newscorpus.corpus.clean`): a left-to-right pass (:class:`_Labeller`)
with three zones, followed by a check of the chosen title against the lead
(:func:`_check_title_against_lead`).

- *header zone* (before the body starts): the headline heads the last run of headline-like
  units before the byline or the first date line (runs are broken by anything but captions;
  the lines after it in the run are standfirst or a name-only byline), or the first one if
  there is neither (:func:`_title_before_byline`); navigation ("Skip to…", "Back to home",
  menus) is never the headline, and a title that shares no content word with the lead gives way
  to the headline-like line under it (a site slogan); a sentence followed, before the next
  paragraph, by a byline or date line is a standfirst (or a caption when no headline came yet);
  a summary box ("In short:") and its short lines are standfirst; bylines go to ``byline``; a
  line that is mainly a date ("Updated 6:12 AM GMT, April 8, 2024") is a ``timestamp``; bullets
  and further headline-like units are the standfirst ("dek"); short units are section labels; a
  prose unit sharing a block with the title or byline and followed in that block by a non-prose
  line is a photo caption; the first other prose unit of >= 12 words (or a wire dateline such as
  "BEIJING, April 9 (Reuters) -") starts the body.
- *body zone*: prose is body; so are cross-heads (2–6 words in sentence case between two
  paragraphs), the article's labelled paragraphs ("Details: …", "Background:") and bullets
  after a paragraph; a clock time followed by a paragraph is a live-blog entry time;
  headline-like units are related-article teasers (or video titles right after a video
  duration), and the prose unit right after a teaser is its blurb if it shares the teaser's
  block or is short (< 25 words); short units are subheads; credits are captions.
- *tail*: a *terminal* marker (donation appeal, "Read more", "Authors:", "Original url:",
  "Reporting by …") after the body has started ends the article — everything after it takes
  the marker's category — unless three consecutive long prose paragraphs (>= 25 words each,
  no boilerplate phrase) follow, in which case the body resumes; after a "Read more" /
  "Related" list one such paragraph, or two sentences in a row, suffice (list items are
  headlines and single short blurbs).

Zone-independent signals (phrase rules, repeated lines, links, credits, bylines) are applied
first in every zone.
"""

from __future__ import annotations

import re

from newscorpus.corpus.signals import (
    _BULLET,
    _CLOCK_LINE,
    _DURATION,
    _LABELLED,
    _SUMMARY_LABEL,
    _TERMINAL,
    _TIMESTAMP,
    _URL_LINE,
    STOP_WORDS,
    _headline_no_stop,
    _is_byline,
    _is_lead,
    _is_navigation,
    _phrase_category,
    _title_case,
    is_caption_credit,
    is_date_line,
    is_headline_like,
    is_prose,
    is_short,
    is_tag_list,
)
from newscorpus.corpus.units import Unit
from newscorpus.text import DATELINE_LINE, count_words, words

#: Labels that make up the article body (everything else is removed from ``text``).
BODY_LABEL = "body"


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
    """Assign a label to every unit (see the module docstring)."""
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
