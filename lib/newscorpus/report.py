"""Render the executed notebooks to a self-contained HTML report under build/report/.

``python -m newscorpus.report`` writes one HTML page per notebook (images embedded, no script or
style loaded from the network, ``.ipynb`` links rewritten to ``.html``, a prev/index/next bar) and
an ``index.html`` listing the chapters with the summary paragraph from each notebook's first cell.
Figures saved by the notebooks (PNG + CSV) are already under ``build/report/figures/``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat

from newscorpus import config

_NOTEBOOK_RE = re.compile(r"^\d{2}_.*\.ipynb$")
_LINK_RE = re.compile(r'href="(\d{2}_[^"#]*?)\.ipynb(#[^"]*)?"')
_EMPTY_SCRIPT_RE = re.compile(r'<script[^>]*src=""[^>]*>\s*</script>')
_ELK_IMPORT_RE = re.compile(r"^.*import\s+[^;]*from\s+['\"]https?://[^'\"]+['\"];?\s*$", re.M)


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


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab", embed_images=True, mathjax_url="", require_js_url="",
        jquery_url="", mermaid_js_url="", mermaid_layout_elk_js_url="",
    )


def _nav(pages: list[str], i: int) -> str:
    parts = []
    if i > 0:
        parts.append(f'<a href="{pages[i - 1]}">&larr; previous</a>')
    parts.append('<a href="index.html">index</a>')
    if i + 1 < len(pages):
        parts.append(f'<a href="{pages[i + 1]}">next &rarr;</a>')
    return '<nav class="nc-nav" style="padding:0.5em 1em;font-family:sans-serif">' + " | ".join(parts) + "</nav>"


def render(folder: Path | None = None, out: Path | None = None) -> Path:
    """Render every numbered notebook to HTML plus an index; return the index path."""
    out = Path(out or config.REPORT_DIR)
    out.mkdir(parents=True, exist_ok=True)
    paths = notebooks(folder)
    pages = [p.with_suffix(".html").name for p in paths]
    exporter = _exporter()
    entries = []
    for i, path in enumerate(paths):
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb)
        body = _EMPTY_SCRIPT_RE.sub("", body)
        body = _ELK_IMPORT_RE.sub("", body)
        body = _LINK_RE.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
        nav = _nav(pages, i)
        body = re.sub(r"(<body[^>]*>)", r"\1" + nav.replace("\\", r"\\"), body, count=1)
        body = body.replace("</body>", nav + "</body>", 1)
        (out / pages[i]).write_text(body, encoding="utf-8")
        entries.append((pages[i], *summary(nb)))
    items = "\n".join(
        f'<li><h2><a href="{page}">{html.escape(title or page)}</a></h2><p>{html.escape(para)}</p></li>'
        for page, title, para in entries
    )
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newscorpus report</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}
li{{list-style:none;margin-bottom:1.5em}}h2{{margin-bottom:0.2em}}</style></head>
<body><h1>newscorpus — Lavrov's visits to China in the press (2022–2024)</h1>
<p>Chapters in reading order. Each page is a notebook executed top to bottom on <code>seeds/</code>;
figures are embedded, and every figure is also saved as PNG with the CSV of the plotted data in
<a href="figures/">figures/</a>.</p>
<ol>
{items}
</ol></body></html>
"""
    index_path = out / "index.html"
    index_path.write_text(index, encoding="utf-8")
    return index_path


def main() -> None:
    """Entry point for ``python -m newscorpus.report``."""
    index = render()
    print(f"report written: {index.relative_to(config.PROJ_ROOT)} ({len(notebooks())} chapters)")


if __name__ == "__main__":
    main()
