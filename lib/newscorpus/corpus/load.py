"""Load a folder of raw article scrapes (``*.txt``, ``*.html``/``*.htm`` + optional ``manifest.csv``)
into one table.

``load_corpus(path)`` reads every article file, reports bad input, cleans each scrape (an HTML
page is extracted with trafilatura/htmldate instead, :mod:`newscorpus.corpus.html`)
(:mod:`newscorpus.clean`), infers metadata (:mod:`newscorpus.metadata`), overlays the manifest,
and marks near-duplicates (:mod:`newscorpus.dedupe`). Every problem found is a
:class:`CorpusProblem` record in ``corpus.attrs["problems"]`` (as dicts: file, kind, severity,
message) and is also issued as a Python warning; ``strict=True`` raises the first *error* instead.

The bad-input decisions (what each kind of bad file or manifest does) are listed in
:mod:`newscorpus.corpus.read`.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newscorpus.corpus.clean import CleanedArticle, clean_article
from newscorpus.corpus.dedupe import DEFAULT_THRESHOLD, duplicate_roots, signature
from newscorpus.corpus.html import html_article, looks_like_html
from newscorpus.corpus.metadata import (
    FIELDS,
    credited_agency,
    infer_metadata,
    origin,
    resolve_metadata,
    same_value,
)
from newscorpus.corpus.missing import public_corpus
from newscorpus.corpus.read import (  # noqa: F401  (CorpusProblem is public here too)
    MANIFEST_NAME,
    MAX_BYTES,
    WARN_BYTES,
    CorpusProblem,
    _Problems,
    _resolve_dir,
    parse_manifest_date,
    read_manifest,
    read_text_file,
)
from newscorpus.corpus.signals import is_prose
from newscorpus.parallel import mapper
from newscorpus.text import count_words

#: Columns of the corpus table, in order (the contract of issue 2 plus byline_source, n_words_raw,
#: and agency/agency_source of issue 16: the wire the page credits, apart from its publisher;
#: issue 14: ``origin`` = the agency if any, else the outlet (who wrote the words), and
#: ``story_id`` = one id per near-duplicate group, the group's earliest doc_id; issue 15:
#: ``source_kind`` "text" or "html", how the file was read, and ``published_precision`` "day",
#: or "month"/"year" for a manifest date such as "2022-03" or "2024" (then ``published`` is the
#: 1st of that month/year), None without a date).
COLUMNS = [
    "doc_id", "path", "source_kind", "outlet", "agency", "origin", "published",
    "published_precision", "title", "url", "byline",
    "outlet_source", "agency_source", "published_source", "title_source", "url_source",
    "byline_source",
    "text", "captions", "raw_text", "n_words", "n_words_raw", "duplicate_of", "story_id",
]
@dataclass
class _FirstPass:
    """What load_corpus keeps of one file between its passes (text and captions may be in a
    ``TextSpill`` instead, then None here)."""

    path: Path
    raw: str | None
    text: str | None
    captions: str | None
    meta: dict
    short_lines: frozenset[str]
    n_words_raw: int
    n_words: int
    n_shingles: int
    signature: np.ndarray
    kind: str = "text"  # "text" or "html" (the source_kind column)


def _short_lines(art: CleanedArticle) -> frozenset[str]:
    """Lines that could be outlet boilerplate: short, and not a sentence."""
    return frozenset(u.text for u in art.units if 1 <= count_words(u.text) <= 8
                     and not (is_prose(u.text) and u.text.endswith(".")))


def _finish(path: Path, raw: str | None, art: CleanedArticle, short: frozenset[str] | None,
            n_words_raw: int, kind: str = "text") -> _FirstPass:

    n_sh, sig = signature(art.text)
    return _FirstPass(path, raw, art.text, art.captions, infer_metadata(art),
                      _short_lines(art) if short is None else short, n_words_raw,
                      count_words(art.text), n_sh, sig, kind)


def _first_pass(args: tuple[Path, str, bool, str]) -> _FirstPass:
    path, raw, keep_raw, kind = args
    if kind == "html":  # extracted, not cleaned: no second pass (no short lines to share)
        art = html_article(raw)
        return _finish(path, raw if keep_raw else None, art, frozenset(),
                       sum(count_words(u.text) for u in art.units if u.label != "header"), kind)
    return _finish(path, raw if keep_raw else None, clean_article(raw), None, count_words(raw))


def _second_pass(args: tuple[_FirstPass, frozenset[str], str]) -> _FirstPass:
    fp, repeated, raw = args
    return _finish(fp.path, fp.raw, clean_article(raw, repeated=repeated), fp.short_lines,
                   fp.n_words_raw)


class TextSpill:
    """Clean texts and captions of a corpus kept in a temporary file instead of in memory.

    ``scan_corpus`` fills it; ``get(doc_id)`` reads one document back. Closing it (or leaving
    the ``with`` block) deletes the file.
    """

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self._fh = tempfile.TemporaryFile(dir=folder, prefix=".newscorpus-tmp-spill-")
        self._at: dict[str, tuple[int, int, int]] = {}

    def put(self, doc_id: str, text: str, captions: str) -> None:
        t, c = text.encode("utf-8"), captions.encode("utf-8")
        self._fh.seek(0, os.SEEK_END)
        self._at[doc_id] = (self._fh.tell(), len(t), len(c))
        self._fh.write(t + c)

    def get(self, doc_id: str) -> tuple[str, str]:
        """(text, captions) of ``doc_id``."""
        at, nt, nc = self._at[doc_id]
        self._fh.seek(at)
        data = self._fh.read(nt + nc)
        return data[:nt].decode("utf-8"), data[nt:].decode("utf-8")

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> TextSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reread(path: Path, max_bytes: int) -> str:
    """The raw text of a file already read once (its problems were reported then)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = read_text_file(path, _Problems(False), max_bytes=max_bytes, warn_bytes=max_bytes)
    if text is None:
        raise CorpusProblem(str(path.name), "unreadable", "error",
                            f"{path.name}: file changed or vanished while the corpus was loading")
    return text


def _repeated_lines(first: dict[str, _FirstPass], outlets: dict[str, str]) -> dict[str, set[str]]:
    """Short non-sentence lines that occur in >= 2 articles of the same outlet."""
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for doc_id, fp in first.items():
        outlet = outlets.get(doc_id, "")
        if outlet:
            per_outlet[outlet].update(fp.short_lines)
    return {o: {t for t, c in cnt.items() if c >= 2} for o, cnt in per_outlet.items()}


def load_corpus(
    path: str | Path | None = None,
    *,
    manifest: str | Path | bool | None = None,
    strict: bool = False,
    max_bytes: int = MAX_BYTES,
    warn_bytes: int = WARN_BYTES,
    dedupe_threshold: float | None = None,
    keep_raw: bool = True,
    n_process: int = 1,
) -> pd.DataFrame:
    """Load every ``*.txt``/``*.html``/``*.htm`` in folder ``path`` (default: the seeds) into the
    corpus table, by doc_id.

    ``manifest``: None = ``<path>/manifest.csv`` if present, False = ignore it, or a CSV path.
    A relative ``path`` that does not exist is also tried relative to the project root, so
    ``load_corpus("seeds")`` works from the notebooks folder.

    ``keep_raw=False`` leaves the ``raw_text`` column empty (None) to save memory on large
    corpora (about as much as the clean text); everything else is the same. ``n_process > 1``
    cleans the files in that many processes (Linux; same result). For corpora too large to hold
    their text in memory, see ``scan_corpus``. Problems found while loading are warned and
    listed in ``attrs["problems"]``.

    Missing values are None, pandas' missing value of an object column (``isna()`` is True;
    see ``newscorpus.corpus.missing`` for why None and not ``pd.NA``).

    Columns:
        doc_id (string): the file name without its extension; one per file.
        path (string): the file the article was read from.
        source_kind (string): how the file was read: text (a text scrape) or html (an HTML
            page, .html/.htm or HTML saved as .txt, extracted with trafilatura/htmldate).
        outlet (string): the publishing outlet; None if not found.
        agency (string): the wire agency the page credits for its copy; None for own reporting.
        origin (string): who wrote the words: the agency if any, else the outlet; None if
            neither is known.
        published (datetime64[ns]): publication date; NaT if not found. A manifest date-time
            with a time zone gives the UTC calendar date.
        published_precision (string): day; month or year for a manifest date given as
            YYYY-MM or YYYY (published is then the 1st of that month / 1 January); None if
            no date.
        title (string): the headline; None if not found.
        url (string): the article's own address; None if not found.
        byline (string): the author line; None if none.
        outlet_source (string): where outlet came from: manifest, url, text, ...; None when that value is missing.
        agency_source (string): where agency came from; None when that value is missing.
        published_source (string): where published came from; None when that value is missing.
        title_source (string): where title came from; None when that value is missing.
        url_source (string): where url came from; None when that value is missing.
        byline_source (string): where byline came from; None when that value is missing.
        text (string): the clean body text: paragraphs separated by a blank line, page
            furniture, captions and title left out. Offsets of every table refer to it.
        captions (string): photo captions found in the page, one per line; None if none.
        raw_text (string): the file as decoded (None with ``keep_raw=False``).
        n_words (int64): words of the body text (newscorpus.text.count_words): the
            denominator of every per-word rate.
        n_words_raw (int64): words of the whole file.
        duplicate_of (string): doc_id of the earlier article this one is a near-duplicate
            (syndicated copy) of; None if none.
        story_id (string): one id per near-duplicate group: the group's earliest doc_id (the
            article's own doc_id when it has no near-duplicate).
    """
    return _load(path, manifest=manifest, strict=strict, max_bytes=max_bytes,
                 warn_bytes=warn_bytes, dedupe_threshold=dedupe_threshold, keep_raw=keep_raw,
                 n_process=n_process, spill=None)


@dataclass
class ScannedCorpus:
    """The corpus table with empty ``text``/``captions``/``raw_text`` columns, and the clean
    texts in a ``TextSpill`` on disk (see ``scan_corpus``)."""

    table: pd.DataFrame
    texts: TextSpill

    def rows(self, positions: Iterable[int], columns: Iterable[str] | None = None) -> list[dict]:
        """Full corpus rows (text and captions read back; raw_text None) at ``positions``."""
        cols = list(columns) if columns is not None else list(self.table.columns)
        out = self.table[cols].iloc[list(positions)].to_dict("records")
        for r in out:
            r["text"], r["captions"] = self.texts.get(r["doc_id"])
        return out

    def close(self) -> None:
        self.texts.close()

    def __enter__(self) -> ScannedCorpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def scan_corpus(path: str | Path | None = None, *, spill_dir: str | os.PathLike | None = None,
                **kwargs: Any) -> ScannedCorpus:
    """``load_corpus`` for corpora larger than memory: the same table, but the clean texts and
    captions go to a temporary file (in ``spill_dir``) as each file is cleaned, so memory holds
    only the metadata and a 1 KB MinHash signature per article. ``rows(positions)`` gives full
    rows back; the raw scrapes are not kept. Same arguments as ``load_corpus`` (keep_raw excepted), plus
    ``client``: a dask.distributed Client whose workers clean the files (this process reads
    them and sends the text, so the workers need not see the folder)."""
    kwargs["keep_raw"] = False
    spill = TextSpill(spill_dir)
    try:
        table = _load(path, spill=spill, **kwargs)
    except BaseException:
        spill.close()
        raise
    return ScannedCorpus(table, spill)


def _load(path: str | Path | None, *, manifest: str | Path | bool | None = None,
          strict: bool = False, max_bytes: int = MAX_BYTES, warn_bytes: int = WARN_BYTES,
          dedupe_threshold: float | None = None, keep_raw: bool = True, n_process: int = 1,
          spill: TextSpill | None = None, client: Any = None) -> pd.DataFrame:
    problems = _Problems(strict)
    folder, files, mpath = _list_inputs(path, manifest, problems)
    rows_manifest = read_manifest(mpath, problems) if mpath else None
    first, repeated = _clean_files(files, rows_manifest, problems, max_bytes=max_bytes,
                                   warn_bytes=warn_bytes, keep_raw=keep_raw,
                                   n_process=n_process, spill=spill, client=client)
    records = _records(first, rows_manifest, problems, keep_raw=keep_raw, spill=spill)
    if rows_manifest is not None:
        for doc_id in sorted(set(rows_manifest) - {f.stem for f in files}):
            problems.add(mpath, "manifest_orphan", "warning",
                         f"manifest row {doc_id} has no article file ({doc_id}.txt, .html or .htm); "
                         "nothing loaded for it")
    corpus = pd.DataFrame.from_records(records, columns=COLUMNS)
    del records
    corpus["published"] = pd.to_datetime(corpus["published"])
    corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    _mark_duplicates(corpus, first,
                     DEFAULT_THRESHOLD if dedupe_threshold is None else dedupe_threshold, spill)
    corpus["origin"] = [origin(a or "", o or "") for a, o in
                        zip(corpus["agency"], corpus["outlet"], strict=True)]
    corpus["story_id"] = corpus["duplicate_of"].where(corpus["duplicate_of"] != "",
                                                      corpus["doc_id"])
    corpus.attrs["problems"] = [p.as_dict() for p in problems]
    corpus.attrs["repeated_lines"] = {o: sorted(s) for o, s in repeated.items() if s}
    return public_corpus(corpus)


def _list_inputs(path: str | Path | None, manifest: str | Path | bool | None,
                 problems: _Problems) -> tuple[Path, list[Path], Path | None]:
    """The folder, its article files (sorted) and the manifest path; other files reported."""
    folder = _resolve_dir(path)
    if not folder.is_dir():
        raise CorpusProblem(str(folder), "no_folder", "error", f"{folder}: corpus folder not found")
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    texts = [p for p in entries if p.suffix.lower() in ARTICLE_SUFFIXES]
    files = _unique_doc_ids(texts, problems)
    if not files:
        raise CorpusProblem(str(folder), "no_files", "error",
                            f"{folder.name}: no *.txt files (nor *.html, *.htm)")
    _report_outside_links(folder, files, problems)
    mpath = None if manifest is False else Path(manifest) if manifest else folder / MANIFEST_NAME
    file_set = set(texts)
    for p in entries:
        if p not in file_set and p.name != MANIFEST_NAME and p.is_file():
            problems.add(p, "ignored_file", "warning",
                         "not an article file (.txt, .html, .htm); ignored")
    return folder, files, mpath


#: File suffixes read as articles (any case): text scrapes and HTML pages.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def source_kind(f: Path, text: str, problems: _Problems) -> str:
    """"html" for a .html/.htm file or a .txt file holding an HTML page (reported), else "text"."""
    if f.suffix.lower() in (".html", ".htm"):
        return "html"
    if looks_like_html(text):
        problems.add(f, "html_in_txt", "warning",
                     "file holds an HTML page, not text; read as HTML (article extracted with "
                     "trafilatura, date with htmldate)")
        return "html"
    return "text"


def doc_id_key(stem: str) -> str:
    """What makes two file names one doc_id: equal after Unicode NFC normalisation and case
    folding ("b.txt"/"b.TXT", a composed/decomposed "café")."""
    return unicodedata.normalize("NFC", stem).casefold()


def _unique_doc_ids(files: list[Path], problems: _Problems) -> list[Path]:
    """The files minus those whose doc_id collides with an earlier one (each reported)."""
    seen: dict[str, Path] = {}
    out = []
    for f in files:
        key = doc_id_key(f.stem)
        if key in seen:
            problems.add(f, "duplicate_doc_id", "error",
                         f"same doc_id as {seen[key].name} (the names differ only in case or "
                         "Unicode normalisation); skipped: rename one of them")
            continue
        seen[key] = f
        out.append(f)
    return out


def _report_outside_links(folder: Path, files: list[Path], problems: _Problems) -> None:
    """Symbolic links are followed; one that leads outside the corpus folder is reported."""
    root = folder.resolve()
    for f in files:
        if f.is_symlink():
            target = f.resolve()
            if not target.is_relative_to(root):
                problems.add(f, "symlink_outside", "warning",
                             f"is a symbolic link to {target}, outside the corpus folder; read")


def _clean_files(files: list[Path], rows_manifest: dict | None, problems: _Problems, *,
                 max_bytes: int, warn_bytes: int, keep_raw: bool, n_process: int,
                 spill: TextSpill | None, client: Any) -> tuple[dict[str, _FirstPass],
                                                                dict[str, set[str]]]:
    """Both cleaning passes: every file, then again those holding a line their outlet repeats.

    First pass, streamed (files are read as the workers take them): clean, infer the metadata,
    MinHash the clean text and note the file's short lines (to find lines repeated within an
    outlet); the cleaning units and (unless keep_raw) the raw text are not kept.
    """
    first: dict[str, _FirstPass] = {}

    def keep(fp: _FirstPass) -> None:
        if spill is not None:  # the text goes to disk; the record keeps the rest
            spill.put(fp.path.stem, fp.text or "", fp.captions or "")
            fp.text = fp.captions = None
        first[fp.path.stem] = fp

    def read() -> Iterator[tuple[Path, str, bool, str]]:
        for f in files:  # reading (and reporting problems) stays in this process
            text = read_text_file(f, problems, max_bytes=max_bytes, warn_bytes=warn_bytes)
            if text is not None:
                yield f, text, keep_raw, source_kind(f, text, problems)

    with mapper(n_process, client) as pmap:
        for fp in pmap(_first_pass, read(), len(files)):
            keep(fp)
        outlets = {}
        for d, fp in first.items():
            m = (rows_manifest or {}).get(d, {})
            outlets[d] = m.get("outlet") or fp.meta["outlet"]
        repeated = _repeated_lines(first, outlets)
        # second pass: re-clean the files that contain one of their outlet's repeated lines
        # (only those lines can be relabelled "repeated"; every other file is already final)
        redo = [d for d, fp in first.items() if repeated.get(outlets[d], set()) & fp.short_lines]
        work = ((first[d], frozenset(repeated[outlets[d]]),
                 first[d].raw if first[d].raw is not None else _reread(first[d].path, max_bytes))
                for d in redo)
        for fp in pmap(_second_pass, work, len(redo)):
            keep(fp)
    return first, repeated


def _records(first: dict[str, _FirstPass], rows_manifest: dict | None, problems: _Problems, *,
             keep_raw: bool, spill: TextSpill | None) -> list[dict]:
    """One corpus record per cleaned file: inferred metadata with the manifest laid over it."""
    records = []
    for doc_id, fp in first.items():
        f = fp.path
        mrow = rows_manifest.get(doc_id) if rows_manifest is not None else None
        if rows_manifest is not None and mrow is None:
            problems.add(f, "not_in_manifest", "warning",
                         "file has no manifest row; metadata inferred from the text")
        meta = _combine(fp.meta, mrow, f, problems)
        if not fp.n_words and not (fp.text if spill is None else spill.get(doc_id)[0]):
            problems.add(f, "no_body", "warning", "no article body found after cleaning")
        records.append({
            "doc_id": doc_id, "path": str(f), "source_kind": fp.kind, **meta, "text": fp.text,
            "captions": fp.captions, "raw_text": fp.raw if keep_raw else None, "n_words": fp.n_words,
            "n_words_raw": fp.n_words_raw, "duplicate_of": "", "origin": "", "story_id": "",
        })
    return records


def _mark_duplicates(corpus: pd.DataFrame, first: dict[str, _FirstPass], threshold: float,
                     spill: TextSpill | None = None) -> None:
    """Fill ``duplicate_of`` from the files' MinHash signatures, candidates verified on the
    shingles of their clean texts (then drop the signatures from ``first``)."""
    if not len(corpus):
        return
    ids = sorted(first)
    sizes = np.array([first[d].n_shingles for d in ids], dtype=float)
    sigs = np.stack([first[d].signature for d in ids])
    first.clear()
    if spill is None:
        text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
        texts = [text[d] or "" for d in ids]
        root = duplicate_roots(ids, sizes, sigs, threshold, texts=texts)
    else:  # texts read back from the spill file for the candidates only
        root = duplicate_roots(ids, sizes, sigs, threshold, texts=lambda i: spill.get(ids[i])[0])
    corpus["duplicate_of"] = [root[d] if root[d] != d else "" for d in corpus["doc_id"]]


def _combine(inferred: dict, mrow: dict[str, str] | None, f: Path, problems: _Problems) -> dict:
    """The record's metadata: the manifest's values over those inferred from the page.

    A manifest ``url`` is the article's own address, so it is resolved together with the page's
    evidence (it feeds outlet, date and a missing title) before the manifest's other values are
    laid over the result; a manifest url that differs from the page's own "Original url:" is
    reported as a conflict and wins.
    """
    meta = dict(inferred)
    evidence = meta.pop("_evidence", None)
    url = (mrow or {}).get("url", "").strip()
    if url and evidence is not None:
        text_url = meta.get("url", "") if meta.get("url_source") == "text" else ""
        if text_url and not same_value("url", url, text_url):
            problems.add(f, "manifest_conflict", "warning",
                         f"url: manifest says {url!r}, text says {text_url!r}; manifest value kept")
        meta = resolve_metadata(evidence, url, "manifest")
    meta["published_precision"] = "" if pd.isna(meta.get("published", pd.NaT)) else "day"
    if mrow:
        _overlay_manifest(meta, {k: v for k, v in mrow.items() if k != "url" or evidence is None},
                          f, problems)
        if evidence is not None and meta.get("agency_source") != "manifest":
            # the agency is decided against the final outlet, and a manifest byline naming a
            # wire ("AFP") credits it
            meta["agency"], meta["agency_source"] = credited_agency(
                evidence, str(meta.get("outlet") or ""), str(meta.get("url") or ""),
                str(meta.get("byline") or ""),
                "manifest" if meta.get("byline_source") == "manifest" else "")
    return meta


def _overlay_manifest(meta: dict, mrow: dict[str, str], f: Path, problems: _Problems) -> None:
    """Manifest values win over inferred ones; disagreements are reported."""
    for fld in FIELDS:
        value = mrow.get(fld, "")
        if not value:
            continue
        inferred = meta.get(fld, "")
        precision = "day"
        if fld == "published":
            parsed = parse_manifest_date(value)
            if parsed is None:
                problems.add(f, "bad_manifest_date", "warning",
                             f"manifest date {value!r} is not a date (YYYY-MM-DD, YYYY-MM, YYYY "
                             "or an ISO date-time); "
                             + (f"using the {meta['published_source']} date instead"
                                if meta["published_source"] else "published left empty"))
                continue
            value, precision = parsed
            has_inferred = not pd.isna(inferred)
        else:
            has_inferred = bool(inferred)
        if has_inferred and not _agree(fld, value, inferred, precision):
            shown = inferred.date() if fld == "published" else inferred
            said = _shown_date(value, precision) if fld == "published" else repr(value)
            problems.add(f, "manifest_conflict", "warning",
                         f"{fld}: manifest says {said}"
                         f", {meta[fld + '_source']} says {str(shown)!r}; manifest value kept")
        if fld == "published":
            meta["published_precision"] = precision
        meta[fld] = value
        meta[f"{fld}_source"] = "manifest"


def _agree(fld: str, manifest: object, inferred: object, precision: str) -> bool:
    """Manifest and inferred value agree; a month/year date agrees with any day inside it."""
    if fld == "published" and precision != "day":
        m, i = pd.Timestamp(manifest), pd.Timestamp(inferred)
        return m.year == i.year and (precision == "year" or m.month == i.month)
    return same_value(fld, manifest, inferred)


def _shown_date(value: pd.Timestamp, precision: str) -> str:
    return repr(value.strftime({"year": "%Y", "month": "%Y-%m"}.get(precision, "%Y-%m-%d")))


def units_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every unit (line or re-joined paragraph) of every raw file with its cleaning label.

    Columns: doc_id, lines (raw line numbers, e.g. "18-20"), label, n_words, text. This is what
    cleaning kept (label ``body``) and removed (every other label), in file order.
    """
    rows = []
    repeated = corpus.attrs.get("repeated_lines", {})
    for r in corpus.itertuples(index=False):
        art = (html_article(r.raw_text) if getattr(r, "source_kind", "text") == "html"
               else clean_article(r.raw_text, repeated=repeated.get(r.outlet, ())))
        for u in art.units:
            span = f"{u.lines[0]}" if len(u.lines) == 1 else f"{u.lines[0]}-{u.lines[-1]}"
            rows.append({"doc_id": r.doc_id, "lines": span, "label": u.label,
                         "n_words": count_words(u.text), "text": u.text})
    return pd.DataFrame(rows, columns=["doc_id", "lines", "label", "n_words", "text"])
