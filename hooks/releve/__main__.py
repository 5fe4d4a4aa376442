"""``python -m releve``: the ``releve`` command, where it is not installed as a script."""

import sys

from .cli import main

sys.exit(main())
