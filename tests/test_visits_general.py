"""Visit rules that must hold on text they were not written on (issue 16, probes written first).

Each test runs the extractor on a short passage written for it (not from the seeds, the probes or
the development set) and checks the visits it must, and must not, give. The blind probe batches
3-6 (``annotations/probe_visits.csv``, p22-p69) are scored at the end against their recorded
first-run figures (``annotations/probe_first_run.csv``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from newscorpus.evaluation.visits import evaluate_probe_batch, evaluate_visits
from newscorpus.extract.visits import extract_visits


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str, published: str) -> pd.DataFrame:
        row = {"doc_id": "t", "published": pd.Timestamp(published), "text": text}
        return pd.DataFrame(extract_visits(nlp(text), row))
    return _run


def _trips(v: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(v.visitor, v.destination_country, strict=True)) if len(v) else set()


def _one(v: pd.DataFrame, visitor: str, country: str) -> pd.Series:
    hit = v[(v.visitor == visitor) & (v.destination_country == country)]
    assert len(hit) == 1, (visitor, country, v)
    return hit.iloc[0]


# --- itineraries and coordinated destinations ---------------------------------------------


def test_coordinated_destinations_are_legs_with_the_month(run):
    v = run("Spanish Prime Minister Pedro Sanchez will visit Vietnam, Japan and China in April.",
            "2025-03-20")
    assert {c for _, c in _trips(v)} == {"Vietnam", "Japan", "China"}
    assert set(v.start) == {"2025-04-01"} and set(v.status) == {"planned"}


def test_one_day_shared_by_several_countries_keeps_only_the_month(run):
    v = run("Indian Prime Minister Narendra Modi will travel to Ghana and Namibia on Wednesday.",
            "2025-07-01")
    assert {c for _, c in _trips(v)} == {"Ghana", "Namibia"}
    assert set(v.precision) == {"month"} and set(v.start) == {"2025-07-01"}


def test_itinerary_verb_names_the_other_stops(run):
    v = run("Chinese Premier Li Qiang arrived in Wellington on Tuesday, the first stop of a tour "
            "that will also take him to Australia and Malaysia.", "2024-06-13")
    assert _one(v, "Li Qiang", "New Zealand").start == "2024-06-11"
    for country in ("Australia", "Malaysia"):
        leg = _one(v, "Li Qiang", country)
        assert (leg.start[:7], leg.precision, leg.status) == ("2024-06", "month", "planned")


def test_past_tour_that_included_countries(run):
    v = run("Japanese Prime Minister Fumio Kishida returned home after a tour that included "
            "Egypt, Ghana and Kenya.", "2023-05-05")
    assert {c for _, c in _trips(v)} >= {"Egypt", "Ghana", "Kenya"}
    assert set(v[v.destination_country == "Kenya"].status) == {"occurred"}


def test_then_to_another_country_with_its_own_date(run):
    v = run("French President Emmanuel Macron will fly to Morocco on Monday and then to Algeria "
            "on Thursday.", "2024-10-25")
    assert _one(v, "Emmanuel Macron", "Morocco").start == "2024-10-28"
    assert _one(v, "Emmanuel Macron", "Algeria").start == "2024-10-31"


def test_two_cities_of_one_country_are_two_legs(run):
    v = run("Brazilian President Luiz Inacio Lula da Silva landed in Shanghai on Wednesday. "
            "He will travel to Beijing on Friday.", "2023-04-13")
    lula = v[v.visitor == "Luiz Inacio Lula da Silva"]
    assert sorted(lula.start) == ["2023-04-12", "2023-04-14"]


def test_inverted_be_in_place(run):
    v = run("Also in Warsaw for the talks are Dutch Prime Minister Mark Rutte and Belgian Prime "
            "Minister Alexander De Croo.", "2024-03-12")
    assert {w for w, c in _trips(v) if c == "Poland"} >= {"Mark Rutte"}


def test_list_after_a_multiword_country(run):
    v = run("The tour will also take Indian Prime Minister Narendra Modi to the Republic of the "
            "Congo, Ghana and Namibia.", "2025-06-30")
    assert {c for _, c in _trips(v)} == {"Republic of the Congo", "Ghana", "Namibia"}


def test_moving_on_to_another_city_is_the_next_leg(run):
    v = run("Turkish President Recep Tayyip Erdogan arrived in Iraq on Monday. He is scheduled to "
            "travel to Basra later.", "2024-04-22")
    iraq = v[v.destination_country == "Iraq"]
    assert len(iraq) == 2 and "Basra" in set(iraq.destination_city)


def test_undated_further_stop_takes_the_month_of_the_trip(run):
    v = run("Chinese Premier Li Qiang arrived in Adelaide on Saturday. He will then travel to "
            "Perth.", "2024-06-16")
    perth = v[v.destination_city == "Perth"].iloc[0]
    assert (perth.start, perth.precision, perth.status) == ("2024-06-01", "month", "planned")


def test_a_region_is_not_a_town(run):
    assert run("US President Joe Biden will tour sub-Saharan Africa next year.",
               "2023-06-01").empty


def test_each_listed_trip_keeps_the_date_after_it(run):
    v = run("Russian President Vladimir Putin has made two foreign trips this year, to Kazakhstan "
            "in February and to Turkey in June.", "2024-09-01")
    assert _one(v, "Vladimir Putin", "Kazakhstan").start == "2024-02-01"


def test_a_year_alone_is_not_stored_as_a_date(run):
    v = run("German Chancellor Olaf Scholz last visited Japan in 2022.", "2024-04-01")
    japan = _one(v, "Olaf Scholz", "Japan")
    assert (japan.start, japan.precision, japan.status) == ("", "", "occurred")


def test_end_day_and_length_give_the_start(run):
    v = run("Treasury Secretary Janet Yellen wrapped up a three-day visit to Mexico City on "
            "Friday.", "2024-05-20")
    row = _one(v, "Janet Yellen", "Mexico")
    assert (row.start, row.end) == ("2024-05-15", "2024-05-17")


def test_two_cities_in_one_list_are_two_legs_with_the_month(run):
    v = run("Italian Prime Minister Giorgia Meloni visited Tokyo and Osaka on Tuesday.", "2024-10-03")
    japan = v[v.destination_country == "Japan"]
    assert sorted(japan.destination_city) == ["Osaka", "Tokyo"]
    assert set(japan.start) == {"2024-10-01"} and set(japan.precision) == {"month"}


def test_an_undated_past_visit_is_not_the_planned_one(run):
    v = run("Russian Foreign Minister Sergei Lavrov will travel to Kenya next week. Years ago he "
            "visited Kenya and Uganda.", "2024-05-27")
    kenya = v[v.destination_country == "Kenya"]
    assert sorted(kenya.status) == ["occurred", "planned"]


# --- companions -------------------------------------------------------------------------------


def test_accompanied_by_named_ministers(run):
    v = run("Turkish President Recep Tayyip Erdogan arrived in Cairo on Wednesday. He is "
            "accompanied by Foreign Minister Hakan Fidan and Energy Minister Alparslan Bayraktar.",
            "2024-02-14")
    for who in ("Recep Tayyip Erdogan", "Hakan Fidan", "Alparslan Bayraktar"):
        assert _one(v, who, "Egypt").start == "2024-02-14"


def test_travelling_with_a_named_minister(run):
    v = run("Greek Prime Minister Kyriakos Mitsotakis flew to Cairo on Sunday with Foreign "
            "Minister Giorgos Gerapetritis.", "2024-03-18")
    assert {w for w, c in _trips(v) if c == "Egypt"} == {
        "Kyriakos Mitsotakis", "Giorgos Gerapetritis"}


def test_a_spouse_named_by_a_given_name_takes_the_surname(run):
    v = run("Brazilian President Luiz Inacio Lula da Silva arrived in Rome on Monday. Lula, who is "
            "accompanied by his wife Janja, will meet the pope.", "2025-04-28")
    assert ("Janja Silva", "Italy") in _trips(v)


def test_delegation_that_included(run):
    v = run("Russian President Vladimir Putin flew to Pyongyang on Tuesday, accompanied by a "
            "delegation that included Defence Minister Andrei Belousov.", "2024-06-19")
    assert _one(v, "Andrei Belousov", "North Korea").start == "2024-06-18"


def test_companion_of_the_main_visit_not_of_an_earlier_leg(run):
    v = run("German Chancellor Olaf Scholz arrived in Delhi on Thursday, after a tour that earlier "
            "took him to Vietnam. He is accompanied by Economy Minister Robert Habeck.",
            "2024-10-24")
    assert _trips(v[v.visitor == "Robert Habeck"]) == {("Robert Habeck", "India")}


# --- meetings, welcomes, arrival phrases -------------------------------------------------------


def test_meeting_in_a_foreign_city_is_the_foreign_partys_visit(run):
    v = run("Polish President Andrzej Duda met Chinese President Xi Jinping in Beijing on Monday.",
            "2024-06-25")
    assert _trips(v) == {("Andrzej Duda", "China")}
    assert _one(v, "Andrzej Duda", "China").start == "2024-06-24"


def test_host_meeting_guests_at_home(run):
    v = run("Russian President Vladimir Putin held talks with Indian Prime Minister Narendra "
            "Modi in Moscow on Tuesday.", "2024-07-10")
    assert _trips(v) == {("Narendra Modi", "Russia")}


def test_meeting_without_a_place_happens_at_the_dateline(run):
    text = ("ASTANA, June 3 (Wire) - Kazakh President Kassym-Jomart Tokayev met separately with "
            "Kyrgyz President Sadyr Japarov, Uzbek President Shavkat Mirziyoyev and Turkmen "
            "President Serdar Berdimuhamedov.")
    v = run(text, "2024-06-03")
    assert {w for w, c in _trips(v) if c == "Kazakhstan"} == {
        "Sadyr Japarov", "Shavkat Mirziyoyev", "Serdar Berdimuhamedov"}
    assert set(v.start) == {"2024-06-03"}


def test_a_call_is_no_meeting_at_the_dateline(run):
    v = run("ASTANA, June 3 (Wire) - Kazakh President Kassym-Jomart Tokayev met Uzbek President "
            "Shavkat Mirziyoyev by video call.", "2024-06-03")
    assert v.empty


def test_meeting_place_on_the_person_met(run):
    v = run("Indian Prime Minister Narendra Modi spent Friday in Kyiv, a day after holding talks "
            "with Polish Prime Minister Donald Tusk in Warsaw.", "2024-08-23")
    assert {c for w, c in _trips(v) if w == "Narendra Modi"} == {"Ukraine", "Poland"}


def test_greeted_together_travel_together(run):
    v = run("Chinese President Xi Jinping arrived in Bangkok on Thursday. Xi and his wife Peng "
            "Liyuan were greeted by Thai officials.", "2022-11-17")
    assert _one(v, "Peng Liyuan", "Thailand").start == "2022-11-17"


def test_meeting_in_the_place_a_where_clause_hangs_on(run):
    v = run("US Secretary of State Antony Blinken arrived from Kenya, where on Monday he met "
            "President William Ruto.", "2024-01-23")
    assert _one(v, "Antony Blinken", "Kenya").start == "2024-01-22"


def test_welcomed_to(run):
    v = run("Egyptian President Abdel Fattah el-Sisi welcomed Turkish President Recep Tayyip "
            "Erdogan to Cairo on Wednesday.", "2024-02-15")
    assert _trips(v) == {("Recep Tayyip Erdogan", "Egypt")}


def test_due_in_and_left_for(run):
    v = run("Indian Prime Minister Narendra Modi is due in Kyiv on Friday. Hungarian Prime "
            "Minister Viktor Orban left for Azerbaijan on Sunday.", "2024-08-20")
    modi = _one(v, "Narendra Modi", "Ukraine")
    assert (modi.start, modi.status) == ("2024-08-23", "planned")
    assert _one(v, "Viktor Orban", "Azerbaijan").start == "2024-08-18"


def test_first_visit_since_a_date_records_the_earlier_visit(run):
    v = run("Chinese President Xi Jinping arrived in Paris on Sunday. It is Xi's first visit to "
            "France since March 2019.", "2024-05-06")
    assert sorted(v[v.destination_country == "France"].start) == ["2019-03-01", "2024-05-05"]


def test_first_visit_since_an_event_records_nothing_more(run):
    v = run("British Foreign Secretary David Lammy arrived in Beijing on Friday. It is his first "
            "visit to China since the election.", "2024-10-18")
    assert list(v.start) == ["2024-10-18"]


# --- not visits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Brazilian President Luiz Inacio Lula da Silva called off his trip to China.",
    "Japanese Prime Minister Fumio Kishida postponed his visit to India because of a storm.",
    "Turkish President Recep Tayyip Erdogan will not travel to Germany this month.",
    "Indian Prime Minister Narendra Modi declined an invitation to visit Pakistan.",
    "French President Emmanuel Macron toured a factory in northern France on Monday.",
])
def test_cancelled_negated_and_domestic_trips_are_not_visits(run, text):
    assert run(text, "2024-07-01").empty


def test_stand_in_travels_to_the_skipped_summit(run):
    v = run("Russian President Vladimir Putin will skip the summit in Rio de Janeiro and send "
            "Foreign Minister Sergei Lavrov in his place.", "2024-11-10")
    assert _trips(v) == {("Sergei Lavrov", "Brazil")}


# --- status reported: who says the trip will happen -----------------------------------------


@pytest.mark.parametrize("text", [
    "Sources say Austrian Chancellor Karl Nehammer will travel to Vietnam in October.",
    "Austrian Chancellor Karl Nehammer will visit Vietnam in October, three officials said.",
    "Austrian Chancellor Karl Nehammer will reportedly travel to Vietnam in October.",
    "A newspaper reported that Austrian Chancellor Karl Nehammer will visit Vietnam in October.",
    "Austrian Chancellor Karl Nehammer will visit Vietnam in October, according to two people "
    "briefed on the plans.",
    "The Daily Lantern reported, citing two sources, that Austrian Chancellor Karl Nehammer "
    "will travel to Vietnam in October.",
    "Austrian Chancellor Karl Nehammer will visit Vietnam in October, an official told the "
    "broadcaster.",
])
def test_a_trip_told_only_by_unnamed_sources_or_the_media_is_reported(run, text):
    trip = _one(run(text, "2024-09-02"), "Karl Nehammer", "Vietnam")
    assert (trip.status, trip.start) == ("reported", "2024-10-01")
    assert trip.attribution != ""


@pytest.mark.parametrize("text", [
    "Austrian Chancellor Karl Nehammer will visit Vietnam in October, his office announced.",
    "The foreign ministry said Austrian Chancellor Karl Nehammer will travel to Vietnam in "
    "October.",
    "Austrian Chancellor Karl Nehammer will visit Vietnam in October, government spokesman "
    "Florian Hofer said.",
    "Austrian Chancellor Karl Nehammer will visit Vietnam in October.",
])
def test_an_announced_or_unattributed_trip_stays_planned(run, text):
    trip = _one(run(text, "2024-09-02"), "Karl Nehammer", "Vietnam")
    assert trip.status == "planned"


def test_a_bullet_run_into_the_sentence_before_has_its_own_attribution(nlp):
    text = ("The government announced new aid on Monday. - Media reported that Austrian "
            "Chancellor Karl Nehammer may travel on to Vietnam in October.")
    doc = nlp.make_doc(text)
    for tok in doc[1:]:  # one sentence, as the parser sometimes runs a bullet into the last
        tok.is_sent_start = False
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert len(list(doc.sents)) == 1
    row = {"doc_id": "t", "published": pd.Timestamp("2024-09-02"), "text": text}
    trip = _one(pd.DataFrame(extract_visits(doc, row)), "Karl Nehammer", "Vietnam")
    assert (trip.status, trip.attribution) == ("reported", "Media reported")


def test_one_sentence_in_the_articles_own_voice_keeps_the_trip_planned(run):
    v = run("Austrian Chancellor Karl Nehammer will visit Vietnam in October, sources said. "
            "Nehammer will travel to Vietnam with a business delegation.", "2024-09-02")
    trip = _one(v, "Karl Nehammer", "Vietnam")
    assert trip.status == "planned" and trip.attribution == "sources said"


def test_an_arrival_or_a_past_trip_keeps_its_status_whoever_tells_it(run):
    v = run("Austrian Chancellor Karl Nehammer arrived in Hanoi on Sunday, sources said. "
            "Irish Prime Minister Simon Harris visited Tokyo last month, media reported.",
            "2024-09-02")
    assert _one(v, "Karl Nehammer", "Vietnam").status == "ongoing"
    assert _one(v, "Simon Harris", "Japan").status == "occurred"


def test_a_gold_row_may_accept_several_statuses():
    from newscorpus.evaluation.visits import acceptable_statuses

    gold = pd.DataFrame([
        dict(doc_id="t", visitor="X", visitor_type="person", destination_country="Chile",
             destination_city="", start="", end="", precision="", status="reported",
             acceptable_status="reported|planned"),
        dict(doc_id="t", visitor="Y", visitor_type="person", destination_country="Chile",
             destination_city="", start="", end="", precision="", status="planned",
             acceptable_status=""),
    ])
    pred = gold.assign(status=["planned", "reported"])
    assert acceptable_statuses(gold.iloc[0]) == {"reported", "planned"}
    assert evaluate_visits(pred, gold)["status_right"] == 1  # X accepted, Y not
    assert evaluate_visits(pred, gold.drop(columns="acceptable_status"))["status_right"] == 0


def test_probe_batch_7_reported_status():
    """Batch 7 (p70-p83), written before the rule: first run (9e56cbb) had every one of the
    8 trips told only by unnamed sources or the media as planned (status right 6/14)."""
    ev = evaluate_probe_batch(70, 83)
    assert (ev["tp"], ev["fp"], ev["fn"]) == (14, 0, 0)
    assert ev["status_right"] == 14, ev


# --- a site, a region or a province as the destination (probe batches 8 and 9) -------------


def test_a_building_or_site_is_resolved_through_the_place_it_lies_in(run):
    v = run("New Zealand Prime Minister Christopher Luxon arrived on Tuesday at the Chancellery "
            "in Berlin for talks.", "2024-05-07")
    assert _one(v, "Christopher Luxon", "Germany").destination_city == "Berlin"
    v = run("Kenyan President William Ruto toured a flower farm near Amsterdam on Friday.",
            "2024-05-13")
    assert _trips(v) == {("William Ruto", "The Netherlands")}  # the gazetteer's name


def test_a_region_of_a_country_is_in_that_country(run):
    v = run("Swedish Prime Minister Ulf Kristersson visited a battery factory in Poland's Silesia "
            "region on Thursday.", "2024-05-13")
    assert _trips(v) == {("Ulf Kristersson", "Poland")}
    v = run("Portuguese President Marcelo Rebelo de Sousa spent two days in the Italian Dolomites "
            "last week, his office said.", "2024-05-13")
    assert _trips(v) == {("Marcelo Rebelo de Sousa", "Italy")}


def test_an_office_of_a_country_abroad_is_not_that_country(run):
    # the possessive names whose embassy it is, not where it stands
    v = run("Danish Foreign Minister Lars Lokke Rasmussen visited China's embassy on Monday.",
            "2024-05-13")
    assert ("Lars Lokke Rasmussen", "China") not in _trips(v)


def test_the_object_of_for_is_a_purpose_and_a_meeting_is_a_side_event(run):
    text = ("South Korean President Yoon Suk Yeol arrived in Lima on Thursday for the summit, "
            "fresh from the meeting in Santiago where he held talks with Chilean President "
            "Gabriel Boric. Prime Minister Han Duck-soo will be represented by Deputy Prime "
            "Minister Choi Sang-mok.\n\nYoon was greeted at the airport by officials.")
    v = run(text, "2024-11-14")
    assert _one(v, "Yoon Suk Yeol", "Peru").destination_city == "Lima"
    # the meeting in Santiago is a visit of its own, but the later place-less mentions and the
    # stand-in take the trip's destination (Lima), not the side event's
    assert all(c != "Chile" for n, c in _trips(v) if n != "Yoon Suk Yeol")


def test_a_province_or_island_is_a_destination_in_its_country(run):
    v = run("Egyptian President Abdel Fattah al-Sisi arrived in Bali on Monday.", "2024-05-13")
    assert _trips(v) == {("Abdel Fattah al-Sisi", "Indonesia")}  # not Bali, Cameroon
    v = run("Peruvian President Dina Boluarte will visit Jeju in June.", "2024-05-13")
    assert _trips(v) == {("Dina Boluarte", "South Korea")}  # the city of Jeju


# --- a traveller named in a clause hanging on a group's arrival (probe batch 10) ------------


def test_the_subject_of_an_absolute_travel_clause_travels_on_its_own_date(run):
    v = run("Delegates began arriving in Nairobi on Monday, with Ethiopian Prime Minister Abiy "
            "Ahmed flying in on Tuesday.", "2024-05-15")
    trip = _one(v, "Abiy Ahmed", "Kenya")
    assert (trip.start, trip.precision) == ("2024-05-14", "day")


def test_an_absolute_clause_of_another_verb_names_no_traveller(run):
    v = run("Crowds gathered in Nairobi on Monday, with Kenyan President William Ruto speaking "
            "from the balcony of State House.", "2024-05-15")
    assert len(v) == 0


def test_an_attended_event_placed_by_a_phrase_on_the_verb(run):
    v = run("Swiss President Viola Amherd attended the opening ceremony in Paris on Friday.",
            "2024-07-29")
    assert _trips(v) == {("Viola Amherd", "France")}


# --- names and titles -----------------------------------------------------------------------


def test_dateline_is_not_the_visitors_nationality(run):
    v = run("WARSAW, Poland, June 3 (Wire) - Canadian Prime Minister Justin Trudeau arrived in "
            "Warsaw on Monday.", "2024-06-03")
    assert _trips(v) == {("Justin Trudeau", "Poland")}


def test_blind_probe_batches_improve_on_their_first_run():
    """Batches 3-6 (p22-p69), written before the rules: recall after the fixes, no precision
    lost (first run on 05dee66: recall 0.27 / 0.52 / 0.33, 7 false visits in batch 6)."""
    ev = evaluate_probe_batch(22, 69)
    assert ev["tp"] + ev["fn"] == 71
    assert ev["recall"] >= 0.8 and ev["precision"] >= 0.9, ev
    assert ev["month_right"] >= 0.9 * ev["dated_gold_matched"], ev


def test_probe_batches_8_to_10_improve_on_their_first_run():
    """Batches 8-10 (p84-p112: sites/regions/provinces as destinations; travellers in absolute
    clauses), written before the rules: first run tp 1 + 0 + 1, fp 0 + 1 + 0, recall 0.10, 0.00
    and 0.12 (annotations/probe_first_run.csv)."""
    ev = evaluate_probe_batch(84, 112)
    assert ev["tp"] + ev["fn"] == 25
    assert ev["recall"] >= 0.8 and ev["fp"] == 0, ev
    assert ev["month_right"] == ev["dated_gold_matched"], ev
