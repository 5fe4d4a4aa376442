"""Files of the project replaced together or not at all (``renommer``, ``mettre-a-jour``, ``schemas``, ``geocoder``,
``territoire``, ``lettre``).

A command that changes several files must not leave some changed and others not when the system
refuses one (a full disk, a read-only file) or the coordinator stops it: the project would then be
neither the old one nor the new one. Every new content is first written beside its file, under a
hidden name; only when all are written do they take their files' places, by renames, in one pass.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

TEMPORARY_SUFFIX = ".releve-tmp"
"""The end of the hidden name a new content has beside its file (« .partners.yaml.releve-tmp »)."""


def replace_files(files: dict[Path, str | bytes | None]) -> dict[Path, bytes | None]:
    """Give each file its new content (None: remove it), all or none, and return what each held
    before (None: it did not exist), with which a caller can put them all back the same way.

    If the system refuses a new content, nothing is changed; if it refuses a rename, the files
    already replaced get their content back. The ``OSError`` raised names the project's file, not
    the temporary one."""
    before = {path: path.read_bytes() if path.is_file() else None for path in files}
    written: dict[Path, Path] = {}
    try:
        for path, content in files.items():
            if content is not None:
                written[path] = _beside(path, content.encode("utf-8") if isinstance(content, str) else content)
        done: list[Path] = []
        for path in files:
            try:
                if path in written:
                    os.replace(written[path], path)
                    del written[path]
                else:
                    path.unlink(missing_ok=True)
            except BaseException as error:  # a refusal, or Ctrl-C: the files replaced so far go back
                replace_files({replaced: before[replaced] for replaced in done})
                if isinstance(error, OSError):
                    raise _about(error, path) from error
                raise
            done.append(path)
    finally:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
    return before


def _beside(path: Path, content: bytes) -> Path:
    temporary = path.with_name(f".{path.name}{TEMPORARY_SUFFIX}")
    try:
        temporary.unlink(missing_ok=True)  # left by a command killed outright (kill -9)
        # « x »: a new file, so that a link put at its name cannot send the content elsewhere.
        with open(temporary, "xb") as file:
            file.write(content)
        if path.is_file():
            shutil.copymode(path, temporary)
    except OSError as error:
        if temporary.is_file():
            temporary.unlink()
        raise _about(error, path) from error
    return temporary


def _about(error: OSError, path: Path) -> OSError:
    """``error`` about ``path``: its class (``PermissionError``…) follows from its number."""
    return OSError(error.errno, error.strerror, str(path))


def link_in(root: Path, folder: Path) -> str | None:
    """The first symbolic link from ``root`` down to ``folder``, as a path of the project: a command
    writes nothing through it (a folder committed as a link, « courriels » → the home folder, would
    have the command's files written outside the project, over files of the same names). None if
    there is none, or if ``folder`` is outside the project (a folder the coordinator named)."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return None
    for depth in range(1, len(parts) + 1):
        if os.path.islink(root.joinpath(*parts[:depth])):
            return "/".join(parts[:depth])
    return None


def linked_folder(link: str) -> str:
    """The message of a command that refuses to write through the link ``link`` (``link_in``)."""
    return f"« {link} » est un lien symbolique, qui peut mener hors du site : rien n'est écrit à travers lui ; retirez-le"
