"""``releve lettre AAAA-MM``: the lettre d'information of a month as an e-mail to send from the
institution's own mailer (HTML and plain text), and where to find it."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .. import site_contacts, urls
from ..atomic import link_in, linked_folder, replace_files
from ..console import fail, fail_on
from ..dates import today_from
from ..problems import ContentError, suggest
from ..site_config import PUBLIC_URL_VARIABLE
from ..site_config import read_site_config

HELP = "écrit la lettre d'information d'un mois en courriel (HTML et texte), à envoyer depuis votre messagerie"
DESCRIPTION = (
    "Écrit la lettre d'information du mois AAAA-MM (par exemple 2022-03) en deux fichiers : la lettre mise en page "
    "(.html) et sa version texte (.txt), avec des liens vers le site publié. Elle s'envoie ensuite depuis la "
    "messagerie de l'établissement ; la commande dit comment."
)
FOLDER = "courriels"

HOW_TO_SEND = """\
Pour l'envoyer depuis la messagerie de l'établissement :
  - Outlook (logiciel) : nouveau message, puis Insérer › Joindre un fichier › choisir {html} ›
    « Insérer en tant que texte » ; la lettre s'affiche dans le message.
  - Thunderbird : nouveau message, puis Insérer › HTML…, collez le contenu de {html} (ouvert avec un
    éditeur de texte) et validez.
  - Messagerie en ligne (Outlook sur le web, Zimbra…) : ouvrez {html} dans le navigateur, tout
    sélectionner (Ctrl+A), copier (Ctrl+C), puis collez (Ctrl+V) dans un nouveau message.
  - Messagerie en texte seul : copiez le contenu de {text}.
Objet proposé : « {subject} ». Mettez les destinataires en copie cachée (Cci) ; envoyez-vous d'abord la lettre pour la relire."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("mois", metavar="AAAA-MM", help="le mois de la lettre, par exemple 2022-03")
    parser.add_argument("--adresse", metavar="URL", help="l'adresse du site publié (par défaut : site_url de mkdocs.yml)")
    parser.add_argument("--dossier", metavar="DOSSIER", default=FOLDER, help=f"où écrire les fichiers (par défaut : {FOLDER}/ dans le site)")


_WEB_ADDRESS = re.compile(r"https?://\S+")


def _public_url(root: Path, given: str | None) -> str | None:
    address = given or read_site_config(root).get("site_url") or os.environ.get(PUBLIC_URL_VARIABLE)
    return address.rstrip("/") + "/" if address else None


def run(args: argparse.Namespace) -> int:
    # The views they import: only for this command, not at every « releve ».
    from ..email import email_html, email_text
    from ..pipeline import load

    root = Path(args.site)
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", args.mois):  # ASCII digits: int() reads others too
        from ..schema import day_first

        # « 03/2026 », as a month is written in France: the example is that month.
        written = day_first(args.mois, day=False)
        example = ((written and written.iso) or "2022-03")[:7]
        return fail(f"« {args.mois} » n'est pas un mois : écrivez-le AAAA-MM, par exemple {example}")
    if args.adresse is not None and not _WEB_ADDRESS.fullmatch(args.adresse):
        return fail(f"« {args.adresse} » n'est pas l'adresse d'un site : écrivez-la en entier, par exemple https://clsm.example.fr/")
    try:
        address = _public_url(root, args.adresse)
        if not address or not _WEB_ADDRESS.fullmatch(address):
            return fail(
                "les liens d'un courriel mènent au site publié, dont l'adresse est inconnue : indiquez-la "
                "(ADRESSE=https://… avec make lettre, --adresse https://… avec releve lettre) ou écrivez site_url dans mkdocs.yml"
            )
        linked = load(root, today_from(), address)
    except ContentError as error:
        print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
        return fail("le contenu a des erreurs à corriger avant d'écrire la lettre")
    except OSError as error:
        return fail_on(error, "de lire", root)
    found = {letter.id: letter for letter in linked.letters}
    letter = found.get(args.mois)
    if letter is None:
        near = suggest(args.mois, list(found))
        listed = ", ".join(list(found)[-6:]) or "aucune"
        return fail(
            f"pas de lettre pour {args.mois} : rien n'est publié pour ce mois (ou ce mois n'ouvre pas une période de la lettre)."
            + (f" Vouliez-vous dire {near} ?" if near else "")
            + f" Dernières lettres : {listed}."
        )
    html, text = email_html(linked, letter), email_text(linked, letter)
    # The last check of a build, on the e-mail as its reader sees it: no personal contact leaves.
    found = site_contacts.seen_in(urls.pdf(urls.letter(letter.id)).removesuffix(".pdf") + ".html", html)
    if problems := site_contacts.problems(found, linked, root):
        print("\n".join(str(problem) for problem in problems), file=sys.stderr)
        return fail("la lettre montrerait un contact personnel : corrigez la source, puis relancez la commande")
    folder = root / args.dossier
    html_file, text_file = folder / f"lettre-{letter.id}.html", folder / f"lettre-{letter.id}.txt"
    if (link := link_in(root, folder)) is not None:
        return fail(linked_folder(link) + ", ou choisissez un autre dossier avec --dossier")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Each file replaced by a new one, never written through: a link committed at a letter's name
        # (« courriels/lettre-2022-03.txt » → ~/.bashrc) is replaced, not followed.
        replace_files({html_file: html, text_file: text})
    except OSError as error:
        return fail_on(error, "d'écrire dans", folder)
    shown_html, shown_text = (_shown(path) for path in (html_file, text_file))
    print(f"{letter.title} : écrite dans\n  {shown_html} (la lettre mise en page)\n  {shown_text} (la version texte)\n")
    print(HOW_TO_SEND.format(html=shown_html, text=shown_text, subject=letter.title))
    return 0


def _shown(path: Path) -> str:
    """The file as the coordinator finds it: from the current folder when it is inside it, else in full
    (« ../../../tmp/courriels/… » sends no one anywhere)."""
    relative = os.path.relpath(path)
    return str(path.resolve()) if relative.startswith(os.pardir) else relative
