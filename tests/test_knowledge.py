"""The knowledge table (package data + user file) and its EntityRuler."""

from __future__ import annotations

import pytest

from newscorpus.knowledge import (
    RULER_NAME,
    alias_index,
    gazetteer,
    knowledge_index,
    knowledge_table,
    norm_alias,
    place_names,
)


def test_table_has_contract_columns_and_canonical_is_an_alias():
    kt = knowledge_table()
    assert {"canonical", "label", "aliases", "description", "nationality", "seen_in"} <= set(kt)
    assert kt["canonical"].is_unique
    for canon, aliases in zip(kt["canonical"], kt["aliases"], strict=True):
        assert canon in aliases


def test_no_alias_points_to_two_entities():
    seen: dict[str, str] = {}
    for rec in knowledge_table().to_dict("records"):
        for alias in rec["aliases"]:
            key = norm_alias(alias)
            assert seen.setdefault(key, rec["canonical"]) == rec["canonical"], alias


def test_transliterations_and_country_variants_share_one_canonical():
    idx = alias_index(knowledge_table())
    assert idx["Sergey Lavrov"]["canonical"] == idx["Sergei Lavrov"]["canonical"] == "Sergei Lavrov"
    assert {idx[a]["canonical"] for a in ("US", "U.S.", "United States")} == {"United States"}
    assert idx["Mao Ning"]["canonical"] != idx["Mao Zedong"]["canonical"]


def test_user_csv_and_yaml_extend_and_override(tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("canonical,label,aliases,description\n"
                        "Daleep Singh,PERSON,Daleep Singh;Singh,US deputy NSA\n"
                        "Sergei Lavrov,PERSON,Sergei Lavrov;Lavrov,overridden\n", encoding="utf-8")
    kt = knowledge_table(extra=csv_file)
    assert "Daleep Singh" in set(kt["canonical"])
    lav = kt[kt["canonical"] == "Sergei Lavrov"].iloc[0]
    assert lav["description"] == "overridden" and "Sergey Lavrov" not in lav["aliases"]
    yml = tmp_path / "mine.yaml"
    yml.write_text("- canonical: Zhu Yongbiao\n  label: PERSON\n  aliases: [Zhu Yongbiao, Zhu]\n",
                   encoding="utf-8")
    kt = knowledge_table(extra=yml)
    assert kt.set_index("canonical").loc["Zhu Yongbiao", "aliases"] == ["Zhu Yongbiao", "Zhu"]
    assert "Daleep Singh" not in set(knowledge_table()["canonical"])  # package table untouched


def test_outlet_filter_keeps_general_entries_and_drops_unseen_ones():
    kt = knowledge_table(outlets=["The Kyiv Independent"])
    names = set(kt["canonical"])
    assert "Mao Ning" not in names  # only seen in a Moscow Times article
    assert {"Sergei Lavrov", "Mao Zedong", "NATO"} <= names  # seen there / general knowledge


def test_exclude_outlet_drops_only_entries_seen_nowhere_else():
    full = knowledge_table()
    kt = knowledge_table(exclude_outlet="The Moscow Times")
    only_there = full["seen_in"].map(lambda s: set(s) == {"The Moscow Times"})
    assert only_there.any()
    assert set(kt["canonical"]) == set(full.loc[~only_there, "canonical"])
    assert "Mao Ning" not in set(kt["canonical"])  # only seen in a Moscow Times article


def test_one_index_and_one_gazetteer_per_table():
    idx = knowledge_index()
    assert idx is knowledge_index()  # cached with the table's key
    assert idx.by_alias == alias_index(knowledge_table())
    assert idx.by_lower["sergey lavrov"]["canonical"] == "Sergei Lavrov"
    assert idx.places["britain"] == "United Kingdom"
    assert knowledge_index(exclude_outlet="The Moscow Times") is not idx
    gaz = gazetteer()
    assert gaz is gazetteer() and gaz.index is idx
    assert gaz.country_name("Britain") == "United Kingdom"  # knowledge-table alias
    assert gaz.capital_of("India") == "New Delhi"


def test_ruler_sits_before_ner_and_its_ids_survive(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")
    doc = nlp("Russian Foreign Minister Sergey Lavrov is on his first visit to China since the "
              "Ukraine invasion began last month.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Sergey Lavrov"] == ("PERSON", "Sergei Lavrov")
    assert ents["Russian"][0] == "NORP"


def test_raw_pipeline_has_no_ruler():
    from newscorpus import nlp as get_nlp

    assert RULER_NAME not in get_nlp(knowledge=False).pipe_names


@pytest.mark.parametrize("name,expected", [("Kyiv", True), ("Anhui", True), ("Uzbekistan", True),
                                           ("Bloomberg", False), ("Lavrov", False)])
def test_gazetteer(name, expected):
    assert (name in place_names()) is expected


def test_a_knowledge_file_edited_in_a_running_process_is_read_again(tmp_path):
    # issue 15, case 1: the table was cached on its path only, so an edit inside a running kernel
    # was not seen (and annotated rows carried the old entries under the new fingerprint)
    from newscorpus.knowledge import gazetteer, knowledge_index

    user = tmp_path / "mine.csv"
    header = "canonical,label,aliases,description,nationality,ruler,seen_in\n"
    user.write_text(header + "Huangshan,GPE,Huangshan City,city in Anhui,,1,user\n", encoding="utf-8")
    assert "Huangshan" in set(knowledge_table(user)["canonical"])
    assert "Tunxi" not in set(knowledge_table(user)["canonical"])
    first = knowledge_index(user)
    user.write_text(header + "Huangshan,GPE,Huangshan City,city in Anhui,,1,user\n"
                    "Tunxi,GPE,Tunxi District,district of Huangshan,,1,user\n", encoding="utf-8")
    assert "Tunxi" in set(knowledge_table(user)["canonical"])
    assert knowledge_index(user) is not first and "tunxi" in knowledge_index(user).by_lower
    assert gazetteer(user).index is knowledge_index(user)
