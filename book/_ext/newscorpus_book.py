"""Sphinx extension for the newscorpus book (offline, chapters that read on their own).

* Figures and tables are numbered per chapter (Figure 1, 2, … on every page): without numbered
  sections Sphinx counts them across the whole book, while each notebook's prose refers to its
  own chapter's "Figure 1".
* Thebe (live code, which Jupyter Book always loads) is left out of the pages: its loader points
  at a CDN, and its configuration script is declared twice on notebook pages, which throws in the
  browser console. The book renders stored outputs; nothing runs in the reader's browser.
"""


def _renumber(app, env):
    for types in env.toc_fignumbers.values():
        for ids in types.values():
            for n, figure_id in enumerate(sorted(ids, key=ids.get), start=1):
                ids[figure_id] = (n,)
    return []


def _is_thebe(asset) -> bool:
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in name.lower() or "thebe" in body.lower()


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if context.get(key):
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app):
    app.connect("env-get-updated", _renumber, priority=900)
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
