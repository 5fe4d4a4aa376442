"""``releve importer``: imports a Word minutes (.docx, or its text export .txt) as a draft in minutes/.

The written file is always a draft (« brouillon: true »); an existing file is never overwritten.
The final summary lists what could not be recognised (unknown structures, date…).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..console import count
from ..importing import ImportResult, UnreadableDocument, import_document

HELP = "crée un compte rendu (brouillon) depuis un document Word ou son export texte"
DESCRIPTION = (
    "Importe un compte rendu Word (.docx, ou son export texte .txt) en brouillon dans minutes/. "
    "Un fichier existant n'est jamais écrasé ; le résumé liste ce qui reste à compléter."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", help="le document Word (.docx) ou son export texte (.txt)")
    parser.add_argument("--essai", action="store_true", help="affiche le résultat sans rien écrire")


def _summary(result: ImportResult, written: str) -> str:
    m = result.minutes
    facts = []
    if m.date:
        facts.append(f"réunion du {m.date:%d/%m/%Y}")
    facts.append(count(len(m.participants), "participant"))
    facts.append(count(len(m.agenda), "point", "points") + " à l'ordre du jour")
    facts.append(count(len(m.topics), "section"))
    facts.append(count(m.decision_count, "décision"))
    lines = [written, "  " + " · ".join(facts)]
    if result.notices:
        lines.append(f"À compléter ou vérifier ({len(result.notices)}) :")
        lines += [f"  - {notice.message}" for notice in result.notices]
    else:
        lines.append("Tout le document a été reconnu.")
    if result.partners_block:
        lines.append("À coller sous « structures: » dans partners.yaml (type et secteur à compléter) :")
        lines.append(result.partners_block.rstrip("\n"))
    lines.append("Relisez le fichier, puis passez « brouillon: false » pour le publier.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    source = Path(args.fichier).expanduser()
    root = Path(args.site).expanduser().resolve()
    try:
        result = import_document(source, root)
    except UnreadableDocument as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    except Exception as error:  # never a traceback for the coordinator
        print(
            f"Erreur inattendue pendant la lecture de « {source.name} » ({type(error).__name__} : {error}). "
            "Le document n'a pas été importé ; signalez-le avec le fichier concerné.",
            file=sys.stderr,
        )
        return 3
    if args.essai:
        print(result.markdown)
        print(_summary(result, "Essai : rien n'a été écrit."))
        return 0
    relative = f"minutes/{result.file_name}"
    target = root / "minutes" / result.file_name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(result.markdown)
    except FileExistsError:
        print(
            f"Erreur : {relative} existe déjà. L'import n'écrase jamais un fichier : "
            "supprimez-le ou renommez-le si vous voulez vraiment réimporter ce document.",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(f"Erreur : impossible d'écrire {relative} ({error.strerror}).", file=sys.stderr)
        return 2
    print(_summary(result, f"Brouillon créé : {relative}"))
    return 0
