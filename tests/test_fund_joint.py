"""The fund block's joint reading stays bounded however many rows the block has.

A PDF's text layer of a table with narrow columns breaks every label over lines, and each
piece can make a row of its own: the joint reading weighed every combination of the rows'
readings, 6**7 * 40 of them for gF1_01's form printed that way (22 GB before the process was
killed). `tests/data/forms/narrow-columns-pdf-text.txt` is that text layer (the corpus form
gF1_01 printed as a Word table, saved as PDF by LibreOffice, read by pdfplumber).
"""

from __future__ import annotations

import json
import subprocess
import sys
from math import prod

from auditor.facts.funds.columns import Reading
from auditor.facts.funds.joint import MOST_COMBINATIONS, ROW_POOL, TOTAL_POOL, _bounded
from tests.conftest import ROOT

NARROW = ROOT / "tests" / "data" / "forms" / "narrow-columns-pdf-text.txt"


def test_the_pools_are_cut_to_a_bounded_number_of_combinations_keeping_each_rows_best() -> None:
    pools = [[Reading() for _ in range(TOTAL_POOL if n == 0 else ROW_POOL)] for n in range(9)]
    cut = _bounded(pools, 0)
    assert prod(len(p) for p in cut) <= MOST_COMBINATIONS < prod(len(p) for p in pools)
    assert len(cut[0]) == TOTAL_POOL  # the total keeps its pool: the sub-rows' sums decide it
    assert all(p[: len(c)] == c and c and c[0] is p[0] for p, c in zip(pools, cut, strict=True))
    few = [[Reading() for _ in range(3)] for _ in range(3)]
    assert _bounded(few, 1) == few  # a usual block is weighed whole, as before


def test_a_narrow_column_pdf_text_is_audited_under_the_default_memory_ceiling() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "auditor.cli.main", str(NARROW), "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    files = json.loads(done.stdout)["files"]
    assert [f["error"] for f in files] == [None], files  # it was refused "over the memory limit (1 GB)"
