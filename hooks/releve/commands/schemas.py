#!/usr/bin/env python3
"""Régénère les schémas JSON de l'éditeur (dossier schemas/) depuis le modèle du contenu.

    python scripts/schemas.py [--racine DOSSIER]

Les schémas sont tirés des déclarations de hooks/releve/schema.py (une seule source) ; les
identifiants déclarés dans le contenu (instances, thématiques, secteurs, structures, fiches
actions) y deviennent les valeurs proposées par l'éditeur. Relancez-le (make schemas) après
avoir modifié le modèle, le référentiel, l'annuaire ou la liste des fiches actions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from cli import FrenchParser, fail_on  # noqa: E402
from releve.schema import ACTION, EVENTS, HISTORY, MEETING, PARTNERS, REFERENTIAL, Record, json_schema  # noqa: E402
from releve.validate import declared_names  # noqa: E402

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

_NOTICE = "Généré par « make schemas » depuis hooks/releve/schema.py : ne pas modifier à la main."


def generate(root: Path) -> dict[str, str]:
    """The text of every schema file for the content under ``root``, by file name."""
    known = declared_names(root)
    return {
        name: json.dumps({**json_schema(record, title, known), "$comment": _NOTICE}, ensure_ascii=False, indent=2) + "\n"
        for name, (record, title, _) in SCHEMAS.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = FrenchParser(prog="schemas.py", description="Régénère les schémas JSON de l'éditeur (schemas/).")
    parser.add_argument("--racine", metavar="DOSSIER", default=str(ROOT), help="dossier du projet ; par défaut : ce dépôt")
    root = Path(parser.parse_args(argv).racine)
    target = root / SCHEMAS_DIR
    try:
        target.mkdir(exist_ok=True)
        changed = []
        for name, text in generate(root).items():
            path = target / name
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                changed.append(name)
    except OSError as error:
        return fail_on(error, "d'écrire dans", target)
    print(f"Schémas mis à jour : {', '.join(changed)}." if changed else "Schémas déjà à jour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
