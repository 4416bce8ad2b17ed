"""A reader plugin that takes its own worker process down, for the cluster tests (``--plugin tests.support.dying``).

A file named ``die-once-*`` kills the first process that reads it; ``die-always-*`` kills
every one. Deaths are marked in the folder ``PFAUDIT_TEST_DEATHS`` names; without it the
plugin does nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("pfaudit")


@hookimpl(tryfirst=True)
def pfaudit_read(path: Path, data: bytes) -> None:
    """Exit the process on a doomed file; otherwise let the real readers read it."""
    marks, name = os.environ.get("PFAUDIT_TEST_DEATHS"), Path(path).name
    if marks and name.startswith("die-"):
        mark = Path(marks) / name
        if name.startswith("die-always-") or not mark.exists():
            mark.touch()
            os._exit(1)
