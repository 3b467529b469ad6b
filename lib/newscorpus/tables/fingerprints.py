"""What a table's cached rows depend on (besides the document) and the folder they live in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newscorpus.cache import keys
from newscorpus.cache.keys import DOCS, Settings
from newscorpus.cache.parts import _write_description
from newscorpus.tables.registry import TABLES


def pipeline_description(table: str, s: Settings) -> dict[str, Any]:
    """Everything the cached rows of ``table`` depend on besides the document itself."""
    if table == DOCS:
        return keys.pipeline_description(DOCS, s)
    spec = TABLES[table]
    return keys.pipeline_description(table, s, spec.module, spec.needs)


def fingerprint(table: str, s: Settings) -> str:
    """Short hash of ``pipeline_description`` (the folder name of the table's valid parts)."""
    if table == DOCS:
        return keys.fingerprint(DOCS, s)
    spec = TABLES[table]
    return keys.fingerprint(table, s, spec.module, spec.needs)


def _table_folder(out: Path, table: str, s: Settings) -> Path:
    return out / table / fingerprint(table, s)


def _describe(folder: Path, table: str, s: Settings) -> None:
    _write_description(folder, pipeline_description(table, s))
