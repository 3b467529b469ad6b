"""The package's public API: every listed name resolves, and no module shadows a function."""

from __future__ import annotations

import importlib
import subprocess
import sys

import newscorpus


def test_every_public_name_resolves():
    for name in newscorpus._API:
        assert getattr(newscorpus, name) is not None, name


def test_no_public_name_is_also_a_module_of_the_package():
    # A submodule named like a public function would replace it on the package when imported
    # (the reason for the old import hacks); the layout keeps the two name spaces apart.
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(newscorpus.__path__)}
    assert not modules & set(newscorpus._API), modules & set(newscorpus._API)
    for name in sorted(modules):
        importlib.import_module(f"newscorpus.{name}")
    for name in newscorpus._API:
        assert not isinstance(getattr(newscorpus, name), type(newscorpus)), name


def test_import_is_light():
    # `import newscorpus` must not pull in spaCy: notebooks and the CLI start fast.
    code = "import sys, newscorpus; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
