"""The site search: Pagefind indexes the built site, in place of Material's search plugin.

Pagefind (``pagefind[bin]``: a Rust indexer shipped in the wheel) splits the index into chunks
that the browser fetches per query, so a search costs a phone a few hundred kilobytes whatever
the size of the site, and it matches words without their accents. The interface is ours
(``theme/partials/recherche.html``), over Pagefind's search library. Only the content of meetings,
fiches actions, structures, instances and thématiques is indexed: the theme marks it with ``data-pagefind-body``
(``theme/main.html``), so lists and index pages never come up as results.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

from . import search_chunks, urls

_INDEXED_FOLDERS = sorted(
    {urls.public(uri).partition("/")[0] for uri in (urls.meeting("x"), urls.action("x"), urls.structure("x"), urls.instance("x"), urls.theme("x"))}
)
"""The folders of the only pages indexed (meetings, fiches actions, structures, instances,
thématiques): Pagefind need not read the others (a quarter of its indexing time at 300 minutes)."""
BUNDLE = "pagefind"
"""The folder of ``site/`` where Pagefind writes its index and its search library."""
LANGUAGE = "fr"
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js", "pagefind-worker.js", "wasm.unknown.pagefind")
"""What Pagefind writes besides its library and the index, and the site never loads: its own
interfaces (ours is assets/javascripts/releve-recherche.js), its web worker (the search runs in
the page) and the WebAssembly for pages of no language (the site is all French)."""


_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None).prctl if sys.platform == "linux" else None
"""Looked up here: between the fork and Pagefind's start, only what was ready before can run safely."""


def _ended_with(build: int) -> None:
    """In Pagefind's process, before it starts (Linux): killed as soon as the process ``build`` ends,
    even killed itself (``kill -9``, the system out of memory). Else it wrote on into the folder of
    the killed build, which the next build empties: « Directory not empty »."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # ended before that
        os._exit(1)


class SearchIndexError(Exception):
    """The index could not be built; the message is in French, for the coordinator."""


def indexed(relpath: str) -> bool:
    """Whether Pagefind may read the site path ``relpath`` (a page of the indexed folders; a superset
    of its glob)."""
    return relpath.endswith(".html") and relpath.partition("/")[0] in _INDEXED_FOLDERS


_BODY = "<div data-pagefind-body>"
"""Where the theme opens the content Pagefind indexes (theme/main.html); content cannot write it
(sanitize.py's allow-list has no ``data-pagefind-body``), and it comes before the content anyway."""


def searched_part(page: str) -> str | None:
    """What Pagefind reads of a page: its title and, from the element marked ``data-pagefind-body``
    to the end of the theme's article, the content it indexes. The rest is the theme's, the same on
    every page, which Pagefind parsed for a quarter of its time; the index is the same, byte for byte.
    None for a page the theme did not mark (a list, a year, an axis): Pagefind leaves it out as soon
    as one page of the site is marked, after parsing it whole (a third of the bytes it read at 1,000
    minutes). On a site where no page is marked, Pagefind reads the pages themselves (``finish``)."""
    if "data-pagefind-body" not in page:
        return None
    title, start, end = page.find("<title>"), page.find(_BODY), page.rfind("</article>")
    title_end = page.find("</title>", title)
    if not 0 <= title < title_end < start < end:
        return page
    return f'<!doctype html><html lang="fr"><head>{page[title : title_end + len("</title>")]}</head><body>{page[start:end]}</body></html>'


class Indexing:
    """Pagefind indexing the pages of the built ``site_dir`` into ``site_dir/pagefind/``, in its own
    process, while this one does other work (Pagefind uses about one core and a half); ``finish``
    waits for it and completes the index, ``stop`` abandons it. It reads them from ``pages_dir``
    where the finish pass copied the ``searched_part`` of the marked ones, or from ``site_dir``.

    One language for the whole site, so the stemming is French and the browser loads one index;
    the « ¶ » of the heading permalinks stays out of the titles. Then the files the site never
    loads go, and the word index is cut again so that a query loads only its words (search_chunks).
    """

    def __init__(self, site_dir: Path, pages_dir: Path | None = None) -> None:
        from pagefind.service import get_executable  # the `pagefind[bin]` wheel, or $PAGEFIND_BINARY_PATH

        executable = get_executable()
        if executable is None:
            raise SearchIndexError("Relevé : Pagefind est introuvable, la recherche du site n'a pas été construite : lancez « make build », qui l'installe.")
        self._bundle = Path(site_dir) / BUNDLE
        # A previous index would leave chunks that no page refers to any more (mkdocs build --dirty).
        shutil.rmtree(self._bundle, ignore_errors=True)
        self._process = subprocess.Popen(
            [str(executable), "--site", str(pages_dir or site_dir), "--output-path", str(self._bundle), "--force-language", LANGUAGE, "--exclude-selectors", ".headerlink", "--silent", "--glob", "{" + ",".join(_INDEXED_FOLDERS) + "}/**/*.html"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=partial(_ended_with, os.getpid()) if _prctl is not None else None,
        )

    def read(self) -> None:
        """Wait until Pagefind has read the pages and written its index."""
        output, _ = self._process.communicate()
        if self._process.returncode != 0:
            raise SearchIndexError(f"Relevé : Pagefind n'a pas pu construire la recherche du site :\n{output}".rstrip())

    def finish(self) -> None:
        if self._process.returncode is None:
            self.read()
        for pattern in _UNUSED:
            for path in self._bundle.glob(pattern):
                path.unlink()
        try:
            search_chunks.rechunk(self._bundle)
        except search_chunks.FormatError as error:
            raise SearchIndexError(f"Relevé : l'index de Pagefind n'a pas la forme attendue (version de Pagefind ?) : {error}") from None

    def stop(self) -> None:
        """Abandon the index if it is not finished (the build failed meanwhile): Pagefind writes
        nothing more."""
        if self._process.returncode is None:
            self._process.kill()
            self._process.communicate()
