"""What `make build` prints: a few French lines and the problems, nothing in English, the error last."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from browser import free_port
from conftest import BASE_FILES, ENGINE_ENV, TODAY, ctrl_c_as_in_a_terminal, write_project

FRENCH_LINES = [
    r"Construction du site dans \S+",
    r"\d+ comptes? rendus?, \d+ fiches? actions?, \d+ structures? : \d+ pages? générées?",
    r"Pages de docs/ hors du menu, que seul un lien d'une autre page fait lire : [\w/.-]+(, [\w/.-]+)*",
    r"Site construit en [\d,]+ s",
    r"[\w/.-]+:\d+: avertissement : .*",  # the content's likely slips, in the engine's words
]
"""Every line a clean build may print (``mkdocs build`` as ``make build`` runs it)."""
PAGE_OF_A_MEETING = "comptes-rendus/2021-02-19-groupe-enfance/"


def build_screen(root: Path) -> tuple[int, list[str]]:
    """``mkdocs build --strict`` as ``make build`` runs it, and its lines in the order a terminal shows them."""
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY, "PYTHONUNBUFFERED": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert "Traceback" not in build.stdout
    return build.returncode, [line for line in build.stdout.splitlines() if line.strip()]


def not_french(lines: list[str]) -> list[str]:
    """The lines outside ``FRENCH_LINES`` (MkDocs' English lines, its « INFO    -  » column)."""
    return [line for line in lines if line.strip() and not any(re.fullmatch(french, line) for french in FRENCH_LINES)]


def test_a_clean_build_prints_french_lines_only(tmp_path):
    # A page of docs/ that is deliberately not in the menu, linked from À propos.
    about = BASE_FILES["docs/a-propos.md"] + "\n[Mentions légales](mentions-legales.md)\n"
    write_project(tmp_path, {**BASE_FILES, "docs/a-propos.md": about, "docs/mentions-legales.md": "# Mentions légales\n\nTexte.\n"})
    returncode, lines = build_screen(tmp_path)  # MkDocs cleans site/ at each build: « Cleaning site directory »
    assert returncode == 0, lines
    assert not_french(lines) == []
    assert "Pages de docs/ hors du menu, que seul un lien d'une autre page fait lire : mentions-legales.md" in lines
    assert lines[-1].startswith("Site construit en ")


def test_a_mistake_in_docs_is_french_and_the_error_is_last(tmp_path):
    page = "# Mentions\n\nVoir [la page](absente.md), [le haut](#nulle-part) et [À propos](a-propos.md#nulle-part).\n"
    write_project(tmp_path, {**BASE_FILES, "docs/mentions-legales.md": page})
    returncode, lines = build_screen(tmp_path)
    assert returncode != 0
    assert [line for line in not_french(lines) if line.startswith("Avertissement : ")] == [
        "Avertissement : docs/mentions-legales.md:3: le lien « absente.md » mène à une page ou un fichier absent du site",
        "Avertissement : docs/mentions-legales.md:3: le lien « #nulle-part » mène à une ancre absente de la page",
        "Avertissement : docs/mentions-legales.md:3: le lien « a-propos.md#nulle-part » mène à une ancre absente de la page « a-propos.md »",
    ]
    assert lines[-1] == "Relevé : en mode strict, les avertissements ci-dessus comptent comme des erreurs ; le site n'a pas été construit."
    assert len(not_french(lines)) == 4  # the three warnings, then the error


def test_gh_deploy_publishes_the_built_site_and_says_so_in_french(tmp_path):
    """``mkdocs gh-deploy``: MkDocs sends the folder it built to, which the engine had left for the
    published one (« Not a directory: …/site.releve-en-cours »); its lines were English."""
    project, remote = tmp_path / "projet", tmp_path / "depot.git"
    project.mkdir()
    write_project(project, BASE_FILES)
    git = ["git", "-c", "user.name=CLSM", "-c", "user.email=clsm@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "Contenu"], cwd=project, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(remote)], cwd=project, check=True)
    env = {
        **os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY, "RELEVE_PDF": "non",
        "GIT_AUTHOR_NAME": "CLSM", "GIT_AUTHOR_EMAIL": "clsm@example.org", "GIT_COMMITTER_NAME": "CLSM", "GIT_COMMITTER_EMAIL": "clsm@example.org",
    }
    deploy = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--strict"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert deploy.returncode == 0, deploy.stdout
    published = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=remote, stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    assert "index.html" in published and f"{PAGE_OF_A_MEETING}index.html" in published
    lines = [line for line in deploy.stdout.splitlines() if line.strip()]
    assert f"Envoi du site {project / 'site'} dans la branche gh-pages du dépôt" in lines
    assert lines[-1] == "Le site sera en ligne dans quelques instants.", lines
    # git's own lines of its push (« To …depot.git », « * [new branch] … »), in the system's language, are git's.
    ours = [line for line in lines if not line.startswith(("Envoi du site", "Le site sera en ligne", "To ", " * "))]
    assert not_french(ours) == [], lines


# --- Ctrl-C at the start of « make build » and « make site » --------------------------------------

_HELD = """
import runpy, shutil, sys, time

class Held:
    # Holds the import of ``name`` until Ctrl-C.
    def __init__(self, name):
        self.name = name

    def find_spec(self, name, path, target=None):
        if name == self.name:
            print("chargement", flush=True)
            time.sleep(60)

where, sys.argv[1:] = sys.argv[1], sys.argv[2:]
if where == "mkdocs":  # MkDocs' own imports, as make site and make build start it
    sys.meta_path.insert(0, Held("click"))
    runpy.run_module("releve.hosts.mkdocs_command", run_name="__main__")

from mkdocs.__main__ import cli
from releve import sanitize

class FirstPageWaits:
    # The first page the preview's first build cleans waits for Ctrl-C.
    def __init__(self):
        self.cleaner = sanitize._CLEANER

    def clean(self, fragment):
        sanitize._CLEANER = self.cleaner
        print("rendu", flush=True)
        time.sleep(60)

def copy_waits(source, target, copytree=shutil.copytree, **options):
    # The copy of the first build's site, kept for a failed rebuild, as the preview begins to serve.
    if "releve-dernier-site-" in str(target):
        print("copie", flush=True)
        time.sleep(60)
    return copytree(source, target, **options)

if where == "engine":  # the plugin's import
    sys.meta_path.insert(0, Held("releve.engine"))
elif where == "page":
    sanitize._CLEANER = FirstPageWaits()
else:
    shutil.copytree = copy_waits
cli()
"""


@pytest.mark.parametrize(
    ("where", "command", "held", "said"),
    [
        ("mkdocs", ["build", "--strict"], "chargement", "Erreur : interrompu"),
        ("engine", ["build", "--strict"], "chargement", "Erreur : interrompu"),
        ("page", ["serve", "--strict", "--dirty"], "rendu", "Erreur : aperçu interrompu avant d'être servi"),
        ("copy", ["serve", "--strict", "--dirty"], "copie", "Erreur : aperçu interrompu avant d'être servi"),
    ],
)
def test_ctrl_c_at_the_start_of_a_build_or_of_the_preview_is_one_french_line(tmp_path, where, command, held, said):
    """Ctrl-C while MkDocs loads (started as make build starts it), while the plugin loads the engine,
    during the preview's first build or before it serves: a traceback, or Click's English « Aborted! »
    and status 1."""
    write_project(tmp_path, BASE_FILES)
    if command[0] == "serve":
        command = [*command, "--dev-addr", f"127.0.0.1:{free_port()}"]
    env = {**os.environ, **ENGINE_ENV, "NO_MKDOCS_2_WARNING": "1", "RELEVE_AUJOURDHUI": TODAY, "RELEVE_PDF": "non", "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-c", _HELD, where, *command], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    assert process.stdout.readline() == f"{held}\n"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == said and "Aborted" not in stderr and "Traceback" not in stderr, stderr
    # Nothing published, and the preview's temporary folder removed.
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(("site", "mkdocs_"))]
