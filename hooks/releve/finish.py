"""The finish pass: once over a written site, whichever host wrote it, before it is published.

MkDocs (or ProperDocs) writes the site through the plugin; Zensical writes the tree of
``releve generer``. Either way the engine then takes the written folder and, in this order:

1. marks the tab a page out of the navigation is read under, if its host did not (``active_tab``),
   puts French spacing in the text of every HTML page, the theme's included (``typography``), and
   reads in every output (pages, feeds, calendars, open data, addresses) the text a reader sees,
   for the personal contacts it shows (``site_contacts``): any stops the publication;
2. builds the search index (Pagefind) and cuts it again (``search``): Pagefind starts as soon as
   the pages it reads are finished, from a copy of the part it indexes, and indexes them while
   step 1 goes on over the other outputs; a contact found then stops it;
3. puts the new site in the place of the previous one at once (``swap``): a build stopped at any
   moment leaves the previous good site whole, or the new one complete.

A host writes into ``staging(site_dir)``, a folder beside the published one, and calls ``finish``.
The per-page work reads each output once and is shared out over the cores (``parallel.in_shares``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from . import active_tab, parallel, search, site_contacts, typography
from .problems import ContentError

if TYPE_CHECKING:
    from .link import LinkedSite

STAGING_SUFFIX = ".releve-en-cours"
"""The folder beside the site's where a build writes (``site.releve-en-cours``)."""
_PREVIOUS_SUFFIX = ".releve-precedent"


class FinishError(Exception):
    """The site could not be finished; the message is in French, for the coordinator."""


def staging(site_dir: Path) -> Path:
    """The folder beside ``site_dir`` where a build writes the new site, emptied of any stopped build."""
    site_dir = Path(site_dir)
    folder = site_dir.with_name(site_dir.name + STAGING_SUFFIX)
    _remove(folder)
    _remove(site_dir.with_name(site_dir.name + _PREVIOUS_SUFFIX))
    return folder


def discard(written: Path) -> None:
    """Forget a build that failed: the published site stays as it was."""
    _remove(written)


def _finish_outputs(
    written: Path, relpaths: list[str], searched: Path | None = None, outputs: frozenset[str] | None = None, tabs: Mapping[str, str] | None = None
) -> list[site_contacts.Found]:
    """French spacing in each page of ``relpaths`` (rewritten only when it changes), its tab marked
    (``tabs``: ``active_tab.tabs``), and the contacts a reader sees in each, for those of the
    ``outputs`` just written (None: all); with ``searched``, the part Pagefind reads of each page
    copied there."""
    found: list[site_contacts.Found] = []
    for relpath in relpaths:
        path = written / relpath
        text = path.read_text(encoding="utf-8", errors="replace")
        if outputs is None or relpath in outputs:
            french = _finished(relpath, text, found, (tabs or {}).get(relpath))
            if french != text:
                path.write_text(french, encoding="utf-8")
            text = french
        if searched is not None:
            _copy_searched(searched, relpath, text)
    return found


def _finished(relpath: str, text: str, found: list[site_contacts.Found], tab: str | None = None) -> str:
    """The output ``relpath`` whose text is ``text``, with French spacing and the tab at ``tab``
    marked; the contacts a reader sees in it added to ``found``."""
    found += site_contacts.seen_in(relpath, text)
    if not relpath.endswith(".html"):
        return text
    return typography.french_html(text if tab is None else active_tab.marked(relpath, text, tab))


def _copy_searched(searched: Path, relpath: str, page: str) -> None:
    """The part Pagefind reads of page ``relpath`` copied into ``searched``, if it reads any
    (``search.searched_part``): the folder holds only the pages the theme marked."""
    if (part := search.searched_part(page)) is not None:
        copy = searched / relpath
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(part, encoding="utf-8")


IN_MEMORY = Path("/dev/shm")
"""Where Linux keeps files in memory (tmpfs)."""
ROOM = 1 << 30
"""The room it must have left for Pagefind's copies, which take about 10 MB per 1,000 minutes."""


def in_memory(room: int = ROOM) -> Path | None:
    """``IN_MEMORY`` for temporary files (the copies Pagefind reads), if it has ``room`` left: written
    and read once, on disk they cost the system 2–3 % of a build's processor at 1,000 minutes; else
    (no such folder, or one too small, as Docker's 64 MB) None, the system's temporary folder, as when
    ``TMPDIR`` names one. Pagefind's index is the same from any file system (``search_chunks``)."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        free = shutil.disk_usage(IN_MEMORY).free
    except OSError:
        return None
    return IN_MEMORY if free >= room and os.access(IN_MEMORY, os.W_OK | os.X_OK) else None


_COPIES = "releve-recherche-"
"""The start of the name of a build's folder of copies, followed by its process's number."""
_ABANDONED_AFTER = 3600
"""Seconds without a change after which the copies of a build whose process is gone are removed: a
process of another container sharing the folder is not seen, but its build ends well before."""


def _copies_folder(index: bool) -> tempfile.TemporaryDirectory | None:
    """A new folder for Pagefind's copies (None: no index), once those of builds killed outright are
    gone: no cleanup runs after ``kill -9``, and in memory they stayed until the machine restarted."""
    if not index:
        return None
    parent = in_memory() or Path(tempfile.gettempdir())
    for abandoned in parent.glob(f"{_COPIES}*-*"):
        number = abandoned.name[len(_COPIES) :].partition("-")[0]
        if number.isdigit() and not _running(int(number)) and _untouched_since(abandoned) > _ABANDONED_AFTER:
            shutil.rmtree(abandoned, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{_COPIES}{os.getpid()}-", dir=parent)


def _untouched_since(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's
        return True
    return True


class FinishedPages:
    """Pages finished as the host renders them, before it writes them (``page``): the finish pass
    then neither reads nor rewrites them, and Pagefind starts as soon as the pages it reads are
    finished (``expect``), while the host renders the others.

    The host calls ``page`` with what it is about to write, in any process of the build; a forked
    process sends what it finished back (``taken``, then ``add`` in the process that calls
    ``finish``). A page whose file is not the size it was finished at (something wrote it again)
    is finished from its file like any other output; an indexed page not finished here has
    Pagefind index the site again.
    """

    def __init__(self, index: bool = True) -> None:
        self._folder = _copies_folder(index)
        self.searched = Path(self._folder.name) if self._folder is not None else None
        """Where the part Pagefind reads of each indexed page is copied (None: no index)."""
        self._new: tuple[dict[str, int], list[site_contacts.Found]] = ({}, [])
        """What this process finished since the last ``taken``."""
        self._owner = os.getpid()
        self._site: Path | None = None
        self._expected: frozenset[str] = frozenset()
        self._searched_count = multiprocessing.Value("q", 0)
        """How many indexed pages are copied for Pagefind, in every process."""
        self.indexing: search.Indexing | None = None
        """Pagefind, started as soon as every page it reads is finished (``expect``)."""
        self._removal: subprocess.Popen | None = None

    def expect(self, site_dir: Path, relpaths: list[str]) -> list[int]:
        """The pages to be finished, in the order the host renders them, written in ``site_dir``;
        Pagefind starts once the indexed ones are, while the others are still rendered. Returned:
        the order in which another process is to render them so that it happens early (the indexed
        pages from the last one, then the others from the last one)."""
        indexed = [self.searched is not None and search.indexed(relpath) for relpath in relpaths]
        self._site, self._expected = Path(site_dir), frozenset(relpath for relpath, read in zip(relpaths, indexed) if read)
        last_first = range(len(relpaths) - 1, -1, -1)
        return [index for index in last_first if indexed[index]] + [index for index in last_first if not indexed[index]]

    def page(self, relpath: str, html: str) -> str:
        """The page ``relpath`` as it is to be written: with French spacing, the contacts a reader
        sees in it noted, and the part Pagefind reads of it copied."""
        sizes, found = self._new
        french = _finished(relpath, html, found)
        if self.searched is not None and search.indexed(relpath):
            _copy_searched(self.searched, relpath, french)
            with self._searched_count.get_lock():
                self._searched_count.value += relpath in self._expected
        # The size of the file MkDocs writes: what UTF-8 cannot encode becomes a character reference.
        sizes[relpath] = len(french.encode("utf-8", errors="xmlcharrefreplace"))
        self._index_when_ready()
        return french

    def taken(self) -> tuple[dict[str, int], list[site_contacts.Found]]:
        """What this process finished since the last call, for the process that calls ``finish``."""
        new, self._new = self._new, ({}, [])
        return new

    def add(self, sizes: dict[str, int], found: list[site_contacts.Found]) -> None:
        """Pages finished in another process (its ``taken``)."""
        self._new[0].update(sizes)
        self._new[1].extend(found)
        self._index_when_ready()

    def _index_when_ready(self) -> None:
        """Start Pagefind, in the process that finishes the site, once every page it reads is copied
        (if the theme marked one: else it reads the written pages, at the end of the build)."""
        if self.indexing is None and self._expected and os.getpid() == self._owner and self._searched_count.value == len(self._expected) and self.copied():
            self.indexing = search.Indexing(self._site, self.searched)

    def copied(self) -> bool:
        """Whether a page was copied for Pagefind: one the theme marked (``_copy_searched``)."""
        return self.searched is not None and any(self.searched.iterdir())

    def _indexing_all(self, written: Path, indexed: list[str], done: frozenset[str]) -> search.Indexing | None:
        """Pagefind started early, if the pages it reads are all the indexed pages of the site
        ``written``, as written; else it is stopped (it will index them again)."""
        if self.indexing is not None and not (self._site == written and self._expected == frozenset(indexed) and self._expected <= done):
            self.indexing.stop()
            self.indexing = None
        return self.indexing

    def written_as_finished(self, written: Path, relpaths: list[str]) -> tuple[frozenset[str], list[site_contacts.Found]]:
        """Those of ``relpaths`` finished here and written in ``written`` as they were finished, and
        the contacts seen in them."""
        sizes, found = self.taken()
        done = frozenset(relpath for relpath in relpaths if (size := sizes.get(relpath)) is not None and _size(written / relpath) == size)
        return done, [contact for contact in found if contact[1] in done]

    def forget_copies(self) -> None:
        """Start removing the copies Pagefind has read, in another process (``close`` waits for it):
        a thousand files and their folders."""
        if self._folder is not None and self._removal is None and (rm := shutil.which("rm")) is not None:
            self._removal = subprocess.Popen([rm, "-rf", "--", self._folder.name])

    def close(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
        if self._removal is not None:
            self._removal.wait()
        if self._folder is not None:
            self._folder.cleanup()


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def finish(
    written: Path,
    site_dir: Path | None,
    linked: LinkedSite,
    root: Path,
    docs_dir: Path | None = None,
    *,
    since_ns: int | None = None,
    index: bool = True,
    finished: FinishedPages | None = None,
    meanwhile: Callable[[], object] | None = None,
    tabs: Mapping[str, str] | None = None,
) -> None:
    """Finish the site written in ``written`` from the content of the project ``root`` (``linked``,
    its docs folder ``docs_dir``) and publish it at ``site_dir`` (None: where it was written, as under
    the preview); ``ContentError`` if it shows a personal contact. ``index``: build the search index.
    ``finished``: the pages the host finished as it rendered them (made with the same ``index``;
    closed here). ``tabs``: the tab each page out of the navigation is read under (``active_tab.tabs``).
    ``meanwhile``: work for once the site is known to show no contact, done while
    Pagefind indexes (this process has nothing else to do then, at 5,000 minutes for seconds)."""
    written = Path(written)
    outputs = site_contacts.published(written, since_ns)
    finished = finished if finished is not None else FinishedPages(index)
    try:
        done, found = finished.written_as_finished(written, outputs)
        # The pages of the indexed folders are finished first (those the host did not), and the
        # part Pagefind reads of each copied; it indexes them while the other outputs are finished.
        pages = [relpath for relpath in (outputs if since_ns is None else site_contacts.published(written)) if index and search.indexed(relpath)]
        indexing = finished._indexing_all(written, pages, done)
        found += _in_shares(
            partial(_finish_outputs, written, searched=finished.searched, outputs=frozenset(outputs), tabs=tabs), [relpath for relpath in pages if relpath not in done]
        )
        # Pagefind's own folder, which it may be writing, is made of the names of its index.
        found += site_contacts.seen_in_names(written, (search.BUNDLE + "/",) if index else ())
        try:
            if indexing is None and finished.searched is not None:
                # A site none of whose pages is marked: Pagefind indexes its pages whole, as it does then.
                indexing = search.Indexing(written, finished.searched if finished.copied() else None)
            indexed = frozenset(pages)
            found += _in_shares(partial(_finish_outputs, written, tabs=tabs), [relpath for relpath in outputs if relpath not in indexed and relpath not in done])
            if problems := site_contacts.problems(found, linked, root, docs_dir):
                raise ContentError(problems)
            if meanwhile is not None:
                meanwhile()
            if indexing is not None:
                indexing.read()
                finished.forget_copies()  # while the index is cut again
                indexing.finish()
        except search.SearchIndexError as error:
            raise FinishError(str(error)) from None
        finally:
            if indexing is not None:
                indexing.stop()
    finally:
        finished.close()
    if site_dir is not None and Path(site_dir) != written:
        swap(written, Path(site_dir))


def _in_shares(work, relpaths: list[str]) -> list[site_contacts.Found]:
    """``work`` over ``relpaths`` on every core, its results joined."""
    return [contact for share in parallel.in_shares(work, relpaths) for contact in share]


# --- The swap: the new site in place of the old one, at once -----------------------------------

_RENAME_EXCHANGE = 2
"""``renameat2``'s flag that swaps two paths in one step (Linux 3.15, glibc 2.28)."""


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one system call, where the system has one."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap(new: Path, site_dir: Path) -> None:
    """Publish ``new`` at ``site_dir``. The previous site is replaced in one step where the system
    allows it (Linux); elsewhere by two renames, between which neither folder is partly written."""
    if not site_dir.exists():
        new.rename(site_dir)
        return
    if _exchange(new, site_dir):
        _remove(new)  # the previous site, now under the staging name
        return
    previous = site_dir.with_name(site_dir.name + _PREVIOUS_SUFFIX)
    _remove(previous)
    site_dir.rename(previous)
    new.rename(site_dir)
    _remove(previous)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)

