"""``make verrou``: the two lock files, each package pinned with the hashes of all its files.

- ``requirements.lock``: what this repository's ``.venv`` installs (the engine's dependencies, the
  ``test`` and ``dev`` extras), resolved by uv for every platform (``--universal``).
- ``hooks/releve/starter/requirements.lock``: what a new CLSM's site installs (the engine's
  dependencies and the starter's ``test`` extra), with a placeholder where ``releve creer`` and
  ``releve mettre-a-jour`` write the line of Relevé itself (its own hash cannot be in its own wheel).

The first records the hash of what both were resolved from, the dependencies of the two
``pyproject.toml`` (``tests/test_lock.py`` fails when they changed since): run ``make verrou`` after
any change of a dependency. It needs the package index (uv reads PyPI).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from releve.lock import RELEVE_LINE, STARTER_LOCK, dependency_digest, site_header  # noqa: E402

LOCK = REPO / "requirements.lock"
STARTER_PYPROJECT = REPO / "hooks" / "releve" / "starter" / "pyproject.toml"
UV = [sys.executable, "-m", "uv", "pip", "compile", "--quiet", "--generate-hashes", "--universal", "--python-version", "3.11"]


def compile_lock(*inputs: str, extras: tuple[str, ...] = ()) -> str:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out.txt"
        command = [*UV, *inputs, *(f"--extra={extra}" for extra in extras), "--no-header", "--output-file", str(output)]
        subprocess.run(command, cwd=REPO, check=True)
        return output.read_text(encoding="utf-8")


def main() -> None:
    digest = dependency_digest(*(path.read_text(encoding="utf-8") for path in (REPO / "pyproject.toml", STARTER_PYPROJECT)))
    body = compile_lock("pyproject.toml", extras=("test", "dev"))
    LOCK.write_text(
        "# Les paquets installés dans .venv, chacun à sa version et avec les empreintes de ses fichiers\n"
        "# (pip install --require-hashes). Écrit par « make verrou » (scripts/verrou.py) : ne pas modifier à la main.\n"
        f"# pyproject.toml : {digest}\n" + body,
        encoding="utf-8",
    )
    # A new site: the engine (this folder) and the starter's test extra, without the engine's own line.
    starter_tests = tomllib.loads(STARTER_PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "site.in"
        inputs.write_text(f"releve @ {REPO.as_uri()}\n" + "".join(f"{line}\n" for line in starter_tests), encoding="utf-8")
        body = compile_lock(str(inputs))
    body = re.sub(r"^releve @ file:.*\n", "", body, flags=re.MULTILINE)
    body = re.sub(r"# via -r \S+", "# via site-clsm (pyproject.toml)", body)
    body = re.sub(r"#   -r \S+", "#   site-clsm (pyproject.toml)", body)
    STARTER_LOCK.write_text(site_header() + RELEVE_LINE + "\n" + body, encoding="utf-8")
    print(f"Écrits : {LOCK.relative_to(REPO)}, {STARTER_LOCK.relative_to(REPO)}")


if __name__ == "__main__":
    main()
