"""Excel and CSV exports never turn text into a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from openpyxl import load_workbook

from newscorpus.analysis.export import escape_cell, to_csv, to_excel

RISKY = ["=HYPERLINK(\"http://x\",\"click\")", "+7 495 000", "-- Reuters", "@handle", "\tcell",
         "\rcell"]


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "text": pd.array([*RISKY, "plain text", pd.NA], dtype="string"),
        "count": [1, 2, 3, 4, 5, 6, 7, -8],
        "published": pd.to_datetime(["2024-04-08"] * 7 + [None]),
    })


def test_excel_cells_are_data_never_formulas(tmp_path):
    path = to_excel(_table(), tmp_path / "t.xlsx")
    rows = list(load_workbook(path).active.iter_rows())
    assert [c.value for c in rows[0]] == ["text", "count", "published"]
    body = rows[1:]
    assert all(c.data_type != "f" for row in rows for c in row)
    assert [r[0].value for r in body[:6]] == ["'" + v for v in RISKY]
    assert body[6][0].value == "plain text" and body[7][0].value is None
    assert [r[1].value for r in body] == [1, 2, 3, 4, 5, 6, 7, -8]  # numbers stay numbers
    assert body[0][2].data_type == "d" and body[7][2].value is None


def test_csv_is_escaped_the_same_way(tmp_path):
    path = to_csv(_table(), tmp_path / "t.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:7]] == ["'" + v for v in RISKY]
    assert rows[7][0] == "plain text" and rows[8][0] == "" and rows[8][1] == "-8"


def test_escape_cell_leaves_other_values_alone():
    assert escape_cell("war") == "war" and escape_cell(-3) == -3 and escape_cell(None) is None


def test_excel_needs_an_xlsx_name(tmp_path):
    with pytest.raises(ValueError, match=r"t\.xls: to_excel writes .xlsx"):
        to_excel(_table(), tmp_path / "t.xls")


def test_an_index_is_kept_and_an_overlong_cell_is_a_clear_error(tmp_path):
    matrix = pd.DataFrame([[2, 1], [1, 3]], index=pd.Index(["Lavrov", "Wang"], name="PERSON"),
                          columns=["Lavrov", "Wang"])
    rows = list(load_workbook(to_excel(matrix, tmp_path / "m.xlsx")).active.values)
    assert rows == [("PERSON", "Lavrov", "Wang"), ("Lavrov", 2, 1), ("Wang", 1, 3)]
    assert pd.read_csv(to_csv(matrix, tmp_path / "m.csv")).columns.tolist() == [
        "PERSON", "Lavrov", "Wang"]
    long = pd.DataFrame({"doc_id": ["a"], "text": ["word " * 7000]})
    with pytest.raises(ValueError, match=r"column 'text' holds text of 35,000 characters"):
        to_excel(long, tmp_path / "long.xlsx")
