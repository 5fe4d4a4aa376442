"""Each CLSM's vocabulary is its own: axes, statuts, questions and time zone come from referentiel.yaml.

One real build of a CLSM with four axes, five questions, its own statuts and an overseas time zone;
the validation messages are checked in process.
"""

from __future__ import annotations

import json
import re

import icalendar
import pytest
import yaml

from conftest import ACTION, BASE_FILES, MEETING, REFERENTIAL, build_in_process, run_releve, write_project
from releve import pipeline, urls
from releve.commands import creer, schemas
from releve.importing import text
from releve.model import DEFAULT_QUESTIONS, DEFAULT_STATUSES

FOURTH_AXIS = "  - numero: 4\n    nom: Accès aux droits\n    description: faciliter l'accès aux droits\n"
OWN_REFERENTIAL = (
    REFERENTIAL.replace("  sigle: CLSM test\n", "  sigle: CLSM test\n  fuseau_horaire: America/Cayenne\n")
    .replace("instances:\n", FOURTH_AXIS + "instances:\n", 1)
    + """\
statuts: [à lancer, lancée, terminée, en pause, en attente CPAM]
questions:
  - Objectif
  - Public
  - Moyens
  - Calendrier
  - Évaluation
"""
)

OWN_ACTION = """\
---
titre: Permanence d'accès aux droits
axe: 4
statut: lancée
debut: 2021
---
## Objectif

Ouvrir une permanence.

```
## Public
Ce titre est dans un bloc de code : il reste dans la réponse.
```

## Moyens

Deux bénévoles.
"""

OTHER_ACTION = ACTION.replace("statut: en cours", "statut: à lancer").replace(
    "## Quoi ?\n\nMettre en place un réseau.\n\n## Pourquoi ?\n\nParce que.\n", "## Objectif\n\nMettre en place un réseau.\n"
)

OWN_FILES = {
    **BASE_FILES,
    "referentiel.yaml": OWN_REFERENTIAL,
    "actions/reseau.md": OTHER_ACTION,
    "actions/permanence-droits.md": OWN_ACTION,
    "actions/permanence-pausee.md": OWN_ACTION.replace("statut: lancée", "statut: en pause").replace("titre: Permanence", "titre: Autre permanence"),
    "actions/permanence-cpam.md": OWN_ACTION.replace("statut: lancée", "statut: en attente CPAM").replace("titre: Permanence", "titre: Permanence CPAM"),
}


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("vocabulaire")
    write_project(root, OWN_FILES)
    build = build_in_process(root)
    assert build.returncode == 0, build.output
    return build


def test_a_fiche_shows_its_clsm_s_axis_and_questions(own_site):
    html = own_site.html("projets/permanence-droits/index.html")
    assert "Axe 4 – Accès aux droits" in html
    headings = [line.split(">", 1)[1].split("<", 1)[0] for line in html.split('<h2 id="')[1:]]
    assert headings[:3] == ["Objectif", "Moyens", "Étapes et réunions"]
    # A « ## » inside a code fence stays in the answer it belongs to.
    objective = html.split(">Objectif<", 1)[1].split('<h2 id="', 1)[0]
    assert "Ouvrir une permanence." in objective and "Ce titre est dans un bloc de code" in objective
    assert "Deux bénévoles." in html
    assert "2 questions sur 5" in html
    fold = html[html.index("<details") : html.index("</details>")]
    # The CLSM's own unanswered questions, without a hint of their own.
    assert "<summary>3 questions à compléter</summary>" in fold
    assert [item.strip() for item in re.findall(r"<li>(.*?)</li>", fold)] == ["Public", "Calendrier", "Évaluation"]


def test_statuts_are_listed_in_the_clsm_s_order(own_site):
    html = own_site.html("projets/index.html")
    # Not in alphabetical order (« En pause » would come second); a statut without a fiche is not
    # listed; the CLSM's acronym stays as written (Jinja's capitalize made it « En attente cpam »).
    positions = [html.index(f">{status}<") for status in ("À lancer", "Lancée", "En pause", "En attente CPAM")]
    assert positions == sorted(positions)
    assert ">Terminée<" not in html and "En réflexion" not in html
    assert "Axe 4 – Accès aux droits" in html


def test_calendar_hours_are_in_the_clsm_s_time_zone(own_site):
    calendar = icalendar.Calendar.from_ical((own_site.site / "agenda.ics").read_bytes())
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Cayenne"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Cayenne"]
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "America/Cayenne"


def problems(tmp_path, files: dict[str, str]) -> list[str]:
    write_project(tmp_path, {**OWN_FILES, **files})
    return [str(problem) for problem in pipeline.validate_project(tmp_path)]


def test_an_undeclared_axis_is_reported_with_the_nearest(tmp_path):
    assert problems(tmp_path, {"actions/permanence-droits.md": OWN_ACTION.replace("axe: 4", "axe: 5")}) == [
        "actions/permanence-droits.md:3: axe inconnu : « 5 » ; referentiel.yaml déclare les axes "
        "« 1 », « 2 », « 3 », « 4 » (vouliez-vous dire « 4 » ?)"
    ]


def test_a_default_question_is_no_question_of_a_clsm_with_its_own(tmp_path):
    text = OWN_ACTION.replace("## Moyens", "## Moyen")
    assert problems(tmp_path, {"actions/permanence-droits.md": text}) == [
        "actions/permanence-droits.md:16: la section « Moyen » n'est pas l'une des questions d'une fiche action "
        "(« questions » de referentiel.yaml) (vouliez-vous dire « Moyens » ?)"
    ]


def test_an_unknown_time_zone_is_reported_with_a_suggestion(tmp_path):
    referential = OWN_REFERENTIAL.replace("America/Cayenne", "America/Cayene")
    assert problems(tmp_path, {"referentiel.yaml": referential}) == [
        "referentiel.yaml:4: fuseau horaire inconnu : « America/Cayene » (attendu un nom comme Europe/Paris ou "
        "America/Cayenne) (vouliez-vous dire « America/Cayenne » ?)"
    ]
    # A file of the machine, not a zone: the calendars would take the zone of whatever builds them.
    local = OWN_REFERENTIAL.replace("America/Cayenne", "localtime")
    (tmp_path / "local").mkdir()
    assert problems(tmp_path / "local", {"referentiel.yaml": local}) == [
        "referentiel.yaml:4: fuseau horaire inconnu : « localtime » (attendu un nom comme Europe/Paris ou America/Cayenne)"
    ]


def test_a_block_in_a_fiche_is_reported_not_dropped(tmp_path):
    text = OWN_ACTION.replace("Deux bénévoles.\n", "Deux bénévoles.\n\n!!! decision\n    Il est convenu d'ouvrir.\n")
    assert problems(tmp_path, {"actions/permanence-droits.md": text}) == [
        "actions/permanence-droits.md:20: « !!! decision » s'écrit dans un compte rendu (minutes/), pas dans une "
        "fiche action : la fiche le montrera depuis la réunion qui la mentionne"
    ]


COMMITMENT = "!!! engagement ch-jury\n    Réserver les salles.\n"


def test_a_closure_before_its_commitment_is_an_error(tmp_path):
    meeting = MEETING.replace("Le groupe discute du réseau.\n", "Le groupe discute du réseau.\n\n" + COMMITMENT)
    found = problems(tmp_path, {"minutes/2021-02-19-groupe-enfance.md": meeting})
    assert found == []
    anchor = next(iter(pipeline.load(tmp_path).site.meetings[0].commitments)).anchor
    earlier = MEETING.replace("2021-02-19", "2021-01-10").replace("prochaine_reunion:\n  date: 2022-05-10", "prochaine_reunion:\n  date: 2021-02-19")
    earlier += f"\n!!! fait {anchor}\n    Les salles sont réservées.\n"
    same_file_first = meeting.replace("## Projet de réseau\n", f"## Projet de réseau\n\n!!! fait {anchor}\n    Fait.\n", 1)
    message = (
        f"« !!! fait {anchor} » est placé avant l'engagement qu'il clôt (minutes/2021-02-19-groupe-enfance.md:{{line}}, "
        "réunion du 2021-02-19) : écrivez-le dans le compte rendu d'une réunion qui suit l'engagement"
    )
    assert problems(tmp_path, {"minutes/2021-02-19-groupe-enfance.md": meeting, "minutes/2021-01-10-groupe-enfance.md": earlier}) == [
        f"minutes/2021-01-10-groupe-enfance.md:{earlier.count(chr(10)) - 1}: " + message.format(line=28)
    ]
    (tmp_path / "minutes/2021-01-10-groupe-enfance.md").unlink()
    assert problems(tmp_path, {"minutes/2021-02-19-groupe-enfance.md": same_file_first}) == [
        "minutes/2021-02-19-groupe-enfance.md:26: " + message.format(line=31)
    ]


def test_the_starter_declares_the_defaults_it_applies(tmp_path):
    text = creer._fill((creer.STARTER / "referentiel.yaml").read_text(encoding="utf-8"), "CLSM de Valmont", "CLSM de Valmont")
    data = yaml.safe_load(text)
    assert data["statuts"] == list(DEFAULT_STATUSES)
    assert data["questions"] == [question for question, _ in DEFAULT_QUESTIONS]
    assert data["clsm"]["fuseau_horaire"] == "Europe/Paris"


def test_editor_schemas_offer_the_clsm_s_own_values(tmp_path):
    write_project(tmp_path, OWN_FILES)
    action = json.loads(schemas.generate(tmp_path)["fiche-action.schema.json"])
    assert action["properties"]["axe"]["enum"] == [1, 2, 3, 4]
    assert sorted(action["properties"]["statut"]["enum"]) == sorted(["à lancer", "lancée", "terminée", "en pause", "en attente CPAM"])


def test_a_new_fiche_is_written_with_the_clsm_s_questions(tmp_path):
    write_project(tmp_path, OWN_FILES)
    result = run_releve("nouvelle-action", "--site", str(tmp_path), "--titre", "Accueil de jour", "--axe", "4", "--statut", "en pause")
    assert result.returncode == 0, result.output
    text = (tmp_path / "actions/accueil-de-jour.md").read_text(encoding="utf-8")
    assert "axe: 4\n" in text and "statut: en pause\n" in text
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == ["Objectif", "Public", "Moyens", "Calendrier", "Évaluation"]
    refused = run_releve("nouvelle-action", "--site", str(tmp_path), "--titre", "Autre", "--axe", "4", "--statut", "en cours")
    assert refused.returncode != 0 and "« en cours » n'est pas possible pour --statut" in refused.output


def test_one_slug_for_the_engine_and_the_importer():
    assert urls.slugify("« Cœur » de l'Æther, Straße") == "coeur-de-l-aether-strasse"
    assert text.slugify("Cœur de ville") == urls.slugify("Cœur de ville") == "coeur-de-ville"
