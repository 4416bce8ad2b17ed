"""The OCR figures: seconds per scanned page, and the cache's second run.

Usage: ``python bench/ocr.py [--dpi 200] [--jobs 2] [--compare]`` (``make bench`` prints the
timing rows). ``--compare`` measures, on the same generated scans, how many characters and
figures RapidOCR (the ``ocr`` extra) and Debian's tesseract with ``chi_sim`` read right: the
measurement the engine was chosen by (tesseract is only needed for it).
A sample's text PDF is printed and scanned (`tests.support.scans`: noise, skew, JPEG, a red seal)
into a temporary folder; a fresh ``pfaudit`` process reads it with an empty OCR cache (every
page recognised), then again (every page from the cache). Wall seconds, as a user waits.
Without the ``ocr`` extra the rows say so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.readers.ocr.engine import available  # noqa: E402
from tests.support import scans  # noqa: E402

EXE = Path(sys.executable).with_name("pfaudit")


def _timed(path: Path, cache: Path, jobs: int) -> float:
    env = {**os.environ, "CI": "true", "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    subprocess.run([str(EXE), str(path), "-q", "--jobs", str(jobs), "--time-limit", "0"], env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def rows(sample: str = "chaoyang.pdf", dpi: int = 200, jobs: int = 2) -> list[list[str]]:
    """Rows of bench.py's table: seconds per page cold, and the second run from the cache."""
    if not available():
        return [["OCR seconds per page", "the ocr extra is not installed", "", "", ""]]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        data = (ROOT / "samples" / "formats" / sample).read_bytes()
        pages = len(scans.pdf_pages(data, 72))
        scan = folder / "scan.pdf"
        scan.write_bytes(scans.scan_pdf(data, dpi, ("noise", "skew", "jpeg", "stamp")))
        cache = folder / "cache"
        first = _timed(scan, cache, jobs)
        second = _timed(scan, cache, jobs)
        one = _timed(scan, folder / "cache-j1", 1)
        text = _timed(ROOT / "samples" / "formats" / sample, folder / "cache-text", 1)
    return [
        [f"OCR, {sample} scanned at {dpi} dpi ({pages} pages), -j{jobs}", f"{first / pages:.1f} s a page", f"whole file {first:.1f} s", "", ""],
        ["OCR, the same scan, -j1", f"{one / pages:.1f} s a page", f"whole file {one:.1f} s", "", ""],
        ["OCR, second run (from the cache)", f"{second:.1f} s", f"the text PDF: {text:.1f} s", "about the text PDF's time", second <= 2 * text + 1],
    ]


def _tesseract(scan: bytes, dpi: int) -> str:
    """What tesseract (chi_sim, one block of text a page) reads on every page of a scan."""
    out = []
    with tempfile.TemporaryDirectory() as name:
        for n, page in enumerate(scans.pdf_pages(scan, dpi)):
            image = Path(name) / f"{n}.png"
            page.save(image)
            done = subprocess.run(["tesseract", str(image), "stdout", "-l", "chi_sim", "--psm", "6"], capture_output=True, text=True, check=False)
            out.append(done.stdout)
    return "\n".join(out)


def compare(dpi: int = 200) -> list[list[str]]:
    """Characters and figures each engine reads right on the samples' scans, against their text PDFs."""
    from auditor.readers.limits import Limits, applied
    from tests.support import ocr_measure as measure

    cases = [("chaoyang.pdf", ("noise", "skew", "jpeg", "stamp")), ("gumei.pdf", ("faint", "noise", "jpeg")),
             ("shangjie.pdf", ("noise", "skew", "jpeg", "stamp"))]  # fmt: skip
    totals = {"rapidocr": [0, 0, 0, 0], "tesseract": [0, 0, 0, 0]}
    for sample, kinds in cases:
        data = (ROOT / "samples" / "formats" / sample).read_bytes()
        scan = scans.scan_pdf(data, dpi, kinds, seed=dpi)
        truth = measure.read(data, "text.pdf")
        with applied(Limits(ocr_jobs=2)):
            read = {"rapidocr": measure.read(scan, "scan.pdf")}
        if shutil.which("tesseract"):
            read["tesseract"] = measure.read(_tesseract(scan, dpi).encode("utf-8"), "tesseract.txt")
        for engine, report in read.items():
            chars = measure.char_accuracy(truth, report)
            figures = measure.numeric_tokens(truth, report)
            totals[engine] = [a + b for a, b in zip(totals[engine], (*chars, *figures), strict=True)]
    return [
        [f"{engine}, {dpi} dpi scans of 3 samples", f"characters {c}/{n} ({c / n:.1%})", f"figures {f}/{m} ({f / m:.1%})", "", ""]
        for engine, (c, n, f, m) in totals.items()
        if n
    ] or [["tesseract", "not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)", "", "", ""]]


def main() -> None:
    """Print the OCR rows alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", action="store_true", help="RapidOCR against tesseract chi_sim on the same scans")
    args = parser.parse_args()
    from tabulate import tabulate

    found = compare(args.dpi) if args.compare else rows(dpi=args.dpi, jobs=args.jobs)
    print(tabulate(found, headers=["figure", "measured", "reference (same run)", "target", ""]))


if __name__ == "__main__":
    main()
