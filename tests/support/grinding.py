"""A reader plugin that grinds at its memory ceiling, for the ceiling tests (``--plugin tests.support.grinding``).

A file named ``grind-*`` makes the process reading it take memory until the address-space
limit refuses it, and go on asking, each MemoryError caught: what a library with a broad
handler does near the limit. Any other file is left to the real readers.
"""

from __future__ import annotations

import time
from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("pfaudit")


@hookimpl(tryfirst=True)
def pfaudit_read(path: Path, data: bytes) -> None:
    """Grind on a ``grind-*`` file (until the process is stopped); otherwise read nothing."""
    if not Path(path).name.startswith("grind-"):
        return
    kept = []
    while True:
        try:
            kept.append(bytearray(256 << 10))
        except MemoryError:
            time.sleep(0.01)
