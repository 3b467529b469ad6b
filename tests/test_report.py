"""The book's preparation of notebook copies, and the staging of the sources (no Sphinx run here;
tests/test_book.py builds the book and opens it in a browser)."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from newscorpus import config, report


def _figure_cell(source="fig, ax = plt.subplots()\nplt.show()"):
    cell = new_code_cell(source)
    cell.outputs = [new_output("display_data", data={"image/png": "iVBORw0KGgo=",
                                                     "text/plain": "<Figure>"})]
    return cell


def _notebook():
    table = pd.DataFrame({"outlet": ["The Coastal Ledger", "Danube Daily"], "mentions": [12, 3]})
    shown = new_code_cell("table")
    shown.outputs = [new_output("execute_result", data={"text/html": table.to_html(),
                                                        "text/plain": str(table)},
                                execution_count=1)]
    return nbformat.from_dict(new_notebook(cells=[
        new_markdown_cell("# 09 Example\n\nWe count things."),
        shown,
        new_markdown_cell("## Who\n\n**Figure 1.** Mentions of *Okafor* per outlet."),
        _figure_cell(),
        new_code_cell("print('kept visible')", metadata={"tags": ["show-input"]}),
    ]))


def test_code_is_hidden_behind_a_toggle_unless_the_cell_opts_out():
    nb = report.prepare_notebook(_notebook(), "09")
    assert nb.cells[1].metadata["tags"] == ["hide-input"]
    assert nb.cells[3].metadata["tags"] == ["hide-input"]
    assert nb.cells[4].metadata["tags"] == ["show-input"]


def test_the_figure_paragraph_becomes_the_numbered_caption_and_alt_text():
    original = _notebook()
    nb = report.prepare_notebook(original, "09")
    meta = nb.cells[3].metadata["mystnb"]
    assert meta["figure"]["caption"] == "Mentions of *Okafor* per outlet."
    assert meta["image"]["alt"] == "Mentions of Okafor per outlet."
    assert nb.cells[2].source == "## Who"  # the number is written once, by Sphinx
    assert "Figure 1." in original.cells[2].source  # the committed notebook is untouched
    assert "mystnb" not in original.cells[3].metadata


def test_explicit_metadata_wins_and_an_uncaptioned_figure_still_gets_alt_text():
    nb = _notebook()
    nb.cells[3].metadata["mystnb"] = {"figure": {"caption": "Mine."}, "image": {"alt": "A bar."}}
    lone = nbformat.from_dict(new_notebook(cells=[_figure_cell()]))
    assert report.prepare_notebook(nb).cells[3].metadata["mystnb"]["image"]["alt"] == "A bar."
    meta = report.prepare_notebook(lone, "07").cells[0].metadata["mystnb"]
    assert "figure" not in meta and meta["image"]["alt"] == "A figure of chapter 07"


def test_tables_lose_the_bare_index_and_mark_numbers():
    html = report.prepare_notebook(_notebook()).cells[1].outputs[0]["data"]["text/html"]
    assert "<th>0</th>" not in html and "<th>1</th>" not in html
    assert '<td class="nc-num">12</td>' in html
    assert "<td>The Coastal Ledger</td>" in html
    named = pd.DataFrame({"n": [1]}, index=pd.Index(["Okafor"], name="person")).to_html()
    assert "<th>Okafor</th>" in report._tidy_table(named)  # a real index is kept


def test_a_notebook_missing_from_the_toc_is_named(tmp_path):
    nbs, book = tmp_path / "nbs", tmp_path / "book"
    nbs.mkdir()
    book.mkdir()
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: 01_a\n",
                                   encoding="utf-8")
    for name in ("01_a", "02_b"):
        nbformat.write(_notebook(), nbs / f"{name}.ipynb")
    with pytest.raises(ValueError, match="02_b"):
        report.stage(nbs, book, tmp_path / "out")


def test_the_toc_lists_every_numbered_notebook_and_staging_copies_them(tmp_path):
    names = [p.stem for p in report.notebooks()]
    assert names and report.toc_files(config.BOOK_SOURCE_DIR) == names
    src = report.stage(out=tmp_path)
    for name in names:
        staged = nbformat.read(src / f"{name}.ipynb", as_version=4)
        assert all("hide-input" in c.metadata.get("tags", []) for c in staged.cells
                   if c.cell_type == "code")
    assert (src / "_config.yml").is_file() and (src / "_static" / "newscorpus.css").is_file()


def test_saved_widget_state_is_dropped_so_the_book_loads_nothing_from_a_cdn():
    nb = _notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert "widgets" not in report.prepare_notebook(nb).metadata
    assert "widgets" in nb.metadata  # the committed notebook is untouched


def test_the_intro_says_which_folder_a_book_on_another_corpus_reads(tmp_path, monkeypatch):
    fixture = config.STUDY_ROOT / "tests" / "data" / "fixture_corpus"
    monkeypatch.setenv("NEWSCORPUS_CORPUS", str(fixture))
    intro = (report.stage(out=tmp_path / "other") / "intro.md").read_text(encoding="utf-8")
    assert "reads the folder `fixture_corpus/`" in intro
    assert intro.startswith("# ")  # the note comes after the title
    monkeypatch.setenv("NEWSCORPUS_CORPUS", str(config.SEEDS_DIR))
    study = (report.stage(out=tmp_path / "seeds") / "intro.md").read_text(encoding="utf-8")
    assert "This build reads" not in study
