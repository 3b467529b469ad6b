"""Within-article coreference: a shorter later mention named as the full name it stands for.

People: a one-word mention (or an unlabelled capitalised token) equal to a key of a multi-word
PERSON of the same article (:func:`person_keys`: the first or last word, the surname with its
particles) is that person, whatever the model's label; several candidates ("Wang" = Wang Yi or
Wang Wenbin): the most recently mentioned one if it was mentioned in the current or previous
``COREF_WINDOW`` paragraphs, else the one introduced first.

Abbreviations: "Shanghai Cooperation Organization (SCO)" is one mention of the full name, the
bracket is not counted again, and every other use of "SCO" in the article is that name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newscorpus.extract import names as N
from newscorpus.extract.mentions import (
    ROYAL_TITLES,
    TITLE_WORDS,
    Mention,
    drop_overlapping,
    para_of,
)
from newscorpus.knowledge import norm_alias
from newscorpus.pipeline import doc_text

COREF_WINDOW = 2  # paragraphs: how far back "the most recent" candidate may be for a surname


def person_keys(name: str) -> set[str]:
    """The words a person may be called by alone: the first and last word; with name
    particles also the surname with them ("von der Leyen") and the word before them ("Lula" of
    "Luiz Inácio Lula da Silva"); after "bin"/"ibn" the last word is a father's name, not a key."""
    words = name.split()
    if len(words) < 2:
        return set()
    low = [w.lower() for w in words]
    keys = {words[0]}
    if not (len(words) > 2 and low[-2] in {"bin", "bint", "ibn"}):
        keys.add(words[-1])
    k = next((i for i in range(1, len(words) - 1) if low[i] in N.NAME_PARTICLES), None)
    if k is not None and low[k] not in {"bin", "bint", "ibn"}:
        keys.add(" ".join(words[k:]))
        if k > 1:
            keys.add(words[k - 1])
    return keys | {w[:1].upper() + w[1:] for w in keys}


def coreference(doc: Any, mentions: list[Mention], pstarts: list[int], index: Mapping) -> None:
    """Resolve one-word mentions (and unlabelled capitalised tokens) to full-name people."""
    text = doc_text(doc)
    full: list[tuple[int, str]] = []  # (start, canonical) of multi-word PERSON mentions
    for m in mentions:
        surface = norm_alias(text[m.start:m.end])
        words = surface.split()
        if m.label == "PERSON" and len(words) > 1 and not (
                len(words) == 2 and words[0].lower() in ROYAL_TITLES):
            entry = index.get(surface)
            canon = entry["canonical"] if entry and entry["label"] == "PERSON" else surface
            m.canonical = canon
            full.append((m.start, canon))
    if not full:
        return
    keys: dict[str, set[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.canonical and len(m.canonical.split()) > 1:
            for k in person_keys(m.canonical) | person_keys(norm_alias(text[m.start:m.end])):
                if k.lower() not in ROYAL_TITLES | TITLE_WORDS:
                    keys.setdefault(k, set()).add(m.canonical)
    first_seen: dict[str, int] = {}
    for start, canon in full:
        first_seen.setdefault(canon, start)

    # unlabelled capitalised tokens equal to a person key ("Wang added" missed by NER)
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    for tok in doc:
        if tok.text in keys and tok.idx not in covered and tok.is_title and not tok.is_stop:
            mentions.append(Mention(tok.idx, tok.idx + len(tok), "PERSON", None, "coreference",
                                    ""))
    mentions.sort(key=lambda m: m.start)

    history: list[tuple[int, str]] = []  # (start, canonical) of person mentions so far
    for m in mentions:
        surface = norm_alias(text[m.start:m.end])
        royal = surface.split()[0].lower() in ROYAL_TITLES and len(surface.split()) == 2
        if m.label == "PERSON" and len(surface.split()) > 1 and not royal and not (
                keys.get(surface) and surface not in keys.get(surface, ())
                and m.canonical == surface and len(keys[surface]) == 1):
            history.append((m.start, m.canonical))
            continue
        cands = keys.get(surface)
        words = surface.split()
        if not cands and len(words) == 2 and words[0].lower() in ROYAL_TITLES:
            cands = keys.get(words[1])  # "Sheikh Mohamed"
        if not cands:
            continue
        para = para_of(pstarts, m.start)
        if len(cands) == 1:
            choice = next(iter(cands))
        else:
            recent = [(s, c) for s, c in history if c in cands]
            if recent and para_of(pstarts, recent[-1][0]) >= para - COREF_WINDOW:
                choice = recent[-1][1]
            else:
                choice = min(cands, key=lambda c: first_seen[c])
        m.label, m.canonical = "PERSON", choice
        if m.method == "model" or m.model_label != "PERSON":
            m.method = "coreference"
        history.append((m.start, choice))


ABBR_IN_BRACKETS = re.compile(r"\s?\(([A-Z][A-Za-z0-9&+.\-]{1,11})\)")


def abbreviations(doc: Any, text: str,
                  mentions: list[Mention]) -> tuple[dict[str, Mention], list[Mention]]:
    """"Shanghai Cooperation Organization (SCO)": one mention of the full name; the bracketed
    abbreviation is not counted again, and the same abbreviation later in the article is that
    name (see propagate_abbreviations). The full name is checked against the letters of the
    abbreviation (names.abbreviates); a span that swallowed "(SCO" is cut before the bracket."""
    abbrs: dict[str, Mention] = {}
    for a in ABBR_IN_BRACKETS.finditer(text):
        abbr, open_at = a.group(1).rstrip("."), text.index("(", a.start())
        full = None
        for m in mentions:
            if m.start < open_at and (m.end > open_at or not text[m.end:open_at].strip()):
                full = m
        if full is not None and full.end > open_at:  # swallowed "(SCO"
            full.end = len(text[:open_at].rstrip())
        if full is None or not N.abbreviates(abbr, text[full.start:full.end]):
            # the name before the bracket, from its capitalised words
            words = list(re.finditer(r"[A-Z][\w.\-]*(?:['\u2019]s)?|of|and|the|for|on",
                                     text[max(0, open_at - 120):open_at]))
            base = max(0, open_at - 120)
            cand = None
            for i in range(len(words) - 1, -1, -1):
                if text[base + words[i].end():open_at].strip(" ") and not re.fullmatch(
                        r"[\w.\-'\u2019 ]*", text[base + words[i].end():open_at]):
                    break
                if words[i].group(0)[0].isupper() and N.abbreviates(
                        abbr, text[base + words[i].start():open_at].strip()):
                    cand = base + words[i].start()
            if cand is None:
                continue
            end = len(text[:open_at].rstrip())
            label = full.label if full is not None and full.label in {"ORG", "FAC", "EVENT"} \
                else "ORG"
            mentions = drop_overlapping(mentions, cand, end)
            full = Mention(cand, end, label, None, "rule", "")
            mentions.append(full)
        if full.label not in {"ORG", "FAC", "EVENT", "LAW"}:
            full.label = "ORG"
        mentions = drop_overlapping(mentions, open_at, a.end())
        abbrs[abbr] = full
    mentions.sort(key=lambda x: x.start)
    return abbrs, mentions


def propagate_abbreviations(text: str, mentions: list[Mention],
                            abbrs: Mapping[str, Mention]) -> None:
    """Every other use of a bracketed abbreviation is the full name it was defined with."""
    if not abbrs:
        return
    brackets = [(a.start(), a.end()) for a in ABBR_IN_BRACKETS.finditer(text)]
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for abbr, full in abbrs.items():
        canon = full.canonical or norm_alias(text[full.start:full.end])
        for m in mentions:
            if m is not full and text[m.start:m.end] == abbr:
                m.label, m.canonical, m.method = full.label, canon, "rule"
        for hit in re.finditer(r"(?<![\w\-])" + re.escape(abbr) + r"(?![\w+])", text):
            if hit.start() in covered or any(a <= hit.start() < b for a, b in brackets):
                continue
            mentions.append(Mention(hit.start(), hit.end(), full.label, canon, "rule", ""))
    mentions.sort(key=lambda x: x.start)
