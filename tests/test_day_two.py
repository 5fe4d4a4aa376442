"""The coordinator's day-2 chores: what a slip in a file looks like, and files that stay valid
when their commented examples are used."""

from __future__ import annotations

import re

from conftest import BASE_FILES, MEETING, REFERENTIAL, build_in_process, content_problems, project_config, run_releve, write_project

MEETING_PATH = "minutes/2021-02-19-groupe-enfance.md"


def _uncomment(text: str, start: str) -> str:
    """The examples under ``start`` (a key) with their « # » taken out, as the comment asks."""
    lines, inside = text.split("\n"), False
    for index, line in enumerate(lines):
        if line.startswith(start):
            inside = True
        elif inside and re.match(r"^ *#", line) and re.match(r"^ *# ?( *- | +\w+:)", line):
            lines[index] = re.sub(r"^( *)# ?", r"\1", line, count=1)
        elif inside and line.strip() and not line.lstrip().startswith("#"):
            inside = False
    return "\n".join(lines)


def test_the_scaffolds_commented_examples_can_be_used_as_they_are(tmp_path):
    """No « x: [] » above an example: taking out its « # » gives a valid file, not a YAML error."""
    root = tmp_path / "nouveau"
    assert run_releve("creer", str(root), "--nom", "Conseil local de santé mentale de Valmont").returncode == 0
    referential = (root / "referentiel.yaml").read_text(encoding="utf-8")
    assert not re.search(r"^\w+: \[\]\n *#", referential, re.M)
    referential = _uncomment(_uncomment(referential, "thematiques:"), "secteurs:")
    (root / "referentiel.yaml").write_text(referential, encoding="utf-8")
    partners = _uncomment((root / "partners.yaml").read_text(encoding="utf-8"), "structures:")
    (root / "partners.yaml").write_text(partners, encoding="utf-8")
    assert "  - id: centre-hospitalier" in partners and "  - id: logement" in referential
    created = run_releve("nouveau", "--site", str(root), "--titre", "Réunion de rentrée", "--date", "2022-09-05")
    assert created.returncode == 0, created.output
    meeting = root / "minutes/2022-09-05-reunion-de-rentree.md"
    text = meeting.read_text(encoding="utf-8")
    assert not re.search(r"^\w+: \[\]\n *#", text, re.M)
    text = _uncomment(_uncomment(text, "ordre_du_jour:"), "participants:").replace(
        "structure: identifiant de sa structure dans partners.yaml", "structure: centre-hospitalier"
    )
    meeting.write_text(text.replace("#  - groupe: un groupe de personnes, à la place de « nom »\n", ""), encoding="utf-8")
    check = run_releve("verifier", "--site", str(root))
    assert check.returncode == 0, check.output
    assert "1 structure" in check.stdout


def test_a_tab_in_yaml_is_named_as_a_tab(tmp_path):
    for written, line in (("horaire: 10h-12h\n\tvisio: true", 6), ("participants:\n\t- nom: Anne Exemple", 12)):
        original = "horaire: 10h-12h\nvisio: true" if line == 6 else "participants:\n  - nom: Anne Exemple"
        (tmp_path / str(line)).mkdir()
        problems = content_problems(tmp_path / str(line), {MEETING_PATH: MEETING.replace(original, written)})
        assert problems == [
            f"{MEETING_PATH}:{line}: erreur de syntaxe YAML : tabulation en début de ligne : l'indentation s'écrit "
            "avec des espaces seulement (remplacez la tabulation par des espaces)"
        ]


def test_a_broken_mkdocs_yml_is_reported_in_french_at_its_line(tmp_path):
    write_project(tmp_path, BASE_FILES)
    config = project_config().replace("theme:\n  name: material", "theme:\n  name: material: 2", 1)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    line = config.split("\n").index("  name: material: 2") + 1
    check = run_releve("verifier", "--site", str(tmp_path))
    assert check.returncode == 1
    assert check.stdout.startswith(f"mkdocs.yml:{line}: erreur de syntaxe YAML : « : » inattendu (une valeur contenant « : » doit être entre guillemets)")
    # What make build and make site run before MkDocs, which would say it in English.
    quick = run_releve("verifier", "--configuration", "--site", str(tmp_path))
    assert quick.returncode == 1 and quick.stderr.startswith(f"mkdocs.yml:{line}: erreur de syntaxe YAML") and "Error" not in quick.stderr
    (tmp_path / "mkdocs.yml").write_text(project_config(), encoding="utf-8")
    assert run_releve("verifier", "--configuration", "--site", str(tmp_path)).output == ""


def test_a_deleted_fiche_that_meetings_cite_suggests_an_ending_status(tmp_path):
    problems = content_problems(tmp_path, {"actions/reseau.md": None})
    assert problems[0] == (
        f"{MEETING_PATH}:18: fiche action inconnue : « reseau » ; si la fiche a été supprimée, remettez plutôt son "
        "fichier dans actions/ avec « statut: abandonnée » : les comptes rendus qui la citent gardent leur lien "
        "et son histoire reste lisible"
    )
    # A typo is only a typo: the nearest fiche is proposed instead.
    (tmp_path / "typo").mkdir()
    typo = content_problems(tmp_path / "typo", {MEETING_PATH: MEETING.replace("actions: [reseau]", "actions: [reseaux]")})
    assert typo == [f"{MEETING_PATH}:18: fiche action inconnue : « reseaux » (vouliez-vous dire « reseau » ?)"]


def test_the_clsm_is_named_in_one_place(tmp_path):
    """referentiel.yaml's « clsm » names the site: its title on every page, its footer; mkdocs.yml's
    required site_name gives way."""
    named = REFERENTIAL.replace("nom: Conseil local de santé mentale de test", "nom: Conseil local de santé mentale de Valmont")
    write_project(tmp_path, {**BASE_FILES, "referentiel.yaml": named.replace("sigle: CLSM test", "sigle: CLSM de Valmont")})
    assert "site_name: CLSM\n" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    build = build_in_process(tmp_path, "--strict")
    assert build.returncode == 0, build.output
    home = build.html("index.html")
    assert "<title>Accueil – CLSM de Valmont</title>" in home
    assert '<div class="md-copyright__highlight">Conseil local de santé mentale de Valmont</div>' in home
    assert '<meta name="description" content="Comptes rendus, fiches actions et annuaire : Conseil local de santé mentale de Valmont">' in home
    assert re.search(r'<span class="md-ellipsis">\s*CLSM de Valmont\s*</span>', home)
