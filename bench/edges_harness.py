"""What bench/edges.py and bench/edges_web.py share: pfaudit run as a process of one checkout,
a finished run, how it is reported, and the sample report the items start from.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
Row = tuple[str, str, float, float]  # item, outcome, seconds, peak MB
ESC = b"\x1b"


@dataclass
class Done:
    """A finished pfaudit process."""

    code: int
    seconds: float
    peak_mb: float
    out: bytes
    err: bytes


class Pfaudit:
    """Runs the pfaudit of one checkout as a process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {**os.environ, "PYTHONPATH": str(root), "PFAUDIT_LANG": "zh", "CI": "1"}

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "auditor.cli.main", *map(str, args)]

    def start(self, *args: str, **options) -> subprocess.Popen:
        return subprocess.Popen(self.command(*args), cwd=self.root, env=self.env, **options)

    def run(self, *args: str, stdout=subprocess.PIPE, preexec: Callable | None = None, code: str | None = None) -> Done:
        """Run to the end; `code` runs Python in place of the command line (``-c``), with `args` as argv.

        NOTE: the peak memory comes from /usr/bin/time, the process that starts pfaudit: a process
        forked from this one would count this one's memory (the high-water mark survives exec).
        """
        command = [sys.executable, "-c", code, *map(str, args)] if code else self.command(*args)
        with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
            start = time.monotonic()
            process = subprocess.Popen(["/usr/bin/time", "-q", "-f", "%M", "-o", peak.name, *command], cwd=self.root,
                                       env=self.env, stdout=stdout, stderr=err, preexec_fn=preexec)  # fmt: skip
            out = process.stdout.read() if stdout == subprocess.PIPE else b""
            process.wait()
            seconds = time.monotonic() - start
            err.seek(0)
            kb = peak.read().strip().splitlines()
            return Done(process.returncode, seconds, int(kb[-1]) / 1024 if kb and kb[-1].isdigit() else 0.0, out, err.read())


def said(done: Done) -> str:
    """The exit code, and the last line of stderr (or "traceback" when there was one)."""
    err = done.err.decode("utf-8", "replace").strip()
    if "Traceback" in err:
        return f"exit {done.code}, traceback ({err.splitlines()[-1][:80]})"
    return f"exit {done.code}" + (f", says: {err.splitlines()[-1][:110]}" if err else "")


def outputs(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
