"""The out-of-sample figure: the shared development set's scorer, run on this package.

The seeds' gold (``annotations/``) was written together with the rules, so every seed figure is
in-sample. The development set (``../shared/devset/``: 30 scrapes imitating 30 outlets, with gold
and its own ``score.py``) was not, and its figures are what a user should expect on a corpus of
their own. Scoring it takes about a minute, so notebooks read the committed record
:data:`RECORD` (``annotations/devset_scores.json``: the scorer's JSON, the command and the code
commit it ran on) and a test (``tests/test_devset_record.py``) re-runs the scorer and fails when the
record no longer matches the code.

    run_scorer(devset)   -> dict   the scorer's own JSON output (runs it in a subprocess)
    write_record(devset) -> dict   run it and store the result in RECORD
    recorded()           -> dict   the stored record
    summary(record)      -> DataFrame  one row per measure, labelled "devset"
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from newscorpus import config

RECORD = config.ANNOTATIONS_DIR / "devset_scores.json"
#: Where the development set lies in this workplace (beside the checkout); override by argument.
DEFAULT_DEVSET = config.PROJ_ROOT.parent / "shared" / "devset"


def command(devset: str | Path = DEFAULT_DEVSET) -> list[str]:
    """The scorer's command line, with the manifest of addresses (``--urls``) as the issue asks."""
    d = Path(devset)
    return [sys.executable, str(d / "score.py"), "project", str(d / "articles"), str(d / "gold"),
            "--urls", str(d / "urls.csv"), "--json"]


def run_scorer(devset: str | Path = DEFAULT_DEVSET) -> dict:
    """Run ``score.py project`` on the development set; return its JSON result."""
    d = Path(devset)
    if not (d / "score.py").is_file():
        raise FileNotFoundError(f"{d}: no development set here (score.py missing)")
    done = subprocess.run(command(d), capture_output=True, text=True, check=False,
                          cwd=config.PROJ_ROOT)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no message)"]
        raise RuntimeError(f"{d / 'score.py'} failed: {tail[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_record(devset: str | Path = DEFAULT_DEVSET, commit: str = "") -> dict:
    """Run the scorer and store its result (with the command and the code commit) in :data:`RECORD`."""
    result = run_scorer(devset)
    record = {
        "command": ".venv/bin/python ../shared/devset/score.py project ../shared/devset/articles "
                   "../shared/devset/gold --urls ../shared/devset/urls.csv",
        "commit": commit,
        "result": result,
    }
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return record


def recorded() -> dict:
    """The stored record (see :func:`write_record`)."""
    return json.loads(RECORD.read_text(encoding="utf-8"))


def summary(record: dict | None = None) -> pd.DataFrame:
    """One row per measure of the record: measure, value, detail -- every row labelled devset."""
    rec = record if record is not None else recorded()
    r = rec["result"]
    rows = [
        ("body bag-of-words F1", r["body_bag"]["f1"], f"P {r['body_bag']['p']}, R {r['body_bag']['r']}"),
        ("outlet right", r["metadata"]["outlet"], "address known for 20 of 30"),
        ("publication date right", r["metadata"]["published"], ""),
        ("title right", r["metadata"]["title"], ""),
        ("canonical entity F1 (typed)", r["entities_typed"]["f1"],
         f"P {r['entities_typed']['p']}, R {r['entities_typed']['r']}"),
        ("names split across articles", len(r["split_across_docs"]), ", ".join(r["split_across_docs"])),
        ("named-visitor visit F1", r["visits"]["f1"],
         f"P {r['visits']['p']}, R {r['visits']['r']} (tp {r['visits']['tp']}, fp {r['visits']['fp']}, "
         f"fn {r['visits']['fn']})"),
        ("visit month right (dated matches)", r["visits"]["month_ok"], ""),
    ]
    out = pd.DataFrame(rows, columns=["measure", "value", "detail"])
    out.insert(0, "sample", "devset (30 unseen outlets)")
    return out.astype({"value": str})


if __name__ == "__main__":  # python -m newscorpus.evaluation.devset [COMMIT]
    rec = write_record(commit=sys.argv[1] if len(sys.argv) > 1 else "")
    print(json.dumps(rec["result"]))
