"""Cleaning on passages written for the purpose (annotations/probe_clean_*.csv) and on the devset.

The probes are short mini-pages in our own words, one per failure class of issue 16 (captions,
newsletter boxes, teasers inside the body, live-blog times, embedded posts, cross-heads, labelled
paragraphs, links breaking a paragraph, glued sentences, standfirsts, navigation above the
headline). ``first_run`` records what the cleaner gave before the fix.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from pathlib import Path

import pytest

from newscorpus import config
from newscorpus.corpus.clean import clean_article
from newscorpus.corpus.signals import is_caption_credit, is_date_line
from newscorpus.corpus.units import unglue_sentences

DEVSET = Path("/work/shared/devset")


def _probes(name: str) -> list[dict]:
    with open(config.ANNOTATIONS_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


@pytest.mark.parametrize("row", _probes("probe_clean_body.csv"), ids=lambda r: r["id"])
def test_body_probe(row):
    """The body keeps exactly the article's words (the scorer's bag of \\w+ words)."""
    assert _words(clean_article(row["input"]).text) == _words(row["expected"]), row["note"]


@pytest.mark.parametrize("row", _probes("probe_clean_title.csv"), ids=lambda r: r["id"])
def test_title_probe(row):
    assert clean_article(row["input"]).title == row["expected"], row["note"]


def test_probes_improved_on_first_run():
    body = _probes("probe_clean_body.csv")
    first = sum(_words(r["first_run"]) == _words(r["expected"]) for r in body)
    assert first < len(body)  # the first run is recorded, not overwritten with the fix


def test_glued_sentences_get_a_space_words_unchanged():
    assert unglue_sentences("The deal was signed.The GCC met at 9 a.m.Putin spoke.") == (
        "The deal was signed. The GCC met at 9 a.m. Putin spoke.")
    for keep in ("the U.S.Army base", "Mr.Xi", "see example.com/News.Html", "mail@host.Org",
                 "tensions...The"):
        assert unglue_sentences(keep) == keep
    text = clean_article("Minister visits Oslo\nTalks ended early.The ministers then left for "
                         "the port, officials said on Tuesday evening.\n").text
    assert "early. The ministers" in text


def test_one_element_per_line_without_blank_lines():
    """No blank lines: the paragraphs are not read as one block (teaser + blurbs)."""
    paras = [f"Paragraph {n} of the report says the ministers met on Tuesday and agreed to meet "
             f"again in the autumn, officials said." for n in range(1, 5)]
    a = clean_article("Home\nWorld\nMinisters meet in Oslo\nBy Ana Ruiz\n" + "\n".join(paras))
    assert a.text.split("\n\n") == paras and a.title == "Ministers meet in Oslo"


def test_one_sentence_wire_item_is_an_article():
    item = ("OSLO, May 3 (Wire) - Norway's foreign minister will visit Beijing next week for "
            "talks on trade, the ministry said on Wednesday.")
    assert clean_article(item).text == item


@pytest.mark.parametrize("line", [
    "The minister waves on arrival. (AFP Photo)", "Talks in the capital, May 3. (Xinhua/Li Wei)",
    "Leaders meet. Photograph: Ana Ruiz/AP", "Delegates pose. REUTERS/Ana Ruiz",
    "The minister speaks. (Reuters: Ana Ruiz)", "He waves.Credit...Ana Ruiz for The Paper",
    "Ana Ruiz/Getty Images", "Leaders in 2019. © Ana Ruiz, AFP", "He arrives. (AP Photo/Ana Ruiz, File)",
])
def test_caption_credit_styles(line):
    assert is_caption_credit(line)


@pytest.mark.parametrize("line", [
    "The talks went well. (Updated)", "He joined the International Criminal Court (ICC).",
    "Officials said the visit would last two days.",
])
def test_sentences_are_not_credits(line):
    assert not is_caption_credit(line)


@pytest.mark.parametrize("line", [
    "Updated 10:23 AM EDT, April 24, 2024", "Posted Wed 20 Mar 2024 at 6:12am",
    "Issued on: 05/04/2023 - 10:12", "4:05 pm", "24 Jul, 2022 10:42", "Published : 2025-09-02 18:40",
])
def test_date_lines(line):
    assert is_date_line(line)


def test_a_caption_with_a_date_is_not_a_date_line():
    assert not is_date_line("French President in Hanoi, Vietnam, on May 26, 2025.")


# ----------------------------------------------------------------------------- devset (if present)

def _scorer():
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not (DEVSET / "score.py").exists(), reason="devset not available")
def test_devset_body_and_title():
    s = _scorer()
    tp = n_pred = n_gold = titles = 0
    golds = [g for g in sorted((DEVSET / "gold").glob("*.json")) if g.stem != "corpus"]
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        raw = (DEVSET / "articles" / f"{g.stem}.txt").read_text(encoding="utf-8")
        art = clean_article(raw)
        a, b, c = s.bag_f1(art.text, "\n".join(s.gold_body_lines(gold, raw)))
        tp, n_pred, n_gold = tp + a, n_pred + b, n_gold + c
        titles += s.norm(art.title) == s.norm(gold.get("title"))
    p, r = tp / n_pred, tp / n_gold
    assert 2 * p * r / (p + r) >= 0.98
    assert titles >= 27
