"""Load time per binary format: pfaudit's reader and whole audit against the library's own load.

Usage: ``python bench/readers.py [--repeat N]``. For each fixture in samples/formats it
prints the median of N runs of: the library alone opening the file (python-docx, openpyxl,
pdfplumber with every page's text, lxml parsing a web page, or the LibreOffice conversion for
legacy files); pfaudit's
``pfaudit_read`` (layout and parse included); and the full audit (read, facts, every check).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
import openpyxl  # noqa: E402
import pdfplumber  # noqa: E402
from lxml import etree  # noqa: E402
from tabulate import tabulate  # noqa: E402

from auditor import audit  # noqa: E402
from auditor.engine.plugins import collect_checks, make_plugin_manager  # noqa: E402
from auditor.readers import legacy  # noqa: E402

FORMATS = ROOT / "samples" / "formats"


def _pdf(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


LIBRARY: dict[str, tuple[str, Callable[[Path, bytes], object]]] = {
    ".docx": ("python-docx Document()", lambda _p, d: docx.Document(io.BytesIO(d))),
    ".xlsx": ("openpyxl load_workbook()", lambda _p, d: openpyxl.load_workbook(io.BytesIO(d), data_only=True)),
    ".pdf": ("pdfplumber extract_text() per page", lambda _p, d: _pdf(d)),
    ".html": ("lxml etree.fromstring()", lambda _p, d: etree.fromstring(d, etree.HTMLParser())),
    ".htm": ("lxml etree.fromstring()", lambda _p, d: etree.fromstring(d, etree.HTMLParser())),
    ".doc": ("soffice --convert-to docx", lambda p, d: legacy.convert(p, d, "docx")),
    ".xls": ("soffice --convert-to xlsx", lambda p, d: legacy.convert(p, d, "xlsx")),
}


def _median(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print one row per fixture: sizes and median milliseconds."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args()
    pm = make_plugin_manager(entry_points=False)
    checks = collect_checks(pm)
    # Warm the lazy imports (jieba for near-duplicates) so the figures are the steady state.
    warm = FORMATS / "gumei.docx"
    audit(pm.hook.pfaudit_read(path=warm, data=warm.read_bytes()), checks)
    rows = []
    for path in sorted(FORMATS.iterdir()):
        if path.suffix not in LIBRARY:
            continue
        if path.suffix in (".doc", ".xls") and legacy.soffice() is None:
            rows.append([path.name, path.stat().st_size // 1024, "soffice missing", "", "", ""])
            continue
        data = path.read_bytes()
        repeat = max(1, args.repeat // 3) if path.suffix in (".doc", ".xls") else args.repeat
        what, load = LIBRARY[path.suffix]

        def read(path: Path = path, data: bytes = data) -> object:
            return pm.hook.pfaudit_read(path=path, data=data)

        def total(path: Path = path, data: bytes = data) -> object:
            report = pm.hook.pfaudit_read(path=path, data=data)
            return audit(report, checks)

        library = _median(repeat, lambda path=path, data=data, load=load: load(path, data))
        reader = _median(repeat, read)
        whole = _median(repeat, total)
        rows.append([path.name, path.stat().st_size // 1024, what, f"{library * 1000:.0f}", f"{reader * 1000:.0f}", f"{whole * 1000:.0f}"])
    headers = ["file", "KB", "library load", "library ms", "pfaudit read ms", "pfaudit total ms"]
    print(tabulate(rows, headers=headers))


if __name__ == "__main__":
    main()
