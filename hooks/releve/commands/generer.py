"""``releve generer DOSSIER``: the whole site as Markdown, with its configuration, for another
engine than MkDocs with the ``releve`` plugin (Zensical, Material's successor)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..console import fail, fail_on
from ..problems import ContentError
from ..words import agree, plural

HELP = "écrit tout le site en Markdown, pour un autre moteur que MkDocs"
DESCRIPTION = (
    "Écrit tout le site dans DOSSIER : les pages de docs/ et les pages générées, en Markdown, les calendriers, "
    "les flux, les styles et un mkdocs.yml que Zensical construit avec l'extension de Relevé ; avec --construire, "
    "Zensical le construit et Relevé le termine (espaces français, recherche, vérifications) dans DOSSIER/site."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", metavar="DOSSIER", help="dossier où écrire le site, vide ou absent")
    parser.add_argument("--remplacer", action="store_true", help="vide DOSSIER avant d'y écrire, si « releve generer » l'a déjà écrit")
    parser.add_argument("--construire", action="store_true", help="construit ensuite le site avec Zensical et le termine dans DOSSIER/site")


def run(args: argparse.Namespace) -> int:
    from .. import engine, tree  # the whole engine: only for this command, not at every « releve »

    root, target = Path(args.site), Path(args.dossier)
    if (reason := tree.refusal(root, target, replace=args.remplacer)) is not None:
        return fail(reason)
    try:
        written = tree.write(root, target, replace=args.remplacer)
    except ContentError as error:
        print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
        print(f"Rien n'a été écrit : {plural(len(error.problems), 'erreur')} à corriger.", file=sys.stderr)
        return 1
    except OSError as error:
        return fail_on(error, "d'écrire", target)
    print(
        f"Site écrit dans {target} : {plural(written.pages, 'page')} (dont {written.generated} "
        f"{agree(written.generated, 'générée')}), {plural(written.files, 'fichier de données', 'fichiers de données')}."
    )
    if written.warnings:
        # As « releve verifier » shows them: the build writes the site all the same.
        print("\n".join(str(warning) for warning in sorted(written.warnings)), file=sys.stderr)
        print(f"{plural(len(written.warnings), 'avertissement')}, sans effet sur la construction.", file=sys.stderr)
    if not args.construire:
        print(f"Pour le construire avec Zensical et le terminer : releve generer {target} --remplacer --construire")
        return 0
    try:
        published = tree.build(target, written)
    except ContentError as error:
        print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
        print(f"Le site n'a pas été publié : {plural(len(error.problems), 'erreur')} à corriger.", file=sys.stderr)
        return 1
    except (tree.ZensicalError, engine.FinishError) as error:
        return fail(str(error))
    print(f"Site construit par Zensical et terminé par Relevé dans {published}")
    return 0
