"""``python -m iro_desktop``: the command line without the app (for headless machines)."""

import sys

from iro_desktop.cli import main

sys.exit(main())
