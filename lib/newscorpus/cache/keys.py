"""What a cached row is keyed by: document keys, and the fingerprint of the pipeline and code.

A document key is a SHA-256 of the corpus row (every column but ``NOT_KEYED``), so an edited
document gets a new key and is re-parsed. A table's fingerprint hashes the model name and
version, spaCy/thinc/newscorpus versions, the ops back end, the spaCy components the table
needs, the source code of the table's module and everything in ``newscorpus`` it imports, and
the files under ``config.DATA_DIR`` those sources name (the knowledge table): change any of them
and the table is recomputed; other tables stay valid. ``cache.memo`` keys derived results on the
same ingredients.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from newscorpus import __version__, config, pipeline
from newscorpus.corpus.missing import working_row

#: Bump when the on-disk layout changes; a cache with another format is refused with an error.
CACHE_FORMAT = 1
#: The table of corpus rows (no parsing; keyed like every other table).
DOCS = "docs"

#: Components of en_core_web_sm; tagger and parser listen to the shared tok2vec, ner has its own.
ALL_COMPONENTS = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})
_LISTENERS = {"tagger", "parser"}
SYNTAX = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"})


def exclude_for(needs: Iterable[str]) -> tuple[str, ...]:
    """spaCy components to exclude so that only ``needs`` (and what they depend on) run."""
    keep = set(needs)
    if keep & _LISTENERS:
        keep.add("tok2vec")
    if "lemmatizer" in keep:  # the rule lemmatizer reads POS from tagger + attribute_ruler
        keep |= {"tagger", "attribute_ruler", "tok2vec"}
    return tuple(sorted(ALL_COMPONENTS - keep))


#: Corpus columns that are not part of a document's key: where the file lives, and the raw
#: scrape (every table is computed from the clean text and metadata, and ``load_corpus(...,
#: keep_raw=False)`` leaves it empty).
NOT_KEYED = ("path", "raw_text")


def doc_keys(corpus: pd.DataFrame) -> list[str]:
    """Content hash of every corpus row (all columns but ``NOT_KEYED``), in corpus order; a
    missing value hashes as "" (the working form), so both forms of a table share a cache."""
    cols = [c for c in corpus.columns if c not in NOT_KEYED]
    keys = []
    for start in range(0, len(corpus), 1024):  # a block of row dicts at a time
        block = corpus[cols].iloc[start:start + 1024].to_dict("records")
        keys.extend(_row_key(working_row(r)) for r in block)
    return keys


def _row_key(rec: Mapping[str, Any]) -> str:
    payload = json.dumps({k: _jsonable(v) for k, v in rec.items() if k not in NOT_KEYED},
                         sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _jsonable(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return str(v)


def _module_source(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


#: Modules never part of a table's code fingerprint: the package's lazy re-exports and the cache
#: machinery itself (its layout is versioned by CACHE_FORMAT; memo's by MEMO_FORMAT).
_NOT_CODE = frozenset({"newscorpus", "newscorpus.tables", "newscorpus.tables.registry",
                       "newscorpus.tables.annotation", "newscorpus.tables.fingerprints",
                       "newscorpus.tables.na", "newscorpus.tables.progress",
                       "newscorpus.tables.read", "newscorpus.tables.workers",
                       "newscorpus.cli", "newscorpus.__main__",
                       "newscorpus.cache", "newscorpus.cache.keys", "newscorpus.cache.parts",
                       "newscorpus.cache.memo"})


@cache
def _imports_closure(module: str) -> tuple[str, ...]:
    """``module`` and every newscorpus module it imports, transitively (by reading the source)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        mod = todo.pop()
        if mod in seen or mod in _NOT_CODE or _module_source(mod) is None:
            continue
        seen.add(mod)
        todo.extend(_direct_imports(mod))
    return tuple(sorted(seen))


@cache
def _direct_imports(module: str) -> tuple[str, ...]:
    """The newscorpus modules that ``module``'s source imports (parsed once per process)."""
    path = _module_source(module)
    if path is None:
        return ()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found.extend(n for n in names if n.split(".")[0] == "newscorpus" and _is_module(n))
    return tuple(dict.fromkeys(found))


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _code_and_data_hash(modules: Iterable[str]) -> str:
    """Hash of the sources of ``modules`` (with their newscorpus imports) and of the files of
    config.DATA_DIR whose file name or stem appears in those sources (e.g. "knowledge.csv").

    Computed once per process, like the imported code it stands for: a running kernel keeps
    the code it imported even if the files are edited afterwards.
    """
    return _code_and_data_hash_once(tuple(sorted(modules)))


@cache
def _code_and_data_hash_once(modules: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    sources = []
    for mod in sorted({m for top in modules for m in _imports_closure(top)}):
        path = _module_source(mod)
        if path is not None:
            src = path.read_bytes()
            sources.append(src)
            h.update(mod.encode() + b"\0" + src + b"\0")
    if config.DATA_DIR.is_dir():
        for path in sorted(config.DATA_DIR.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            names = {path.name.encode(), path.stem.encode()}
            if any(n in src for src in sources for n in names):
                h.update(str(path.relative_to(config.DATA_DIR)).encode() + b"\0")
                h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _model_version(model: str) -> str:
    spec = importlib.util.find_spec(model)
    for loc in (spec.submodule_search_locations or []) if spec else []:
        meta = Path(loc) / "meta.json"
        if meta.is_file():
            return json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown")
    return "unknown"


@dataclass(frozen=True)
class Settings:
    """Pipeline settings that a worker needs to rebuild the exact same pipeline."""

    model: str
    use_blis: bool
    batch_size: int = 32
    knowledge_file: str | None = None  # $NEWSCORPUS_KNOWLEDGE, passed on to every worker


def settings(model: str | None = None, use_blis: bool | None = None,
             batch_size: int = 32) -> Settings:
    """Resolve the model name and ops back end exactly as ``pipeline.nlp`` would."""
    blis = pipeline.default_use_blis() if use_blis is None else bool(use_blis)
    user = os.environ.get(pipeline.KNOWLEDGE_ENV) or None
    return Settings(pipeline.resolve_model(model), blis, batch_size, user)


def _file_hash(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def pipeline_description(table: str, s: Settings, module: str | None = None,
                         needs: Iterable[str] = ()) -> dict[str, Any]:
    """Everything the cached rows of ``table`` depend on besides the document itself: those of
    a table whose extractor lives in ``module`` and needs the spaCy components ``needs`` (the
    docs table has neither)."""
    if table == DOCS:
        return {"cache_format": CACHE_FORMAT, "table": DOCS, "newscorpus": __version__}
    needs = frozenset(needs)
    # the knowledge ruler (newscorpus.knowledge + its data) is added to the pipeline with ner
    modules = [module, "newscorpus.pipeline"]
    if "ner" in needs:
        modules.append("newscorpus.knowledge")
    return {
        "cache_format": CACHE_FORMAT,
        "table": table,
        "newscorpus": __version__,
        "model": s.model,
        "model_version": _model_version(s.model),
        "spacy": _version("spacy"),
        "thinc": _version("thinc"),
        "use_blis": s.use_blis,
        "components": sorted(ALL_COMPONENTS - set(exclude_for(needs))),
        "code_and_data": _code_and_data_hash(modules),
        # the user's own knowledge entries change the ruler and the canonical names
        "user_knowledge": _file_hash(s.knowledge_file) if "ner" in needs else "",
    }


def fingerprint(table: str, s: Settings, module: str | None = None,
                needs: Iterable[str] = ()) -> str:
    """Short hash of ``pipeline_description`` (the folder name of the table's valid parts)."""
    desc = json.dumps(pipeline_description(table, s, module, needs), sort_keys=True)
    return hashlib.sha256(desc.encode()).hexdigest()[:16]
