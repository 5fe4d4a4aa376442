"""``releve creer DOSSIER --nom …``: writes a new CLSM's site, ready to build.

The files are the package's ``starter/`` folder, with the CLSM's name put in; the example minutes
and fiche action are written by the same templates as ``releve nouveau`` and
``releve nouvelle-action``, so they follow the model of this version.
"""

from __future__ import annotations

import argparse
import json
import re
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..console import fail, fail_on
from ..model import DEFAULT_QUESTIONS, DEFAULT_STATUSES
from ..catalogue import ACTIONS_DIR, MINUTES_DIR
from .nouveau import ACTION_TEMPLATE, MEETING_TEMPLATE

STARTER = Path(__file__).resolve().parents[1] / "starter"

HELP = "crée le site d'un nouveau CLSM dans DOSSIER"
DESCRIPTION = (
    "Crée dans DOSSIER le site d'un nouveau Conseil local de santé mentale : configuration, référentiel à adapter, "
    "annuaire vide, exemples de compte rendu et de fiche action en brouillon, commandes, tests et publication "
    "(GitHub Pages ou GitLab Pages). Le site se construit aussitôt avec « make build »."
)

EXAMPLE_NOTE = "# Exemple en brouillon, jamais publié : copiez-le ou lancez « make {command} », puis supprimez ce fichier.\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", metavar="DOSSIER", help="dossier du nouveau site (absent ou vide)")
    parser.add_argument("--nom", required=True, help="nom complet du conseil, par exemple « Conseil local de santé mentale de … »")
    parser.add_argument("--sigle", help="nom court, par exemple « CLSM de … » ; par défaut : le nom, « Conseil local de santé mentale » abrégé en « CLSM »")


def requirement() -> str:
    """The pyproject requirement on the Relevé that runs now: where it was installed from
    (a git repository at its commit, a folder), else its version."""
    try:
        origin = json.loads(metadata.distribution("releve").read_text("direct_url.json") or "null")
    except metadata.PackageNotFoundError:  # run from the sources, not installed
        origin = None
    if origin and "vcs_info" in origin:
        return f"releve @ {origin['vcs_info']['vcs']}+{origin['url']}@{origin['vcs_info']['commit_id']}"
    if origin and origin.get("url", "").startswith("file:"):
        return f"releve @ {origin['url']}"
    return f"releve=={__version__}"


def short_name(name: str) -> str:
    """« Conseil local de santé mentale de Valmont » → « CLSM de Valmont »."""
    return re.sub(r"^conseil local de sant[ée] mentale\b", "CLSM", name, flags=re.IGNORECASE)


def _fill(text: str, name: str, short_name: str) -> str:
    values = {
        "@NOM_YAML@": json.dumps(name, ensure_ascii=False),
        "@SIGLE_YAML@": json.dumps(short_name, ensure_ascii=False),
        "@NOM@": name,
        "@SIGLE@": short_name,
        "@RELEVE@": json.dumps(requirement()),
        "@STATUTS@": "\n".join(f"  - {status}" for status in DEFAULT_STATUSES),
        "@QUESTIONS@": "\n".join(f"  - {json.dumps(question, ensure_ascii=False)}  # {hint}" for question, hint in DEFAULT_QUESTIONS),
    }
    return re.sub("|".join(map(re.escape, values)), lambda match: values[match.group()], text)


def _examples() -> dict[str, str]:
    meeting = MEETING_TEMPLATE.format(titre="Exemple de compte rendu", type="compte rendu", date="2000-01-01", instance="copil")
    action = ACTION_TEMPLATE.format(
        titre="Exemple de fiche action", axe=1, statut=DEFAULT_STATUSES[0], debut="2000",
        questions="\n".join(f"## {question}\n" for question, _ in DEFAULT_QUESTIONS),
    )
    return {
        f"{MINUTES_DIR}/2000-01-01-exemple.md": meeting.replace("---\n", "---\n" + EXAMPLE_NOTE.format(command="nouveau"), 1),
        f"{ACTIONS_DIR}/exemple.md": action.replace("---\n", "---\n" + EXAMPLE_NOTE.format(command="nouvelle-action"), 1),
    }


def run(args: argparse.Namespace) -> int:
    target = Path(args.dossier)
    name = " ".join(args.nom.split())
    if not name:
        return fail("le nom du conseil (--nom) est vide")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return fail(f"« {target} » existe déjà et n'est pas un dossier vide : rien n'a été écrit")
    files = {
        path.relative_to(STARTER).as_posix(): _fill(path.read_text(encoding="utf-8"), name, args.sigle or short_name(name))
        for path in sorted(STARTER.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    files.update(_examples())
    try:
        for relpath, text in files.items():
            path = target / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        return fail_on(error, "d'écrire dans", target)
    print(f"Site créé dans {target} ({len(files)} fichiers).")
    print(f"Ensuite : cd {target}, adaptez referentiel.yaml et docs/a-propos.md, puis lancez make site.")
    return 0
