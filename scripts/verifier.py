#!/usr/bin/env python3
"""Vérifie tout le contenu sans construire le site, avec les messages de la construction.

    python scripts/verifier.py [--racine DOSSIER]

Affiche « Contenu valide : … » et sort avec le code 0, ou liste chaque erreur sous la forme
« chemin:ligne: message » et sort avec le code 1.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from cli import FrenchParser, count, fail, fail_on  # noqa: E402
from releve.problems import ContentError  # noqa: E402
# The validate stage alone, not releve.pipeline: importing the views (Jinja, Babel) would
# double the time of a check that renders nothing.
from releve.validate import source_paths, validate  # noqa: E402


def check(root: Path) -> tuple[int, str]:
    """The exit status and the French report for the content under ``root``."""
    try:
        site = validate(root, dt.date.today())
    except ContentError as error:
        lines = [str(problem) for problem in error.problems]
        lines.append(f"Contenu invalide : {count(len(error.problems), 'erreur')} à corriger.")
        return 1, "\n".join(lines)
    minutes, actions = source_paths(root)
    drafts = len(minutes) + len(actions) - len(site.meetings) - len(site.actions)
    summary = (
        f"Contenu valide : {count(len(site.meetings), 'compte rendu', 'comptes rendus')}, "
        f"{count(len(site.actions), 'fiche action', 'fiches actions')}, "
        f"{count(len(site.structures), 'structure')}"
    )
    if drafts:
        summary += f" (et {count(drafts, 'brouillon')}, non {'publiés' if drafts > 1 else 'publié'})"
    warnings = [str(warning) for warning in site.warnings]
    return 0, "\n".join([*warnings, summary + "."])


def main(argv: list[str] | None = None) -> int:
    parser = FrenchParser(
        prog="verifier.py",
        description="Vérifie les comptes rendus, les fiches actions, l'annuaire et le référentiel sans construire le site.",
    )
    parser.add_argument("--racine", metavar="DOSSIER", default=str(ROOT), help="dossier du projet ; par défaut : ce dépôt")
    root = Path(parser.parse_args(argv).racine)
    if not root.is_dir():
        return fail(f"le dossier « {root} » n'existe pas")
    try:
        status, report = check(root)
    except OSError as error:  # a folder or file the system refuses to read
        return fail_on(error, "de lire", root)
    except Exception as error:  # noqa: BLE001 — the coordinator gets a sentence, never a traceback
        print(f"Erreur interne de Relevé ({type(error).__name__} : {error}) : signalez-la à l'équipe technique.", file=sys.stderr)
        return 2
    print(report)
    return status


if __name__ == "__main__":
    sys.exit(main())
