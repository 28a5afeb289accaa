"""The ``iro-desktop`` command: sub-commands go to the core CLI, no sub-command starts the GUI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from iro_desktop import cli

    return cli.main(sys.argv[1:] if argv is None else argv, gui=_start_gui)


def _start_gui(options) -> int:
    from iro_desktop import housekeeping
    from ui.app.app import run, services_for

    # What a killed run left in the vault's folders (the command line does the same for itself).
    housekeeping.tidy(services_for(options).home)
    return run(options)


if __name__ == "__main__":
    sys.exit(main())
