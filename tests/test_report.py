"""The HTML report: every link in the index resolves and every image is embedded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscorpus import config, report


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    report.render(config.NOTEBOOKS_DIR, out)
    return out


def test_every_notebook_is_rendered_and_listed(rendered):
    nbs = report.notebooks()
    assert nbs, "no numbered notebooks found"
    index = (rendered / "index.html").read_text(encoding="utf-8")
    for nb in nbs:
        page = nb.with_suffix(".html").name
        assert (rendered / page).is_file()
        assert f'href="{page}"' in index


def test_index_links_resolve(rendered):
    index = (rendered / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]+)"', index)
    assert links
    for link in links:
        if link.endswith("/"):
            continue  # the figures folder is filled by the notebooks themselves
        assert (rendered / link).exists(), link


def test_chapter_links_point_to_html_pages_that_exist(rendered):
    for page in rendered.glob("*.html"):
        body = page.read_text(encoding="utf-8")
        assert ".ipynb\"" not in body, f"{page.name} still links a .ipynb file"
        for link in re.findall(r'href="(\d{2}_[^"#]+\.html)', body):
            assert (rendered / link).is_file(), f"{page.name} links missing {link}"


def test_images_are_embedded_and_nothing_loads_from_the_network(rendered):
    n_images = 0
    for page in rendered.glob("*.html"):
        body = page.read_text(encoding="utf-8")
        for src in re.findall(r'<(?:img|script|link|iframe)[^>]*?\s(?:src|href)="([^"]*)"', body):
            assert not re.match(r"(https?:)?//", src), f"{page.name} loads {src[:80]}"
        imgs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', body)
        assert all(s.startswith("data:image/") for s in imgs), page.name
        n_images += len(imgs)
    assert n_images > 0, "the report has no figures at all"


def test_summary_reads_title_and_first_paragraph():
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    nb = new_notebook(cells=[new_markdown_cell(
        "# 09 Example\n\n[← prev](08_x.ipynb)\n\nWe count things. Counts are right.\n\n## Inputs"
    )])
    assert report.summary(nbformat.from_dict(nb)) == ("09 Example", "We count things. Counts are right.")
