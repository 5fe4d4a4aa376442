"""The ``releve`` script (``[project.scripts]`` of pyproject.toml): ``cli.main`` in a process that
ends in French whatever stops it.

Nothing is imported before the ``try``: Ctrl-C while the commands load (a few tenths of a second)
is a French line too, not a traceback.
"""

import os
import sys

INTERRUPTED = 130
"""128 + SIGINT: the status shells give a command stopped by Ctrl-C."""
CLOSED_OUTPUT = 141
"""128 + SIGPIPE: the status shells give a command whose reader has gone (``git log | head``)."""


def interrupted() -> int:
    """Say that Ctrl-C stopped the command (before any work was left half done) and return its status."""
    # A terminal echoes « ^C » where the cursor is: the message takes a line of its own. Written
    # without console.fail, which may be what was loading.
    newline = "\n" if sys.stderr.isatty() else ""
    sys.stderr.write(f"{newline}Erreur : interrompu\n")
    return INTERRUPTED


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
