"""newscorpus: load, clean and annotate a news corpus for entity, outlet and visit analyses.

The public API is re-exported here and resolved lazily, so ``import newscorpus`` stays fast
(spaCy is imported only when a function that needs it is first used).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API: dict[str, str] = {
    # corpus (issue 2)
    "load_corpus": "newscorpus.corpus.load",
    "CorpusProblem": "newscorpus.corpus.read",
    "clean_text": "newscorpus.corpus.clean",
    # pipeline / tokens
    "nlp": "newscorpus.pipeline",
    "tokens": "newscorpus.tables",
    # entities (issue 3)
    "entities": "newscorpus.tables",
    "entity_counts": "newscorpus.analysis.counts",
    "evaluate_entities": "newscorpus.evaluation.entities",
    "knowledge_table": "newscorpus.knowledge",
    # outlets (issue 4)
    "quotes": "newscorpus.tables",
    "framing": "newscorpus.analysis.outlets",
    "distinctive_terms": "newscorpus.analysis.outlets",
    # visits (issue 5)
    "dates": "newscorpus.tables",
    "visits": "newscorpus.tables",
    "timeline": "newscorpus.analysis.timeline",
    # exploration (issue 13)
    "kwic": "newscorpus.analysis.kwic",
    "entity_counts_over_time": "newscorpus.analysis.counts",
    "term_counts_over_time": "newscorpus.analysis.counts",
    "to_excel": "newscorpus.analysis.export",
    "to_csv": "newscorpus.analysis.export",
    "attention_figure": "newscorpus.plots",
    "explorer": "newscorpus.plots",
    # scale (issue 6)
    "annotate": "newscorpus.tables",
    "load_table": "newscorpus.tables",
    # figures
    "save_figure": "newscorpus.plots",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str) -> Any:
    """Import public API members on first use."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'newscorpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from newscorpus.corpus.load import CorpusProblem, load_corpus  # noqa: F401
    from newscorpus.pipeline import nlp  # noqa: F401
