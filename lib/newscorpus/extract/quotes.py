"""Direct quotations in clean body text: where they are, who said them, with which cue."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newscorpus.extract.entities import extract_entities
from newscorpus.knowledge import knowledge_index
from newscorpus.pipeline import doc_text
from newscorpus.text import quoted_regions

# ---------------------------------------------------------------------------------------------
# Attribution: who said the quoted words, with which cue
# ---------------------------------------------------------------------------------------------

#: Lemmas of verbs that introduce or attribute quoted words (speech, writing, naming).
CUE_LEMMAS = frozenset({
    "say", "tell", "add", "announce", "state", "write", "report", "note", "cite", "call",
    "declare", "insist", "claim", "warn", "urge", "accuse", "describe", "repeat", "stress",
    "explain", "ask", "reply", "respond", "argue", "pledge", "vow", "brand", "term", "quote",
    "confirm", "deny", "acknowledge", "suggest", "comment", "remark", "emphasise", "emphasize",
    "tweet", "post", "promise", "complain", "predict", "conclude",
})
#: Nouns naming a document rather than a person: "the statement said" -> "<issuer> statement".
DOCUMENT_NOUNS = frozenset({
    "statement", "readout", "communique", "communiqué", "release", "report", "transcript",
    "declaration", "post", "letter", "video", "message",
})
#: Nouns that, with a definite article and no name, refer back to an issuer mentioned earlier.
ANAPHORIC_NOUNS = DOCUMENT_NOUNS | {"ministry", "embassy", "government", "office", "kremlin"}
PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that"})
_SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")

QUOTE_COLUMNS = [
    "doc_id", "start_char", "end_char", "text", "speaker", "cue", "speaker_text", "method",
]


def _mentions(doc: Any, row: Mapping) -> list[dict]:
    """Entity mentions (start, end, label, canonical) for ``doc``, from the entity extractor
    (canonical names, coreference), sorted by position."""
    out = [{"start": int(m["start_char"]), "end": int(m["end_char"]),
            "label": m.get("label", ""), "canonical": m.get("canonical") or m["text"]}
           for m in extract_entities(doc, row)]
    return sorted(out, key=lambda m: m["start"])


class _Attributor:
    """Attribute every quoted region of one parsed article to a speaker and a cue."""

    def __init__(self, doc: Any, row: Mapping) -> None:
        self.doc = doc
        self.row = row
        self.regions = quoted_regions(doc.text)
        self.mentions = [m for m in _mentions(doc, row) if m["label"] in _SPEAKER_LABELS]

    # -- helpers ------------------------------------------------------------------------------
    def in_quote(self, tok: Any) -> bool:
        return any(s <= tok.idx < e for s, e in self.regions)

    def mention_at(self, tok: Any, labels: tuple[str, ...] = _SPEAKER_LABELS) -> dict | None:
        for m in self.mentions:
            if m["start"] <= tok.idx < m["end"] and m["label"] in labels:
                return m
        return None

    def last_mention_before(self, pos: int, labels: tuple[str, ...], pred=None) -> dict | None:
        best = None
        for m in self.mentions:
            if m["end"] <= pos and m["label"] in labels and (pred is None or pred(m)):
                best = m
        return best

    def is_cue(self, tok: Any) -> bool:
        if self.in_quote(tok):
            return False
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            return True
        return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CUE_LEMMAS

    # -- cue ----------------------------------------------------------------------------------
    def find_cue(self, start: int, end: int) -> Any | None:
        """The cue token governing the quotation at [start, end), or None."""
        doc = self.doc
        qtoks = [t for t in doc if start <= t.idx < end]
        if not qtoks:
            return None
        # cues are looked for in the quotation's own paragraph(s) only: the parser's sentences
        # sometimes run across a paragraph break
        text = doc_text(doc)
        p0 = text.rfind("\n\n", 0, start)
        p0 = 0 if p0 < 0 else p0
        p1 = text.find("\n\n", end)
        p1 = len(text) if p1 < 0 else p1

        def is_cue(t: Any) -> bool:
            return p0 <= t.idx < p1 and self.is_cue(t)

        sents = []
        for t in qtoks:
            if t.sent not in sents:
                sents.append(t.sent)
        # 1. The nearest cue among the ancestors of the quoted tokens (syntactic governor).
        best, best_depth = None, None
        for t in qtoks:
            for depth, anc in enumerate(t.ancestors):
                if is_cue(anc):
                    if best_depth is None or depth < best_depth:
                        best, best_depth = anc, depth
                    break
        if best is not None:
            return best
        # 2. Otherwise any cue in the quotation's sentence(s), nearest to the quotation.
        cands = [t for s in sents for t in s if is_cue(t)]
        if not cands:
            return None

        def dist(t: Any) -> int:
            return min(abs(t.idx - start), abs(t.idx - end))

        return min(cands, key=dist)

    # -- speaker ------------------------------------------------------------------------------
    def subject_of(self, cue: Any) -> list[Any]:
        """Subject token(s) of the cue (climbing participles and clauses), coordinated ones too."""
        if cue.lower_ == "according":
            to = cue.nbor()
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if not objs:
                objs = [c for c in cue.children if c.dep_ == "pobj"]
            subj = objs[:1]
        elif (cue.head.lower_ == "as" and cue.head.head.lemma_.lower() == "quote"
              and any(c.dep_ == "dobj" for c in cue.head.head.children)):
            # "the agency quoted Peskov as saying ..." -> Peskov, not the agency
            subj = [c for c in cue.head.head.children if c.dep_ == "dobj"][:1]
        else:
            tok, subj = cue, []
            for _ in range(4):
                agents = [o for c in tok.children if c.dep_ == "agent"
                          for o in c.children if o.dep_ == "pobj"]
                if agents:  # passive: "described as 'frank' by diplomats" -> the diplomats
                    subj = agents
                    break
                if any(c.dep_ == "nsubjpass" for c in tok.children):
                    subj = []  # passive without an agent: the subject is not the speaker
                    break
                subj = [c for c in tok.children if c.dep_ == "nsubj"]
                if subj or tok.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "acl", "ccomp"):
                    break
                tok = tok.head
        out = []
        for s in subj:
            out.append(s)
            out.extend(c for c in s.children if c.dep_ == "conj")
        return [s for s in out if not self.in_quote(s)]  # quoted words never speak

    def phrase(self, tok: Any, bare: bool = False) -> str:
        """Surface noun phrase of ``tok`` without determiners, clauses and appositions."""
        drop = {"relcl", "appos", "acl", "punct", "det", "cc", "conj", "advcl"}
        if bare:  # the name and its title only: no "on Tuesday", "in Brussels"
            drop |= {"prep", "npadvmod"}
        keep = [tok]
        stack = [c for c in tok.children if c.dep_ not in drop]
        while stack:
            c = stack.pop()
            keep.append(c)
            stack.extend(x for x in c.children if x.dep_ not in ("relcl", "appos", "acl"))
        keep.sort(key=lambda t: t.i)
        return " ".join(t.text for t in keep if not t.is_punct or t.text in ("'s", "’s")).replace(
            " 's", "'s").replace(" ’s", "’s")

    def name_of(self, tok: Any, depth: int = 0) -> str:
        """Name of the organisation/person a noun phrase headed by ``tok`` refers to."""
        m = self.mention_at(tok)
        if m is not None:
            return m["canonical"]
        for c in tok.children:
            if c.dep_ == "compound":
                m = self.mention_at(c, ("PERSON", "ORG"))
                if m is not None:
                    return m["canonical"]
        if self.is_anaphoric(tok) and depth < 3:
            return self.resolve_anaphor(tok, depth + 1)
        return self.institution(tok)

    def is_anaphoric(self, tok: Any) -> bool:
        """'the statement', 'the ministry': a definite noun with no modifier and no name."""
        has_def = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
        mods = [c for c in tok.children if c.dep_ not in ("det", "punct", "prep", "relcl", "acl")]
        return tok.lemma_.lower() in ANAPHORIC_NOUNS and has_def and not mods

    def institution(self, tok: Any) -> str:
        """"Russia's foreign ministry" -> "Russian Foreign Ministry" via the knowledge table
        (a country's possessive becomes its nationality adjective); else the bare phrase."""
        phrase = self.phrase(tok, bare=True)
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if poss:
            m = self.mention_at(poss[0], ("GPE",))
            nat = _knowledge_nationality(m["canonical"]) if m else ""
            if nat:
                rest = [t for t in tok.subtree if t.i > poss[0].i and t.i <= tok.i
                        and t.dep_ != "case" and not t.is_punct]
                phrase = " ".join([nat, *(t.text for t in rest)])
        return _knowledge_canonical(phrase) or phrase

    def issuer(self, noun: Any, depth: int = 0) -> str | None:
        """The organisation/person a document noun belongs to ("a statement from X" -> X)."""
        for c in noun.children:
            if c.dep_ == "poss":
                return self.name_of(c, depth)
            if c.dep_ == "prep" and c.lower_ in ("from", "of", "by"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        return self.name_of(o, depth)
        # "In a statement / a post ..., the Russian Foreign Ministry said" -> that verb's subject
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("in", "on"):
            verb = noun.head.head
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return self.name_of(c, depth)
        return None

    def resolve_anaphor(self, tok: Any, depth: int = 0) -> str:
        """'the statement' / 'the ministry' -> the issuer mentioned most recently before it."""
        noun = tok.lemma_.lower()
        if noun in DOCUMENT_NOUNS:
            # the latest earlier document (statement, readout, post, ...) with a known issuer
            for prev in reversed(self.doc[: tok.i]):
                if prev.lemma_.lower() in DOCUMENT_NOUNS and not self.in_quote(prev):
                    who = self.issuer(prev, depth)
                    if who:
                        return f"{who} {noun}"
            m = self.last_mention_before(tok.idx, ("ORG",))
            return f"{m['canonical']} {noun}" if m else self.phrase(tok, bare=True)
        m = self.last_mention_before(
            tok.idx, ("ORG",), pred=lambda m: noun in m["canonical"].lower()
        ) or self.last_mention_before(tok.idx, ("ORG",))
        return m["canonical"] if m else self.phrase(tok, bare=True)

    def speaker_of(self, subj: Any) -> tuple[str, str]:
        """(speaker, method) for one subject token."""
        if subj.lower_ in PRONOUNS:
            m = self.last_mention_before(subj.idx, ("PERSON",))
            return (m["canonical"], "pronoun") if m else ("", "pronoun")
        if subj.lower_ == "it":  # "the ministry ... it said": the latest organisation or country
            m = self.last_mention_before(subj.idx, ("ORG", "GPE"))
            return (m["canonical"], "pronoun") if m else ("", "pronoun")
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
            return self.name_of(subj.head.head), "relative"  # "China, which calls ..." -> China
        if self.mention_at(subj) is not None or any(
            c.dep_ == "compound" and self.mention_at(c, ("PERSON",)) for c in subj.children
        ):
            return self.name_of(subj), "parse"
        noun = subj.lemma_.lower()
        if self.is_anaphoric(subj):
            name = self.resolve_anaphor(subj)
            return name, "anaphor"
        if noun in DOCUMENT_NOUNS:
            who = self.issuer(subj)
            if who:
                return f"{who} {noun}", "described"
        return self.institution(subj), "described"

    # -- all quotations -----------------------------------------------------------------------
    def rows(self) -> list[dict]:
        out: list[dict] = []
        text = doc_text(self.doc)
        for start, end in self.regions:
            cue = self.find_cue(start, end)
            speaker, speaker_text, cue_text, method = "", "", "", "unattributed"
            if cue is not None:
                cue_text = "according to" if cue.lower_ == "according" else cue.lower_
                subjects = self.subject_of(cue)
                names, how = [], []
                for s in subjects:
                    name, m = self.speaker_of(s)
                    if name and name not in names:
                        names.append(name)
                        how.append(m)
                speaker = "; ".join(names)
                speaker_text = "; ".join(self.phrase(s, bare=True) for s in subjects)
                method = how[0] if how else "unattributed"
            elif out and self._continues_previous(start, end, out[-1]):
                prev = out[-1]
                speaker, speaker_text, cue_text = prev["speaker"], prev["speaker_text"], prev["cue"]
                method = "continuation"
            out.append({
                "doc_id": self.row.get("doc_id", ""), "start_char": start, "end_char": end,
                "text": _clean_quote(text[start:end]), "speaker": speaker, "cue": cue_text,
                "speaker_text": speaker_text, "method": method,
            })
        return out

    def _continues_previous(self, start: int, end: int, prev: dict) -> bool:
        """A quotation that is a sentence (or paragraph) of its own, right after an attributed
        one in the same or the previous paragraph, continues that speaker."""
        text = doc_text(self.doc)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not prev["speaker"]:
            return False
        p0 = text.rfind("\n\n", 0, start)
        p1 = text.find("\n\n", end)
        s0 = max(span[0].sent.start_char, 0 if p0 < 0 else p0)
        s1 = min(span[-1].sent.end_char, len(text) if p1 < 0 else p1)
        outside = text[s0:start] + text[end:s1]
        alone = not any(ch.isalnum() for ch in outside)
        gap = text[prev["end_char"]:start]
        return alone and gap.count("\n\n") <= 1 and len(gap.strip()) < 120


def _knowledge_canonical(phrase: str) -> str:
    key = re.sub(r"\s+", " ", phrase.replace("\u2019", "'")).strip().lower()
    entry = knowledge_index().by_lower.get(key)
    return entry["canonical"] if entry else ""


def _knowledge_nationality(canonical: str) -> str:
    entry = knowledge_index().by_lower.get(canonical.lower())
    return (entry or {}).get("nationality", "") or ""


def _clean_quote(s: str) -> str:
    """Quoted words as one string: paragraph re-opening marks and line breaks removed."""
    s = re.sub(r"\s*\n\s*\n\s*[\u201c\u201e\"]?", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def extract_quotes(doc: Any, row: Mapping) -> list[dict]:
    """Rows of the quotes table for one parsed article (offsets into row["text"])."""
    return _Attributor(doc, row).rows()
