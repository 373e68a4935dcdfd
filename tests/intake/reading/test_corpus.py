"""The reading engine against the corpus of statements written for it (tests/intake/corpus/): precision and recall
per record kind and per field, the words each proposal highlights, the language detected, two sources of one
arrival."""

import pytest

from .scoring import corpus, corpus_read, matched, score_table, scores

STATEMENTS = corpus()
PRECISION, RECALL = 0.9, 0.8


@pytest.fixture(scope="module")
def readings():
    return {name: corpus_read(statement) for name, statement in STATEMENTS}


def test_the_corpus_has_forty_statements_in_three_languages_and_some_that_propose_nothing():
    languages = {statement["language_written"] for _name, statement in STATEMENTS}
    assert len(STATEMENTS) >= 40
    assert {"en", "fr", "es", "ht"} <= languages
    assert sum(1 for _name, statement in STATEMENTS if not statement["expected"]) >= 5


def test_precision_and_recall_of_every_field_of_every_kind_meet_the_bar(readings):
    table = scores([(statement["expected"], readings[name].proposals) for name, statement in STATEMENTS])
    printed = score_table(table)
    print("\n" + printed)
    below = [(kind, field) for (kind, field), row in table.items()
             if (row["proposed"] and row["correct"] / row["proposed"] < PRECISION)
             or (row["expected"] and row["correct"] / row["expected"] < RECALL)]
    assert not below, f"below {PRECISION} precision or {RECALL} recall: {below}\n{printed}"
    assert {kind for kind, _field in table} >= {"movement", "claim", "funding", "participation", "incident"}


def test_each_proposal_highlights_the_words_it_comes_from(readings):
    missing = []
    for name, statement in STATEMENTS:
        pairs, _unmatched = matched(statement["expected"], readings[name].proposals)
        for record, proposal in pairs:
            if proposal is None:
                continue
            words = statement["text"][proposal.span.start:proposal.span.end]
            missing += [(name, word, words) for word in record["words"] if word not in words]
    assert not missing


def test_statements_that_report_nothing_propose_nothing(readings):
    proposing = {name: readings[name].proposals for name, statement in STATEMENTS
                 if not statement["expected"] and readings[name].proposals}
    assert not proposing


def test_the_language_is_detected_when_not_given(readings):
    detected = [(name, statement["language_written"], readings[name].language) for name, statement in STATEMENTS
                if statement["language"] is None]
    assert len(detected) >= 4
    assert all(reading_language == written for _name, written, reading_language in detected), detected
    assert all(readings[name].language_detected for name, _written, _language in detected)
    given = [name for name, statement in STATEMENTS if statement["language"]]
    assert not any(readings[name].language_detected for name in given)


def test_two_sources_of_one_arrival_propose_the_same_movement(readings):
    def kenya_144(name):
        return [proposal.fields for proposal in readings[name].proposals
                if proposal.kind == "movement" and proposal.fields["count"] == 144]

    minister, wire = kenya_144("en_kenya_144_minister"), kenya_144("en_kenya_144_wire")
    assert len(minister) == len(wire) == 1
    keys = ("country", "kind", "count", "date")
    assert {key: minister[0][key] for key in keys} == {key: wire[0][key] for key in keys} == {
        "country": "KEN", "kind": "arrival", "count": 144, "date": "2025-02-06"}
    assert minister[0]["men"] == 120 and minister[0]["women"] == 24


def test_the_earlier_figure_is_a_claim_of_the_day_before_with_a_note(readings):
    claims = [proposal for proposal in readings["en_kenya_144_minister"].proposals if proposal.kind == "claim"]
    earlier = next(claim for claim in claims if claim.fields["value"] == 600)
    assert earlier.fields == {"country": "KEN", "category": "", "metric": "strength", "value": 600,
                              "as_of": "2025-02-05"}
    assert earlier.note
    total = next(claim for claim in claims if claim.fields["value"] == 744)
    assert total.fields["as_of"] == "2025-02-06" and not total.note


def test_a_range_proposes_its_lower_figure_hedged_with_the_range_in_the_note(readings):
    (movement,) = readings["en_range"].proposals
    assert movement.fields["count"] == 200 and movement.hedged
    assert "200" in movement.note and "250" in movement.note


def test_an_incident_gives_its_tolls_by_group_and_the_mission_s_dead_are_also_movements(readings):
    (incident,) = readings["en_incident_gangs"].proposals
    assert incident.fields == {"date": "2025-03-05", "location": "Pétion-Ville", "tolls": [
        {"group": "armed_group", "outcome": "killed", "count": 5},
        {"group": "police", "outcome": "wounded", "count": 2}]}
    kinds = {proposal.kind: proposal.fields for proposal in readings["en_killed_two"].proposals}
    assert kinds["movement"]["kind"] == "killed" and kinds["movement"]["count"] == 2
    assert kinds["incident"]["tolls"] == [{"group": "mission", "outcome": "killed", "count": 2},
                                          {"group": "mission", "outcome": "wounded", "count": 3}]
    assert readings["en_incident_aggregate"].proposals == []
