"""The ``releve`` script (``[project.scripts]`` of pyproject.toml): ``cli.main`` in a process that
ends in French whatever stops it.

Nothing is imported before the ``try``: Ctrl-C while the commands load (a few tenths of a second)
is a French line too, not a traceback.
"""

import os
import signal
import sys
import threading

INTERRUPTED = 130
"""128 + SIGINT: the status shells give a command stopped by Ctrl-C."""
CLOSED_OUTPUT = 141
"""128 + SIGPIPE: the status shells give a command whose reader has gone (``git log | head``)."""


def interrupted() -> int:
    """Say that Ctrl-C stopped the command and return its status."""
    # A terminal echoes « ^C » where the cursor is: the message takes a line of its own. Written
    # without console.fail, which may be what was loading.
    newline = "\n" if sys.stderr.isatty() else ""
    sys.stderr.write(f"{newline}Erreur : interrompu\n")
    return INTERRUPTED


_BEFORE_STARTUP: list = []
"""Ctrl-C's handler that ``interrupt_in_french`` replaced, given back by ``started``."""


def interrupt_in_french() -> None:
    """Until ``started``, Ctrl-C says « interrompu » and ends the process with ``INTERRUPTED``: for a
    command that has not begun its work yet, which Python would end with a traceback and MkDocs'
    command line with Click's English « Aborted! » (``hosts/mkdocs_command.py`` from its first line,
    the plugin from its import). Once, and from the main thread only, where signals are received."""
    if not _BEFORE_STARTUP and threading.current_thread() is threading.main_thread():
        _BEFORE_STARTUP.append(signal.signal(signal.SIGINT, _say_interrupted))


def _say_interrupted(signum: int, frame: object) -> None:
    # Nothing is written yet: nothing to undo, the process ends here.
    raise SystemExit(interrupted())


def started() -> None:
    """Ctrl-C as it was before ``interrupt_in_french``: the work begins (the plugin's ``on_startup``,
    which hands it to ``mkdocs_console.Interruption``)."""
    if _BEFORE_STARTUP:
        signal.signal(signal.SIGINT, _BEFORE_STARTUP.pop())


def run() -> int:
    try:
        from .cli import main

        status = main()
        sys.stdout.flush()  # a buffered output meets a closed pipe here, not at the interpreter's exit
        return status
    except (KeyboardInterrupt, RuntimeError) as error:
        # Python 3.11 turns Ctrl-C during the creation of a class (« __set_name__ ») into a RuntimeError.
        if not isinstance(error, KeyboardInterrupt) and not isinstance(error.__cause__, KeyboardInterrupt):
            raise
        return interrupted()
    except BrokenPipeError:
        # The reader has gone (« releve verifier | head -2 »): stop quietly, as Python's « Note on
        # SIGPIPE » says; stdout then writes to nothing, so that the interpreter's last flush is quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return CLOSED_OUTPUT
