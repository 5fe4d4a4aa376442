"""The theme's files listed once per process, not at each build.

At each build MkDocs lists every file of the theme's folders to copy the static ones
(``Files.add_files_from_theme``): Material's 14,000 icons included, which it then sets aside one by
one (a name with a part that starts with a dot is never copied). That was a fifth of the time of a
small site's build, and the test suite builds hundreds. The folders of installed packages
(Material's, MkDocs', the engine's theme) do not change while a process runs: each is listed once,
without the names MkDocs never copies. A site's own templates (``custom_dir``, which a maintainer
may allow: ``config_guard``) are listed at every build, as MkDocs does, so that a file added there
during the preview is published.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2


def list_once(theme: Any) -> None:
    """Make the environments of ``theme`` (MkDocs' or ProperDocs' ``Theme``) list the installed
    folders' files once per process."""
    made = type(theme).get_env

    def get_env() -> jinja2.Environment:
        env = made(theme)
        env.loader = _ListedOnce(theme.dirs, theme.custom_dir)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]  # the build asks the theme for its environment


class _ListedOnce(jinja2.FileSystemLoader):
    """MkDocs' loader (a ``FileSystemLoader`` on the theme's folders), but for its list of files."""

    def __init__(self, searchpath: list[str], own: str | None) -> None:
        super().__init__(searchpath)
        self._own = own

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            found.update(jinja2.FileSystemLoader(folder).list_templates() if folder == self._own else copied(folder))
        return sorted(found)


@functools.cache
def copied(folder: str) -> tuple[str, ...]:
    """The files of an installed theme folder that MkDocs may copy: none under a dotted name."""
    return tuple(name for name in jinja2.FileSystemLoader(folder).list_templates() if not any(part.startswith(".") for part in name.split("/")))
