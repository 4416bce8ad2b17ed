"""Each hostile case's outcome, time and peak memory, then all of them in one batch beside the samples.

Usage: ``python bench/hostile.py [--corpus DIR] [--jobs N]``. The cases are the crafted files
of a hostile corpus named with ``--corpus`` (R-numbered, as in the crafted set the limits were
measured on) and the cases its README asks to make, built here by tests/support/hostile.py. Each runs as
``pfaudit FILE -f json -o OUT`` in a process of its own with the default limits; the time is
wall-clock and the peak memory the largest resident set of that process or any child it waited
for (the watchdog's). The batch then audits every case and the samples together and checks
that the samples' findings are the same as when they are audited alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import hostile  # noqa: E402

PFAUDIT = [sys.executable, "-m", "auditor.cli.main"]
CRAFTED = (
    "R3_4000_lines_UN01_quadratic.txt", "R5_zipbomb_1GB.docx", "R5b_zipbomb_1GB.xlsx", "R6_gridspan_memory.docx",
    "R6c_fuzz_gridspan_hang.docx", "R7_far_corner_cell.xlsx", "R8_merge_whole_sheet.xlsx",
    "R10_dtd_entity_truncates_text.docx", "R12_zip_version_internal_error.docx",
)  # fmt: skip


def made(folder: Path) -> dict[str, tuple[Path, list[str]]]:
    """The generated cases: name → (file, extra pfaudit arguments)."""
    cases: dict[str, tuple[bytes, str, list[str]]] = {
        "G1 one line of 1,000,000 1s": (hostile.long_line(1_000_000), "line.txt", []),
        "G2 one line of 1,000,000 characters of figures": (hostile.long_line(1_000_000, "预算数100万元，执行率95%，"), "figures.txt", []),
        "G3 4,000 amounts, one a line": (hostile.amounts(4_000), "amounts.txt", []),
        "G4 100,000 paragraphs (.txt)": ("\n".join(hostile.paragraphs(100_000)).encode(), "paragraphs.txt", []),
        "G5 100,000 paragraphs (.docx)": (hostile.docx("".join(hostile.para(p) for p in hostile.paragraphs(100_000))), "paragraphs.docx", []),
        "G6 .xlsx of 1,000,000 numeric cells": (hostile.numeric_cells(1_000_000), "cells.xlsx", []),
        "G7 .xlsx of 150,000 numeric cells (under the limit)": (hostile.numeric_cells(150_000), "cells150k.xlsx", []),
        "G8 zip bomb: 1 MB .docx inflating to 1 GB": (hostile.zip_bomb(1 << 30), "bomb.docx", []),
        "G9 PDF of 3,000 pages": (hostile.pdf([f"2021 page {n}" for n in range(3_000)]), "pages.pdf", []),
        "G10 time limit: G2 with --time-limit 2": (hostile.long_line(1_000_000, "预算数100万元，执行率95%，"), "slow.txt", ["--time-limit", "2"]),
        "G11 memory ceiling: G7 with --memory-limit 256": (hostile.numeric_cells(150_000), "big.xlsx", ["--memory-limit", "256"]),
    }  # fmt: skip
    out = {}
    for name, (data, file, extra) in cases.items():
        path = folder / file
        path.write_bytes(data)
        out[name] = (path, extra)
    return out


def run(args: list[str], out: Path) -> tuple[int, float, int, dict | None]:
    """pfaudit `args` writing json to `out`: exit code, seconds, peak resident memory (KB), the output."""
    start = time.monotonic()
    process = subprocess.Popen([*PFAUDIT, *args, "-f", "json", "-o", str(out), "--no-progress"], cwd=ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    try:
        result = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = None
    return process.returncode, seconds, usage.ru_maxrss, result


def outcome(result: dict | None) -> str:
    if result is None:
        return "NO OUTPUT"
    file = result["files"][0]
    if file.get("error"):
        return "PF01 " + file["error"][:70]
    codes = sorted({f["code"] for f in result["findings"]})
    return f"audited: {len(result['findings'])} findings ({', '.join(codes[:6])}{'…' if len(codes) > 6 else ''})"


def special(folder: Path) -> list[tuple[str, str, float, int]]:
    """R1 (a file name that is not UTF-8, every output) and R2 (a FIFO)."""
    rows = []
    names = folder / "names"
    names.mkdir()
    sample = next((ROOT / "samples").glob("*.txt"))
    shutil.copy(sample, os.fsdecode(bytes(names) + b"/bad\xff\xfename.txt"))
    code, seconds, memory, result = run([str(names)], folder / "r1.json")
    sarif = subprocess.run([*PFAUDIT, str(names), "-f", "sarif", "--no-progress"], cwd=ROOT, capture_output=True)
    shown = result["files"][0]["path"] if result else "?"
    parsed = sarif.returncode == 1 and bool(json.loads(sarif.stdout))
    rows.append(("R1 file name not UTF-8", f"exit {code}, json names {shown!r}, sarif to stdout exit {sarif.returncode}, parses {parsed}", seconds, memory))
    if hasattr(os, "mkfifo"):
        fifo = folder / "fifo" / "report.txt"
        fifo.parent.mkdir()
        os.mkfifo(fifo)
        code, seconds, memory, result = run([str(fifo)], folder / "r2.json")
        rows.append(("R2 FIFO named on the command line", f"exit {code}, {outcome(result)}", seconds, memory))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # NOTE: no default: the project never reads a folder outside itself; without --corpus only the
    # generated cases run (they cover the same causes: tests/support/hostile.py).
    parser.add_argument("--corpus", type=Path, help="the crafted files' folder (the hostile corpus, R-numbered)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the batch")
    args = parser.parse_args()
    rows: list[tuple[str, str, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="pfaudit-hostile-") as tmp:
        folder = Path(tmp)
        corpus = args.corpus
        cases = {name: (corpus / name, []) for name in CRAFTED if corpus and (corpus / name).exists()}
        cases |= made(folder)
        for name, (path, extra) in cases.items():
            code, seconds, memory, result = run([str(path), *extra], folder / "out.json")
            rows.append((name.split("_")[0] if name.startswith("R") else name, f"exit {code}, {outcome(result)}", seconds, memory))
        rows += special(folder)
        print("| case | outcome | time (s) | peak memory (MB) |\n|---|---|---:|---:|")
        for name, said, seconds, memory in rows:
            print(f"| {name} | {said} | {seconds:.1f} | {memory / 1024:.0f} |")
        batch = folder / "batch"
        batch.mkdir()
        for path, _ in cases.values():
            shutil.copy(path, batch / path.name)
        for sample in (ROOT / "samples").glob("*.txt"):
            shutil.copy(sample, batch / sample.name)
        code, seconds, memory, result = run([str(batch), "-j", str(args.jobs)], folder / "batch.json")
        _, _, _, alone = run([*(str(batch / s.name) for s in (ROOT / "samples").glob("*.txt"))], folder / "alone.json")
        mine = sorted((f["path"], f["code"], f["message"]) for f in result["findings"] if f["path"].endswith(tuple(s.name for s in (ROOT / "samples").glob("*.txt"))))
        theirs = sorted((f["path"], f["code"], f["message"]) for f in alone["findings"])
        refused = sum(1 for f in result["files"] if f.get("error"))
        print(
            f"\nbatch of {len(result['files'])} files (-j{args.jobs}): exit {code}, {seconds:.1f} s, peak {memory / 1024:.0f} MB; "
            f"{refused} refused or stopped; samples' findings the same as alone: {mine == theirs}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
