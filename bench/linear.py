"""Cost linear in report size, timed: each generated report at n and 4n, and every regex on long runs.

Usage: ``python bench/linear.py [--scale K] [--ratio R]``. A linear audit takes about four
times as long on four times the input; a case whose time grows more than ``R`` times (default
10, generous for a busy machine) is listed as superlinear and the exit status is 1. The
second part runs every module-level regular expression of ``auditor`` and ``checks`` over long
runs of one or two characters, where a pattern that rescans the run from each position is
quadratic; tests/test_linear.py counts operations instead, but cannot see inside a regex.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import regex  # noqa: E402

import auditor  # noqa: E402
import checks  # noqa: E402
from auditor import Setup, audit_bytes  # noqa: E402
from auditor.pipeline.config import Config  # noqa: E402
from auditor.readers.limits import Limits  # noqa: E402
from tests.support import hostile  # noqa: E402

SAMPLE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))


def _docx(n: int) -> bytes:
    return hostile.docx("".join(hostile.para(p) for p in hostile.paragraphs(n)))


# name → (file name, bytes for size n, n)
CASES: dict[str, tuple[str, Callable[[int], bytes], int]] = {
    "one line of 1s": ("line.txt", lambda n: hostile.long_line(n), 250_000),
    "one line of figures": ("figures.txt", lambda n: hostile.long_line(n, "预算数100万元，执行率95%，"), 100_000),
    "one line of years": ("years.txt", lambda n: hostile.long_line(n, "2020年"), 100_000),
    "one line of a phrase": ("phrase.txt", lambda n: hostile.long_line(n, "项目资金使用情况良好"), 250_000),
    "one line of quotes": ("quotes.txt", lambda n: hostile.long_line(n, "“包括"), 100_000),
    "one line of totals": ("totals.txt", lambda n: hostile.long_line(n, "项目共支出100万元，其中人员经费50万元、公用经费30万元；"), 100_000),
    "amounts, one a line": ("amounts.txt", hostile.amounts, 1_000),
    "paragraphs (.txt)": ("paragraphs.txt", lambda n: "\n".join(hostile.paragraphs(n)).encode(), 5_000),
    "paragraphs (.docx)": ("paragraphs.docx", _docx, 5_000),
    "the samples, repeated": ("samples.txt", lambda n: ((SAMPLE + "\n") * n).encode(), 3),
    "fund table rows": (
        "rows.txt",
        lambda n: ("| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n"
                   + "".join(f"| 资金{i} | {i} | {i} | {i} | 100% |\n" for i in range(n))).encode(),
        1_000,
    ),
    "numeric cells (.xlsx)": ("cells.xlsx", lambda n: hostile.numeric_cells(n), 20_000),
}


def seconds(setup: Setup, name: str, data: bytes) -> float:
    start = time.perf_counter()
    audit_bytes(data, name, setup)
    return time.perf_counter() - start


def reports(scale: float, ratio: float) -> list[str]:
    """Time every case at n and 4n; return the names of those that grew more than `ratio` times."""
    setup = Setup.build(config=Config(limits=Limits(text_length=10**8, cells=10**7)))
    seconds(setup, "warm.txt", SAMPLE.encode())  # lazy imports and dictionaries
    slow = []
    print(f"{'case':24} {'n':>9} {'time n':>8} {'time 4n':>8} {'ratio':>6}")
    for label, (name, make, n) in CASES.items():
        n = max(1, int(n * scale))
        small, large = seconds(setup, name, make(n)), seconds(setup, name, make(4 * n))
        grew = large / max(small, 1e-3)
        flag = "  SUPERLINEAR" if grew > ratio else ""
        print(f"{label:24} {n:>9,} {small:>7.2f}s {large:>7.2f}s {grew:>6.1f}{flag}")
        if flag:
            slow.append(label)
    return slow


def _patterns() -> Iterator[tuple[str, re.Pattern | regex.Pattern]]:
    for package in (auditor, checks):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if any(part in info.name for part in (".web", ".annotate", ".run.db", ".run.executor")):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                for n, item in enumerate(value if isinstance(value, tuple) else (value,)):
                    if isinstance(item, re.Pattern | regex.Pattern) and isinstance(item.pattern, str):
                        yield f"{info.name}.{name}" + (f"[{n}]" if isinstance(value, tuple) else ""), item


# Used only with .match at one position (a cost bounded by the run at that position, once),
# never scanned over a text, so finditer's rescan from every position does not apply to them.
ANCHORED = {"auditor.facts.funds._ANNOTATION", "auditor.facts.grades._LISTING", "auditor.readers.html._DIGITS"}
RUNS = [*"1年，, \t|%万元、。(（)）一.:：个“《", "1万元", "2020年", "1.", "1、", "第1", "12.5", "一、", "预算数1万元"]


def patterns(ratio: float, size: int = 4_000) -> list[str]:
    """Every module-level pattern over runs of `size` and 4×`size` characters; the superlinear ones."""
    slow = []
    for name, pattern in _patterns():
        if name in ANCHORED:
            continue
        for run in RUNS:
            text = run * (size // len(run))
            start = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            small = time.perf_counter() - start
            if small < 0.004:
                continue
            start = time.perf_counter()
            for _ in pattern.finditer(text * 4):
                pass
            if (time.perf_counter() - start) / small > ratio:
                slow.append(f"{name} on {run!r}")
                break
    print(f"patterns: {len(slow)} superlinear" + "".join(f"\n  {s}" for s in slow))
    return slow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n by this")
    parser.add_argument("--ratio", type=float, default=10.0, help="the growth from n to 4n that counts as superlinear")
    args = parser.parse_args()
    slow = reports(args.scale, args.ratio) + patterns(args.ratio)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
