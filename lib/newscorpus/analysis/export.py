"""Writing tables for spreadsheets: Excel and CSV files in which no cell can run as a formula.

Article text, quotations and names can start with ``=``, ``+``, ``-`` or ``@`` ("-- Reuters",
"=== UPDATE ===", "@username"); a spreadsheet program opening such a cell runs it as a formula
(OWASP "CSV injection"). Every text cell that starts with one of those characters, or with a tab
or carriage return, is written with a leading apostrophe (the OWASP escaping), and in the Excel
file it is also stored as a string cell, never a formula. Numbers, dates and booleans are written
as they are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the rows of a sheet (header included).
EXCEL_MAX_ROWS = 1_048_576
#: Excel's limit on the characters of a cell (a longer one makes the workbook "damaged").
EXCEL_MAX_CELL = 32_767


def _with_index(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with a meaningful index (anything but 0..n-1) turned into leading columns."""
    if isinstance(table.index, pd.RangeIndex) and table.index.name is None:
        return table
    return table.reset_index()


def escape_cell(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is text starting with a formula character;
    anything else (numbers, dates, missing values, other text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def escape_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells (and column names) cannot be read as formulas."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(escape_cell, na_action="ignore")
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def to_csv(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``table`` as UTF-8 CSV (RFC 4180 line ends; missing values empty; a meaningful
    index, e.g. of a co-mention matrix, as leading columns), text cells escaped so that no
    spreadsheet runs them as formulas. Returns the path."""
    path = Path(path)
    escape_formulas(_with_index(table)).to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
    return path


def to_excel(table: pd.DataFrame, path: str | os.PathLike, sheet: str = "table") -> Path:
    """Write ``table`` to an Excel workbook (.xlsx, one sheet; a meaningful index as leading
    columns) with openpyxl; no cell is a formula (text starting with ``= + - @``, tab or CR
    is escaped and stored as text). Time-zone-aware datetimes are written as UTC without the
    zone (Excel has none). A text longer than Excel's 32,767 characters a cell is an error
    naming the column (drop or shorten it; CSV and Parquet have no such limit). Returns the
    path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: to_excel writes .xlsx files; name the file *.xlsx")
    if len(table) + 1 > EXCEL_MAX_ROWS:
        raise ValueError(f"{path}: {len(table):,} rows do not fit in an Excel sheet "
                         f"({EXCEL_MAX_ROWS - 1:,} at most); write CSV or Parquet instead")
    from openpyxl import Workbook

    safe = escape_formulas(_with_index(table))
    for col in safe.columns:
        s = safe[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            safe[col] = s.dt.tz_convert("UTC").dt.tz_localize(None)
        elif s.dtype == object or isinstance(s.dtype, pd.StringDtype):
            lengths = s.map(lambda v: len(v) if isinstance(v, str) else 0)
            if len(lengths) and lengths.max() > EXCEL_MAX_CELL:
                raise ValueError(
                    f"{path}: column {col!r} holds text of {lengths.max():,} characters (row "
                    f"{int(lengths.to_numpy().argmax())}); an Excel cell holds at most "
                    f"{EXCEL_MAX_CELL:,}. Drop or shorten the column, or write CSV/Parquet")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append([_cell(c) for c in safe.columns])
    for row in safe.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    wb.save(path)
    return path


def _cell(value: Any) -> Any:
    """A value openpyxl writes as data: missing values empty, numpy scalars as Python values,
    anything else as text (already escaped: openpyxl makes a formula of a leading '=')."""
    if value is None or (not isinstance(value, str | bytes | list | tuple | dict)
                         and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)
