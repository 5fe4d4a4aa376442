"""What `make build` prints: a few French lines and the problems, nothing in English, the error last."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import BASE_FILES, ENGINE_ENV, TODAY, write_project

FRENCH_LINES = [
    r"Construction du site dans \S+",
    r"\d+ comptes? rendus?, \d+ fiches? actions?, \d+ structures? : \d+ pages? générées?",
    r"Pages de docs/ hors du menu, que seul un lien d'une autre page fait lire : [\w/.-]+(, [\w/.-]+)*",
    r"Site construit en [\d,]+ s",
    r"[\w/.-]+:\d+: avertissement : .*",  # the content's likely slips, in the engine's words
]
"""Every line a clean build may print (``mkdocs build`` as ``make build`` runs it)."""


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
