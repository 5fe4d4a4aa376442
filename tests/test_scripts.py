"""The coordinator's commands (releve verifier, nouveau, nouvelle-action, schemas) and the editor schemas."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import BASE_FILES, ENGINE_ENV, SAMPLE_SITE, TODAY, run_mkdocs, run_releve, write_project

from releve.commands import schemas as SCHEMAS
from releve.model import DEFAULT_QUESTIONS
from releve.sources import load_markdown_file, load_yaml_file

run = run_releve


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "projet"
    root.mkdir()
    write_project(root, BASE_FILES)
    return root


def output(result) -> str:
    return result.output


# --- verifier ---------------------------------------------------------------------------


def test_verifier_reports_valid_content_with_counts(project):
    result = run("verifier", "--site", str(project))
    assert result.returncode == 0, output(result)
    assert output(result).splitlines()[0] == "Contenu valide : 1 compte rendu, 1 fiche action, 3 structures."
    # No structure of the fixture has a verification date: said once, as a warning, without failing.
    assert output(result).splitlines()[-1] == "1 avertissement, sans effet sur la construction."


def test_verifier_counts_drafts_apart(project):
    write_project(project, {"actions/brouillon.md": BASE_FILES["actions/reseau.md"].replace("---\n## Quoi", "brouillon: true\n---\n## Quoi")})
    result = run("verifier", "--site", str(project))
    assert result.returncode == 0, output(result)
    assert "1 fiche action, 3 structures (et 1 brouillon, non publié)." in output(result)


def test_verifier_lists_every_problem_as_the_build_does(project):
    meeting = "minutes/2021-02-19-groupe-enfance.md"
    write_project(
        project,
        {
            meeting: BASE_FILES[meeting].replace("instance: groupe thématique", "instance: groupe thematique"),
            "actions/reseau.md": BASE_FILES["actions/reseau.md"].replace("statut: en cours", "statut: en cour"),
        },
    )
    result = run("verifier", "--site", str(project))
    text = output(result)
    assert result.returncode == 1
    problems = [line for line in text.splitlines() if ".md:" in line]
    assert problems == [
        "actions/reseau.md:5: statut inconnu : « en cour » ; referentiel.yaml déclare les statuts "
        "« en réflexion », « en projet », « en cours », « réalisée », « suspendue », « abandonnée » (vouliez-vous dire « en cours » ?)",
        f"{meeting}:7: instance inconnue : « groupe thematique » (vouliez-vous dire « groupe thématique » ?)",
    ]
    assert text.strip().endswith("Contenu invalide : 2 erreurs à corriger.")
    build = run_mkdocs(project)
    assert build.returncode != 0
    # The French error is the last thing on the screen: no English « Aborted with a BuildError! ».
    assert "Aborted" not in build.output and build.output.rstrip().endswith(problems[-1])
    for problem in problems:
        assert problem in build.output


def test_verifier_reports_a_missing_or_unreadable_file_without_traceback(project):
    (project / "partners.yaml").unlink()
    (project / "minutes" / "2021-03-01-lien-casse.md").symlink_to(project / "nulle-part.md")
    result = run("verifier", "--site", str(project))
    text = output(result)
    assert result.returncode == 1
    assert "partners.yaml:1: fichier introuvable" in text
    # A link, even to nothing, is named as a link: the coordinator sees the file in the folder.
    link = "minutes/2021-03-01-lien-casse.md:1: « minutes/2021-03-01-lien-casse.md » est un lien symbolique : "
    assert text.count("minutes/2021-03-01-lien-casse.md:") == 1 and link in text
    assert "Traceback" not in text


def test_verifier_refuses_a_missing_folder_in_french(tmp_path):
    result = run("verifier", "--site", str(tmp_path / "absent"))
    assert result.returncode == 1
    assert output(result).strip() == f"Erreur : le dossier « {tmp_path / 'absent'} » n'existe pas"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every folder")
def test_verifier_reports_an_unreadable_folder_in_french(project):
    minutes = project / "minutes"
    minutes.chmod(0)
    try:
        result = run("verifier", "--site", str(project))
    finally:
        minutes.chmod(0o755)
    assert result.returncode == 1
    assert "accès refusé" in output(result)


def test_verifier_explains_a_wrong_option_in_french():
    result = run("verifier", "--racine", "x")
    assert result.returncode == 2
    assert "Erreur : option inconnue" in output(result)


# --- nouveau ------------------------------------------------------------------------------


def test_nouveau_compte_rendu_writes_a_valid_draft_named_after_date_and_title(project):
    result = run(
        "nouveau", "--site", str(project),
        "--titre", "COPIL : bilan #1", "--instance", "copil", "--type", "relevé de conclusions",
    )
    assert result.returncode == 0, output(result)
    created = project / "minutes" / f"{TODAY}-copil-bilan-1.md"
    assert f"minutes/{TODAY}-copil-bilan-1.md" in output(result)
    doc = load_markdown_file(project, f"minutes/{TODAY}-copil-bilan-1.md")
    assert doc.data["titre"] == "COPIL : bilan #1"
    assert doc.data["date"] == TODAY and doc.data["brouillon"] is True
    assert "## " in doc.body and "!!! decision" in doc.body
    assert created.is_file()
    check = run("verifier", "--site", str(project))
    assert check.returncode == 0, output(check)
    assert "(et 1 brouillon, non publié)" in output(check)


def test_nouveau_action_writes_the_ten_questions_and_passes_validation(project):
    result = run("nouvelle-action", "--site", str(project), "--titre", "Forum santé mentale", "--axe", "3")
    assert result.returncode == 0, output(result)
    doc = load_markdown_file(project, "actions/forum-sante-mentale.md")
    assert doc.data["axe"] == 3 and doc.data["statut"] == "en réflexion"
    # No start unless given: the month the file is written is no fact of the fiche's (the page says « non renseigné »).
    assert "debut" not in doc.data and "\n# debut: AAAA, AAAA-MM ou AAAA-MM-JJ, si un document du CLSM le dit\n" in (project / "actions" / "forum-sante-mentale.md").read_text(encoding="utf-8")
    dated = run("nouvelle-action", "--site", str(project), "--titre", "Forum 2019", "--axe", "3", "--debut", "2019-05")
    assert dated.returncode == 0 and load_markdown_file(project, "actions/forum-2019.md").data["debut"] == "2019-05"
    assert [line[3:] for line in doc.body.splitlines() if line.startswith("## ")] == [q for q, _ in DEFAULT_QUESTIONS]
    check = run("verifier", "--site", str(project))
    assert check.returncode == 0, output(check)


def test_nouveau_never_overwrites(project):
    before = (project / "actions" / "reseau.md").read_text(encoding="utf-8")
    result = run("nouvelle-action", "--site", str(project), "--titre", "Réseau", "--axe", "2")
    assert result.returncode == 1
    assert "« actions/reseau.md » existe déjà : rien n'a été écrit" in output(result)
    assert (project / "actions" / "reseau.md").read_text(encoding="utf-8") == before
    args = ("nouveau", "--site", str(project), "--titre", "COPIL", "--instance", "copil", "--type", "compte rendu")
    assert run(*args).returncode == 0
    assert "existe déjà" in output(run(*args))


def test_nouveau_writes_nothing_through_a_linked_folder(project, tmp_path):
    outside = tmp_path / "ailleurs"
    (project / "minutes").rename(outside)
    (project / "minutes").symlink_to(outside, target_is_directory=True)
    before = sorted(path.name for path in outside.iterdir())
    result = run("nouveau", "--site", str(project), "--titre", "COPIL", "--instance", "copil", "--type", "compte rendu")
    assert result.returncode == 1
    assert "« minutes » est un lien symbolique, qui peut mener hors du site : rien n'est écrit à travers lui ; retirez-le" in output(result)
    assert sorted(path.name for path in outside.iterdir()) == before


def test_nouveau_outside_a_terminal_names_the_missing_option(project):
    result = run("nouveau", "--site", str(project), "--type", "compte rendu")
    assert result.returncode == 1
    assert output(result).strip() == "Erreur : indiquez le titre de la réunion avec --titre."
    result = run("nouvelle-action", "--site", str(project), "--titre", "Forum")
    assert output(result).strip() == (
        "Erreur : indiquez l'axe stratégique avec --axe, parmi : 1 (Inclusion dans la cité), 2 (Amélioration des parcours), "
        "3 (Coordination entre les acteurs)."
    )
    assert list((project / "minutes").iterdir()) == [project / "minutes" / "2021-02-19-groupe-enfance.md"]


def test_nouveau_runs_as_the_readme_writes_it(project):
    """« make nouveau ARGS='--titre "COPIL de printemps"' »: the instance and the type take their defaults."""
    result = run("nouveau", "--site", str(project), "--titre", "COPIL de printemps")
    assert result.returncode == 0, output(result)
    doc = load_markdown_file(project, f"minutes/{TODAY}-copil-de-printemps.md")
    assert doc.data["instance"] == "copil" and doc.data["type"] == "compte rendu"


def test_nouveau_refuses_a_wrong_value_with_a_suggestion(project):
    result = run(
        "nouveau", "--site", str(project),
        "--titre", "Réunion", "--instance", "copl", "--type", "compte rendu", "--date", "2022-02-30",
    )
    assert result.returncode == 1
    assert "« date » : la date « 2022-02-30 » n'existe pas" in output(result)
    result = run("nouveau", "--site", str(project), "--titre", "Réunion", "--instance", "copl", "--type", "compte rendu")
    assert "(vouliez-vous dire « copil » ?)" in output(result)


def test_nouveau_asks_what_is_missing_in_a_terminal(project):
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "releve", "nouveau", "--site", str(project)],
        env={**os.environ, **ENGINE_ENV, "RELEVE_AUJOURDHUI": TODAY},
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    os.close(terminal)
    # title, date (Entrée keeps today), instance (a typo first, then its number), type by name
    os.write(controller, "Groupe enfance\n\ncopl\n2\ncompte rendu\n".encode())
    text, _ = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0, text
    assert "Instance :\n  1. copil — Comité de pilotage (COPIL)\n  2. groupe thématique — Groupes thématiques" in text
    assert "(vouliez-vous dire « copil » ?)" in text
    doc = load_markdown_file(project, f"minutes/{TODAY}-groupe-enfance.md")
    assert doc.data["instance"] == "groupe thématique" and doc.data["type"] == "compte rendu"


def test_the_scaffold_writes_only_keys_the_schema_declares_in_its_order():
    """The files ``nouveau`` writes are hand-written for the coordinator (examples, comments), but
    every key they write or comment out is one of the schema's, so the two cannot drift apart."""
    from releve.commands.nouveau import ACTION_TEMPLATE, MEETING_TEMPLATE
    from releve.schema import ACTION, MEETING

    for template, record in ((MEETING_TEMPLATE, MEETING), (ACTION_TEMPLATE, ACTION)):
        keys, parent = [], None
        for line in template.split("---\n")[1].splitlines():
            match = re.match(r"^#?( *)(?:- )?([a-z_]+):", line.removeprefix("# "))
            if not match:
                continue
            indent, key = match.groups()
            if indent:  # a key of a participant, a milestone, the next meeting
                nested = record.fields[parent].type
                assert key in getattr(nested, "item", nested).fields, (parent, key)
            else:
                assert key in record.fields, key
                keys.append(parent := key)
        assert keys == [key for key in record.fields if key in keys]
        assert {key for key, spec in record.fields.items() if spec.required} <= set(keys)


# --- editor schemas -----------------------------------------------------------------------


def test_schemas_command_writes_the_schemas_generated_from_the_model(project):
    # The schemas list the content's ids, so they are build outputs (make site/build/verifier
    # refresh them), not committed files that a new structure would make stale.
    result = run("schemas", "--site", str(project))
    assert result.returncode == 0, result.stderr
    for name, text in SCHEMAS.generate(project).items():
        assert (project / SCHEMAS.SCHEMAS_DIR / name).read_text(encoding="utf-8") == text


def test_schemas_are_not_written_through_a_link_committed_as_their_folder(project, tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (project / SCHEMAS.SCHEMAS_DIR).symlink_to(outside, target_is_directory=True)
    result = run("schemas", "--site", str(project))
    assert result.returncode == 1
    assert "« schemas » est un lien symbolique, qui peut mener hors du site : rien n'est écrit à travers lui ; retirez-le" in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "breakage"),
    [("referentiel.yaml", b"axes: [\n"), ("partners.yaml", b"\xff\xfe\n"), ("partners.yaml", b"structures: : :\n")],
)
def test_schemas_of_a_file_that_cannot_be_read_are_not_written(project, path, breakage):
    """A broken referentiel.yaml or partners.yaml would give schemas without its ids: the command
    stops with the error verifier gives, at its line, and keeps the schemas as they were."""
    assert run("schemas", "--site", str(project)).returncode == 0
    before = {file: file.read_bytes() for file in (project / SCHEMAS.SCHEMAS_DIR).iterdir()}
    with open(project / path, "ab") as file:
        file.write(breakage)
    result = run("schemas", "--site", str(project))
    checked = run("verifier", "--site", str(project))
    error = next(line for line in checked.stdout.splitlines() if line.startswith(f"{path}:"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"{error}\nLes schémas de l'éditeur (schemas/) n'ont pas été régénérés : 1 erreur à corriger.\n"
    assert {file: file.read_bytes() for file in (project / SCHEMAS.SCHEMAS_DIR).iterdir()} == before


def _validator(root: Path, name: str) -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMAS.generate(root)[name])
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _content_files(root: Path):
    """Each content file with the data an editor sees (front matter only, dates as text)."""
    for name, (_, _, pattern) in SCHEMAS.SCHEMAS.items():
        for path in sorted(root.glob(pattern)):
            relpath = path.relative_to(root).as_posix()
            load = load_markdown_file if path.suffix == ".md" else load_yaml_file
            yield name, relpath, load(root, relpath).data


def test_every_real_content_file_matches_its_schema():
    validators = {name: _validator(SAMPLE_SITE, name) for name in SCHEMAS.SCHEMAS}
    checked = set()
    for name, relpath, data in _content_files(SAMPLE_SITE):
        errors = [f"{relpath}: {'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[name].iter_errors(data)]
        assert errors == []
        checked.add(name)
    assert {"compte-rendu.schema.json", "fiche-action.schema.json", "partners.schema.json", "referentiel.schema.json"} <= checked


def test_the_schema_rejects_what_the_build_rejects(project):
    validator = _validator(project, "compte-rendu.schema.json")
    meeting = load_markdown_file(project, "minutes/2021-02-19-groupe-enfance.md").data
    assert list(validator.iter_errors(meeting)) == []
    for key, value in [("titer", "Réunion"), ("instance", "copl"), ("visio", "oui"), ("date", "19/02/2021")]:
        errors = list(validator.iter_errors({**meeting, key: value}))
        assert errors, f"{key}: {value!r} accepted"
    participant = {"nom": "Anne Exemple", "groupe": "Les membres"}
    assert list(validator.iter_errors({**meeting, "participants": [participant]}))
    action = _validator(project, "fiche-action.schema.json")
    sheet = load_markdown_file(project, "actions/reseau.md").data
    assert list(action.iter_errors(sheet)) == []
    assert list(action.iter_errors({**sheet, "pilotes": ["ch-jurry"]}))
    assert list(action.iter_errors({**sheet, "debut": "2019-1"}))
