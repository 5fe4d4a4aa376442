"""The preview (``make site``: ``mkdocs serve --dirty``) rebuilds only the pages whose Markdown changed.

Every rebuild still validates all the content in one pass, but parses and checks again only the
files whose text changed (each file's own problems are kept with it and reported again; what
depends on other files is checked anew), and renders again only the pages that can have changed;
MkDocs then converts and writes only the pages whose Markdown differs from the one it wrote last
time, which is most of the cost of a build.
MkDocs reloads its configuration and re-executes the adapter before every rebuild, but keeps the
engine's modules imported: what a rebuild must know about the previous one lives here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .validate import CheckedFiles
from .views import GeneratedPage


def stamp(paths: Iterable[Path]) -> tuple[tuple[str, int], ...]:
    """The modification times of ``paths`` and of every file under those that are folders."""
    found: list[tuple[str, int]] = []
    for path in map(Path, paths):
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                found.append((str(file), file.stat().st_mtime_ns))
    return tuple(found)


class Preview:
    """One ``mkdocs serve`` session: the Markdown and fragments of each generated page as last written."""

    def __init__(self) -> None:
        self._written: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._layout: tuple = ()
        self.build = None
        """The engine's build (``engine.Build``) of the last rebuild that succeeded, from which the next one starts."""
        self.checked = CheckedFiles()
        """Each content file as the last rebuild checked it, whether the rebuild succeeded or not."""

    def rebuild(self, layout: tuple) -> None:
        """Start a rebuild. ``layout`` stamps what every page depends on (the theme, mkdocs.yml):
        when it changes, every page counts as modified."""
        if layout != self._layout:
            self._written = {}
        self._layout = layout

    def is_modified(self, page: GeneratedPage) -> bool:
        """True when ``page`` has never been written in this session or its Markdown or fragments changed since."""
        return self._written.get(page.src_uri) != (page.markdown, page.fragments)

    def record(self, build) -> None:
        """Remember ``build`` (an ``engine.Build``) as written, once a rebuild has written all its pages."""
        self._written = {page.src_uri: (page.markdown, page.fragments) for page in build.pages}
        self.build = build


_session: Preview | None = None


def start() -> Preview:
    """Begin a preview session (``mkdocs serve``); a build outside one is a full build."""
    global _session
    _session = Preview()
    return _session


def session() -> Preview | None:
    """The running preview session, if this process serves the site."""
    return _session
