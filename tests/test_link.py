"""``link``: the indexes and backlinks every view reads, computed once from a real fixture site."""

from __future__ import annotations

import pytest
from conftest import AGENDA_FILES, BASE_FILES, TODAY, write_project

from releve import pipeline


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root = tmp_path_factory.mktemp("lie")
    write_project(root, {**BASE_FILES, **AGENDA_FILES})
    return pipeline.load(root, pipeline.today_from(TODAY))


def test_items_are_indexed_by_id_and_drafts_are_left_out(linked):
    assert set(linked.meetings) == {"2021-02-19-groupe-enfance", "2022-03-01-copil"}
    assert set(linked.actions) == {"reseau"} and {"ch-jury", "cmp-winnicott", "epe-57"} <= set(linked.structures)


def test_a_fiche_knows_the_meetings_that_speak_of_it_and_their_decisions(linked):
    assert [meeting.id for meeting in linked.meetings_of_action["reseau"]] == ["2021-02-19-groupe-enfance"]
    assert [(meeting.id, decision.text) for meeting, decision in linked.decisions_of_action["reseau"]] == [("2021-02-19-groupe-enfance", "Il est convenu de lancer le réseau.")]


def test_a_structure_knows_its_meetings_its_fiches_and_its_services(linked):
    assert [meeting.id for meeting in linked.meetings_of_structure["ch-jury"]] == ["2021-02-19-groupe-enfance", "2022-03-01-copil"]
    assert [(action.id, role) for action, role in linked.actions_of_structure["cmp-winnicott"]] == [("reseau", "pilote")]
    assert [(action.id, role) for action, role in linked.actions_of_structure["epe-57"]] == [("reseau", "partenaire")]
    assert [child.id for child in linked.children["ch-jury"]] == ["cmp-winnicott"]


def test_instances_and_themes_know_their_meetings(linked):
    assert [meeting.id for meeting in linked.meetings_of_instance["copil"]] == ["2022-03-01-copil"]
    assert [meeting.id for meeting in linked.meetings_of_theme["enfance-parentalite"]] == ["2021-02-19-groupe-enfance"]
    assert [action.id for action in linked.actions_of_theme["enfance-parentalite"]] == ["reseau"]


def test_each_meeting_knows_its_neighbours_in_its_instance(linked):
    alone = linked.neighbours["2022-03-01-copil"]
    assert alone.instance == (None, None)
