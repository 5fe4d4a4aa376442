"""The checks of a release, run by .github/workflows/release.yml before PyPI (and by tests/test_release.py).

    python scripts/publication.py etiquette v0.2.0   # the tag, __version__ and CHANGELOG.md agree
    python scripts/publication.py verifier dist      # the distributions of dist/ are fit to publish

``verifier``: one source distribution and one wheel of the version, their metadata valid (as PyPI
reads them: ``packaging.metadata``, which twine uses too) with every dependency pinned, both holding
the CHANGELOG and the whole starter; then the wheel, installed by name with its lock in a new
virtual environment (``--require-hashes``, ``--find-links dist``), creates a site with
``releve creer`` and builds it with ``mkdocs build --strict``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from email.parser import BytesParser
from pathlib import Path

from packaging.metadata import Metadata
from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from releve import __version__, lock, version  # noqa: E402

REQUIRED = (
    "releve/CHANGELOG.md", "releve/starter/requirements.lock", "releve/starter/Makefile", "releve/starter/pyproject.toml",
    "releve/starter/.github/workflows/site.yml", "releve/starter/.github/dependabot.yml", "releve/starter/.gitlab-ci.yml",
    "releve/starter/renovate.json", "releve/starter/tests/test_contenu.py", "releve/admin/sveltia-cms.js", "releve/print/document.css",
)


def check_tag(tag: str) -> list[str]:
    problems = []
    if tag != f"v{__version__}":
        problems.append(f"l'étiquette {tag} ne correspond pas à la version de hooks/releve/__init__.py (v{__version__})")
    if Version(__version__).is_devrelease:
        problems.append(f"{__version__} est une version de développement : retirez « .dev… » avant d'étiqueter")
    releases = version.shipped_history()
    if not releases or releases[0].version != Version(__version__) or not releases[0].released:
        problems.append(f"la première section de hooks/releve/CHANGELOG.md doit être « ## {__version__} — <date> »")
    return problems


def check_distributions(dist: Path) -> list[str]:
    wheels, sources = sorted(dist.glob("releve-*.whl")), sorted(dist.glob("releve-*.tar.gz"))
    if len(wheels) != 1 or len(sources) != 1:
        return [f"{dist} doit contenir un wheel et une archive source de Relevé, pas {[path.name for path in dist.iterdir()]}"]
    wheel, source = wheels[0], sources[0]
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        raw = archive.read(f"releve-{__version__}.dist-info/METADATA") if f"releve-{__version__}.dist-info/METADATA" in names else b""
    try:
        metadata = Metadata.from_email(raw, validate=True)
    except Exception as error:  # an ExceptionGroup of every invalid field
        return [f"{wheel.name} : métadonnées invalides : {error!r}"]
    if str(metadata.version) != __version__:
        problems.append(f"{wheel.name} : version {metadata.version}, pas {__version__}")
    loose = [str(requirement) for requirement in metadata.requires_dist or [] if not _pinned(requirement)]
    if loose:
        problems.append(f"{wheel.name} : dépendances non épinglées (==) : {', '.join(loose)}")
    problems += [f"{wheel.name} : il manque {name}" for name in REQUIRED if name not in names]
    with tarfile.open(source) as archive:
        in_source = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    problems += [f"{source.name} : il manque hooks/{name}" for name in REQUIRED if f"hooks/{name}" not in in_source]
    if BytesParser().parsebytes(raw).get("Description-Content-Type") != "text/markdown":
        problems.append(f"{wheel.name} : la description n'est pas déclarée en Markdown")
    return problems


def _pinned(requirement: Requirement) -> bool:
    return "extra ==" in str(requirement.marker or "") or (len(requirement.specifier) == 1 and next(iter(requirement.specifier)).operator == "==")


def publish(folder: Path) -> None:
    """``folder`` as the project page of a simple package index (PEP 503), each wheel with its sha256."""
    links = "".join(f'<a href="{wheel.name}#sha256={lock.file_hash(wheel)}">{wheel.name}</a>\n' for wheel in sorted(folder.glob("*.whl")))
    (folder / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n", encoding="utf-8")


def try_wheel(wheel: Path, work: Path, env: dict[str, str]) -> list[str]:
    """The wheel installed by name in a new environment, with the lock it writes for a site; then a site
    created and built. ``env``: pip's settings (the index that serves the wheel, the one of the rest)."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pin = lock.SitePin(Version(__version__), None)
    with zipfile.ZipFile(wheel) as archive:
        template = archive.read("releve/starter/requirements.lock").decode("utf-8")
    requirements = work / "requirements.lock"
    requirements.write_text(lock.site_lock(template, pin, [lock.file_hash(wheel)]), encoding="utf-8")
    steps = [
        ([str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(requirements)], work),
        ([str(venv / "bin" / "releve"), "creer", "site", "--nom", "Conseil local de santé mentale de Valmont"], work),
        ([str(venv / "bin" / "mkdocs"), "build", "--strict"], work / "site"),
    ]
    for command, folder in steps:
        result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            return [f"« {' '.join(command[-3:])} » a échoué :\n{result.stdout}{result.stderr}"]
    if f"releve=={__version__} \\" not in (work / "site" / "requirements.lock").read_text(encoding="utf-8"):
        return ["le site créé n'épingle pas ce wheel avec son empreinte dans requirements.lock"]
    return []


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "etiquette":
        problems = check_tag(argv[1])
    elif len(argv) == 2 and argv[0] == "verifier":
        dist = Path(argv[1]).resolve()
        problems = check_distributions(dist)
        if not problems:
            with tempfile.TemporaryDirectory() as work:
                # The wheel on an index of its own (not yet on PyPI), its dependencies from PyPI.
                index = Path(work) / "index"
                (index / "releve").mkdir(parents=True)
                wheel = Path(shutil.copy2(next(dist.glob("*.whl")), index / "releve"))
                publish(index / "releve")
                extra = os.environ.get("PIP_INDEX_URL") or lock.PYPI
                env = {**os.environ, "PIP_INDEX_URL": index.as_uri(), "PIP_EXTRA_INDEX_URL": extra, "NO_MKDOCS_2_WARNING": "1"}
                problems = try_wheel(wheel, Path(work), env)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for problem in problems:
        print(f"Erreur : {problem}", file=sys.stderr)
    if not problems:
        print(f"Relevé {__version__} : vérifié.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
