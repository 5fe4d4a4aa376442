"""``releve verifier``: checks all the content without building the site, with the build's messages
(the targets of the texts' links too, for which the pages are rendered but not converted).

Prints « Contenu valide : … » and exits with 0, or lists every error as « chemin:ligne: message »
and exits with 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import project_cache
from ..catalogue import source_paths
from ..config_guard import releve_settings, trusted_forges
from ..console import fail_on
from ..dates import today_from
from ..model import Site
from ..problems import ContentError, Problem
from ..site_config import CONFIG, read_site_config
# The validate stage alone, not releve.pipeline: importing the views (Jinja, Babel) would
# double the time of a check that renders nothing.
from ..validate import CheckedFiles, validate
from ..words import agree, plural

HELP = "vérifie tout le contenu sans construire le site"
DESCRIPTION = "Vérifie les comptes rendus, les fiches actions, l'annuaire et le référentiel sans construire le site."


def _site_config(root: Path) -> tuple[dict, list[Problem]]:
    """mkdocs.yml as read (empty when there is none or it cannot be read), and what MkDocs could not
    read in it, said in French at its line (MkDocs reads it before any plugin, and would say it in English)."""
    if not (root / CONFIG).is_file():
        return {}, []
    try:
        return read_site_config(root), []
    except ContentError as error:
        return {}, error.problems


def config_problems(root: Path) -> list[Problem]:
    """A mkdocs.yml that MkDocs could not read (``_site_config``)."""
    return _site_config(root)[1]


def _today(config: dict) -> dt.date:
    """« Today » as the build takes it: ``extra: releve: aujourdhui`` of mkdocs.yml, else
    ``RELEVE_AUJOURDHUI``, else the date (the staleness of the annuaire's entries depends on it)."""
    return today_from(releve_settings(config).get("aujourdhui"))


def _link_problems(site: Site) -> list[Problem]:
    """The links of the texts to a page or file absent from the site, as ``make build`` refuses them
    (``site_links``); their anchors are left to the build, which converts the pages. Knowing the
    pages means rendering them: only a project whose texts link to the site pays for it."""
    if not site.links:
        return []
    from ..engine import Build  # the views (Jinja, Babel), imported only then
    from ..link import link
    from ..pipeline import render_site

    return Build(render_site(link(site))).link_problems


def check(root: Path, checked: CheckedFiles | None = None) -> tuple[int, str]:
    """The exit status and the French report for the content under ``root`` (and its mkdocs.yml);
    ``checked``: the files as checked before (``validate.CheckedFiles``), updated."""
    config, problems = _site_config(root)
    try:
        site = validate(root, _today(config), checked, trusted_forges(releve_settings(config)))
        problems += _link_problems(site)  # rendering refuses two pages at one address too
    except ContentError as error:
        problems += error.problems
    if problems:
        lines = [str(problem) for problem in problems]
        lines.append(f"Contenu invalide : {plural(len(problems), 'erreur')} à corriger.")
        return 1, "\n".join(lines)
    minutes, actions = source_paths(root)
    drafts = len(minutes) + len(actions) - len(site.meetings) - len(site.actions)
    summary = (
        f"Contenu valide : {plural(len(site.meetings), 'compte rendu', 'comptes rendus')}, "
        f"{plural(len(site.actions), 'fiche action', 'fiches actions')}, "
        f"{plural(len(site.structures), 'structure')}"
    )
    if drafts:
        summary += f" (et {plural(drafts, 'brouillon')}, non {agree(drafts, 'publié')})"
    summary += "."
    if site.warnings:
        # Warnings (stale annuaire entries…) do not block the site: listed after the summary.
        summary += "\n" + "\n".join(str(w) for w in sorted(site.warnings))
        summary += f"\n{plural(len(site.warnings), 'avertissement')}, sans effet sur la construction."
    return 0, summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--configuration", action="store_true", help="ne vérifie que mkdocs.yml, en silence s'il est lisible (make build le fait d'abord)"
    )


def run(args: argparse.Namespace) -> int:
    root = Path(args.site)
    if args.configuration:
        problems = config_problems(root)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    # The files as the last build or check of valid content checked them (``project_cache``).
    checked = CheckedFiles(project_cache.read_checked(root))
    try:
        status, report = check(root, checked)
        if status == 0 and checked.changed:
            project_cache.write_checked(root, checked.outcomes)
    except OSError as error:  # a folder or file the system refuses to read
        return fail_on(error, "de lire", root)
    except Exception as error:  # noqa: BLE001 — the coordinator gets a sentence, never a traceback
        print(f"Erreur interne de Relevé ({type(error).__name__} : {error}) : signalez-la à l'équipe technique.", file=sys.stderr)
        return 2
    print(report)
    return status
