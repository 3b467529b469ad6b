"""The data dictionary: every public table's columns, read from the docstrings of the functions
that return them (the one place they are written), rendered as ``docs/data-dictionary.md``.

A table function documents its columns in a ``Columns:`` section of its docstring, one column a
line, ``name (dtype): meaning``, continued on more-indented lines. Regenerate the file with
``python -m newscorpus.docs`` (``--check`` only compares; a test does that).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

#: (module, function) of every public function that returns a table, in reading order.
TABLE_FUNCTIONS: list[tuple[str, str]] = [
    ("newscorpus.corpus.load", "load_corpus"),
    ("newscorpus.tables", "tokens"),
    ("newscorpus.tables", "entities"),
    ("newscorpus.tables", "quotes"),
    ("newscorpus.tables", "dates"),
    ("newscorpus.tables", "visits"),
    ("newscorpus.analysis.counts", "entity_counts"),
    ("newscorpus.analysis.counts", "entity_counts_over_time"),
    ("newscorpus.analysis.counts", "term_counts_over_time"),
    ("newscorpus.analysis.kwic", "kwic"),
    ("newscorpus.analysis.timeline", "timeline"),
]
#: Where the generated file goes, relative to the repository root.
DICTIONARY_PATH = Path("docs") / "data-dictionary.md"

_ENTRY = re.compile(r"^(?P<name>\S+) \((?P<dtype>[^)]*)\): (?P<meaning>.*)$")


def table_function(module: str, name: str) -> Callable:
    """The function ``name`` of ``module``."""
    return getattr(importlib.import_module(module), name)


def columns(func: Callable) -> list[tuple[str, str, str]]:
    """(column, dtype, meaning) of each entry of ``func``'s ``Columns:`` docstring section;
    ValueError naming the function if it has none or an entry is malformed."""
    doc = inspect.getdoc(func) or ""
    lines = doc.splitlines()
    where = f"{func.__module__}.{func.__qualname__}"
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Columns:")
    except StopIteration:
        raise ValueError(f"{where}: the docstring has no 'Columns:' section") from None
    indent = len(lines[start]) - len(lines[start].lstrip())
    entries: list[list[str]] = []
    entry_indent = None
    for line in lines[start + 1:]:
        if not line.strip():
            break
        depth = len(line) - len(line.lstrip())
        if depth <= indent:
            break
        if entry_indent is None:
            entry_indent = depth
        if depth == entry_indent:
            m = _ENTRY.match(line.strip())
            if m is None:
                raise ValueError(f"{where}: column line {line.strip()!r} is not "
                                 "'name (dtype): meaning'")
            entries.append([m["name"], m["dtype"], m["meaning"]])
        elif entries:
            entries[-1][2] += " " + line.strip()
    if not entries:
        raise ValueError(f"{where}: the 'Columns:' section lists no column")
    return [(n, t, m) for n, t, m in entries]


def _summary(func: Callable) -> str:
    doc = inspect.getdoc(func) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def data_dictionary() -> str:
    """The data dictionary as Markdown (the content of ``docs/data-dictionary.md``)."""
    out = [
        "# Data dictionary",
        "",
        "Every table the package returns, column by column. Generated from the docstrings of the",
        "functions (`python -m newscorpus.docs`); do not edit by hand. `help(newscorpus.<name>)`",
        "shows the same text. Types are pandas dtypes; `string` is text (Python `str` values in an",
        "object column, or pandas' `string` dtype).",
        "",
        "Missing values are NA everywhere: `None` in the corpus table (pandas' missing value of an",
        "object column; see `newscorpus.corpus.missing` for why not `pd.NA` there), `pd.NA` in the",
        "`string` columns of the parsed tables, `NaT` in date columns; an analysis result keeps a",
        "group key taken from the corpus (an article without an outlet) as `None`. Test with",
        "`.isna()` / `.notna()`, never `== \"\"`; pandas' `groupby` and `pivot_table` drop NA keys",
        "unless given `dropna=False` (the package's own analyses keep them).",
        "",
    ]
    for module, name in TABLE_FUNCTIONS:
        func = table_function(module, name)
        public = f"newscorpus.{name}" if _is_public(name) else f"{module}.{name}"
        out += [f"## `{name}`", "", _summary(func), "", f"`{public}{inspect.signature(func)}`",
                "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{_cell(c)}` | {_cell(t)} | {_cell(m)} |" for c, t, m in columns(func)]
        out.append("")
    return "\n".join(out)


def _is_public(name: str) -> bool:
    import newscorpus

    return name in newscorpus._API


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newscorpus.docs [--out FILE] [--check]``: write or check the dictionary."""
    p = argparse.ArgumentParser(prog="python -m newscorpus.docs",
                                description="Write the data dictionary from the docstrings.")
    p.add_argument("--out", type=Path, default=DICTIONARY_PATH,
                   help=f"file to write (default: {DICTIONARY_PATH})")
    p.add_argument("--check", action="store_true",
                   help="do not write; exit 1 if the file differs from the docstrings")
    args = p.parse_args(argv)
    text = data_dictionary()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m newscorpus.docs", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
