#!/usr/bin/env python3
"""Importe un compte rendu Word (.docx, ou son export texte .txt) en brouillon dans minutes/.

    python scripts/importer.py FICHIER [--racine DOSSIER] [--essai]

Le fichier écrit est toujours un brouillon (« brouillon: true ») ; un fichier existant n'est jamais
écrasé. Le résumé final liste ce qui n'a pas pu être reconnu (structures inconnues, date…).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from releve.importing import ImportResult, UnreadableDocument, import_document  # noqa: E402


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages are in English
        if "required" in message:
            message = "indiquez le document à importer (FICHIER)"
        elif "unrecognized arguments" in message:
            message = "option inconnue : " + message.split(":", 1)[-1].strip()
        elif "expected one argument" in message:
            message = "l'option --racine attend un dossier"
        usage = self.format_usage().split(": ", 1)[-1].strip()
        self.exit(2, f"Erreur : {message}.\nUsage : {usage}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="importer.py",
        description="Importe un compte rendu Word (.docx ou export .txt) en brouillon dans minutes/.",
        add_help=False,
    )
    parser._positionals.title = "arguments"
    parser._optionals.title = "options"
    parser.add_argument("fichier", metavar="FICHIER", help="le document Word (.docx) ou son export texte (.txt)")
    parser.add_argument(
        "--racine", metavar="DOSSIER", default=str(ROOT),
        help="dossier du projet (celui qui contient partners.yaml et minutes/) ; par défaut : ce dépôt",
    )
    parser.add_argument("--essai", action="store_true", help="affiche le résultat sans rien écrire")
    parser.add_argument("-h", "--aide", "--help", action="help", help="affiche cette aide")
    return parser


def _summary(result: ImportResult, written: str) -> str:
    m = result.minutes
    facts = []
    if m.date:
        facts.append(f"réunion du {m.date:%d/%m/%Y}")
    facts.append(_count(len(m.participants), "participant"))
    facts.append(_count(len(m.agenda), "point", "points") + " à l'ordre du jour")
    facts.append(_count(len(m.topics), "section"))
    facts.append(_count(m.decision_count, "décision"))
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


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n <= 1 else (plural or singular + 's')}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    source = Path(args.fichier).expanduser()
    root = Path(args.racine).expanduser().resolve()
    if not root.is_dir():
        print(f"Erreur : le dossier du projet « {root} » n'existe pas.", file=sys.stderr)
        return 2
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


if __name__ == "__main__":
    sys.exit(main())
