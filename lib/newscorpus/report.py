"""Render the executed notebooks as a Jupyter Book (sphinx-book-theme + myst-nb), fully offline.

``python -m newscorpus.report`` copies the book sources (``book/``: config, table of contents,
intro page, CSS) and the numbered notebooks into a staging folder under ``build/book/``, prepares
the *copies* for reading, and runs ``jupyter-book build`` with execution off: the book renders the
outputs the notebooks already carry (``make notebooks`` executes them first). The committed
notebooks are never written, so building leaves the git tree as it was.

Preparing a copy (:func:`prepare_notebook`), general rules with no chapter named:

* every code cell gets the ``hide-input`` tag (code behind a toggle) unless it already carries a
  ``show-input``, ``hide-input``, ``remove-input`` or ``remove-cell`` tag;
* a cell that draws a figure becomes a numbered figure with alt text: its own
  ``mystnb.figure.caption`` / ``mystnb.image.alt`` metadata if set, else the "**Figure N.** …"
  paragraph of the markdown cell just before or after it (moved into the caption, so the number
  is written once, by Sphinx);
* pandas tables lose a bare 0..n-1 index column, and cells holding a number are marked so the
  stylesheet aligns text left and numbers right; wide tables scroll inside their box (CSS).

The HTML book lands in ``build/book/_build/html/index.html`` (``config.BOOK_DIR``).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from newscorpus import config

_NOTEBOOK_RE = re.compile(r"^\d{2}_.*\.ipynb$")
_TOC_FILE_RE = re.compile(r"^\s*-\s*file:\s*(\S+)\s*$", re.M)
_FIGURE_PARA_RE = re.compile(r"^\*\*Figure\s+\d+\.\*\*\s*(.+)$", re.S)
_NUMBER_RE = re.compile(r"^[-+−]?[\d,]*\.?\d+(e[-+]?\d+)?\s*%?$", re.I)
_CODE_TAGS_KEPT = {"show-input", "hide-input", "remove-input", "remove-cell", "hide-cell"}


def notebooks(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks in reading order."""
    folder = Path(folder or config.NOTEBOOKS_DIR)
    return sorted(p for p in folder.iterdir() if _NOTEBOOK_RE.match(p.name))


def summary(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """(title, first prose paragraph) from the notebook's first markdown cell."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        title, para = "", ""
        for block in re.split(r"\n\s*\n", cell.source.strip()):
            block = block.strip()
            if block.startswith("# ") and not title:
                title = block[2:].strip()
            elif block and not block.startswith(("#", "|", "[", "<", "-", "*", ">")) and not para:
                para = " ".join(block.split())
        if title:
            return title, para
    return "", ""


# --- preparing a notebook copy for reading -----------------------------------------------------

def _has_image(cell) -> bool:
    return cell.cell_type == "code" and any(
        "image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def _plain(markdown: str) -> str:
    """Markdown reduced to one line of plain text (for alt text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def _figure_paragraph(cell) -> tuple[int, str] | None:
    """(index, caption text) of the "**Figure N.** …" paragraph of a markdown cell, if any."""
    if cell is None or cell.cell_type != "markdown":
        return None
    for i, block in enumerate(re.split(r"\n\s*\n", cell.source)):
        m = _FIGURE_PARA_RE.match(block.strip())
        if m:
            return i, " ".join(m.group(1).split())
    return None


def _drop_paragraph(cell, index: int) -> None:
    blocks = re.split(r"\n\s*\n", cell.source)
    del blocks[index]
    cell.source = "\n\n".join(blocks).strip()


def _tag_code(cell) -> None:
    tags = list(cell.metadata.get("tags", []))
    if not _CODE_TAGS_KEPT & set(tags):
        tags.append("hide-input")
    cell.metadata["tags"] = tags


def _figure_metadata(cells: list, i: int, chapter: str) -> None:
    """Give the figure cell ``cells[i]`` a caption and alt text (see the module docstring)."""
    cell = cells[i]
    mystnb = cell.metadata.setdefault("mystnb", {})
    figure = mystnb.setdefault("figure", {})
    image = mystnb.setdefault("image", {})
    if not figure.get("caption"):
        for j in (i - 1, i + 1):
            neighbour = cells[j] if 0 <= j < len(cells) else None
            found = _figure_paragraph(neighbour)
            if found:
                figure["caption"] = found[1]
                _drop_paragraph(neighbour, found[0])
                break
    if not figure.get("caption"):
        mystnb.pop("figure")
    if not image.get("alt"):
        image["alt"] = _plain(figure.get("caption", "")) or f"A figure of chapter {chapter}"


def _tidy_table(html: str) -> str:
    """Drop a bare 0..n-1 index from pandas HTML tables and mark cells holding numbers."""
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.find_all("table", class_="dataframe")
    if not tables:
        return html
    for table in tables:
        body_rows = table.find("tbody").find_all("tr") if table.find("tbody") else []
        head_rows = table.find("thead").find_all("tr") if table.find("thead") else []
        heads = [row.find_all("th") for row in body_rows]
        bare = (bool(body_rows) and len(head_rows) == 1
                and all(len(h) == 1 for h in heads)
                and [h[0].get_text(strip=True) for h in heads] == [str(k) for k in range(len(heads))]
                and not head_rows[0].find("th").get_text(strip=True))
        if bare:
            for h in heads:
                h[0].decompose()
            head_rows[0].find("th").decompose()
        for td in table.find_all("td"):
            if _NUMBER_RE.match(td.get_text(strip=True)):
                td["class"] = [*td.get("class", []), "nc-num"]
    return str(soup)


def prepare_notebook(nb: nbformat.NotebookNode, chapter: str = "") -> nbformat.NotebookNode:
    """A copy of ``nb`` prepared for the book (tags, figure captions and alt text, tables)."""
    nb = copy.deepcopy(nb)
    # Saved widget state makes myst-nb load the widget manager from a CDN: the book is offline,
    # and a widget cannot run in a static page anyway.
    nb.metadata.pop("widgets", None)
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        _tag_code(cell)
        if _has_image(cell):
            _figure_metadata(cells, i, chapter)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                html = data["text/html"]
                html = "".join(html) if isinstance(html, list) else html
                data["text/html"] = _tidy_table(html)
    return nb


# --- the build ---------------------------------------------------------------------------------

def toc_files(book_source: Path) -> list[str]:
    """The chapter files the book's ``_toc.yml`` lists."""
    return _TOC_FILE_RE.findall((book_source / "_toc.yml").read_text(encoding="utf-8"))


def stage(notebooks_dir: Path | None = None, book_source: Path | None = None,
          out: Path | None = None) -> Path:
    """Copy the book sources and prepared notebook copies into ``<out>/src``; return it."""
    book_source = Path(book_source or config.BOOK_SOURCE_DIR)
    out = Path(out or config.BOOK_DIR)
    paths = notebooks(notebooks_dir)
    if not paths:
        raise FileNotFoundError(f"{notebooks_dir or config.NOTEBOOKS_DIR}: no numbered notebooks")
    listed = toc_files(book_source)
    missing = sorted({p.stem for p in paths} - set(listed))
    if missing:
        raise ValueError(f"{book_source / '_toc.yml'}: notebooks not in the table of contents: "
                         f"{', '.join(missing)}")
    src = out / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(book_source, src, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    _note_other_corpus(src / "intro.md")
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.write(prepare_notebook(nb, path.stem[:2]), src / path.name)
    return src


def _note_other_corpus(intro: Path) -> None:
    """Say on the intro page which folder the chapters read when it is not the study's seeds."""
    chosen = os.environ.get("NEWSCORPUS_CORPUS", "").strip()
    if not chosen or not intro.is_file() or config.is_study_corpus(Path(chosen).expanduser()):
        return
    note = (f"```{{note}}\nThis build reads the folder `{Path(chosen).expanduser().name}/`, not the "
            "study's seeds: every chapter computes its numbers on that folder. The study description "
            "below, and the evaluations against hand annotations (which exist for the seeds only), "
            "are the package's.\n```\n\n")
    text = intro.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n\n")
    intro.write_text(head + "\n\n" + note + rest, encoding="utf-8")


def build(notebooks_dir: Path | None = None, out: Path | None = None,
          book_source: Path | None = None) -> Path:
    """Stage and build the HTML book under ``out`` (default ``build/book``); return index.html."""
    out = Path(out or config.BOOK_DIR)
    src = stage(notebooks_dir, book_source, out)
    html = out / "_build" / "html"
    if (out / "_build").exists():
        shutil.rmtree(out / "_build")  # a fresh build every time: no stale pages or numbers
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(src), "--path-output",
           str(out), "--builder", "html", "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0 or not (html / "index.html").is_file():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise RuntimeError(f"jupyter-book build of {src} failed (exit {done.returncode}):\n{tail}")
    return html / "index.html"


def render(folder: Path | None = None, out: Path | None = None) -> Path:
    """The former name of :func:`build` (``benchmarks/annotate.py`` calls it): same arguments."""
    return build(folder, out)


def main(argv: list[str] | None = None) -> None:
    """Entry point for ``python -m newscorpus.report``."""
    parser = argparse.ArgumentParser(prog="python -m newscorpus.report", description=__doc__
                                     .split("\n")[0])
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder of executed numbered notebooks (default: notebooks/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: build/book)")
    args = parser.parse_args(argv)
    index = build(args.notebooks, args.out)
    print(f"book written: {index} ({len(notebooks(args.notebooks))} chapters)")


if __name__ == "__main__":
    main()
