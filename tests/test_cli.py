"""The ``releve`` command in process (``cli.main``), the starter of a new CLSM, and the plugin's settings."""

from __future__ import annotations

import errno
import html
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from browser import free_port
from conftest import BASE_FILES, ENGINE_ENV, REPO, TODAY, ctrl_c_as_in_a_terminal, run_releve, write_project
from mkdocs.config import load_config

from releve import ban, built_site, catalogue, cli, console, engine, entry_point, schema, version
from releve.hosts import mkdocs as mkdocs_host
from releve.hosts.mkdocs_serve import ReleveError
from releve.commands import creer
from releve.importing.reading import UnreadableDocument, read_document

NAME = "Conseil local de santé mentale de Valmont-sur-Exemple"

METZ = re.compile(r"Metz|Jury|messin|Winnicott|Moselle|Woippy|Borny|Tinnes|Lorraine|Grand Est|\b57\b", re.IGNORECASE)
"""Facts of the first CLSM that must never reach another's site."""


@pytest.fixture
def starter(tmp_path) -> Path:
    """A new site on a self-hosted GitLab: the case that needs a line in mkdocs.yml as well as in referentiel.yaml."""
    target = tmp_path / "nouveau-clsm"
    result = run_releve("creer", str(target), "--nom", NAME, "--sigle", "CLSM de Valmont", "--depot", "https://gitlab.exemple.fr/groupe/site")
    assert result.returncode == 0, result.output
    assert f"Site créé dans {target}" in result.stdout
    return target


@pytest.mark.parametrize("command", [None, *(command.name for command in cli.COMMANDS)])
def test_every_help_is_in_french(command):
    result = run_releve(*([command] if command else []), "--help")
    assert result.returncode == 0
    text = result.stdout
    assert text.startswith("Usage : releve") and "options :" in text and "affiche cette aide" in text
    for english in ("usage:", "show this help", "positional arguments", "options:", "default:"):
        assert english not in text
    if command in ("verifier", "nouveau", "nouvelle-action", "importer", "schemas", "generer"):
        assert "--site DOSSIER" in text and "par défaut : le dossier courant" in text


def test_argument_errors_are_in_french(tmp_path):
    unknown = run_releve("verifer")
    assert unknown.returncode == 2
    assert "Erreur : « verifer » n'est pas une commande de Relevé : choisissez parmi « creer », « verifier »" in unknown.stderr
    missing = run_releve("creer", str(tmp_path / "x"))
    assert missing.returncode == 2 and "Erreur : il manque --nom." in missing.stderr
    absent = run_releve("verifier", "--site", str(tmp_path / "absent"))
    assert absent.returncode == 1 and absent.stderr.strip() == f"Erreur : le dossier « {tmp_path / 'absent'} » n'existe pas"


@pytest.mark.parametrize("typed", ["verifer", "vérifier", "Verifier"])
def test_a_mistyped_command_is_named(typed):
    result = run_releve(typed)
    assert result.returncode == 2
    assert result.stderr.rstrip().endswith(f"« {typed} » n'est pas une commande de Relevé : choisissez parmi « creer », « verifier », « engagements », "
                                           "« nouveau », « nouvelle-action », « importer », « renommer », « schemas », « generer », « geocoder », "
                                           "« territoire », « lettre », « mettre-a-jour » (vouliez-vous dire « verifier » ?).")


def test_an_unknown_option_is_refused_by_its_command_with_the_nearest():
    result = run_releve("verifier", "--confguration")
    assert result.returncode == 2
    assert result.stderr.startswith("Usage : releve verifier ")
    assert result.stderr.rstrip().endswith("Erreur : option inconnue : --confguration (vouliez-vous dire « --configuration » ?).")
    alone = run_releve("--verbeux")
    assert alone.returncode == 2 and alone.stderr.rstrip().endswith("Erreur : option inconnue : --verbeux.")
    extra = run_releve("verifier", "en-trop")
    assert extra.stderr.startswith("Usage : releve verifier ") and extra.stderr.rstrip().endswith("Erreur : argument en trop : en-trop.")


def test_a_choice_begun_is_suggested(tmp_path):
    write_project(tmp_path, BASE_FILES)
    result = run_releve("nouveau", "--titre", "Réunion", "--type", "relevé", "--site", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Erreur : « relevé » n'est pas possible pour --type : choisissez parmi « compte rendu », « relevé de conclusions » "
        "(vouliez-vous dire « relevé de conclusions » ?)."
    )


@pytest.mark.parametrize("width", [50, 64, 80, 100])
@pytest.mark.parametrize("command", [None, *(command.name for command in cli.COMMANDS)])
def test_the_help_keeps_french_punctuation_with_its_words(command, width, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(width))
    text = run_releve(*([command] if command else []), "--aide").stdout
    for line in text.splitlines():
        assert not re.match(r"\s*[»:;!?](\s|$)", line) and not line.endswith("«"), line


def test_an_example_in_a_commands_help_is_shown_as_it_is_typed(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    lines = run_releve("engagements", "--aide").stdout.splitlines()
    # The block that closes an engagement, on its own lines with its indentation, not run into the text.
    at = lines.index("  !!! fait engagement-xxxxxxxx")
    assert lines[at - 1].endswith("suivant :") and lines[at + 1] == "      Ce qui a été fait."


# --- a command where there is no site ---------------------------------------------------------


@pytest.mark.parametrize("command", [c for c in cli.COMMANDS if c.on_site])
def test_no_command_acts_where_there_is_no_site(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    arguments = {"importer": ["cr.txt"], "renommer": ["a", "b"], "generer": [str(tmp_path.parent / "sortie")], "geocoder": ["ban.csv"],
                 "territoire": ["carte.geojson", "--communes", "57463"], "lettre": ["2022-04"]}.get(command.name, [])
    (tmp_path / "cr.txt").write_text("Compte rendu\n", encoding="utf-8")
    result = run_releve(command.name, *arguments)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Erreur : le dossier courant « {tmp_path} » n'est pas le dossier d'un site Relevé (pas de mkdocs.yml) : "
        "placez-vous dans le dossier du site ou indiquez-le avec --site"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["cr.txt"]


def test_a_command_typed_in_a_folder_of_the_site_names_the_site(starter, monkeypatch):
    """« releve nouveau » typed in minutes/: the site is the folder above, and the message says so."""
    monkeypatch.chdir(starter / "minutes")
    result = run_releve("verifier")
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"indiquez-le avec --site (vouliez-vous dire « cd {starter} » ?)"), result.stderr
    result = run_releve("nouveau", "--titre", "COPIL", "--site", str(starter / "actions"))
    assert result.returncode == 1 and result.stderr.strip().endswith(f"(vouliez-vous dire « --site {starter} » ?)"), result.stderr
    assert sorted(path.name for path in (starter / "actions").iterdir()) == ["exemple.md"]


def test_a_file_given_as_the_site_is_named_a_file(tmp_path):
    write_project(tmp_path, BASE_FILES)
    result = run_releve("verifier", "--site", str(tmp_path / "partners.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Erreur : « {tmp_path / 'partners.yaml'} » est un fichier, pas un dossier : indiquez le dossier du site avec --site "
        f"(vouliez-vous dire « --site {tmp_path} » ?)"
    )


# --- mkdocs.yml that cannot be read -----------------------------------------------------------


def test_a_mkdocs_yml_not_in_utf8_is_named_at_its_line(tmp_path):
    write_project(tmp_path, BASE_FILES)
    config = tmp_path / "mkdocs.yml"
    line = config.read_text(encoding="utf-8").count("\n") + 1
    config.write_bytes(config.read_bytes() + "# café\n".encode("cp1252"))
    expected = f"mkdocs.yml:{line}: le fichier n'est pas encodé en UTF-8 (« é » écrit comme en Windows-1252 ou Latin-1, octet E9) : enregistrez-le en UTF-8"
    check = run_releve("verifier", "--site", str(tmp_path))
    assert check.returncode == 1 and check.stdout.splitlines()[0] == expected
    alone = run_releve("verifier", "--configuration", "--site", str(tmp_path))
    assert alone.returncode == 1 and alone.stderr.strip() == expected
    written = run_releve("generer", str(tmp_path / "sortie"), "--site", str(tmp_path))
    assert written.returncode == 1 and written.stderr.splitlines()[0] == expected


@pytest.mark.parametrize(
    ("added", "reason"),
    [
        ("extra: [1, 2\n", "erreur de syntaxe YAML : « , » ou « ] » attendu (un crochet n'est pas fermé ?)"),
        ("extra: {a: 1\n", "erreur de syntaxe YAML : « , » ou « } » attendu (une accolade n'est pas fermée ?)"),
        ("extra: \x07\n", "caractère de contrôle invisible U+0007 : retirez-le ou retapez ce passage"),
        ("extra: \"\\q\"\n", "erreur de syntaxe YAML : « \\ » inconnu entre guillemets doubles (écrivez la valeur entre guillemets simples)"),
        ("extra:\n  a: 1\n b: 2\n", "erreur de syntaxe YAML : indentation incohérente, ou texte après une valeur entre guillemets"),
    ],
)
def test_a_mkdocs_yml_that_is_not_yaml_is_said_in_french(tmp_path, added, reason):
    write_project(tmp_path, BASE_FILES)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = run_releve("verifier", "--configuration", "--site", str(tmp_path))
    assert result.returncode == 1
    assert re.fullmatch(r"mkdocs\.yml:\d+: (.*)", result.stderr.strip()).group(1) == reason


def test_the_suite_runs_the_sources_without_installing():
    """``pip install`` is not needed: the engine and its plugin entry point come from hooks/."""
    assert Path(cli.__file__).is_relative_to(REPO / "hooks")
    plugin = next(iter(metadata.entry_points(group="mkdocs.plugins", name="releve")))
    assert plugin.load() is mkdocs_host.RelevePlugin


def test_creer_writes_a_site_that_builds_quietly_and_passes_its_own_tests(starter):
    files = {path.relative_to(starter).as_posix() for path in starter.rglob("*") if path.is_file()}
    assert {
        "mkdocs.yml", "referentiel.yaml", "partners.yaml", "docs/a-propos.md", "Makefile", "pyproject.toml",
        ".gitignore", "README.md", ".github/workflows/site.yml", ".gitlab-ci.yml", "tests/test_contenu.py",
        "minutes/2000-01-01-exemple.md", "actions/exemple.md",
    } <= files
    assert "plugins:\n  - releve\n" in (starter / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'dependencies = ["releve=={version.last_release(version.shipped_history())}"]' in (starter / "pyproject.toml").read_text(encoding="utf-8")
    assert 'sigle: "CLSM de Valmont"' in (starter / "referentiel.yaml").read_text(encoding="utf-8")
    # Its README is titled by the name as given, whatever its article (« Le site de Conseil… » read wrong).
    assert (starter / "README.md").read_text(encoding="utf-8").startswith(f"# {NAME}\n\nCe dépôt construit le site public du conseil")
    check = run_releve("verifier", "--site", str(starter))
    assert check.stdout.strip() == "Contenu valide : 0 compte rendu, 0 fiche action, 0 structure (et 2 brouillons, non publiés)."
    # One real build, by MkDocs' own command line: what `make build` prints.
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=starter, env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    lines = (build.stdout + build.stderr).splitlines()
    assert [re.sub(r"\d+ pages", "N pages", re.sub(r"[\d,]+ s$", "N s", line)) for line in lines] == [
        f"Construction du site dans {starter / 'site'}",
        "0 compte rendu, 0 fiche action, 0 structure : N pages générées",
        "Site construit en N s",
    ]
    # The name is written once, in referentiel.yaml: the title of the pages is its short name.
    assert "<title>Accueil – CLSM de Valmont</title>" in (starter / "site" / "index.html").read_text(encoding="utf-8")
    assert NAME not in (starter / "mkdocs.yml").read_text(encoding="utf-8") and NAME in (starter / "referentiel.yaml").read_text(encoding="utf-8")
    _says_nothing_is_published_yet(starter / "site")
    # Its GitLab is named in mkdocs.yml too (maintainers only), which the form then signs in to.
    assert "    forge: https://gitlab.exemple.fr\n" in (starter / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  adresse: https://gitlab.exemple.fr\n" in (starter / "referentiel.yaml").read_text(encoding="utf-8")
    assert "base_url: https://gitlab.exemple.fr\n" in (starter / "site" / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "connect-src 'self' data: blob: https://gitlab.exemple.fr;" in html.unescape((starter / "site" / "admin" / "index.html").read_text(encoding="utf-8"))
    # The starter's own content tests (verification, build and links, drafts, privacy), as its CI runs
    # them: « make test » after « make build », on the site just built (RELEVE_SITE_CONSTRUIT); the
    # tests' own build of a site is run by this repository's tests/test_contenu.py, the same file.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=starter, env={**env, "RELEVE_SITE_CONSTRUIT": "site"}, capture_output=True, text=True
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert re.search(r"\b\d+ passed\b", tests.stdout)


_EMPTY_SECTION = re.compile(r"</h(\d)>\s*(?:<h(\d)|</article>)")
"""A heading followed by a heading of its level or above, or by the end of the page: a section with nothing in it."""


def _says_nothing_is_published_yet(site: Path) -> None:
    """Each page of a new site, before any structure, meeting or fiche: no heading over nothing, and
    the pages of the annuaire say it is empty rather than describing structures that are not there."""
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] != "admin":
            for found in _EMPTY_SECTION.finditer(page.read_text(encoding="utf-8")):
                assert found[2] and int(found[2]) > int(found[1]), f"{page.relative_to(site)}: section vide {found[0]!r}"
    pages = {name: (site / name / "index.html").read_text(encoding="utf-8") for name in ("annuaire", "annuaire/guide", "carte", "projets")}
    assert "Aucune structure dans l'annuaire pour l'instant." in pages["annuaire"]
    assert "ce guide les réunira sur une page à imprimer" in pages["annuaire/guide"] and "Aucune adresse" not in pages["annuaire/guide"]
    assert "n'a encore aucune structure" in pages["carte"] and "chaque nom mène" not in pages["carte"]
    assert "Aucune fiche action publiée pour l'instant." in pages["projets"]


def test_this_site_runs_the_content_tests_of_every_clsm():
    """The repository's own content is tested as any CLSM's: by the file the starter writes."""
    starter_tests = sorted(path.relative_to(creer.STARTER).as_posix() for path in (creer.STARTER / "tests").glob("test_*.py"))
    assert starter_tests == ["tests/test_contenu.py"]
    for relpath in starter_tests:
        assert (REPO / relpath).read_bytes() == (creer.STARTER / relpath).read_bytes(), f"{relpath} differs from the starter's"


def test_the_short_name_abbreviates_the_council():
    assert creer.short_name("Conseil local de santé mentale de Valmont") == "CLSM de Valmont"
    assert creer.short_name("CLSM du Val") == "CLSM du Val"


def test_creer_never_writes_into_a_folder_in_use(starter):
    before = (starter / "mkdocs.yml").read_text(encoding="utf-8")
    result = run_releve("creer", str(starter), "--nom", "Autre conseil")
    assert result.returncode == 1 and re.search(r"n'est pas un dossier vide \(.+\) : rien n'a été écrit", result.stderr)
    assert (starter / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_creer_names_what_a_clone_already_holds(tmp_path):
    """A project made on GitLab has a README by default: its clone was refused as « not empty »,
    with nothing to say which file, nor that the project must be created empty."""
    clone = tmp_path / "site-clsm"
    (clone / ".git").mkdir(parents=True)
    (clone / "README.md").write_text("# site-clsm\n", encoding="utf-8")
    result = run_releve("creer", str(clone), "--nom", "Autre conseil")
    assert result.returncode == 1 and sorted(path.name for path in clone.iterdir()) == [".git", "README.md"]
    assert result.stderr.strip() == (
        f"Erreur : « {clone} » existe déjà et n'est pas un dossier vide (README.md) : rien n'a été écrit ; donnez un dossier "
        "nouveau, ou le clone d'un dépôt créé vide (sans README, licence ni .gitignore)"
    )
    result = run_releve("creer", str(clone / "README.md"), "--nom", "Autre conseil")
    assert result.returncode == 1 and "est un fichier : rien n'a été écrit" in result.stderr


def test_the_starter_holds_no_fact_of_another_clsm(starter):
    # With the editor's schemas every build writes: their hints were « par exemple « CLSM messin » ».
    assert run_releve("schemas", "--site", str(starter)).returncode == 0
    for path in [*creer.STARTER.rglob("*"), *starter.rglob("*")]:
        if path.is_file() and "__pycache__" not in path.parts:
            found = METZ.findall(path.read_text(encoding="utf-8"))
            assert not found, f"{path}: {found}"
    assert METZ.search("CH Jury, Metz (57)") and not METZ.search("2057 pages, 1957")


def test_each_instance_of_the_starter_names_one_meeting_in_the_singular(starter):
    """A meeting's page and PDF say its instance's « singulier » (or its « nom »): « Compte rendu ·
    Groupes de travail » read as several bodies. No singular may begin with a plural word."""
    instances = yaml.safe_load((starter / "referentiel.yaml").read_text(encoding="utf-8"))["instances"]
    singulars = [instance.get("singulier") or instance["nom"] for instance in instances]
    assert [name for name in singulars if name.split()[0].endswith("s")] == [], singulars


def test_the_starters_partners_yaml_names_every_key_of_a_structure():
    """The coordinator fills partners.yaml from its header: every key a structure may have is named
    there. It named none of the practical ones, and each build of a new site then warned about
    « verifie_le », a key the file never mentioned. Only a key-shaped mention counts, a « #   clé : »
    line or an item of the list of practical information: « site » or « type » in a sentence names no key."""
    header = "\n".join(line for line in (creer.STARTER / "partners.yaml").read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    described = re.findall(r"^#\s+([a-z_]+)\s+:", header, flags=re.M)
    practical = re.sub(r"\n#\s*", " ", header.split("Informations pratiques", 1)[1].split("Leur format", 1)[0])
    # « … : adresse (rue, complement, …), telephone, … ; verifie_le : la date …, et source : … »
    listed = re.findall(r"(?:^|[,;(:]|\bet) ?([a-z_]+)(?= ?[,;()]| :)", practical)
    keys = [*schema.STRUCTURE.fields, *schema.ADDRESS.fields]
    assert [key for key in keys if key not in {*described, *listed}] == []
    assert {*described, *listed} <= set(keys)  # what is read as a mention is one


def test_the_starters_readme_says_where_each_source_of_the_content_goes():
    """« Où est quoi » lists every file and folder the site is made from: it had no « lettres/ »,
    so a new coordinator never learnt where a letter's édito is written."""
    readme = (creer.STARTER / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Où est quoi\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([^`]+?)/?` \|", table, flags=re.M))
    assert [source for source in catalogue.SOURCES if source not in listed] == []


def test_each_readme_section_a_starter_file_names_is_in_that_readme():
    """CODEOWNERS sent the new site's maintainers to « README.md, « Qui peut changer quoi » »: a
    section of Relevé's README, not of the site's own. A section named after « README.md » is one of
    the site's README; after « README de Relevé », one of Relevé's (comment lines read as one text)."""
    def headings(readme: Path) -> set[str]:
        return {line.lstrip("#").strip() for line in readme.read_text(encoding="utf-8").splitlines() if line.startswith("#")}

    own, releve = headings(creer.STARTER / "README.md"), headings(REPO / "README.md")
    found = []
    for path in sorted(creer.STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = re.sub(r"\n#\s*", " ", path.read_text(encoding="utf-8"))
            found += [(path.name, own, title) for title in re.findall(r"README\.md,? (?:section )?« ([^»]+) »", text)]
            found += [(path.name, releve, title) for title in re.findall(r"README de Relevé,? (?:section )?« ([^»]+) »", text)]
    assert [(name, title) for name, sections, title in found if title not in sections] == []
    # A change of wording would find none and check nothing: these are the references the starter makes.
    assert [(name, sections is releve, title) for name, sections, title in found] == [
        ("CODEOWNERS", True, "Qui peut changer quoi"),
        ("README.md", True, "La lettre d'information"),
        ("README.md", True, "Modifier le site depuis le navigateur"),
        ("partners.yaml", True, "Informations pratiques (toutes facultatives)"),
    ]


@pytest.mark.skipif(shutil.which("make") is None, reason="make absent")
def test_make_lettre_without_a_month_says_how_to_give_one(tmp_path):
    """« make lettre » alone ran « releve lettre » without its month: argparse's usage line and
    « il manque AAAA-MM », an option a make user never types. STAMP emptied: no tools installed."""
    (tmp_path / "Makefile").write_bytes((creer.STARTER / "Makefile").read_bytes())
    result = subprocess.run(["make", "-s", "lettre", "STAMP="], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.startswith("Erreur : indiquez le mois de la lettre, par exemple : make lettre MOIS=2021-02\n"), result.stderr
    dry = subprocess.run(["make", "-n", "lettre", "STAMP=", "MOIS=2021-02", "ADRESSE=https://clsm.exemple.fr/"], cwd=tmp_path, capture_output=True, text=True)
    assert dry.returncode == 0 and "releve lettre \"$MOIS\" --adresse \"$ADRESSE\"" in dry.stdout


def test_verifier_names_the_line_of_a_mistake_in_the_starter(starter):
    path = starter / "actions" / "exemple.md"
    text = path.read_text(encoding="utf-8").replace("statut: en réflexion", "statut: en reflexion")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("statut: en reflexion") + 1
    result = run_releve("verifier", "--site", str(starter))
    assert result.returncode == 1
    assert f"actions/exemple.md:{line}: statut inconnu : « en reflexion » ; referentiel.yaml déclare les statuts" in result.stdout
    assert "(vouliez-vous dire « en réflexion » ?)" in result.stdout


def test_an_id_of_an_empty_vocabulary_says_where_to_declare_it(starter):
    """A new site declares no structure, thématique nor secteur: the first one written says where it goes."""
    path = starter / "actions" / "exemple.md"
    text = path.read_text(encoding="utf-8").replace("pilotes: []", "pilotes: [centre-hospitalier]").replace("thematiques: []", "thematiques: [logement]")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    pilots, themes = (next(number for number, line in enumerate(lines, 1) if line.startswith(key)) for key in ("pilotes:", "thematiques:"))
    result = run_releve("verifier", "--site", str(starter))
    assert result.returncode == 1 and "Traceback" not in result.output
    assert f"actions/exemple.md:{pilots}: structure inconnue : « centre-hospitalier » ; partners.yaml ne déclare encore aucune structure : ajoutez-la dans « structures »" in result.stdout
    assert f"actions/exemple.md:{themes}: thématique inconnue : « logement » ; referentiel.yaml ne déclare encore aucune thématique : ajoutez-la dans « thematiques »" in result.stdout
    partners = starter / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8") + "  - id: centre-hospitalier\n    nom: Centre hospitalier\n    secteur: soins\n", encoding="utf-8")
    result = run_releve("verifier", "--site", str(starter))
    line = len(partners.read_text(encoding="utf-8").splitlines())
    assert f"partners.yaml:{line}: secteur inconnu : « soins » ; referentiel.yaml ne déclare encore aucun secteur : ajoutez-le dans « secteurs »" in result.stdout


# --- what the plugin adds in on_config ------------------------------------------------------


def _config(site: Path, extra: str = ""):
    """The site's mkdocs.yml as MkDocs loads it, after the plugins' on_config."""
    config_file = site / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8") + extra, encoding="utf-8")
    config = load_config(str(config_file))
    return config.plugins.on_config(config)


def test_the_plugin_adds_what_the_pages_need(starter):
    config = _config(starter)
    assert {"admonition", "attr_list", "md_in_html", "tables", "toc"} <= set(config.markdown_extensions)
    assert config.mdx_configs["toc"]["permalink_title"] == "Lien vers cette section"
    assert str(engine.THEME) in config.theme.dirs
    assert config.extra_css == ["stylesheets/releve.css"] and "javascripts/releve-filtres.js" in config.extra_javascript
    assert config.nav[0] == {"Accueil": "index.md"} and config.nav[-1] == {"À propos": "a-propos.md"}
    # The engine checks the links at their source line (site_links): MkDocs says nothing of them.
    assert config.validation.links.anchors == config.validation.links.not_found == logging.DEBUG
    assert config.site_url is None


def test_the_published_address_comes_from_the_environment(starter, monkeypatch):
    monkeypatch.setenv(engine.PUBLIC_URL_VARIABLE, "https://clsm.example.org/valmont")
    assert _config(starter).site_url == "https://clsm.example.org/valmont/"


def test_an_explicit_site_url_wins_over_the_environment(starter, monkeypatch):
    monkeypatch.setenv(engine.PUBLIC_URL_VARIABLE, "https://ailleurs.example.org/")
    assert _config(starter, "site_url: https://clsm.example.org/\n").site_url == "https://clsm.example.org/"


def test_the_plugin_refuses_file_urls_in_french(starter):
    with pytest.raises(ReleveError, match="adresse en dossier .*retirez « use_directory_urls: false »"):
        _config(starter, "use_directory_urls: false\n")


def test_the_plugin_refuses_another_theme_in_french(starter):
    with pytest.raises(ReleveError, match=r"^mkdocs.yml:1: Relevé s'affiche avec le thème Material .*pas « mkdocs »"):
        _config(starter, "theme: mkdocs\n")


# --- what the system refuses, said in French --------------------------------------------------


def test_every_system_refusal_has_a_french_reason():
    for number in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.EISDIR, errno.ENOTDIR, errno.EEXIST, errno.ENAMETOOLONG,
                   errno.ENOSPC, errno.EDQUOT, errno.ELOOP, errno.EBUSY, errno.ETXTBSY, errno.EINVAL, errno.EIO, errno.ECHILD):
        error = OSError(number, os.strerror(number), "f.md")
        assert os.strerror(number) not in console.reason(error)
    assert console.reason(OSError(errno.EROFS, "Read-only file system")) == "disque en lecture seule"
    assert console.reason(OSError(errno.ECHILD, "No child processes")) == "erreur du système, ECHILD"
    assert console.reason(OSError("sans numéro")) == "erreur du système"


def test_nouveau_says_in_french_why_it_cannot_write(tmp_path, monkeypatch):
    write_project(tmp_path, BASE_FILES)

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(Path, "open", read_only)
    result = run_releve("nouveau", "--titre", "Réunion", "--site", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Erreur : impossible d'écrire « {tmp_path / 'minutes' / f'{TODAY}-reunion.md'} » (disque en lecture seule)"


def test_nouveau_without_a_terminal_says_what_to_add_and_its_choices(starter):
    """« releve nouvelle-action < /dev/null » without --axe: the axis to give, and each one's number and
    name from the new site's referentiel.yaml (it read « indiquez --axe (axe stratégique) : « 1 » »)."""
    action = run_releve("nouvelle-action", "--titre", "Forum", "--site", str(starter))
    assert action.returncode == 1
    assert action.stderr.strip() == "Erreur : indiquez l'axe stratégique avec --axe, parmi : 1 (Premier axe stratégique)."
    meeting = run_releve("nouveau", "--site", str(starter))
    assert meeting.returncode == 1 and meeting.stderr.strip() == "Erreur : indiquez le titre de la réunion avec --titre."


def test_nouveau_shortens_the_file_name_of_a_long_title(tmp_path):
    write_project(tmp_path, BASE_FILES)
    result = run_releve("nouvelle-action", "--titre", "Accompagnement " * 60, "--axe", "1", "--site", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Créé : actions/accompagnement-accompagnement-accompagnement-accompagnement.md"


def test_a_ban_file_that_is_not_gzip_is_said_in_french(tmp_path):
    path = tmp_path / "adresses-57.csv.gz"
    path.write_bytes(b"id;numero\n")
    with pytest.raises(ban.BanError) as refused:
        ban.read(path, ["57000"], [])
    assert str(refused.value) == "« adresses-57.csv.gz » n'est pas un fichier gzip complet et intact : téléchargez-le de nouveau sur adresse.data.gouv.fr"
    with pytest.raises(ban.BanError) as refused:
        ban.read(tmp_path / "absent.csv", ["57000"], [])
    assert str(refused.value) == f"impossible de lire « {tmp_path / 'absent.csv'} » (fichier ou dossier introuvable)"


def test_a_document_that_cannot_be_read_is_said_in_french(tmp_path):
    with pytest.raises(UnreadableDocument) as refused:
        read_document(tmp_path / ("c" * 300 + ".docx"))
    assert str(refused.value).endswith("(nom de fichier trop long).")
    broken = tmp_path / "cr.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(UnreadableDocument) as refused:
        read_document(broken)
    assert str(refused.value) == "« cr.docx » n'est pas un document Word (.docx) lisible (archive zip endommagée)."


# --- the process: Ctrl-C and a closed output --------------------------------------------------

_SLOW_COMMANDS = """
import sys, time

class Slow:
    # Holds the import of the commands until the test has interrupted it.
    def find_spec(self, name, path, target=None):
        if name == "releve.cli":
            print("chargement", flush=True)
            time.sleep(60)

sys.meta_path.insert(0, Slow())
from releve.entry_point import run
sys.exit(run())
"""


def test_ctrl_c_while_the_commands_load_is_one_french_line():
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_COMMANDS, "verifier"], env={**os.environ, **ENGINE_ENV}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    assert process.stdout.readline() == "chargement\n"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr) == (entry_point.INTERRUPTED, "Erreur : interrompu\n")


def test_ctrl_c_at_a_prompt_is_said_on_a_line_of_its_own(monkeypatch, capsys):
    def prompt(argv=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", prompt)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert entry_point.run() == entry_point.INTERRUPTED
    assert capsys.readouterr().err == "\nErreur : interrompu\n"


def test_ctrl_c_while_python_3_11_creates_a_class_is_an_interruption_too(monkeypatch, capsys):
    def loading(argv=None):
        raise RuntimeError("Error calling __set_name__") from KeyboardInterrupt()

    monkeypatch.setattr(cli, "main", loading)
    assert entry_point.run() == entry_point.INTERRUPTED
    assert capsys.readouterr().err == "Erreur : interrompu\n"


def test_a_closed_output_ends_the_command_quietly(tmp_path):
    write_project(tmp_path, BASE_FILES)
    reading, writing = os.pipe()
    os.close(reading)  # the reader has gone before the first line, as « | head » does after its own
    with os.fdopen(writing, "w") as closed:
        process = subprocess.run(
            [sys.executable, "-m", "releve", "verifier", "--site", str(tmp_path)],
            env={**os.environ, **ENGINE_ENV, "RELEVE_AUJOURDHUI": TODAY}, stdout=closed, stderr=subprocess.PIPE, text=True,
        )
    assert (process.returncode, process.stderr) == (entry_point.CLOSED_OUTPUT, "")


# --- make site and make voir: the port ----------------------------------------------------------


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("port", ["abc", "", "99999"])
def test_make_voir_says_a_port_that_is_not_one(port, capsys):
    """int() refused « abc » with a traceback, and the server a port above 65535."""
    assert built_site.main([port] if port else []) == 1
    assert capsys.readouterr().err == (
        f"Erreur : « PORT={port} » n'est pas un numéro de port : donnez un nombre de 1024 à 65535, par exemple PORT=8001\n")


@pytest.mark.parametrize("port", ["8_000", "\u0668\u0660\u0660\u0660"])
def test_make_voir_takes_only_the_digits_a_port_is_written_with(port, tmp_path):
    """int() read « 8_000 » and « ٨٠٠٠ » (Arabic-Indic digits) as 8000: a server on a port the
    coordinator did not write. In a process of its own, which such a server would hold."""
    refused = subprocess.run([sys.executable, "-m", "releve.built_site", port], cwd=tmp_path, capture_output=True, text=True, timeout=10)
    assert refused.returncode == 1 and refused.stderr.startswith(f"Erreur : « PORT={port} » n'est pas un numéro de port")


def test_make_voir_serves_the_sites_own_404_page_quietly_and_names_a_port_in_use(tmp_path):
    """« make voir » ran Python's http.server: English lines for its start and each request, its own
    English page for a missing one, and a traceback when the port was taken (a « make site » left
    running). The same port given to « make site »'s MkDocs was a whole build, then a traceback."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>Accueil</p>", encoding="utf-8")
    (tmp_path / "site" / "404.html").write_text("<p>Page introuvable</p>", encoding="utf-8")
    # A link put in site/ after the build (the build writes none) is not followed out of it.
    (tmp_path / "secret.txt").write_text("Mot de passe : hunter2", encoding="utf-8")
    (tmp_path / "site" / "secret.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "site" / "dehors").symlink_to(tmp_path)
    port = free_port()
    env = {**os.environ, **ENGINE_ENV}
    server = subprocess.Popen(
        [sys.executable, "-m", "releve.built_site", str(port)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        started = server.stdout.readline()
        assert started == f"Le site construit est servi sur http://127.0.0.1:{port}/ : ouvrez cette adresse dans le navigateur (Ctrl+C pour arrêter).\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.read() == b"<p>Accueil</p>"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/absente/")
        assert missing.value.code == 404 and missing.value.read() == b"<p>Page introuvable</p>"
        for outside in ("secret.txt", "dehors/secret.txt", "dehors/"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/{outside}")
            assert refused.value.code == 404 and refused.value.read() == b"<p>Page introuvable</p>"
        taken = f"Erreur : le port {port} est déjà utilisé, sans doute par un autre « make site » ou « make voir » : arrêtez-le (Ctrl+C dans son terminal) ou choisissez un autre port (PORT={port + 1})"
        again = _python("-m", "releve.built_site", str(port), cwd=tmp_path)
        assert again.returncode == 1 and again.stderr.strip() == taken
        preview = _python("-m", "releve.hosts.mkdocs_command", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}", cwd=tmp_path)
        assert preview.returncode == 1 and preview.stderr.strip() == taken and preview.stdout == ""
    finally:
        server.send_signal(signal.SIGINT)
        output, errors = server.communicate(timeout=10)
    assert server.returncode == 0 and output.strip() == "" and errors == ""
