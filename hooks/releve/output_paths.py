"""Every generated page and file lands inside the site folder, and nowhere else.

Validation refuses each id that would become part of a path (see ``validate``); these checks are
the defence in depth behind it: the paths of the rendered site are checked before anything is
written, and the writer resolves each one against the site folder before writing it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from .problems import ContentError, Problem

_SEGMENT = r"[a-z0-9]+(?:[._-][a-z0-9]+)*"
CLEAN_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
"""A relative path of lower-case ASCII letters, digits, dots, dashes and underscores between
slashes: no ``..``, no absolute path, no backslash, no NUL, no empty or hidden segment."""


def unclean_paths(paths: Iterable[str]) -> list[Problem]:
    """A problem for each path that could leave the site folder or that no id should produce."""
    return [
        Problem(
            path,
            1,
            f"adresse générée « {path} » refusée : seuls les lettres minuscules sans accents, chiffres, "
            "points, tirets et « / » sont permis (pas de « .. », de chemin absolu ni de « \\ ») ; rien n'a été écrit",
        )
        for path in paths
        if not CLEAN_PATH.fullmatch(path)
    ]


def inside(site_dir: Path, path: str) -> Path:
    """The absolute place of ``path`` in ``site_dir``; ``ContentError`` if it resolves anywhere else
    (a ``..``, an absolute path, or a symbolic link inside the site folder that points out of it)."""
    root = Path(site_dir).resolve()
    # The pattern first: a NUL byte would make ``resolve`` itself fail.
    if not CLEAN_PATH.fullmatch(path) or not (target := (root / path).resolve()).is_relative_to(root) or target == root:
        raise ContentError(
            [Problem(path, 1, f"le fichier généré « {path} » serait écrit hors du dossier du site ({root}) : il n'a pas été écrit")]
        )
    return target
