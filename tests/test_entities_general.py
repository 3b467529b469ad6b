"""Entity rules that must hold on text the rules were not written on (probes written first).

``annotations/probe_entities.csv`` holds short passages written for this purpose (not from the
seeds or the development set) with the entities expected of them, recorded with the first-run
output before the general rules were added. Documents of one probe are separated by " ||| " and
run as one corpus (the corpus pass must merge their names). Expected items: ``Canonical/LABEL=n``
(n mentions with that canonical and label, in all documents or ``@k`` in document k only) and
``-name`` (no PERSON/GPE/ORG mention with exactly that canonical name).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd
import pytest

from newscorpus.knowledge import knowledge_table

PROBES = Path(__file__).parents[1] / "annotations" / "probe_entities.csv"
SCORED = {"PERSON", "GPE", "ORG"}


def read_probes(path: Path = PROBES) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def probe_corpus(probe: dict) -> pd.DataFrame:
    docs = [d.strip() for d in probe["input"].split("|||")]
    return pd.DataFrame([{"doc_id": f"{probe['id']}-{k}", "text": t}
                         for k, t in enumerate(docs)])


def check_probe(probe: dict, ents: pd.DataFrame) -> list[tuple[str, bool, str]]:
    """(item, passed, what was found) for every expected item of one probe."""
    out = []
    for item in (i.strip() for i in probe["expected"].split(";")):
        if not item:
            continue
        if item.startswith("-"):
            hit = ents[ents["label"].isin(SCORED) & (ents["canonical"] == item[1:])]
            out.append((item, hit.empty, ", ".join(hit["text"] + "/" + hit["label"])))
            continue
        name, rest = item.rsplit("/", 1)
        label, count = rest.split("=")
        doc = None
        if "@" in count:
            count, doc = count.split("@")
        sel = ents if doc is None else ents[ents["doc_id"] == f"{probe['id']}-{doc}"]
        n = int(((sel["canonical"] == name) & (sel["label"] == label)).sum())
        found = sel[sel["canonical"].str.lower().str.contains(name.split()[-1].lower(),
                                                               regex=False)]
        out.append((item, n == int(count),
                    f"{n}; " + ", ".join(found["text"] + "->" + found["canonical"] + "/"
                                         + found["label"])))
    return out


def run_probes(path: Path = PROBES) -> tuple[int, int, int, int, list]:
    """(items passed, items, probes fully passed, probes, failures)."""
    from newscorpus.tables import entities

    os.environ.setdefault("NEWSCORPUS_CACHE_MODE", "off")
    ok = n = pok = 0
    fails = []
    probes = read_probes(path)
    for p in probes:
        res = check_probe(p, entities(probe_corpus(p)))
        ok += sum(r[1] for r in res)
        n += len(res)
        pok += all(r[1] for r in res)
        fails += [(p["id"], *r) for r in res if not r[1]]
    return ok, n, pok, len(probes), fails


@pytest.fixture(scope="module")
def probe_results():
    from newscorpus.tables import using_cache

    with using_cache(mode="off"):
        return run_probes()


#: items passing after the general rules (first run: 41/76 items, 1/22 probes). Known misses:
#: "Kim" after two Kims resolves to the latest one (e10), the model misses a bare surname (e14)
#: and "Opec+" (e04), ties between name orders (e17), the lower-case "Brazilian foreign ministry"
#: (e12; the seed counting rule R6 says a lower-case ministry is not a name).
#: Batch 2 (e23-e45, head nouns and place tails; first run 34/53 items, 11/23 probes) adds 51 of
#: 53: the model tags neither "Council" in "Council members" (e25) nor "Hampshire" (e45).
#: Batch 3 (e46-e66, title-case acronyms and city spellings; first run 22/45 items, 3/21
#: probes) adds 32 of 45: the model misses "Opec+", "Brics", "Ecowas", "Odesa", "Alma-Ata" and
#: calls "Unicef" a PERSON and "Calcutta" a PRODUCT; "ASEAN" is not read off "Southeast" (e56);
#: former names unlike the new one ("Bombay"/"Mumbai", "Saigon") are left apart on purpose.
#: Batch 4 (e67-e78, regions with a type word; first run 10/23 items, 1/12 probes) adds 18 of
#: 23: the model misses "Kharkiv Oblast" and "Donetsk", calls "Kursk" a PRODUCT; "Nineveh" is
#: in no gazetteer; "State" is no region type word ("Islamic State").
#: Batch 5 (e79-e98, British/American spellings and vowel variants; first run 19/35 items,
#: 4/20 probes) adds 29 of 35: the model misses the second "WHO" (e80) and "Ibrahim Raisi"
#: (e93), cuts "Development Programme" and "Co-operation" (e84, e87), calls "Kennedy Center" a
#: FAC (e83) and "Albanese" a NORP (e97).
#: Batch 6 (e99-e107, names after a title or a possessive; middle initials; first run 17/23
#: items, 5/9 probes) adds 22 of 23: the model calls "Badr Abdelatty" after "Egypt's" an ORG
#: (e100; a possessive alone does not make a person: "Russia's Gazprom").
#: Batch 7 (e108-e113, a title and a name read as one organisation) passed 9/9 on its first
#: run; no rule was added for it.
PROBE_FLOOR = 227


def test_entity_probes_pass(probe_results):
    ok, n, pok, np_, fails = probe_results
    assert ok >= PROBE_FLOOR, fails


if __name__ == "__main__":
    ok, n, pok, np_, fails = run_probes()
    for f in fails:
        print(*f, sep=" | ")
    print(f"items {ok}/{n}, probes {pok}/{np_}")


def test_country_codes_stay_places_without_the_knowledge_table():
    # "US"/"U.S." are not in the general knowledge rows; the acronym rule (acronyms are ORG) and
    # the adjective list must not take them from GPE (they did: general-knowledge F1 on the seeds)
    import pandas as pd

    from newscorpus.evaluation.baselines import entities_with
    from newscorpus.knowledge import knowledge_table

    text = ("Beijing has accused the US of stoking tensions. The U.S. has denied it, and a U.S. "
            "official said talks with China would go on.")
    corpus = pd.DataFrame([{"doc_id": "probe", "text": text, "outlet": "", "published": pd.NaT}])
    ents = entities_with(corpus, knowledge_table(outlets=[]))
    us = ents[ents["text"].isin(["US", "U.S."])]
    assert len(us) >= 2 and set(us["label"]) == {"GPE"}, us[["text", "label", "canonical"]]


# --- no name split across articles: bare head nouns and place-name tails ---------------------


def _rows(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Entity rows (doc_id, text = canonical, label) as the per-article extractor gives them."""
    return pd.DataFrame([{"doc_id": d, "text": c, "canonical": c, "label": lab}
                         for d, c, lab in rows])


def test_org_head_is_the_word_before_of_or_the_last_word():
    from newscorpus.extract.names import org_head

    assert org_head("European Commission") == "Commission"
    assert org_head("Council of the European Union") == "Council"
    assert org_head("Communist Party of Vietnam") == "Party"
    assert org_head("Parliament House") == "House"


def test_bare_head_noun_takes_the_full_name_of_its_article_or_the_one_in_the_corpus():
    from newscorpus.extract.canonical import unify_heads

    ents = _rows(("a", "Independent Electoral Commission", "ORG"), ("a", "Commission", "ORG"),
                 ("b", "European Commission", "ORG"),
                 ("c", "Commission", "ORG"),            # no full name here: the corpus has two
                 ("d", "Nordic Council", "ORG"), ("e", "Council", "ORG"),  # one in the corpus
                 ("f", "Parliament", "ORG"), ("g", "Parliament House", "ORG"))
    out = unify_heads(ents, knowledge=knowledge_table(outlets=[]))
    got = dict(zip(out["doc_id"] + ":" + out["text"], out["canonical"], strict=True))
    assert got["a:Commission"] == "Independent Electoral Commission"
    assert got["c:Commission"] == "Commission"
    assert got["e:Council"] == "Nordic Council"
    assert got["f:Parliament"] == "Parliament"   # "Parliament House" is headed by House


def test_bare_head_noun_is_left_alone_between_two_full_names_in_its_article():
    from newscorpus.extract.canonical import unify_heads

    ents = _rows(("a", "Electoral Commission", "ORG"), ("a", "Human Rights Commission", "ORG"),
                 ("a", "Commission", "ORG"), ("b", "Bank", "GPE"), ("b", "Central Bank", "ORG"))
    out = unify_heads(ents, knowledge=knowledge_table(outlets=[]))
    assert out["canonical"].tolist() == ents["canonical"].tolist()


def test_bare_head_noun_never_takes_a_name_the_knowledge_table_knows():
    from newscorpus.extract.canonical import unify_heads

    ents = _rows(("a", "White House", "ORG"), ("b", "House", "ORG"), ("b", "White House", "ORG"))
    out = unify_heads(ents, knowledge=pd.DataFrame({"canonical": ["White House"]}))
    assert out["canonical"].tolist() == ["White House", "House", "White House"]
    out = unify_heads(ents, knowledge=pd.DataFrame({"canonical": []}))
    assert out["canonical"].tolist() == ["White House", "White House", "White House"]


def test_place_tail_is_the_capital_it_names_and_never_another_country_s_place():
    from newscorpus.extract.names import same_place_tail

    assert same_place_tail("Delhi", "New Delhi")          # same country, alternate name, capital
    assert not same_place_tail("York", "New York")        # England / United States
    assert not same_place_tail("Guinea", "Papua New Guinea")   # two countries
    assert not same_place_tail("Cairo", "New Cairo")      # one country, but two cities
    assert not same_place_tail("Orleans", "New Orleans")
    assert not same_place_tail("Delhi", "Delhi")


def test_place_tails_merge_across_articles():
    from newscorpus.extract.canonical import unify_place_tails

    ents = _rows(("a", "New Delhi", "GPE"), ("b", "Delhi", "GPE"), ("c", "York", "GPE"),
                 ("d", "New York", "GPE"), ("e", "Cairo", "GPE"), ("f", "New Cairo", "GPE"))
    out = unify_place_tails(ents)
    assert out["canonical"].tolist() == ["New Delhi", "New Delhi", "York", "New York", "Cairo",
                                         "New Cairo"]


def test_corpus_pass_gives_one_name_per_organisation_and_city_across_articles():
    from newscorpus.tables import entities, using_cache

    corpus = pd.DataFrame([
        {"doc_id": "a", "text": "European Commission officials arrived in New Delhi on Monday."},
        {"doc_id": "b", "text": "The Commission fined the carmaker. Talks in Delhi went on."},
    ])
    with using_cache(mode="off"):
        ents = entities(corpus)
    names = set(ents.loc[ents["label"].isin(SCORED), "canonical"])
    assert {"European Commission", "New Delhi"} <= names
    assert not names & {"Commission", "Delhi"}, ents[["doc_id", "text", "canonical"]]


def test_organisation_cut_before_of_is_one_mention_without_its_place():
    from newscorpus.tables import entities, using_cache

    corpus = pd.DataFrame([{"doc_id": "a", "text": (
        "Hungary took over the presidency of the Council of the European Union on Monday. "
        "The Communist Party of Vietnam opened its congress in Hanoi.")}])
    with using_cache(mode="off"):
        ents = entities(corpus)
    orgs = ents.loc[ents["label"] == "ORG", "canonical"].tolist()
    assert "Council of the European Union" in orgs and "Communist Party of Vietnam" in orgs
    assert "European Union" not in orgs
    assert ents.loc[ents["label"] == "GPE", "canonical"].tolist() == ["Hungary", "Hanoi"]


def test_verb_of_is_no_organisation_name():
    from newscorpus.tables import entities, using_cache

    corpus = pd.DataFrame([{"doc_id": "a", "text": (
        "The minister reminded Interpol of Turkey's request. Lawmakers accused Huawei of China "
        "of spying on users.")}])
    with using_cache(mode="off"):
        ents = entities(corpus)
    assert {"Turkey", "China"} <= set(ents.loc[ents["label"] == "GPE", "canonical"]), ents
    assert not ents["canonical"].str.contains(" of ").any(), ents[["text", "canonical"]]


def test_title_case_acronym_goes_with_its_capitals_and_their_full_name():
    from newscorpus.extract.canonical import unify_acronyms

    ents = _rows(("a", "Asean", "ORG"), ("b", "ASEAN", "ORG"), ("c", "Opec+", "ORG"),
                 ("d", "OPEC+", "ORG"), ("e", "Airbus", "ORG"), ("f", "Ecowas", "ORG"),
                 ("g", "ECOWAS", "ORG"), ("h", "Economic Community of West African States", "ORG"))
    out = unify_acronyms(ents)
    assert out["canonical"].tolist() == [
        "ASEAN", "ASEAN", "OPEC+", "OPEC+", "Airbus"] + [
        "Economic Community of West African States"] * 3


def test_city_spellings_merge_but_districts_parts_and_namesakes_do_not():
    from newscorpus.extract.canonical import unify_city_variants
    from newscorpus.extract.names import city_of

    assert city_of("Kharkov")["name"] == city_of("Kharkiv")["name"] == "Kharkiv"
    assert city_of("Odessa") is None          # Odesa (Ukraine) and Odessa (Texas)
    assert city_of("Georgia") is None and city_of("Florida") is None  # country, US state
    ents = _rows(("a", "Kharkov", "GPE"), ("b", "Kharkiv", "GPE"), ("c", "Lvov", "GPE"),
                 ("d", "Lviv", "GPE"), ("e", "Tunxi", "GPE"), ("f", "Huangshan", "GPE"),
                 ("g", "Gaza", "GPE"), ("h", "Gaza City", "GPE"), ("i", "Nikolaev", "GPE"),
                 ("j", "Mykolaiv", "GPE"), ("k", "Mykolaiv", "GPE"))
    out = unify_city_variants(ents)
    assert out["canonical"].tolist() == [
        "Kharkiv", "Kharkiv", "Lviv", "Lviv", "Tunxi", "Huangshan", "Gaza", "Gaza City",
        "Mykolaiv", "Mykolaiv", "Mykolaiv"]


def test_region_with_its_type_word_is_the_region_unless_a_city_bears_the_name():
    from newscorpus.extract.canonical import unify_regions
    from newscorpus.extract.names import region_base

    assert region_base("Shaanxi Province") == "Shaanxi" and region_base("Islamic State") is None
    ents = _rows(("a", "Shaanxi Province", "GPE"), ("b", "Shaanxi", "GPE"),
                 ("c", "Kharkiv Oblast", "GPE"), ("d", "Kharkiv", "GPE"),
                 ("e", "Zaporizhzhia Oblast", "GPE"), ("f", "Zaporizhzhia", "GPE"),
                 ("g", "Yunnan Province", "GPE"))
    out = unify_regions(ents)
    assert out["canonical"].tolist() == ["Shaanxi", "Shaanxi", "Kharkiv Oblast", "Kharkiv",
                                         "Zaporizhzhia Oblast", "Zaporizhzhia", "Yunnan Province"]


def test_region_type_word_makes_a_place_a_gpe_whatever_the_model_said():
    from newscorpus.tables import entities, using_cache

    corpus = pd.DataFrame([{"doc_id": "a", "text": (
        "Kanagawa Prefecture hosted the talks. Gansu Province reported an earthquake, and "
        "Gansu officials said roads were closed.")}])
    with using_cache(mode="off"):
        ents = entities(corpus)
    gpe = ents.loc[ents["label"] == "GPE", "canonical"].tolist()
    assert gpe == ["Kanagawa Prefecture", "Gansu", "Gansu"], ents[["text", "label", "canonical"]]


def test_british_and_american_spellings_of_an_organisation_are_one_name():
    from newscorpus.extract.canonical import unify_names, unify_spellings

    ents = _rows(("a", "World Health Organisation", "ORG"), ("b", "World Health Organization", "ORG"),
                 ("b", "World Health Organization", "ORG"), ("c", "WHO", "ORG"),
                 ("d", "Israel Defence Forces", "ORG"), ("e", "Labour Party", "ORG"),
                 ("f", "Labor Party", "ORG"))
    none = pd.DataFrame({"canonical": [], "label": [], "aliases": []})
    out = unify_spellings(ents, knowledge=none)
    assert out["canonical"].tolist()[:3] == ["World Health Organization"] * 3
    assert out["canonical"].tolist()[4:] == ["Israel Defence Forces", "Labour Party", "Labor Party"]
    # the folded pair no longer makes the acronym ambiguous
    assert unify_names(ents, knowledge=none)["canonical"].tolist()[3] == "World Health Organization"
    table = pd.DataFrame({"canonical": ["NATO"], "label": ["ORG"],
                          "aliases": [["NATO", "North Atlantic Treaty Organization"]]})
    one = _rows(("a", "North Atlantic Treaty Organisation", "ORG"))
    assert unify_spellings(one, knowledge=table)["canonical"].tolist() == ["NATO"]


def test_vowel_and_hyphen_variants_of_long_names_are_one_person_short_ones_are_not():
    from newscorpus.extract.canonical import unify_people

    ents = _rows(("a", "Mohammed bin Salman", "PERSON"), ("b", "Mohammad bin Salman", "PERSON"),
                 ("c", "Shehbaz Sharif", "PERSON"), ("c", "Shehbaz Sharif", "PERSON"),
                 ("d", "Shahbaz Sharif", "PERSON"),
                 ("e", "Hossein Amir-Abdollahian", "PERSON"),
                 ("f", "Hossein Amirabdollahian", "PERSON"),
                 ("g", "Park Jin", "PERSON"), ("h", "Park Jun", "PERSON"),
                 ("i", "Kim Jong Un", "PERSON"), ("j", "Kim Jong-un", "PERSON"),
                 ("k", "Hussein Nasrallah", "PERSON"), ("l", "Hassan Nasrallah", "PERSON"))
    out = unify_people(ents, knowledge=pd.DataFrame({"canonical": []}))["canonical"].tolist()
    assert out[0] == out[1] == "Mohammed bin Salman"       # the fuller spelling on a tie
    assert out[2:5] == ["Shehbaz Sharif"] * 3               # the spelling used most
    assert out[5] == out[6] == "Hossein Amir-Abdollahian"
    assert out[7:9] == ["Park Jin", "Park Jun"]             # short words keep their vowels
    assert out[9] == out[10]
    assert out[11:] == ["Hussein Nasrallah", "Hassan Nasrallah"]  # three letters apart


# --- batch 6: names after a title, middle initials (rules written after the probes) ---------


def _ents(*docs: str) -> pd.DataFrame:
    from newscorpus.tables import entities, using_cache
    corpus = pd.DataFrame([{"doc_id": f"d{k}", "text": t} for k, t in enumerate(docs)])
    with using_cache(mode="off"):
        return entities(corpus, progress=False)


def _people(ents: pd.DataFrame) -> dict[str, int]:
    return ents[ents["label"] == "PERSON"]["canonical"].value_counts().to_dict()


def test_a_hyphenated_or_particle_name_after_a_title_is_a_person():
    ents = _ents("Foreign Minister Jean-Noël Barrot arrived in Rabat on Tuesday. Barrot met "
                 "students at the university.")
    assert _people(ents).get("Jean-Noël Barrot") == 2


def test_a_middle_initial_form_and_the_plain_form_are_one_person_named_plainly():
    ents = _ents("Secretary of State Michael R. Pompeo spoke in Cairo.",
                 "Michael Pompeo later flew home.")
    assert _people(ents) == {"Michael Pompeo": 2}


def test_different_middle_initials_are_different_people():
    ents = _ents("Robert F. Kennedy and Robert W. Kennedy were both invited.")
    people = _people(ents)
    assert people.get("Robert F. Kennedy") == 1 and people.get("Robert W. Kennedy") == 1
