"""The ``releve`` command in process (``cli.main``), the starter of a new CLSM, and the plugin's settings."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ENGINE_ENV, REPO, TODAY, run_releve
from mkdocs.config import load_config

from releve import cli, engine, version
from releve.hosts import mkdocs as mkdocs_host
from releve.hosts.mkdocs_serve import ReleveError
from releve.commands import creer

NAME = "Conseil local de santé mentale de Valmont-sur-Exemple"

METZ = re.compile(r"Metz|Jury|messin|Winnicott|Moselle|Woippy|Borny|Tinnes|Lorraine|Grand Est|\b57\b", re.IGNORECASE)
"""Facts of the first CLSM that must never reach another's site."""


@pytest.fixture
def starter(tmp_path) -> Path:
    target = tmp_path / "nouveau-clsm"
    result = run_releve("creer", str(target), "--nom", NAME, "--sigle", "CLSM de Valmont")
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
    assert "Erreur : « verifer » n'est pas possible : choisissez parmi 'creer', 'verifier'" in unknown.stderr
    missing = run_releve("creer", str(tmp_path / "x"))
    assert missing.returncode == 2 and "Erreur : il manque --nom." in missing.stderr
    absent = run_releve("verifier", "--site", str(tmp_path / "absent"))
    assert absent.returncode == 1 and absent.stderr.strip() == f"Erreur : le dossier « {tmp_path / 'absent'} » n'existe pas"


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
    assert "<title>Accueil - CLSM de Valmont</title>" in (starter / "site" / "index.html").read_text(encoding="utf-8")
    assert NAME not in (starter / "mkdocs.yml").read_text(encoding="utf-8") and NAME in (starter / "referentiel.yaml").read_text(encoding="utf-8")
    # The starter's own content tests (verification, build and links, drafts, privacy), as its CI runs
    # them: « make test » after « make build », on the site just built (RELEVE_SITE_CONSTRUIT); the
    # tests' own build of a site is run by this repository's tests/test_contenu.py, the same file.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=starter, env={**env, "RELEVE_SITE_CONSTRUIT": "site"}, capture_output=True, text=True
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert re.search(r"\b\d+ passed\b", tests.stdout)


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
    assert result.returncode == 1 and "n'est pas un dossier vide : rien n'a été écrit" in result.stderr
    assert (starter / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_the_starter_holds_no_fact_of_another_clsm(starter):
    for path in [*creer.STARTER.rglob("*"), *starter.rglob("*")]:
        if path.is_file() and "__pycache__" not in path.parts:
            found = METZ.findall(path.read_text(encoding="utf-8"))
            assert not found, f"{path}: {found}"
    assert METZ.search("CH Jury, Metz (57)") and not METZ.search("2057 pages, 1957")


def test_verifier_names_the_line_of_a_mistake_in_the_starter(starter):
    path = starter / "actions" / "exemple.md"
    text = path.read_text(encoding="utf-8").replace("statut: en réflexion", "statut: en reflexion")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("statut: en reflexion") + 1
    result = run_releve("verifier", "--site", str(starter))
    assert result.returncode == 1
    assert f"actions/exemple.md:{line}: statut inconnu : « en reflexion » ; referentiel.yaml déclare les statuts" in result.stdout
    assert "(vouliez-vous dire « en réflexion » ?)" in result.stdout


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
