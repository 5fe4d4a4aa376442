"""``releve creer DOSSIER --nom …``: writes a new CLSM's site, ready to build.

The files are the package's ``starter/`` folder, with the CLSM's name put in; the example minutes
and fiche action are written by the same templates as ``releve nouveau`` and
``releve nouvelle-action``, so they follow the model of this version. The site's repository
(``depot``, for the web form of ``/admin/``) is filled when it can be known: ``--depot``, the
``origin`` of a git clone made for the site, or the repository of the CI job working in DOSSIER.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from .. import lock, version
from ..console import fail, fail_on
from ..catalogue import ACTIONS_DIR, MINUTES_DIR
from ..model import DEFAULT_QUESTIONS, DEFAULT_STATUSES, Repository
from ..lock import SitePin
from ..schema import FORGES, REPOSITORY
from .nouveau import ACTION_TEMPLATE, MEETING_TEMPLATE, NO_START

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
    parser.add_argument(
        "--depot",
        help="le dépôt du site, pour le modifier depuis le navigateur : github:propriétaire/nom, gitlab:groupe/projet "
        "ou son adresse (https://gitlab.exemple.fr/groupe/projet) ; par défaut : l'adresse « origin » "
        "du dépôt git de DOSSIER, s'il en a un",
    )
    parser.add_argument(
        "--releve-git",
        metavar="ADRESSE",
        help="installer Relevé depuis son dépôt git (https://…) plutôt que depuis l'index des paquets : "
        "le site épingle alors l'étiquette vVERSION de ce dépôt",
    )


def site_pin(git: str | None = None) -> tuple[SitePin, str | None]:
    """The Relevé a new site pins: a released version, so that it installs on any machine (never
    the folder this engine was installed from), and why it is not the running one when it is not."""
    pin = version.site_pin(origin=version.installed_from())
    return SitePin(pin.version, git), pin.note


def short_name(name: str) -> str:
    """« Conseil local de santé mentale de Valmont » → « CLSM de Valmont »."""
    return re.sub(r"^conseil local de sant[ée] mentale\b", "CLSM", name, flags=re.IGNORECASE)


_PROJECT = re.compile(REPOSITORY.fields["projet"].type.regex)
_SCP_LIKE = re.compile(r"[\w.-]+@(?P<host>[\w.-]+):(?!/)(?P<path>.+)")
"""``git@github.com:owner/name.git``, git's short form of an SSH address."""


def repository_from_address(address: str) -> Repository | None:
    """The forge and project named by a git remote, a repository's web address or
    ``forge:owner/name`` (``forge:`` may also precede an address, for a GitLab whose name says nothing)."""
    forge, _, rest = address.strip().partition(":")
    if forge not in FORGES or rest.startswith("//"):
        forge, rest = None, address.strip()
    if forge and _PROJECT.fullmatch(rest.strip("/")):
        host, path = None, rest
    else:
        scp = _SCP_LIKE.fullmatch(rest)
        url = urlsplit(rest)
        if scp:
            host, path = scp["host"], scp["path"]
        elif url.scheme in ("https", "http", "ssh", "git") and url.hostname:
            host, path = url.hostname, url.path
        else:
            return None
        host = host.lower()
        forge = forge or ("github" if host == "github.com" else "gitlab" if "gitlab" in host.split(".")[0] else None)
    project = path.strip("/").removesuffix(".git")
    if forge is None or not _PROJECT.fullmatch(project) or (forge == "github" and project.count("/") != 1):
        return None
    base_url = f"https://{host}" if forge == "gitlab" and host not in (None, "gitlab.com") else None
    return Repository(forge=forge, project=project, base_url=base_url)


def _git_origin(target: Path) -> str | None:
    """The ``origin`` of the git repository whose top is DOSSIER (never one DOSSIER is nested in)."""
    if not (target / ".git").exists():
        return None
    try:
        result = subprocess.run(["git", "-C", str(target), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def _ci_repository(target: Path, environ: dict[str, str]) -> Repository | None:
    """The repository of the GitHub or GitLab CI job whose working copy is DOSSIER."""
    def works_in(variable: str) -> bool:
        return bool(environ.get(variable)) and Path(environ[variable]).resolve() == target.resolve()

    if works_in("GITHUB_WORKSPACE") and environ.get("GITHUB_REPOSITORY"):
        return repository_from_address("github:" + environ["GITHUB_REPOSITORY"])
    if works_in("CI_PROJECT_DIR") and environ.get("CI_PROJECT_URL"):
        return repository_from_address("gitlab:" + environ["CI_PROJECT_URL"])
    return None


def guess_repository(target: Path, environ: dict[str, str]) -> tuple[Repository | None, str]:
    """The site's repository when DOSSIER tells it, and where it was read (for the message)."""
    origin = _git_origin(target)
    if origin:
        return repository_from_address(origin), f"l'adresse « origin » du dépôt git ({origin})"
    return _ci_repository(target, environ), "le dépôt de la CI"


def _depot(repository: Repository | None) -> str:
    """The ``depot`` block of the starter's referentiel.yaml: filled, or commented out to fill in."""
    intro = "# Le dépôt du site, pour le modifier depuis le navigateur (page /admin/ ; voir README.md)"
    if repository is None:
        # The README asks to take the « # » off these lines: without it, each one is the YAML it should be.
        return (
            f"{intro} : retirez le « # » en tête des trois lignes suivantes.\n#depot:\n#  forge: github          # ou gitlab\n"
            "#  projet: compte/depot   # propriétaire/nom du dépôt\n"
            "#  # application: …       # GitLab : l'« ID de l'application » OAuth du site, sans ce second « # » (README.md)\n"
        )
    lines = [f"{intro}.", "depot:", f"  forge: {repository.forge}", f"  projet: {repository.project}"]
    if repository.base_url:
        lines.append(f"  adresse: {repository.base_url}")
    if repository.forge == "gitlab":
        lines.append("  # application: …   # l'« ID de l'application » OAuth du site (README.md)")
    return "\n".join(lines) + "\n"


def _forge(repository: Repository | None) -> str:
    """The ``forge`` line of the starter's mkdocs.yml: a self-hosted GitLab's address, which the web
    editor trusts only when mkdocs.yml names it too (``config_guard.forge_refusal``); else an example."""
    if repository is not None and repository.base_url:
        return f"    forge: {repository.base_url}\n"
    return "    # forge: https://gitlab.exemple.fr\n"


TRUSTED_FILES = ("/mkdocs.yml", "/Makefile", "/pyproject.toml", "/tests/", "/.github/", "/.gitlab-ci.yml", "/CODEOWNERS")
"""What runs or configures the build: only its maintainers change it (the starter's CODEOWNERS)."""


def _code_owners(repository: Repository | None) -> str:
    """The lines of CODEOWNERS: each trusted file owned by the repository's owner (its account or
    group), or commented out until one is written in."""
    owner = f"@{repository.project.split('/')[0]}" if repository else None
    width = max(map(len, TRUSTED_FILES)) + 2
    if owner is None:
        lines = ["# Dépôt inconnu : écrivez le compte des responsables à la place de @responsable, puis retirez les « # »."]
        return "\n".join(lines + [f"# {path.ljust(width)}@responsable" for path in TRUSTED_FILES]) + "\n"
    return "\n".join(f"{path.ljust(width)}{owner}" for path in TRUSTED_FILES) + "\n"


def _fill(
    text: str, name: str, short_name: str, repository: Repository | None = None, pin: SitePin | None = None, hashes: list[str] | None = None
) -> str:
    """The starter's placeholders filled in; Relevé's lines (pyproject.toml, requirements.lock) only with a ``pin``."""
    values = {
        "@NOM_YAML@": json.dumps(name, ensure_ascii=False),
        "@SIGLE_YAML@": json.dumps(short_name, ensure_ascii=False),
        "@NOM@": name,
        "@SIGLE@": short_name,

        "@STATUTS@": "\n".join(f"  - {status}" for status in DEFAULT_STATUSES),
        "@DEPOT@": _depot(repository),
        "@FORGE@\n": _forge(repository),
        "@RESPONSABLES@": _code_owners(repository),
        "@QUESTIONS@": "\n".join(f"  - {json.dumps(question, ensure_ascii=False)}  # {hint}" for question, hint in DEFAULT_QUESTIONS),
    }
    if pin:
        values |= {"@RELEVE@": pin.requirement(), "@RELEVE_VERROU@\n": lock.releve_entry(pin.version, hashes or [], pin.git)}
    return re.sub("|".join(map(re.escape, values)), lambda match: values[match.group()], text)


def _examples() -> dict[str, str]:
    meeting = MEETING_TEMPLATE.format(titre="Exemple de compte rendu", type="compte rendu", date="2000-01-01", instance="copil")
    action = ACTION_TEMPLATE.format(
        titre="Exemple de fiche action", axe=1, statut=DEFAULT_STATUSES[0], debut=NO_START,
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
    if target.exists() and not target.is_dir():
        return fail(f"« {target} » est un fichier : rien n'a été écrit ; donnez le nom d'un dossier nouveau ou vide")
    # A fresh clone of the site's repository, with nothing but « .git », counts as empty; a forge's
    # new project often has a README (GitLab's default), named so the coordinator sees why.
    found = sorted(path.name for path in target.iterdir() if path.name != ".git") if target.exists() else []
    if found:
        return fail(
            f"« {target} » existe déjà et n'est pas un dossier vide ({', '.join(found[:3])}{'…' if len(found) > 3 else ''}) : "
            "rien n'a été écrit ; donnez un dossier nouveau, ou le clone d'un dépôt créé vide (sans README, licence ni .gitignore)"
        )
    if args.depot:
        repository, source = repository_from_address(args.depot), "l'option --depot"
        if repository is None:
            return fail(
                f"--depot : « {args.depot} » n'est pas un dépôt reconnu ; écrivez github:propriétaire/nom, "
                "gitlab:groupe/projet ou l'adresse du dépôt (par exemple https://gitlab.exemple.fr/groupe/projet)"
            )
    else:
        repository, source = guess_repository(target, dict(os.environ))
    if args.releve_git and not re.fullmatch(r"https://[\w.-]+(?::\d+)?/[\w./~-]+", args.releve_git):
        return fail(f"--releve-git : « {args.releve_git} » n'est pas l'adresse https:// d'un dépôt git")
    pin, note = site_pin(args.releve_git)
    if note:
        print(note)
    # The lock's line of Relevé needs the hash of its wheel, read from the package index.
    hashes = [] if pin.git else lock.index_hashes(pin.version)
    files = {
        path.relative_to(STARTER).as_posix(): _fill(path.read_text(encoding="utf-8"), name, args.sigle or short_name(name), repository, pin, hashes)
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
    if repository:
        print(f"Dépôt du site : {repository.forge} {repository.project}, d'après {source} ; écrit dans referentiel.yaml (depot).")
    else:
        print("Dépôt du site inconnu : indiquez-le dans referentiel.yaml (depot) pour le modifier depuis le navigateur (/admin/).")
    if not hashes and not pin.git:
        print(
            f"L'empreinte de Relevé {pin.version} n'a pas pu être lue sur l'index des paquets (pas de connexion, ou version "
            "pas encore publiée) : requirements.lock ne l'a pas encore ; « make mettre-a-jour » l'ajoutera."
        )
    print(f"Ensuite : cd {target}, adaptez referentiel.yaml et docs/a-propos.md, puis lancez make site.")
    return 0
