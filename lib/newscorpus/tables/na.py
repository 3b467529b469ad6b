"""The NA boundary: public tables hold pandas' NA/NaT for missing values (``with_na``); the cache,
the extractors and the library's own analyses hold "" (``working_form``)."""

from __future__ import annotations

import pandas as pd

#: Columns of the public tables that hold calendar days: datetime64 there, NaT when unknown.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {"visits": ("start", "end", "published")}


def _is_text(column: pd.Series) -> bool:
    if column.dtype == "string":
        return True
    if column.dtype != object:
        return False
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, str) for v in values)


def with_na(table: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """A table as the public functions return it: text columns of pandas' nullable ``string``
    dtype with ``pd.NA`` where a value is missing (stored as "" in the cache and by the
    extractors), and the day columns of ``DATE_COLUMNS[name]`` as datetime64 with ``NaT``."""
    out = table.copy()
    for col in DATE_COLUMNS.get(name or "", ()):
        if col in out.columns and len(out):
            out[col] = pd.to_datetime(out[col].replace("", None), format="%Y-%m-%d")
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].astype("string").replace("", pd.NA)
    return out


def working_form(table: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """The inverse of ``with_na``, for the library's own analyses and scorers: missing text as
    "" (object dtype) and the day columns of ``DATE_COLUMNS[name]`` as ISO strings ("" when
    unknown), the form the extractors write. A table already in that form is returned as is."""
    out = table.copy()
    for col in DATE_COLUMNS.get(name or "", ()):
        if col in out.columns and pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object).where(
                out[col].notna(), "")
    for col in out.columns:
        if out[col].dtype == "string":
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out
