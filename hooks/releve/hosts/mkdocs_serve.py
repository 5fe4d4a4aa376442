"""The preview under MkDocs (``mkdocs serve``, ``make site``): the server polls often, and a failed
rebuild puts the last good site back instead of leaving every request hanging."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import threading

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils import clean_directory

from ..console import DEBUG_VARIABLE
from ..text import first_upper
from .mkdocs_console import HOST


class ReleveError(Abort):
    """Stops the build with the French message as the last thing on the screen: MkDocs would
    follow a ``PluginError`` with its English « Aborted with a BuildError! »."""


POLL_SECONDS = 0.2
"""How often the preview looks for saved files (MkDocs: every 0.5 s). Each look lists the watched
folders: with 300 minutes, the server idles at 3 % of a core instead of 1 % (7 % every 0.1 s)."""


def poll_often(server, config: MkDocsConfig) -> None:
    """``mkdocs serve`` finds a saved file by listing the watched folders every half second (polling
    works on network and container mounts, where change notifications do not): a quarter of a
    second of waiting after each save, on average; every ``POLL_SECONDS`` instead. The observer has
    not started yet: what MkDocs watches before ``on_serve`` (docs/, mkdocs.yml, the theme's folders
    under ``--watch-theme``) moves to a new one, through the server's own ``unwatch`` and ``watch``;
    if anything else was watched, nothing moves."""
    moved = []
    for path in dict.fromkeys([config.docs_dir, config.config_file_path, *config.theme.dirs]):
        with contextlib.suppress(KeyError):  # unwatch() raises KeyError for a path that is not watched
            while True:  # as many times as it is watched
                server.unwatch(path)
                moved.append(path)
    if not server.observer.emitters:
        server.observer = type(server.observer)(timeout=POLL_SECONDS)  # MkDocs' PollingObserver
    for path in moved:
        server.watch(path)


# --- Build failures: a French message, never a traceback; under serve, the last good site -------


_KEPT = "le site affiché reste la dernière version correcte"


def failure_message(error: BaseException, outcome: str = "le site n'a pas été construit") -> str:
    """What the coordinator reads when the build stops on something other than a content error."""
    if isinstance(error, Abort) and "strict" in str(error):
        reason = "en mode strict, les avertissements ci-dessus comptent comme des erreurs"
    elif isinstance(error, RecursionError):
        reason = "une page imbrique trop de listes, de citations ou de blocs les uns dans les autres"
    elif isinstance(error, MemoryError):
        reason = "la mémoire a manqué"
    elif isinstance(error, MkDocsException):
        reason = f"MkDocs s'est arrêté : {error.format_message()}"
    else:
        reason = f"erreur inattendue ({type(error).__name__} : {error}) ; {DEBUG_VARIABLE}=1 en donne le détail"
    return f"Relevé : {reason} ; {outcome}."


class _AfterFailure(logging.Filter):
    """Drops the browsers' reload line that ``mkdocs serve`` logs once a failed rebuild has been
    replaced by the last good site, so that the error stays the last thing on screen."""

    pending = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pending and record.getMessage().endswith(("Reloading browsers", "Rechargement des pages ouvertes")):
            self.pending = False
            return False
        return True


def _mirror(source: str, target: str) -> None:
    """Make ``target`` a copy of ``source`` by copying only the files that differ in size or date:
    a preview rebuild rewrites a few pages, and copying the whole site took longer than the rebuild."""
    copied = set()
    for folder, _, names in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(into, exist_ok=True)
        for name in names:
            origin, copy = os.path.join(folder, name), os.path.normpath(os.path.join(into, name))
            copied.add(copy)
            stat = os.stat(origin)
            try:
                kept = os.stat(copy)
            except FileNotFoundError:
                kept = None
            if kept is None or (kept.st_size, kept.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                shutil.copy2(origin, copy)  # with its date, for the next comparison
    for folder, _, names in os.walk(target):
        for name in names:
            if os.path.normpath(os.path.join(folder, name)) not in copied:
                os.remove(os.path.join(folder, name))


class LastGoodSite:
    """The rebuild ``mkdocs serve`` runs on each change, made to never fail.

    When a rebuild raises, mkdocs serve holds every request until a rebuild succeeds (the
    browser hangs). Here a failed rebuild prints its message and puts back a copy of the last
    site that was built, so the server goes on answering with it.
    """

    def __init__(self, builder, site_dir: str) -> None:
        self._builder = builder
        self._site_dir = site_dir
        self._last_good = tempfile.TemporaryDirectory(prefix="releve-dernier-site-")  # removed at exit
        shutil.copytree(site_dir, self._last_good.name, dirs_exist_ok=True)
        self._after_failure = _AfterFailure()
        logging.getLogger(f"{HOST}.livereload").addFilter(self._after_failure)
        self._copying: threading.Thread | None = None

    def __call__(self, *args, **kwargs) -> None:
        self.wait()  # the copy of the last good site is whole before site/ changes again
        try:
            self._builder(*args, **kwargs)
        except BaseException as error:  # every failure, MkDocs' own included: the server must not hang
            if isinstance(error, KeyboardInterrupt):
                raise
            clean_directory(self._site_dir)
            shutil.copytree(self._last_good.name, self._site_dir, dirs_exist_ok=True)
            self._after_failure.pending = True
            if isinstance(error, ReleveError):
                message = f"{error.format_message()}\n{first_upper(_KEPT)}."
            elif isinstance(error, Abort) and "BuildError" in str(error):
                message = f"{first_upper(_KEPT)}."  # MkDocs has printed the BuildError itself
            else:
                message = failure_message(error, _KEPT)
            print(message, file=sys.stderr, flush=True)
        else:
            # The server shows the new site as soon as this returns: the copy is made meanwhile,
            # not on the way from the coordinator's save to the page.
            self._copying = threading.Thread(target=_mirror, args=(self._site_dir, self._last_good.name), name="releve-dernier-site")
            self._copying.start()

    def wait(self) -> None:
        """Until the copy of the last site built is complete."""
        if self._copying is not None:
            self._copying.join()
            self._copying = None
