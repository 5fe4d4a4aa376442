"""``releve mettre-a-jour``: the site moves to the newest released Relevé.

The newest wheel on the package index brings what the change needs: its version, its CHANGELOG
(the sections between the site's version and it are shown) and the lock of its dependencies. The pin
of ``pyproject.toml`` and ``requirements.lock`` are rewritten; run from the site's own ``.venv``
(``make mettre-a-jour``), the new engine is installed there and checks the content at once.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .. import lock, version
from ..atomic import replace_files
from ..console import fail, fail_on

HELP = "passe le site à la dernière version de Relevé"
DESCRIPTION = (
    "Cherche sur l'index des paquets la dernière version publiée de Relevé, montre ce qui change pour la "
    "coordination depuis la version du site, l'écrit dans pyproject.toml et requirements.lock, puis (depuis "
    "« make mettre-a-jour ») l'installe et vérifie tout le contenu avec elle."
)
SHIPPED = ("releve/CHANGELOG.md", "releve/starter/requirements.lock")
"""What the update reads in the new release's wheel: what changes, and the lock of its dependencies."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="ADRESSE", help="l'index des paquets ; par défaut : PIP_INDEX_URL, sinon PyPI")


def _installs_here(site: Path) -> bool:
    """Runs from the site's own environment (make), which it may then update."""
    return Path(sys.prefix).resolve() == (site / ".venv").resolve()


def mark_installed(site: Path) -> None:
    """make's stamp (the starter's Makefile): .venv holds what pyproject.toml and requirements.lock
    say, as they are now; the stamp is their content, which make compares, not their dates."""
    (site / ".venv" / ".installe").write_bytes((site / "pyproject.toml").read_bytes() + (site / "requirements.lock").read_bytes())


def _install_and_check(site: Path, pin: lock.SitePin) -> int:
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    steps = [[*pip, "--require-hashes", "-r", "requirements.lock"]]
    if pin.git:
        steps.append([*pip, "--no-deps", pin.requirement()])
    for step in steps:
        if subprocess.run(step, cwd=site).returncode != 0:
            return fail("l'installation de la nouvelle version a échoué (message de pip ci-dessus)")
    mark_installed(site)
    print("Vérification du contenu avec la nouvelle version :")
    return subprocess.run([sys.executable, "-m", "releve", "verifier", "--site", str(site)]).returncode


def run(args: argparse.Namespace) -> int:
    site = Path(args.site)
    pyproject_path, lock_path = site / "pyproject.toml", site / "requirements.lock"
    try:
        pyproject = pyproject_path.read_text(encoding="utf-8")
    except OSError as error:
        return fail_on(error, "de lire", pyproject_path)
    pin = lock.read_pin(pyproject)
    if pin is None:
        return fail(f"{pyproject_path} n'a pas de ligne « releve==VERSION » : ce dossier n'est pas un site créé par « releve creer »")
    wheels = lock.released_wheels(args.index or lock.index_url())
    with tempfile.TemporaryDirectory() as folder:
        wheel = lock.download(wheels[-1], Path(folder)) if wheels else None
        if wheel is None:
            return fail("l'index des paquets ne répond pas ou ne connaît pas Relevé (pas de connexion ?) : rien n'a été modifié")
        newest = wheels[-1].version
        try:
            with zipfile.ZipFile(wheel) as archive:
                shipped = {name: archive.read(name).decode("utf-8") for name in SHIPPED if name in archive.namelist()}
        except (zipfile.BadZipFile, UnicodeDecodeError):
            return fail(f"le paquet de Relevé {newest} reçu de l'index des paquets ({wheel.name}) est illisible : rien n'a été modifié ; réessayez plus tard, ou signalez-le")
        if missing := [name for name in SHIPPED if name not in shipped]:
            return fail(
                f"le paquet de Relevé {newest} reçu de l'index des paquets ({wheel.name}) n'a pas {' ni '.join(missing)} : "
                "ce n'est pas un paquet publié de Relevé ; rien n'a été modifié, signalez-le"
            )
        changelog, template = (shipped[name] for name in SHIPPED)
        hashes = [] if pin.git else [wheels[-1].sha256]
    current = lock_path.read_text(encoding="utf-8") if lock_path.exists() else ""
    if newest < pin.version or (newest == pin.version and (pin.git or f"releve=={newest} " in current)):
        print(f"Le site utilise déjà la dernière version publiée de Relevé : {pin.version}.")
        return 0
    new_pin = lock.SitePin(newest, pin.git)
    if newest == pin.version:
        print(f"Relevé {newest} : son empreinte est ajoutée à requirements.lock.")
    else:
        print(f"Relevé passe de la version {pin.version} à la version {newest}. Ce qui change pour la coordination :\n")
        for release in version.changes_between(version.history(changelog), pin.version, newest):
            print(f"## {release.version} — {release.date}\n\n{release.text}\n")
    try:
        # Both or neither: a pin without its lock (or the reverse) would install another engine than the one named.
        replace_files({pyproject_path: lock.write_pin(pyproject, new_pin), lock_path: lock.site_lock(template, new_pin, hashes)})
    except OSError as error:
        status = fail_on(error, "d'écrire", site)
        print("Ni pyproject.toml ni requirements.lock n'ont été modifiés.", file=sys.stderr)
        return status
    print("pyproject.toml et requirements.lock sont à jour : à enregistrer dans git avec le reste.")
    if not _installs_here(site):
        print("Pour installer cette version et vérifier le contenu avec elle : make verifier.")
        return 0
    code = _install_and_check(site, new_pin)
    if code != 0:
        print(
            f"Le contenu doit être adapté à Relevé {newest} (voir ce qui change, ci-dessus). Pour revenir à la version "
            f"{pin.version} : git checkout pyproject.toml requirements.lock, puis make verifier.",
            file=sys.stderr,
        )
    return code
