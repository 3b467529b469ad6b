"""Read one corpus folder's raw inputs: decode each article file and the manifest, and record
every problem as a :class:`CorpusProblem` (file, kind, severity, message).

Bad-input decisions (severity ``error`` = the file yields no row; ``warning`` = a usable row):

=============================  ========  ====================================================
case                           severity  what happens
=============================  ========  ====================================================
non-UTF-8 bytes                warning   decoded with U+FFFD replacement; count + first offset
other (not .txt/.html/.htm)    warning   ignored (sub-folders and dot-files are not listed)
HTML page saved as .txt        warning   read as HTML (``corpus.html``); source_kind "html"
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
manifest date YYYY-MM / YYYY   -         kept, published_precision "month" / "year"
manifest date-time with zone   -         the UTC calendar date of that moment
manifest vs inference differ   warning   manifest value kept, inferred value quoted
duplicate manifest doc_id      warning   first manifest row used
unreadable/invalid manifest    error     manifest ignored, every field inferred
=============================  ========  ====================================================
"""

from __future__ import annotations

import csv
import re
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from newscorpus import config

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
        return config.corpus_dir()
    p = Path(path)
    if not p.exists() and not p.is_absolute() and (config.PROJ_ROOT / p).exists():
        return config.PROJ_ROOT / p
    return p


#: Bytes below 32 other than tab, newline, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


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
    bomless = None if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(path, "encoding", "warning", "file is UTF-16 (byte-order mark); decoded as UTF-16")
        text = data.decode("utf-16", errors="replace")
    elif bomless is not None:
        problems.add(path, "encoding", "warning",
                     f"file is UTF-16 without a byte-order mark (every other byte is NUL); "
                     f"decoded as {bomless.upper()}")
        text = data.decode(bomless, errors="replace")
    else:
        sample = data[:65536]
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if b"\x00" in sample or (sample and controls / len(sample) > 0.05):
            problems.add(path, "binary", "error",
                         f"file looks binary ({controls} control bytes in the first "
                         f"{len(sample):,}); skipped")
            return None
        late = data.find(b"\x00", len(sample))
        if late >= 0:
            problems.add(path, "binary", "error",
                         f"file has NUL bytes (first at byte offset {late:,}, after "
                         f"{len(sample):,} bytes of text): not a text file; skipped")
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


def _delimiter(header: str) -> str:
    """The manifest's field separator, read from its header line (``,`` ``;`` tab or ``|``):
    the one that splits the header into the most fields, comma on a tie."""
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when text bytes alternate with NULs (no byte-order mark), else None.

    ASCII-range text in UTF-16 has a NUL in every second byte: at odd offsets for little-endian,
    at even offsets for big-endian. Required: at least 90 % of one parity NUL, none of the other.
    """
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for nul_side, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nul_side.count(0) >= 0.9 * len(nul_side) and other.count(0) == 0:
            return codec
    return None


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?")


def parse_manifest_date(value: str) -> tuple[pd.Timestamp, str] | None:
    """(calendar date, precision) of a manifest ``published`` value, or None if it is not one.

    ``YYYY`` -> (1 January, "year"); ``YYYY-MM`` -> (the 1st, "month"): the precision says that
    the day (and month) are not known, never silently the 1st. ``YYYY-MM-DD`` -> "day". An ISO
    date-time with a time zone (``2024-04-08T23:30:00Z``, ``...-05:00``) -> the **UTC** calendar
    date of that moment, "day" (``2024-04-08T23:30:00-05:00`` is 2024-04-09 UTC); a date-time
    without a zone -> its own calendar date.
    """
    value = value.strip()
    if _YEAR.fullmatch(value):
        return pd.Timestamp(int(value), 1, 1), "year"
    m = _MONTH.fullmatch(value)
    if m:
        if not 1 <= int(m.group(2)) <= 12:
            return None
        return pd.Timestamp(int(m.group(1)), int(m.group(2)), 1), "month"
    if not _DAY_OR_TIME.fullmatch(value):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, OverflowError):
        return None
    if pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize(), "day"


def read_manifest(path: Path, problems: _Problems) -> dict[str, dict[str, str]] | None:
    """Manifest rows keyed by doc_id, or None if there is no (usable) manifest."""
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            head = fh.readline()
            fh.seek(0)
            rows = list(csv.DictReader(fh, delimiter=_delimiter(head)))
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


