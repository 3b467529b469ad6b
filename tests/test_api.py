"""The package's public API: every listed name resolves, and functions are not shadowed."""

from __future__ import annotations

import importlib
import subprocess
import sys

import newscorpus


def test_every_public_name_resolves():
    for name in newscorpus._API:
        assert getattr(newscorpus, name) is not None, name


def test_functions_survive_importing_their_same_named_modules():
    # Importing newscorpus.entities (the module) must not replace newscorpus.entities (the function).
    for name in sorted(newscorpus._SHADOWED):
        importlib.import_module(f"newscorpus.{name}")
        assert callable(getattr(newscorpus, name)), name
        assert getattr(newscorpus, name).__name__ == name


def test_import_is_light():
    # `import newscorpus` must not pull in spaCy: notebooks and the CLI start fast.
    code = "import sys, newscorpus; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
