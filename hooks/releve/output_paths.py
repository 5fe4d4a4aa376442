"""Every generated page and file lands inside the site folder, and nowhere else.

Validation refuses each id that would become part of a path (see ``validate``); these checks are
the defence in depth behind it: the paths of the rendered site are checked before anything is
written, and the writer resolves each one against the site folder before writing it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from . import urls
from .problems import ContentError, Problem
from .text import fold

_SEGMENT = r"[a-z0-9]+(?:[._-][a-z0-9]+)*"
CLEAN_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
"""A relative path of lower-case ASCII letters, digits, dots, dashes and underscores between
slashes: no ``..``, no absolute path, no backslash, no NUL, no empty or hidden segment."""


NAME_MAX = 250
"""Longest name of a generated file or folder: a file system holds 255 bytes, and a page's PDF adds
« .pdf » to its name (ASCII, as ``CLEAN_PATH`` is); a page's « .md » is not part of it."""
_WINDOWS_DEVICES = re.compile(r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$) *(?:\..*)?", re.IGNORECASE)
_NOT_ON_WINDOWS = re.compile(r'[<>:"|?*\\\x00-\x1f]|[. ]$')


def windows_refusal(name: str) -> str | None:
    """Why Windows takes no file or folder of this ``name`` (a device, with any extension: « aux.png »
    writes to a serial port, « nul.md » nowhere; a character it forbids; a final dot or space), as a
    message says it; None for a name it takes. Git for Windows refuses to check such a file out:
    the project could no longer be copied there, nor its site built."""
    if _WINDOWS_DEVICES.fullmatch(name):
        return f"« {name.split('.', 1)[0]} » est le nom d'un périphérique sous Windows"
    if (found := _NOT_ON_WINDOWS.search(name)) is not None:
        return "Windows refuse un nom qui finit par un point ou une espace" if found.end() == len(name) and found.group() in ". " else f"Windows refuse « {found.group()} » dans un nom"
    return None


def unclean_paths(paths: Iterable[str]) -> list[Problem]:
    """A problem for each path that could leave the site folder, that no id should produce, or
    that Windows cannot write (``windows_refusal``)."""
    return [
        Problem(
            path,
            1,
            f"adresse générée « {path} » refusée : seuls les lettres minuscules sans accents, chiffres, "
            "points, tirets et « / » sont permis (pas de « .. », de chemin absolu ni de « \\ »), en noms de 250 caractères "
            "au plus, et aucun nom de périphérique de Windows (« con », « aux », « nul »…) ; rien n'a été écrit",
        )
        for path in paths
        if not CLEAN_PATH.fullmatch(path) or any(len(segment.removesuffix(".md")) > NAME_MAX or windows_refusal(segment) for segment in path.split("/"))
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


def output_file(uri: str) -> str:
    """The file of the built site a source URI becomes: ``projets/x.md`` → ``projets/x/index.html``,
    ``agenda.ics`` → itself."""
    return urls.public(uri) + "index.html" if uri.endswith(".md") else uri


def collisions(hand_written: Iterable[tuple[str, str]], generated: Iterable[str]) -> list[Problem]:
    """A problem for each file written by hand (its source URI, with its path in the project,
    ``("Projets/Reseau.md", "docs/Projets/Reseau.md")``) that would be published where a generated page or file is
    (``generated``, source URIs), or at an address that differs from one only by case or accents.

    Two such addresses are one file on a disk that ignores case (macOS, Windows) or normalises
    accents, and a reader cannot tell them apart: the hand-written page would pass for the engine's.
    A page that ends as the same file counts too (``docs/projets/reseau/index.md`` and the
    generated ``projets/reseau.md`` are both ``projets/reseau/index.html``).
    """
    taken: dict[str, tuple[str, str | None]] = {}
    """By folded output file: the source URI there, and the project path if it is written by hand."""
    for uri in generated:
        taken.setdefault(fold(output_file(uri)), (uri, None))
    problems = []
    for uri, path in sorted(hand_written, key=lambda item: item[1]):
        key = fold(output_file(uri))
        if key not in taken:
            taken[key] = (uri, path)
            continue
        other, other_path = taken[key]
        if other_path is not None:
            message = f"ce fichier serait publié à la même adresse que « {other_path} » : renommez l'un des deux"
        elif output_file(other) == output_file(uri):
            message = "ce fichier occupe l'adresse d'une page générée par Relevé : renommez-le"
        else:
            message = (
                f"ce fichier serait publié à « /{urls.public(uri)} », qui ne diffère de « /{urls.public(other)} » "
                "que par des majuscules ou des accents : renommez-le"
            )
        problems.append(Problem(path, 1, message))
    return problems
