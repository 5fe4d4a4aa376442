"""``schema``: a renamed key keeps working for a release, with a French warning naming the new key
(about 300 CLSMs' files must survive a rename), checked in process on parsed YAML; a date written
day first is named as the body's due dates are."""

from __future__ import annotations

from pathlib import Path

from conftest import ACTION, MEETING, content_problems

from releve.schema import Checker, Field, Record, Text
from releve.sources import yaml_document

RECORD = Record({"titre": Field(Text(), required=True, doc="le titre", moved_from=("intitule",)), "lieu": Field(Text())})


def _check(text: str) -> tuple[dict, Checker]:
    checker = Checker(yaml_document("evenements.yaml", text))
    return RECORD.check(checker.doc.data, checker, ()), checker


def test_a_former_key_is_read_as_the_new_one_with_a_warning_at_its_line():
    value, checker = _check("lieu: Metz\nintitule: Forum\n")
    assert value == {"lieu": "Metz", "titre": "Forum"}
    assert checker.problems == []
    assert [str(warning) for warning in checker.warnings] == [
        "evenements.yaml:2: avertissement : la clé « intitule » s'appelle désormais « titre » : renommez-la "
        "(l'ancien nom ne sera plus lu dans une prochaine version)"
    ]


def test_the_same_key_under_both_names_is_an_error():
    _, checker = _check("titre: Forum\nintitule: Forum\n")
    assert [str(problem) for problem in checker.problems] == [
        "evenements.yaml:2: « intitule » et « titre » sont la même clé, sous son ancien et son nouveau nom : gardez « titre »"
    ]


def test_an_unknown_key_is_still_an_error_with_a_suggestion():
    _, checker = _check("titre: Forum\nlieux: Metz\n")
    assert [str(problem) for problem in checker.problems] == ["evenements.yaml:2: clé inconnue « lieux » (vouliez-vous dire « lieu » ?)"]


MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


def test_a_front_matter_date_written_day_first_that_does_not_exist_is_named(tmp_path: Path):
    """« 31/02/2027 » in a front matter got the format's message without a clue, while the body's
    due date of an engagement said the day did not exist: a compte rendu's date and a fiche's
    milestone (a month, « 13/2027 », too) now say so, with the form to write them in, by the rule
    of the engagements; a day that exists is still given its ISO form."""
    meeting = MEETING.replace("date: 2021-02-19", "date: 31/02/2027")
    action = ACTION.replace("  - date: 2021-02\n", "  - date: 13/2027\n").replace("debut: 2019", "debut: 30.02.2019")
    assert content_problems(tmp_path, {MEETING_PATH: meeting, "actions/reseau.md": action}) == [
        "actions/reseau.md:8: « debut » : la date « 30.02.2019 » n'existe pas (écrivez-la AAAA-MM-JJ)",
        "actions/reseau.md:10: « jalons[1].date » : la date « 13/2027 » n'existe pas (écrivez-la AAAA-MM)",
        f"{MEETING_PATH}:4: « date » : la date « 31/02/2027 » n'existe pas (écrivez-la AAAA-MM-JJ)",
    ]
    meeting = MEETING.replace("date: 2021-02-19", "date: 19/02/2021")
    assert content_problems(tmp_path, {MEETING_PATH: meeting}) == [
        f"{MEETING_PATH}:4: « date » doit être une date au format AAAA-MM-JJ, trouvé « 19/02/2021 » (vouliez-vous dire « 2021-02-19 » ?)"
    ]
