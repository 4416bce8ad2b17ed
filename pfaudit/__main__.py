"""``pfaudit`` and ``python -m pfaudit``: answer ``--version`` at once, else run `auditor.cli.main`.

Importing the engine and its checks takes a few hundred milliseconds; asking for the
version should not.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pfaudit import __version__


def _asks_version(argv: Sequence[str]) -> bool:
    """``--version`` among the options of the check command (before any ``--``)."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return "--version" in options and not (options and options[0] in ("rules", "explain", "serve", "register"))


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: ``pfaudit --version`` here, everything else in `auditor.cli.main.main`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if _asks_version(argv):
        sys.stdout.write(f"pfaudit {__version__}\n")
        return 0
    from auditor.cli.main import main as run  # the engine, its plugins and checks: only for real work

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
