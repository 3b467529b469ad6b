"""Progress bars: whether the table functions show one (``show_progress``) and the bar itself."""

from __future__ import annotations

import os
import sys
from typing import Any


def _progress(total: int, enabled: bool, desc: str = "annotating") -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="doc", disable=not enabled)


#: Environment variable: 1 shows progress bars, 0 hides them (overrides the automatic choice).
PROGRESS_ENV = "NEWSCORPUS_PROGRESS"


def show_progress(progress: bool | None = None) -> bool:
    """Whether the table functions show a progress bar while parsing.

    ``progress`` True/False decides; None (the default) reads $NEWSCORPUS_PROGRESS (1/0), else
    shows a bar only to a person watching: in a Jupyter kernel whose front end takes input
    (JupyterLab, Notebook, VS Code: they send ``allow_stdin=True``), or in a terminal (stderr
    is a TTY). Notebooks executed by nbconvert/nbclient or checked by nbval run with
    ``allow_stdin=False`` and get no bar, so no bar is written into (or compared against) the
    committed outputs; nor do pipes, logs, or tests.
    """
    if progress is not None:
        return bool(progress)
    env = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    if env in ("0", "false", "no", "off"):
        return False
    kernel = _kernel()
    if kernel is not None:
        return bool(getattr(kernel, "_allow_stdin", False))
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr replaced by an object without a file
        return False


def _kernel() -> Any:
    """The running IPython kernel, or None (IPython is only looked at if already imported)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    return getattr(shell, "kernel", None)
