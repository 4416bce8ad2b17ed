"""A stand-in for ``pfaudit`` that reads the scan of a text report in its place.

Usage: ``python bench/ocr_read.py read NAME.txt --format json`` prints what
``pfaudit read SCAN.pdf --format json`` prints, where SCAN.pdf is NAME.txt printed, scanned at
200 dpi and degraded (`tests.support.scans`: noise, skew, JPEG, a red seal). Given to a reading
evaluation as its ``PFAUDIT`` command, the scans are scored in place of the text originals:

    python ../shared/tools/read_eval.py ".venv/bin/python bench/ocr_read.py" ../shared/corpus/forms

The scans are made in a temporary folder; OCR's cache (``$XDG_CACHE_HOME/pfaudit/ocr``) keeps
a second evaluation from reading them again.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import scans  # noqa: E402

KINDS = ("noise", "skew", "jpeg", "stamp")


def main(argv: list[str]) -> int:
    """Scan the report named after ``read`` and run ``pfaudit`` on the scan with the other arguments."""
    if len(argv) < 2 or argv[0] != "read":
        print(__doc__)
        return 2
    source = Path(argv[1])
    text = source.read_bytes().decode("utf-8", errors="replace")
    with tempfile.TemporaryDirectory() as name:
        scan = Path(name) / (source.stem + ".pdf")
        scan.write_bytes(scans.scan_text(text, 200, KINDS, seed=7))
        exe = Path(sys.executable).with_name("pfaudit")
        done = subprocess.run([str(exe), "read", str(scan), *argv[2:]], capture_output=True, text=True, check=False)
    sys.stdout.write(done.stdout.replace(str(scan), str(source)))
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
