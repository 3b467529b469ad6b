"""One cached loader for the package's data files (``data/*``) and a user's own knowledge files.

Every file is cached under the key ``(resolved path, size, mtime_ns)`` — the same facts the cache
fingerprints use — so a file edited inside a running kernel is read again on the next call and
nobody is served the old content under a new fingerprint. Parsed values are shared: callers must
treat them as read-only (copy before changing).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from newscorpus import config

#: (path, size, mtime_ns, parser name) -> parsed value; a changed file gets a new key.
_CACHE: dict[tuple[str, int, int, str], Any] = {}


def file_key(path: str | os.PathLike) -> tuple[str, int, int]:
    """(resolved path, size in bytes, modification time in ns): what a cached read depends on."""
    p = Path(path).resolve()
    st = p.stat()
    return (str(p), st.st_size, st.st_mtime_ns)


def data_path(name: str) -> Path:
    """The packaged data file ``name`` (e.g. ``"boilerplate.yaml"``)."""
    return config.DATA_DIR / name


def load(path: str | os.PathLike, parse: Callable[[str], Any] | None = None) -> Any:
    """The parsed content of ``path``, re-read whenever the file changes.

    ``parse`` turns the file's text into a value (default: YAML for ``.yaml``/``.yml`` files,
    else the text itself). Raises FileNotFoundError naming the file if it does not exist.
    """
    key = file_key(path)
    if parse is None:
        parse = _parse_yaml if Path(path).suffix.lower() in {".yaml", ".yml"} else str
    full = (*key, getattr(parse, "__qualname__", repr(parse)))
    if full not in _CACHE:
        for old in [k for k in _CACHE if k[0] == key[0] and k[3] == full[3]]:
            del _CACHE[old]  # the file changed: forget its previous content
        _CACHE[full] = parse(Path(key[0]).read_text(encoding="utf-8"))
    return _CACHE[full]


def load_data(name: str, parse: Callable[[str], Any] | None = None) -> Any:
    """``load`` of the packaged data file ``name``."""
    return load(data_path(name), parse)


def _parse_yaml(text: str) -> Any:
    return yaml.safe_load(text)
