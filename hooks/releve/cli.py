"""The ``releve`` command: every command of a CLSM's site, in French.

    releve creer DOSSIER --nom "Conseil local de santé mentale de …"
    releve verifier | engagements | nouveau | nouvelle-action | importer FICHIER | renommer ANCIEN NOUVEAU | schemas | generer DOSSIER | lettre AAAA-MM | mettre-a-jour
    releve geocoder FICHIER_BAN | territoire FICHIER --communes CODES

Each acts on the site in the current folder, or in ``--site DOSSIER``.
"""

from __future__ import annotations

import argparse
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .commands import creer, engagements, generer, geocoder, importer, lettre, mettre_a_jour, nouveau, renommer, schemas, territoire, verifier
from .console import DEBUG_VARIABLE, FrenchParser, debugging, fail, fail_on
from .site_config import CONFIG


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    description: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    on_site: bool = True
    """Acts on an existing site (``--site``, the current folder by default)."""


COMMANDS = (
    Command("creer", creer.HELP, creer.DESCRIPTION, creer.add_arguments, creer.run, on_site=False),
    Command("verifier", verifier.HELP, verifier.DESCRIPTION, verifier.add_arguments, verifier.run),
    Command("engagements", engagements.HELP, engagements.DESCRIPTION, engagements.add_arguments, engagements.run),
    Command("nouveau", nouveau.MEETING_HELP, nouveau.MEETING_DESCRIPTION, nouveau.add_meeting_arguments, nouveau.run_meeting),
    Command("nouvelle-action", nouveau.ACTION_HELP, nouveau.ACTION_DESCRIPTION, nouveau.add_action_arguments, nouveau.run_action),
    Command("importer", importer.HELP, importer.DESCRIPTION, importer.add_arguments, importer.run),
    Command("renommer", renommer.HELP, renommer.DESCRIPTION, renommer.add_arguments, renommer.run),
    Command("schemas", schemas.HELP, schemas.DESCRIPTION, schemas.add_arguments, schemas.run),
    Command("generer", generer.HELP, generer.DESCRIPTION, generer.add_arguments, generer.run),
    Command("geocoder", geocoder.HELP, geocoder.DESCRIPTION, geocoder.add_arguments, geocoder.run),
    Command("territoire", territoire.HELP, territoire.DESCRIPTION, territoire.add_arguments, territoire.run),
    Command("lettre", lettre.HELP, lettre.DESCRIPTION, lettre.add_arguments, lettre.run),
    Command("mettre-a-jour", mettre_a_jour.HELP, mettre_a_jour.DESCRIPTION, mettre_a_jour.add_arguments, mettre_a_jour.run),
)


def parser() -> FrenchParser:
    main = FrenchParser(
        prog="releve",
        description="Relevé : le site des comptes rendus, des fiches actions et de l'annuaire d'un Conseil local de santé mentale.",
        epilog="« releve COMMANDE --aide » détaille chaque commande.",
    )
    main.add_argument("--version", action="version", version=f"Relevé {__version__}", help="affiche la version de Relevé")
    commands = main.add_subparsers(dest="commande", required=True, metavar="COMMANDE", title="commandes", parser_class=FrenchParser)
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.description)
        command.add_arguments(sub)
        if command.on_site:
            sub.add_argument("--site", metavar="DOSSIER", default=".", help="dossier du site ; par défaut : le dossier courant")
        sub.set_defaults(command=command)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run the command of ``argv`` (the command line by default); Ctrl-C and a closed output are the
    process's own business (``entry_point``)."""
    args = parser().parse_args(argv)
    try:
        refusal = not_a_site(Path(args.site)) if args.command.on_site else None
    except OSError as error:  # a folder name the system refuses to look at (too long): no traceback
        return fail_on(error, "de lire", args.site)
    if refusal is not None:
        return fail(refusal)
    try:
        return args.command.run(args)
    except BrokenPipeError:
        raise
    except Exception as error:  # a fault of the engine, not of the content: one French line
        if debugging():
            traceback.print_exc()
        return fail(f"erreur inattendue ({type(error).__name__} : {error}) ; relancez avec {DEBUG_VARIABLE}=1 pour le détail, et signalez-la")


def not_a_site(folder: Path) -> str | None:
    """Why ``folder`` is not a Relevé site, if it is not: no command writes or reads a site where there
    is none (one would write minutes/ into any folder, another find nothing to check and be content)."""
    if folder.is_file():
        hint = f" (vouliez-vous dire « --site {folder.parent} » ?)" if (folder.parent / CONFIG).is_file() else ""
        return f"« {folder} » est un fichier, pas un dossier : indiquez le dossier du site avec --site{hint}"
    if not folder.is_dir():
        return f"le dossier « {folder} » n'existe pas"
    if not (folder / CONFIG).is_file():
        here = folder == Path()
        shown = f"le dossier courant « {Path.cwd()} »" if here else f"« {folder} »"
        # A command typed in one of the site's own folders (minutes/, actions/…): the site is above.
        site = next((parent for parent in folder.resolve().parents if (parent / CONFIG).is_file()), None)
        hint = "" if site is None else f" (vouliez-vous dire « {'cd' if here else '--site'} {site} » ?)"
        return f"{shown} n'est pas le dossier d'un site Relevé (pas de {CONFIG}) : placez-vous dans le dossier du site ou indiquez-le avec --site{hint}"
    return None
