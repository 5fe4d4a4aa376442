"""``releve engagements``: the open commitments with their identifiers, for the coordinator only.

The public follow-up page shows no identifier and no author's syntax: the coordinator reads
here the ``engagement-…`` to cite in ``!!! fait`` when a later meeting closes one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..console import fail_on
from ..dates import date as french_date
from ..dates import today_from
from ..problems import ContentError
from ..words import plural

HELP = "liste les engagements en cours avec leur identifiant, pour les clore"
DESCRIPTION = (
    "Liste les engagements pris en réunion et pas encore réalisés : identifiant, structure, personne, "
    "réunion et échéance. Pour clore un engagement, écrivez dans un compte rendu suivant :\n"
    "  !!! fait engagement-xxxxxxxx\n"
    "      Ce qui a été fait.\n"
    "Dans le formulaire en ligne (/admin/), le menu « Insérer » › « Engagement réalisé » écrit ce bloc : "
    "l'engagement s'y choisit dans la liste."
)


def report(root: Path) -> tuple[int, str]:
    """The exit status and the French listing for the content under ``root``."""
    from ..pipeline import load  # the views it imports: only for this command, not at every « releve »

    try:
        linked = load(root, today_from())
    except ContentError as error:
        lines = [str(problem) for problem in error.problems]
        lines.append(f"Contenu invalide : {plural(len(error.problems), 'erreur')} à corriger avant de lister les engagements.")
        return 1, "\n".join(lines)
    # The site's states (link stage): « sans suite connue » ones are still open, and listed, since a
    # later meeting may yet close them.
    pending = [item for item in linked.commitments if not item.closed]
    done = len(linked.commitments) - len(pending)
    stale = sum(1 for item in pending if item.stale)
    lines = []
    for item in sorted(pending, key=lambda p: (p.meeting.date, p.commitment.line)):
        c = item.commitment
        who = ", ".join(filter(None, (c.person, linked.structures[c.structure].name)))
        overdue = c.due is not None and c.due < linked.today
        due = f" ; échéance : {french_date(c.due)}{' (dépassée)' if overdue else ''}" if c.due else ""
        state = " ; sans suite connue sur le site" if item.stale else ""
        first_line = c.text.strip().splitlines()[0] if c.text.strip() else ""
        lines.append(f"{c.anchor}  {who} — {first_line}\n    réunion : {item.meeting.title} du {french_date(item.meeting.date)} ({item.meeting.path}){due}{state}")
    summary = f"{plural(len(pending), 'engagement')} en cours"
    if stale:
        summary += f" (dont {stale} sans suite connue)"
    lines.append(f"{summary}, {plural(done, 'réalisé')}.")
    return 0, "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No option of its own: ``--site`` is every command's."""


def run(args: argparse.Namespace) -> int:
    root = Path(args.site)
    try:
        status, text = report(root)
    except OSError as error:
        return fail_on(error, "de lire", root)
    except Exception as error:  # noqa: BLE001 — a sentence, never a traceback
        print(f"Erreur interne de Relevé ({type(error).__name__} : {error}) : signalez-la à l'équipe technique.", file=sys.stderr)
        return 2
    print(text)
    return status
