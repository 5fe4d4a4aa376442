"""A second CLSM publishes without this repository: the engine's wheel, served by a package index,
installed by name in a new environment, creates a site that tests, builds and updates itself.

The wheel is built from a copy of the sources; a folder is the package index (the engine) and
another holds the wheels of the lock's other packages (filled once from PyPI, then offline). Every
command of the new site runs with this repository hidden (a mount namespace puts an empty folder in
its place), as on another machine: nothing can import from it. Cost: about a minute (two virtual
environments installed from local wheels, the site's own by pip as its CI does, two builds of the
site; about 100 s of processor on this machine): it is left out of ``make test`` and run by
``make test-installation``, which .ci/run and the repository's CI run after it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

from packaging.version import Version

from releve import __version__, lock
from releve.version import UNRELEASED

sys.path.insert(0, str(REPO / "scripts"))
import publication  # noqa: E402  (the release's own checks: the index page of a wheel)

NAME = "Conseil local de santé mentale de Valmont"
WHEELHOUSE = Path(os.environ.get("RELEVE_ROUES", Path.home() / ".cache" / "releve-tests" / "roues"))
"""The wheels of the lock's packages for this machine, kept between runs (the suite stays offline)."""
RELEASE = Version(__version__).base_version
"""The release these sources become (``0.2.0`` of ``0.2.0.dev0``): the tests publish them as it."""
NEXT_VERSION = ".".join(map(str, [*map(int, RELEASE.split(".")[:2]), int(RELEASE.split(".")[2]) + 1]))
"""The release after this one, made from this wheel for ``make mettre-a-jour``."""


def _pip_env(index: Path | None = None) -> dict[str, str]:
    """pip as on a new machine: no configuration file, the given index and the wheelhouse, nothing of
    this repository on the path."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_") and key != "PYTHONPATH"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", NO_MKDOCS_2_WARNING="1", PIP_FIND_LINKS=str(WHEELHOUSE))
    if index:
        env["PIP_INDEX_URL"] = index.as_uri()
    return env


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> Path:
    """Every file of the starter's lock for this machine (a source archive where there is no wheel,
    with setuptools to build it): from the wheelhouse, else once from PyPI."""
    requirements = tmp_path_factory.mktemp("verrou") / "requirements.lock"
    requirements.write_text(lock.STARTER_LOCK.read_text(encoding="utf-8").replace(lock.RELEVE_LINE + "\n", ""), encoding="utf-8")
    downloads = [
        ["--require-hashes", "-r", str(requirements)],
        ["setuptools==84.2.1", "wheel==0.48.0"],  # builds feedgen, published as a source archive only
    ]
    env = _pip_env()
    for arguments in downloads:
        download = [sys.executable, "-m", "pip", "download", "--quiet", "-d", str(WHEELHOUSE), *arguments]
        if subprocess.run([*download, "--no-index"], env=env, capture_output=True).returncode != 0:
            fetched = subprocess.run(download, env=env, capture_output=True, text=True)
            if fetched.returncode != 0:
                pytest.skip(f"les paquets du verrou ne sont ni dans {WHEELHOUSE} ni sur l'index des paquets :\n{fetched.stderr[-2000:]}")
    return WHEELHOUSE


def _build_wheel(folder: Path) -> Path:
    """The engine's wheel, built from a copy of the sources (a build writes beside them)."""
    sources = folder / "sources"
    shutil.copytree(REPO / "hooks", sources / "hooks", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    if RELEASE != __version__:  # between two releases: the sources as their release commit will be (README)
        engine = sources / "hooks" / "releve"
        init = engine / "__init__.py"
        init.write_text(init.read_text(encoding="utf-8").replace(f'"{__version__}"', f'"{RELEASE}"'), encoding="utf-8")
        news = engine / "CHANGELOG.md"
        news.write_text(news.read_text(encoding="utf-8").replace(f"## {RELEASE} — {UNRELEASED}", f"## {RELEASE} — 7 décembre 2026"), encoding="utf-8")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, sources / name)
    out = folder / "index" / "releve"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(sources)],
        env=_pip_env(), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("releve-*.whl")
    publication.publish(out)
    return wheel


def _next_release(wheel: Path, version: str, news: str) -> Path:
    """The same engine as release ``version``, with its CHANGELOG section: what the index offers next."""
    old = f"releve-{RELEASE}.dist-info"
    new = f"releve-{version}.dist-info"
    target = wheel.with_name(wheel.name.replace(RELEASE, version))
    records = []
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            name = item.filename.replace(old, new)
            data = source.read(item)
            if name == "releve/__init__.py":
                data = data.replace(f'__version__ = "{RELEASE}"'.encode(), f'__version__ = "{version}"'.encode())
            elif name == "releve/CHANGELOG.md":
                data = data.replace(b"\n## ", f"\n## {version} — 7 décembre 2026\n\n{news}\n\n## ".encode(), 1)
            elif name == f"{new}/METADATA":
                data = data.replace(f"Version: {RELEASE}".encode(), f"Version: {version}".encode())
            if name == f"{new}/RECORD":
                continue
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{name},sha256={digest},{len(data)}")
            out.writestr(name, data)
        out.writestr(f"{new}/RECORD", "\n".join([*records, f"{new}/RECORD,,"]) + "\n")
    publication.publish(target.parent)
    return target


def _hidden(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``command`` with this repository replaced by an empty folder, for it and its children."""
    empty = kwargs.pop("empty")
    wrapper = ["unshare", "--mount", "--propagation", "private", "sh", "-c", 'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh", str(empty), str(REPO)]
    return subprocess.run([*wrapper, *command], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def namespace_ok(tmp_path_factory) -> Path:
    empty = tmp_path_factory.mktemp("vide")
    probe = _hidden(["ls", "-A", str(REPO)], empty=empty)
    if shutil.which("unshare") is None or probe.returncode != 0:
        pytest.skip(f"impossible de masquer le dépôt (unshare, root) : {probe.stderr.strip()}")
    assert probe.stdout == ""
    return empty


@pytest.mark.installation
def test_a_new_clsm_installs_the_released_engine_by_name_and_publishes(wheelhouse, namespace_ok, tmp_path):
    wheel = _build_wheel(tmp_path)
    index = tmp_path / "index"
    env = _pip_env(index)
    run = lambda command, cwd: _hidden(command, cwd=cwd, env=env, empty=namespace_ok)  # noqa: E731

    # A coordinator's machine: a new environment, the engine installed by name from the index
    # (by uv, which is quicker; the site's own environment below is pip's, as in its CI).
    venv = tmp_path / "outils"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    uv = [sys.executable, "-m", "uv", "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    # uv runs from this repository's environment (.venv, hidden in the namespace): run it beside.
    installed = subprocess.run(
        [*uv, "--index-url", index.as_uri(), "--find-links", str(WHEELHOUSE), "releve"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    created = run([str(venv / "bin" / "releve"), "creer", "clsm-valmont", "--nom", NAME], tmp_path)
    assert created.returncode == 0, created.stderr
    assert "développement" not in created.stdout and "empreinte" not in created.stdout, created.stdout
    site = tmp_path / "clsm-valmont"
    assert f'dependencies = ["releve=={RELEASE}"]' in (site / "pyproject.toml").read_text(encoding="utf-8")
    assert f"releve=={RELEASE} \\\n    --hash=sha256:{lock.file_hash(wheel)}\n" in (site / "requirements.lock").read_text(encoding="utf-8")

    # Its CI: a clean clone, make test (which builds the site once, as make build, then tests it),
    # everything installed from requirements.lock.
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(site), "-c", "user.name=CI", "-c", "user.email=ci@example.org", "commit", "--quiet", "-m", "Site"], check=True)
    clone = tmp_path / "ci"
    subprocess.run(["git", "clone", "--quiet", str(site), str(clone)], check=True)
    result = run(["make", "test"], clone)
    assert result.returncode == 0, f"make test:\n{result.stdout}{result.stderr}"
    assert re.search(r"\b\d+ passed\b", result.stdout) and result.stderr.count("Site construit en") == 1, result.stdout + result.stderr
    # The installation is known by its stamp's content: a .venv restored from CI's cache, older than
    # the checkout, is not installed again.
    for name in ("pyproject.toml", "requirements.lock"):
        os.utime(clone / name)
    assert run(["make", "-q", ".venv/.installe"], clone).returncode == 0
    # Every page is titled with the council's short name (referentiel.yaml's clsm.sigle, made by creer).
    assert "<title>Accueil – CLSM de Valmont</title>" in (clone / "site" / "index.html").read_text(encoding="utf-8")
    engine = run([str(clone / ".venv" / "bin" / "python"), "-c", "import releve; print(releve.__file__)"], clone)
    assert engine.stdout.startswith(str(clone / ".venv")), engine.stdout

    # A new release on the index: make mettre-a-jour shows what changes, raises the pin and checks.
    following = _next_release(wheel, NEXT_VERSION, "- Essai : une nouveauté pour la coordination.")
    updated = run(["make", "mettre-a-jour"], clone)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert f"Relevé passe de la version {RELEASE} à la version {NEXT_VERSION}." in updated.stdout
    assert f"## {NEXT_VERSION} — 7 décembre 2026\n\n- Essai : une nouveauté pour la coordination." in updated.stdout
    assert "Contenu valide" in updated.stdout
    assert f'dependencies = ["releve=={NEXT_VERSION}"]' in (clone / "pyproject.toml").read_text(encoding="utf-8")
    assert f"--hash=sha256:{lock.file_hash(following)}" in (clone / "requirements.lock").read_text(encoding="utf-8")
    assert run([str(clone / ".venv" / "bin" / "releve"), "--version"], clone).stdout.strip() == f"Relevé {NEXT_VERSION}"
    assert run(["make", "-q", ".venv/.installe"], clone).returncode == 0, "installed by mettre-a-jour: make does not install again"
    again = run(["make", "mettre-a-jour"], clone)
    assert again.returncode == 0 and f"déjà la dernière version publiée de Relevé : {NEXT_VERSION}" in again.stdout

