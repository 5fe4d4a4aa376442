"""The finish pass: once over a written site, whichever host wrote it, before it is published.

MkDocs (or ProperDocs) writes the site through the plugin; Zensical writes the tree of
``releve generer``. Either way the engine then takes the written folder and, in this order:

1. puts French spacing in the text of every HTML page, the theme's included (``typography``), and
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
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import parallel, search, site_contacts, typography
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


def _finish_outputs(written: Path, relpaths: list[str], searched: Path | None = None, outputs: frozenset[str] | None = None) -> list[site_contacts.Found]:
    """French spacing in each page of ``relpaths`` (rewritten only when it changes) and the contacts
    a reader sees in each, for those of the ``outputs`` just written (None: all); with ``searched``,
    the part Pagefind reads of each page copied there."""
    found = []
    for relpath in relpaths:
        path = written / relpath
        text = path.read_text(encoding="utf-8", errors="replace")
        if outputs is None or relpath in outputs:
            french = typography.french_html(text) if relpath.endswith(".html") else text
            if french != text:
                path.write_text(french, encoding="utf-8")
            found += site_contacts.seen_in(relpath, text)
            text = french
        if searched is not None:
            copy = searched / relpath
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(search.searched_part(text), encoding="utf-8")
    return found


def finish(
    written: Path, site_dir: Path | None, linked: LinkedSite, root: Path, docs_dir: Path | None = None, *, since_ns: int | None = None, index: bool = True
) -> None:
    """Finish the site written in ``written`` from the content of the project ``root`` (``linked``,
    its docs folder ``docs_dir``) and publish it at ``site_dir`` (None: where it was written, as under
    the preview); ``ContentError`` if it shows a personal contact. ``index``: build the search index."""
    written = Path(written)
    outputs = site_contacts.published(written, since_ns)
    with tempfile.TemporaryDirectory(prefix="releve-recherche-") as searched:
        # The pages of the indexed folders are finished first, and the part Pagefind reads of each
        # copied; it indexes them while the other outputs are finished. The addresses are read
        # before it writes its own.
        pages = [relpath for relpath in (outputs if since_ns is None else site_contacts.published(written)) if index and search.indexed(relpath)]
        found = _in_shares(partial(_finish_outputs, written, searched=Path(searched), outputs=frozenset(outputs)), pages)
        found += site_contacts.seen_in_names(written)
        indexing = None
        try:
            if index:
                indexing = search.Indexing(written, Path(searched))
            indexed = frozenset(pages)
            found += _in_shares(partial(_finish_outputs, written), [relpath for relpath in outputs if relpath not in indexed])
            if problems := site_contacts.problems(found, linked, root, docs_dir):
                raise ContentError(problems)
            if indexing is not None:
                indexing.finish()
        except search.SearchIndexError as error:
            raise FinishError(str(error)) from None
        finally:
            if indexing is not None:
                indexing.stop()
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

