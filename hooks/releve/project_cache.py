"""What a project keeps from one build to the next in its ``.cache/releve/`` (ignored by git, kept by
the CI between runs): the PDFs already made (``pdf.py``) and each content file as it was checked
(``validate.CheckedFiles``), so that a build checks again only the files whose text changed.

The folder is the engine's, never the content's: it is used only where git does not track it and
neither it nor ``.cache`` is a link, so a file committed there (a PDF to publish, checked values
that no check made) is never read, and nothing is written outside the project through a link.
The checked files are read back by an unpickler that makes only the engine's model values: a
crafted file can give wrong values at worst, which the HTML stage and the finish pass still filter,
never run code. Any change to the engine's code or installed packages (``engine_fingerprint``)
makes every file checked afresh; a cache that cannot be read is ignored, never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import model, parallel
from .site_config import PACKAGE

FOLDER = Path(".cache") / "releve"
"""The engine's cache in a project."""
PDF = FOLDER / "pdf"
"""The PDFs already made, by the hash of what they are made of (``pdf.write``)."""
CHECKED = FOLDER / "verification.pickle"
"""Each content file as it was checked by the last build (``validate.CheckedFiles``)."""
_FORMAT = 1


@functools.cache
def engine_fingerprint() -> str:
    """The engine's code and templates and every installed package's version, hashed once per
    process: what was made before any of them changed is not used again."""
    digest = hashlib.sha256()
    sources = [path for pattern in ("*.py", "*/*.py", "templates/*.j2", "print/*") for path in PACKAGE.glob(pattern)]
    for path in sorted(sources):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    # Each installed package's name and version, as its dist-info folder spells them (reading every
    # package's metadata took 0.2 s).
    installed = sorted({path.name for folder in map(Path, sys.path) if folder.is_dir() for path in folder.glob("*.dist-info")})
    digest.update("\0".join(installed).encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def usable(root: Path) -> bool:
    """Whether the project's cache folder is the engine's: no link on the way, nothing of it in git."""
    root = Path(root)
    if any(os.path.islink(root / part) for part in (FOLDER.parent, FOLDER)):
        return False
    try:
        tracked = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", str(FOLDER.parent)], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return True  # no git here: nothing can have been committed into the folder
    # Outside a repository git fails (code 128) and lists nothing.
    return not (tracked.returncode == 0 and tracked.stdout)


def read_checked(root: Path) -> dict[str, Any]:
    """The outcomes ``validate.CheckedFiles`` kept at the last build of the project under ``root``
    with this very engine; empty when there are none, or none that can be trusted."""
    if not usable(root):
        return {}
    try:
        with open(Path(root) / CHECKED, "rb") as stream, parallel.gc_paused():
            kept = _ModelOnly(stream).load()
    except Exception:  # noqa: BLE001 — absent, truncated or crafted: every file is checked afresh
        return {}
    fresh = isinstance(kept, tuple) and len(kept) == 3 and kept[:2] == (_FORMAT, engine_fingerprint())
    return kept[2] if fresh and isinstance(kept[2], dict) else {}


def write_checked(root: Path, outcomes: dict[str, Any]) -> None:
    """Keep ``outcomes`` for the next build, replacing the previous ones at once (a build stopped
    while writing leaves them whole); nothing when the folder cannot be the engine's or written."""
    folder = Path(root) / FOLDER
    if not usable(root):
        return
    written = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".verification-", delete=False) as stream:
            written = stream.name
            pickle.dump((_FORMAT, engine_fingerprint(), outcomes), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written, folder / CHECKED.name)
    except Exception:  # noqa: BLE001 — a cache not kept only means checking afresh next time
        if written is not None:
            with contextlib.suppress(OSError):
                os.unlink(written)


_ALLOWED = {("datetime", "date"), ("releve.problems", "Problem"), ("releve.validate", "_collected")}
"""Besides the model's dataclasses, what the checked files are made of (sets and tuples need no
name; found on the real site, the fixtures, the starter and the cloned corpora)."""


class _ModelOnly(pickle.Unpickler):
    """Makes the engine's model values and nothing else: no function a crafted file names can run."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module == model.__name__ and dataclasses.is_dataclass(getattr(model, name, None))):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name}")
