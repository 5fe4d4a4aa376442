"""``releve schemas``: writes the editor's JSON Schemas (folder schemas/) from the content model.

The schemas follow from the declarations of ``schema.py`` (one source); the ids declared in the
content (instances, thématiques, secteurs, structures, fiches actions) become the values the
editor proposes. Run again (make schemas) after a change of the model, the référentiel, the
directory or the list of fiches actions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..atomic import link_in, linked_folder, replace_files
from ..catalogue import PARTNERS_FILE, REFERENTIAL_FILE, declared_names
from ..console import fail, fail_on
from ..problems import Problem
from ..schema import ACTION, EVENTS, HISTORY, MEETING, PARTNERS, REFERENTIAL, Record, json_schema
from ..sources import LoadError, load_yaml_file
from ..words import plural

HELP = "régénère les schémas JSON de l'éditeur (schemas/)"
DESCRIPTION = (
    "Régénère les schémas JSON qui guident l'éditeur (dossier schemas/) : à relancer après une modification "
    "du référentiel, de l'annuaire ou de la liste des fiches actions."
)

SCHEMAS_DIR = "schemas"

SCHEMAS: dict[str, tuple[Record, str, str]] = {
    "compte-rendu.schema.json": (MEETING, "Compte rendu : en-tête de minutes/AAAA-MM-JJ-titre.md", "minutes/*.md"),
    "fiche-action.schema.json": (ACTION, "Fiche action : en-tête de actions/titre.md", "actions/*.md"),
    "partners.schema.json": (PARTNERS, "Annuaire des structures : partners.yaml", "partners.yaml"),
    "referentiel.schema.json": (REFERENTIAL, "Référentiel du CLSM : referentiel.yaml", "referentiel.yaml"),
    "evenements.schema.json": (EVENTS, "Événements de l'agenda : evenements.yaml", "evenements.yaml"),
    "historique.schema.json": (HISTORY, "Historique et chiffres du CLSM : historique.yaml", "historique.yaml"),
}
"""Each schema file: the record it describes, the title editors show, the files it applies to."""

_NOTICE = "Généré par « releve schemas » (make schemas) : ne pas modifier à la main."


def generate(root: Path) -> dict[str, str]:
    """The text of every schema file for the content under ``root``, by file name."""
    known = declared_names(root)
    return {
        name: json.dumps({**json_schema(record, title, known), "$comment": _NOTICE}, ensure_ascii=False, indent=2) + "\n"
        for name, (record, title, _) in SCHEMAS.items()
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No option of its own: ``--site`` is every command's."""


def _unreadable(root: Path) -> list[Problem]:
    """What cannot be read in the files that declare the ids, as ``releve verifier`` says it: read
    leniently, a broken file would give schemas without its ids, which the editor would then refuse."""
    problems = []
    for path in (REFERENTIAL_FILE, PARTNERS_FILE):
        if (root / path).is_file():
            try:
                load_yaml_file(root, path)
            except LoadError as error:
                problems.append(error.problem)
    return problems


def run(args: argparse.Namespace) -> int:
    root = Path(args.site)
    target = root / SCHEMAS_DIR
    try:
        if problems := _unreadable(root):
            print("\n".join(str(problem) for problem in problems), file=sys.stderr)
            print(f"Les schémas de l'éditeur ({SCHEMAS_DIR}/) n'ont pas été régénérés : {plural(len(problems), 'erreur')} à corriger.", file=sys.stderr)
            return 1
        texts = {target / name: text for name, text in generate(root).items()}
    except OSError as error:
        return fail_on(error, "de lire", root)
    if (link := link_in(root, target)) is not None:
        return fail(linked_folder(link))
    try:
        target.mkdir(exist_ok=True)
        changed = {path: text for path, text in texts.items() if not path.is_file() or path.read_text(encoding="utf-8") != text}
        replace_files(changed)
    except OSError as error:
        return fail_on(error, "d'écrire dans", target)
    print(f"Schémas mis à jour : {', '.join(path.name for path in changed)}." if changed else "Schémas déjà à jour.")
    return 0
