"""``python -m releve``: the ``releve`` command, where it is not installed as a script."""

import sys

from .entry_point import run

sys.exit(run())
