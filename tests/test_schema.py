"""``schema``: a renamed key keeps working for a release, with a French warning naming the new key
(about 300 CLSMs' files must survive a rename), checked in process on parsed YAML."""

from __future__ import annotations

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
