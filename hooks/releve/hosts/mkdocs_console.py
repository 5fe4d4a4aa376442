"""MkDocs' console in French: its English progress lines translated, its level column dropped.

The same for ProperDocs, whose loggers are named ``properdocs.*`` instead of ``mkdocs.*``: the
logger names are taken from the host that runs (``HOST``).
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading

from mkdocs.plugins import BasePlugin

from .. import entry_point
from ..entry_point import INTERRUPTED

HOST = BasePlugin.__module__.partition(".")[0]
"""« mkdocs », or « properdocs » when ProperDocs runs (it serves ``mkdocs.*`` from its own modules)."""

_OMITTED = r'The following pages exist in the docs directory, but are not included in the "nav" configuration:\n  - (.*)'
_CONSOLE = (
    (r"Cleaning site directory", None),
    (r"Building documentation to directory: (.*)", "Construction du site dans {0}"),
    (r"Documentation built in ([\d.]+) seconds", "Site construit en {0} s"),
    (r"Building documentation\.\.\.", "Construction du site…"),
    (r"Watching paths for changes: .*", None),
    (r"Serving on (\S+).*", "Site servi sur {0}"),
    (r"Detected file changes", "Modification détectée"),
    (r"Reloading browsers", "Rechargement des pages ouvertes"),
    (r"Browser connected: .*", None),
    (r"Shutting down\.\.\.", "Arrêt du serveur"),
    (_OMITTED, "Pages de docs/ hors du menu, que seul un lien d'une autre page fait lire : {0}"),
    # « mkdocs gh-deploy »: the site published on the gh-pages branch of the repository.
    (r"Copying '(.*)' to '(.*)' branch and pushing to GitHub\.", "Envoi du site {0} dans la branche {1} du dépôt"),
    (r"Version check skipped: .*", None),
    (r"Previous deployment was done with MkDocs version (\S+); you are deploying with a newer version \((\S+)\)", None),
    (
        r"Deployment terminated: Previous deployment was made with MkDocs version (\S+); you are attempting to deploy with an older version \((\S+)\)\..*",
        "publication arrêtée : la précédente a été faite avec MkDocs {0}, plus récent que celui-ci ({1}) ; ajoutez --ignore-version pour publier quand même",
    ),
    (r"Failed to deploy to GitHub with error: \n(.*)", "la publication sur la branche du dépôt a échoué : {0}"),
    (r"Cannot deploy - this directory does not appear to be a git repository", "publication impossible : ce dossier n'est pas un dépôt git"),
    (r"Could not find git - is it installed and on your path\?", "git est introuvable : installez-le"),
    (r"Your documentation should be available shortly\.", "Le site sera en ligne dans quelques instants."),
    (r"Your documentation should shortly be available at: (.*)", "Le site sera en ligne dans quelques instants : {0}"),
    (r"Based on your CNAME file, your documentation should be available shortly at: (.*)", "Le site sera en ligne dans quelques instants : {0}"),
    (r"NOTE: Your DNS records must be configured appropriately for your CNAME URL to work\.", "Le domaine de cette adresse doit être dirigé vers GitHub Pages (enregistrements DNS)."),
)
"""The host's own progress lines, in French (None: dropped, the line says nothing to a coordinator)."""


_SAID: set[str] = set()
"""The lines said once per process (the preview rebuilds many times in one)."""


class _FrenchConsole(logging.Filter):
    """Rewrites MkDocs' English progress lines so that a build prints French only."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The dev server stamps its lines with the time (« [10:04:12] »): kept, the rest translated.
        stamp, message = re.fullmatch(r"(\[[\d:]+\] )?(.*)", record.getMessage(), flags=re.S).groups()
        for english, french in _CONSOLE:
            match = re.fullmatch(english, message, flags=re.S)
            if match:
                if french is None:
                    return False
                if english == _OMITTED:  # said once, not again at each rebuild of the preview
                    if message in _SAID:
                        return False
                    _SAID.add(message)
                # A decimal comma; MkDocs' list of files (« \n  - a.md\n  - b.md ») on one line.
                groups = (g.replace(".", ",") if re.fullmatch(r"[\d.]+", g) else PUBLISHED.get(g, g).replace("\n  - ", ", ") for g in match.groups())
                record.msg, record.args = (stamp or "") + french.format(*groups), ()
                break
        return True


class _FrenchFormatter(logging.Formatter):
    """MkDocs' console without its English level column (« INFO    -  »): a line of information is
    printed as it is, a warning or an error says so in French (the debug lines of ``-v`` keep it)."""

    _LEVELS = {logging.WARNING: "Avertissement : ", logging.ERROR: "Erreur : ", logging.CRITICAL: "Erreur : "}

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        if record.levelno < logging.INFO:
            return f"DEBUG   -  {message}"
        return self._LEVELS.get(record.levelno, "") + message


PUBLISHED: dict[str, str] = {}
"""The folder a build writes in → the folder it is published at (``finish.staging``): the console
names the second."""


def speak_french() -> None:
    """French on the host's console: a filter on each logger of its progress lines, and the level
    column of its command line's handler (none when the host runs in process) translated."""
    for name in ("commands.build", "commands.serve", "commands.gh_deploy", "livereload", "structure.nav"):
        logger = logging.getLogger(f"{HOST}.{name}")
        if not any(isinstance(existing, _FrenchConsole) for existing in logger.filters):
            logger.addFilter(_FrenchConsole())
    handler_name = {"mkdocs": "MkDocsStreamHandler", "properdocs": "ProperDocsStreamHandler"}.get(HOST)
    for handler in logging.getLogger(HOST).handlers:
        if handler.get_name() == handler_name and not isinstance(handler.formatter, _FrenchFormatter):
            handler.setFormatter(_FrenchFormatter())


def not_the_dirty_warning(record: logging.LogRecord) -> bool:
    # The host warns on every --dirty build, which --strict would count as an error.
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def allow_dirty_builds() -> None:
    logging.getLogger(f"{HOST}.commands.build").addFilter(not_the_dirty_warning)


def interrupt_in_french() -> None:
    """Ctrl-C in French (``entry_point.interrupt_in_french``) from the plugin's import to its first
    event (the engine loading, the rest of the configuration read), where the host's command line
    would print Click's English « Aborted! » and exit with 1. (Before the plugin's import, the host's
    own imports and command line, a fifth of a second, run no code of Relevé: ``make site`` and
    ``make build`` start them from ``mkdocs_command``.) Only under the host's command line (a Click
    command runs): a build run in process (the tests) keeps its own Ctrl-C."""
    click = sys.modules.get("click")
    if click is not None and click.get_current_context(silent=True) is not None:
        entry_point.interrupt_in_french()


class Interruption:
    """Ctrl-C during a build, ended with the status shells give it (130) and said once, in French.

    MkDocs lets ``KeyboardInterrupt`` through its build without ``on_build_error``, and its command
    line then prints « Aborted! » and exits with 1, leaving the half-written site. Here Ctrl-C
    raises ``SystemExit`` instead, which the command line lets through after ``on_shutdown``, where
    the plugin forgets the half-written site and says so. Raised inside a callback of compiled code
    (nh3's attribute filter), an exception is dropped, with a traceback that is not printed: the
    plugin ``check``s again at each page. The forked workers of the build, which Ctrl-C reaches too,
    go on: a worker stopped while sending a result would leave a half-sent message that its reader
    waits for forever; the build stops them as it ends. Only in the main thread, where signals are
    received.
    """

    def __init__(self) -> None:
        self.happened = False
        self._process = os.getpid()
        self._previous = signal.signal(signal.SIGINT, self._stop) if threading.current_thread() is threading.main_thread() else None
        self._unraisable = sys.unraisablehook
        sys.unraisablehook = self._dropped

    def _stop(self, signum: int, frame: object) -> None:
        if os.getpid() == self._process:
            self.happened = True
            self.check()

    def _dropped(self, unraisable) -> None:
        if not (self.happened and isinstance(unraisable.exc_value, SystemExit)):
            self._unraisable(unraisable)

    def check(self) -> None:
        """Stop the build if Ctrl-C was pressed, in case its exception was dropped."""
        if self.happened:
            raise SystemExit(INTERRUPTED)

    def release(self, ignored: bool = False) -> None:
        """Ctrl-C as before (the site is published, or the preview serves it), or ``ignored`` (while
        the plugin forgets a stopped build)."""
        if self._previous is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else self._previous)
            self._previous = None
        sys.unraisablehook = self._unraisable
