"""Load a folder of raw article scrapes (``*.txt`` + optional ``manifest.csv``) into one table.

``load_corpus(path)`` reads every ``*.txt`` file, reports bad input, cleans each scrape
(:mod:`newscorpus.clean`), infers metadata (:mod:`newscorpus.metadata`), overlays the manifest,
and marks near-duplicates (:mod:`newscorpus.dedupe`). Every problem found is a
:class:`CorpusProblem` record in ``corpus.attrs["problems"]`` (as dicts: file, kind, severity,
message) and is also issued as a Python warning; ``strict=True`` raises the first *error* instead.

Bad-input decisions (severity ``error`` = the file yields no row; ``warning`` = a usable row):

=============================  ========  ====================================================
case                           severity  what happens
=============================  ========  ====================================================
non-UTF-8 bytes                warning   decoded with U+FFFD replacement; count + first offset
other (non-.txt) file          warning   ignored (sub-folders and dot-files are not listed)
UTF-8 BOM / CRLF line ends     warning   BOM dropped, line ends normalised; row as usual
UTF-16 (with BOM)              warning   decoded as UTF-16
empty / whitespace-only file   error     no row
binary file (NUL/control)      error     no row
very large file (> max_bytes)  error     no row (limit named in the message)
large file (> warn_bytes)      warning   row as usual
unreadable file                error     no row (the OS error is quoted)
no article left after cleaning warning   row with empty text
file without manifest row      warning   row with inferred metadata
manifest row without file      warning   nothing to load; row reported
unparseable manifest date      warning   manifest date ignored, inferred date used
manifest vs inference differ   warning   manifest value kept, inferred value quoted
duplicate manifest doc_id      warning   first manifest row used
unreadable/invalid manifest    error     manifest ignored, every field inferred
=============================  ========  ====================================================
"""

from __future__ import annotations

import csv
import warnings
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from newscorpus import config
from newscorpus.clean import clean_article, count_words, is_prose
from newscorpus.metadata import FIELDS, infer_metadata, same_value

#: Columns of the corpus table, in order (the contract of issue 2 plus byline_source, n_words_raw).
COLUMNS = [
    "doc_id", "path", "outlet", "published", "title", "url", "byline",
    "outlet_source", "published_source", "title_source", "url_source", "byline_source",
    "text", "captions", "raw_text", "n_words", "n_words_raw", "duplicate_of",
]
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "outlet", "published", "url", "title", "byline", "note"]
MAX_BYTES = 20_000_000  # larger than any article: a dump or a mistake
WARN_BYTES = 1_000_000  # an unusually large article: loaded, but flagged


@dataclass
class CorpusProblem(Exception):  # noqa: N818 - a record that can also be raised
    """One problem found while loading a corpus (a record; raised as an exception in strict mode)."""

    file: str
    kind: str
    severity: str  # "error" (file yields no row / manifest ignored) or "warning" (row usable)
    message: str

    def __post_init__(self) -> None:
        super().__init__(self.file, self.kind, self.severity, self.message)  # picklable

    def __str__(self) -> str:
        return self.message if self.message.startswith(f"{self.file}:") else (
            f"{self.file}: {self.message}")

    def as_dict(self) -> dict[str, str]:
        """The problem as a plain dict (file, kind, severity, message)."""
        return asdict(self)


class _Problems(list):
    def __init__(self, strict: bool):
        super().__init__()
        self.strict = strict

    def add(self, file: str | Path, kind: str, severity: str, message: str) -> None:
        p = CorpusProblem(str(Path(file).name), kind, severity, f"{Path(file).name}: {message}")
        if self.strict and severity == "error":
            raise p
        warnings.warn(str(p.message), stacklevel=3)
        self.append(p)


def _resolve_dir(path: str | Path | None) -> Path:
    if path is None:
        return config.SEEDS_DIR
    p = Path(path)
    if not p.exists() and not p.is_absolute() and (config.PROJ_ROOT / p).exists():
        return config.PROJ_ROOT / p
    return p


def read_text_file(
    path: Path, problems: _Problems, *, max_bytes: int = MAX_BYTES, warn_bytes: int = WARN_BYTES
) -> str | None:
    """Read and decode one article file; report problems; None when the file yields no row."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.add(path, "too_large", "error",
                         f"file is {size:,} bytes, above the {max_bytes:,}-byte limit for one "
                         "article (raise max_bytes= to load it); skipped")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, "unreadable", "error", f"cannot read file ({exc.strerror or exc}); skipped")
        return None
    if size > warn_bytes:
        problems.add(path, "large", "warning",
                     f"file is {size:,} bytes, unusually large for one article; loaded")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(path, "encoding", "warning", "file is UTF-16 (byte-order mark); decoded as UTF-16")
        text = data.decode("utf-16", errors="replace")
    else:
        sample = data[:65536]
        controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in sample)
        if b"\x00" in sample or (sample and controls / len(sample) > 0.05):
            problems.add(path, "binary", "error",
                         f"file looks binary ({controls} control bytes in the first "
                         f"{len(sample):,}); skipped")
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            problems.add(path, "bom", "warning", "UTF-8 byte-order mark removed")
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8", errors="replace")
            bad = text.count("\ufffd")
            problems.add(path, "encoding", "warning",
                         f"not valid UTF-8 (first bad byte at offset {exc.start}, {bad} "
                         "replacement character(s) U+FFFD inserted); loaded")
    if "\r\n" in text or "\r" in text:
        problems.add(path, "line_endings", "warning", "CR/CRLF line ends normalised to LF")
    if not text.strip():
        problems.add(path, "empty", "error", "file is empty or whitespace only; skipped")
        return None
    return text


def read_manifest(path: Path, problems: _Problems) -> dict[str, dict[str, str]] | None:
    """Manifest rows keyed by doc_id, or None if there is no (usable) manifest."""
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.add(path, "manifest_unreadable", "error", f"cannot read manifest ({exc}); ignored")
        return None
    if not rows or "doc_id" not in rows[0]:
        problems.add(path, "manifest_invalid", "error",
                     "manifest has no doc_id column (or no rows); ignored")
        return None
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows, start=2):
        doc_id = (row.get("doc_id") or "").strip()
        if not doc_id:
            problems.add(path, "manifest_row", "warning", f"row {n} has no doc_id; ignored")
            continue
        if doc_id in out:
            problems.add(path, "manifest_duplicate", "warning",
                         f"doc_id {doc_id} appears twice (row {n}); first row used")
            continue
        out[doc_id] = {k: (v or "").strip() for k, v in row.items() if k}
    return out


def _repeated_lines(articles: dict[str, object], outlets: dict[str, str]) -> dict[str, set[str]]:
    """Short non-sentence lines that occur in >= 2 articles of the same outlet."""
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for doc_id, art in articles.items():
        outlet = outlets.get(doc_id, "")
        if not outlet:
            continue
        seen = {u.text for u in art.units if 1 <= count_words(u.text) <= 8
                and not (is_prose(u.text) and u.text.endswith("."))}
        per_outlet[outlet].update(seen)
    return {o: {t for t, c in cnt.items() if c >= 2} for o, cnt in per_outlet.items()}


def load_corpus(
    path: str | Path | None = None,
    *,
    manifest: str | Path | bool | None = None,
    strict: bool = False,
    max_bytes: int = MAX_BYTES,
    warn_bytes: int = WARN_BYTES,
    dedupe_threshold: float | None = None,
) -> pd.DataFrame:
    """Load every ``*.txt`` in folder ``path`` (default: the seeds) into the corpus table, by doc_id.

    ``manifest``: None = ``<path>/manifest.csv`` if present, False = ignore it, or a CSV path.
    A relative ``path`` that does not exist is also tried relative to the project root, so
    ``load_corpus("seeds")`` works from the notebooks folder.
    """
    from newscorpus.dedupe import DEFAULT_THRESHOLD, find_duplicates

    folder = _resolve_dir(path)
    if not folder.is_dir():
        raise CorpusProblem(str(folder), "no_folder", "error", f"{folder}: corpus folder not found")
    problems = _Problems(strict)
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    files = [p for p in entries if p.suffix.lower() == ".txt"]
    if not files:
        raise CorpusProblem(str(folder), "no_files", "error", f"{folder.name}: no *.txt files")

    mpath = None if manifest is False else Path(manifest) if manifest else folder / MANIFEST_NAME
    for p in entries:
        if p not in files and p.name != MANIFEST_NAME and p.is_file():
            problems.add(p, "ignored_file", "warning", "not a .txt article file; ignored")
    rows_manifest = read_manifest(mpath, problems) if mpath else None

    raws: dict[str, tuple[Path, str]] = {}
    for f in files:
        text = read_text_file(f, problems, max_bytes=max_bytes, warn_bytes=warn_bytes)
        if text is not None:
            raws[f.stem] = (f, text)

    # first pass: clean and infer the outlet, to find lines repeated within an outlet
    first = {d: clean_article(t) for d, (_, t) in raws.items()}
    outlets = {}
    for d, art in first.items():
        m = (rows_manifest or {}).get(d, {})
        outlets[d] = m.get("outlet") or infer_metadata(art)["outlet"]
    repeated = _repeated_lines(first, outlets)

    records = []
    for doc_id, (f, raw) in raws.items():
        rep = frozenset(repeated.get(outlets[doc_id], ()))
        art = clean_article(raw, repeated=rep) if rep else first[doc_id]
        meta = infer_metadata(art)
        if rows_manifest is not None:
            mrow = rows_manifest.get(doc_id)
            if mrow is None:
                problems.add(f, "not_in_manifest", "warning",
                             "file has no manifest row; metadata inferred from the text")
            else:
                _overlay_manifest(meta, mrow, f, problems)
        if not art.text:
            problems.add(f, "no_body", "warning", "no article body found after cleaning")
        records.append({
            "doc_id": doc_id, "path": str(f), **meta, "text": art.text, "captions": art.captions,
            "raw_text": raw, "n_words": count_words(art.text), "n_words_raw": count_words(raw),
            "duplicate_of": "",
        })
    if rows_manifest is not None:
        for doc_id in sorted(set(rows_manifest) - {f.stem for f in files}):
            problems.add(mpath, "manifest_orphan", "warning",
                         f"manifest row {doc_id} has no file {doc_id}.txt; nothing loaded for it")

    corpus = pd.DataFrame.from_records(records, columns=COLUMNS)
    corpus["published"] = pd.to_datetime(corpus["published"])
    corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    if len(corpus):
        corpus["duplicate_of"] = find_duplicates(
            corpus, threshold=DEFAULT_THRESHOLD if dedupe_threshold is None else dedupe_threshold
        )
    corpus.attrs["problems"] = [p.as_dict() for p in problems]
    corpus.attrs["repeated_lines"] = {o: sorted(s) for o, s in repeated.items() if s}
    return corpus


def _overlay_manifest(meta: dict, mrow: dict[str, str], f: Path, problems: _Problems) -> None:
    """Manifest values win over inferred ones; disagreements are reported."""
    for fld in FIELDS:
        value = mrow.get(fld, "")
        if not value:
            continue
        inferred = meta[fld]
        if fld == "published":
            parsed = pd.to_datetime(value, errors="coerce", format="ISO8601")
            if pd.isna(parsed):
                problems.add(f, "bad_manifest_date", "warning",
                             f"manifest date {value!r} is not a date (YYYY-MM-DD); "
                             + (f"using the {meta['published_source']} date instead"
                                if meta["published_source"] else "published left empty"))
                continue
            value = parsed.normalize()
            has_inferred = not pd.isna(inferred)
        else:
            has_inferred = bool(inferred)
        if has_inferred and not same_value(fld, value, inferred):
            shown = inferred.date() if fld == "published" else inferred
            problems.add(f, "manifest_conflict", "warning",
                         f"{fld}: manifest says {str(value.date()) if fld == 'published' else value!r}"
                         f", {meta[fld + '_source']} says {str(shown)!r}; manifest value kept")
        meta[fld] = value
        meta[f"{fld}_source"] = "manifest"


def units_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every unit (line or re-joined paragraph) of every raw file with its cleaning label.

    Columns: doc_id, lines (raw line numbers, e.g. "18-20"), label, n_words, text. This is what
    cleaning kept (label ``body``) and removed (every other label), in file order.
    """
    rows = []
    repeated = corpus.attrs.get("repeated_lines", {})
    for r in corpus.itertuples(index=False):
        art = clean_article(r.raw_text, repeated=repeated.get(r.outlet, ()))
        for u in art.units:
            span = f"{u.lines[0]}" if len(u.lines) == 1 else f"{u.lines[0]}-{u.lines[-1]}"
            rows.append({"doc_id": r.doc_id, "lines": span, "label": u.label,
                         "n_words": count_words(u.text), "text": u.text})
    return pd.DataFrame(rows, columns=["doc_id", "lines", "label", "n_words", "text"])
