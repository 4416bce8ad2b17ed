"""Seeded mutations of the samples (text, .docx, .xlsx, .pdf): every input ends as a result, outputs stay valid.

A few hundred cases run with the suite; ``make fuzz`` runs 10,000 (``PFAUDIT_FUZZ=N``).
Each input is audited by a watchdog under the default limits, as a batch would; no
exception may escape, no input may run into the time limit, and the json and sarif
formats of the whole run must parse (and validate against the SARIF schema).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from auditor import Setup
from auditor.engine.findings import Finding
from auditor.formats import FORMATS
from auditor.pipeline.config import Config
from auditor.pipeline.result import Run
from auditor.pipeline.watchdog import Watchdog
from auditor.readers.limits import Limits
from tests.conftest import ROOT
from tests.support import hostile

pytestmark = pytest.mark.slow  # the fuzz run

CASES = int(os.environ.get("PFAUDIT_FUZZ", "200"))
TIME_LIMIT = float(os.environ.get("PFAUDIT_FUZZ_TIME", "30"))


def outcome(error: str | None) -> str:
    """A result's kind, for the counts: audited, refused by a limit, unreadable, or stopped."""
    if error is None:
        return "audited"
    if "时间上限" in error:
        return "time limit"
    if "内存" in error or "工作进程" in error:
        return "memory or crash"
    if "时出错（" in error:
        return "internal error"
    if "[limits]" in error:
        return "over a limit"
    return "unreadable"


@pytest.mark.parametrize("chunk", range(4))
def test_mutated_inputs_always_end_as_a_result_with_valid_outputs(chunk: int, pm, tmp_path: Path) -> None:
    setup = Setup.build(config=Config(limits=Limits(time=TIME_LIMIT)), pm=pm)
    cases = hostile.mutations(CASES, seed=14)[chunk::4]
    results = []
    with Watchdog(setup) as watchdog:
        for name, data in cases:
            results.append(watchdog.audit_bytes(data, name))
    counts = Counter(outcome(r.error) for r in results)
    print(f"fuzz chunk {chunk}: {len(cases)} inputs, {dict(counts)}")
    assert len(results) == len(cases)
    stuck = [(r.path, r.error) for r in results if outcome(r.error) in ("time limit", "memory or crash", "internal error")]
    assert stuck == []
    assert [(r.path, f.message) for r in results for f in r.findings if f.code == "PF00"] == []
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    run = Run(tuple(results), tuple(findings), tuple(setup.checks))
    json.loads(FORMATS["json"](run))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(FORMATS["sarif"](run)), schema)


def test_a_damaged_pdf_leaves_stderr_quiet(tmp_path: Path) -> None:
    # pdfminer logs each operator it cannot parse; the user gets the file's result, not that chatter
    pdfs = [(name, data) for name, data in hostile.mutations(400, seed=14) if name.endswith(".pdf")][:30]
    for name, data in pdfs:
        (tmp_path / name).write_bytes(data)
    # a process of its own: pytest's logging capture would hide what a user's terminal shows
    done = subprocess.run([sys.executable, "-m", "auditor.cli.main", str(tmp_path), "--format", "concise"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1)
    assert done.stderr == ""
