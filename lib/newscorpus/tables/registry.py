"""The table registry: each table's extractor, columns and the spaCy components it needs.

Extractors are imported directly (the extract layer sits below this one); ``needs`` was checked
against each extractor's code and is verified by tests/test_tables.py (the reduced pipeline gives
the same table as the full one on the seeds).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newscorpus.cache.keys import ALL_COMPONENTS, SYNTAX
from newscorpus.extract.dates import DATE_COLUMNS, extract_dates
from newscorpus.extract.entities import ENTITY_COLUMNS, extract_entities
from newscorpus.extract.quotes import QUOTE_COLUMNS, extract_quotes
from newscorpus.extract.tokens import TOKEN_COLUMNS, extract_tokens
from newscorpus.extract.visits import VISIT_COLUMNS, extract_visits


@dataclass(frozen=True)
class TableSpec:
    """A table: its name, extractor ``extract(doc, row) -> rows``, columns and needed components."""

    name: str
    extract: Callable[[Any, Mapping], list[dict]]
    columns: tuple[str, ...]
    needs: frozenset[str]

    @property
    def module(self) -> str:
        """The module defining the extractor (its code is part of the table's fingerprint)."""
        return self.extract.__module__

    @property
    def extractor(self) -> str:
        return self.extract.__qualname__


#: table name -> spec, in the order tables are annotated and listed.
TABLES: dict[str, TableSpec] = {
    "tokens": TableSpec("tokens", extract_tokens, tuple(TOKEN_COLUMNS), SYNTAX),
    "entities": TableSpec("entities", extract_entities, tuple(ENTITY_COLUMNS), frozenset({"ner"})),
    "quotes": TableSpec("quotes", extract_quotes, tuple(QUOTE_COLUMNS), ALL_COMPONENTS),
    "dates": TableSpec("dates", extract_dates, tuple(DATE_COLUMNS), ALL_COMPONENTS),
    "visits": TableSpec("visits", extract_visits, tuple(VISIT_COLUMNS), ALL_COMPONENTS),
}


def table_names() -> list[str]:
    """All table names, in registry order."""
    return list(TABLES)


def available_tables() -> list[str]:
    """Tables that can be annotated (all registered tables: their extractors are imported)."""
    return list(TABLES)


def _resolve(name: str) -> tuple[Callable[[Any, Mapping], list[dict]], list[str]]:
    """(extractor, columns) of table ``name``; ValueError naming the known tables otherwise."""
    spec = TABLES.get(name)
    if spec is None:
        raise ValueError(f"unknown table {name!r}; known tables: {', '.join(TABLES)}")
    return spec.extract, list(spec.columns)


def spec_for_extractor(extract: Callable) -> TableSpec | None:
    """The registered table whose extractor is ``extract`` (None for any other function)."""
    return next((spec for spec in TABLES.values() if spec.extract is extract), None)
