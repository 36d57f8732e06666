"""`python -m generator`: the command line.

Run as `python -m` in a briefing's folder, Python puts that folder first on the import path,
so a `yaml.py` committed there would be imported in place of the real module. The folder is
taken off the path before anything else is imported (unless the tool itself lives there, as
when it is run from its own repository)."""

import os
import sys

_here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.getcwd() or os.path.abspath(p or ".") == _here]

from generator.cli import main  # noqa: E402

sys.exit(main())
