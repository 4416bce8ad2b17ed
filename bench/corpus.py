"""The finance bureau's corpus view at scale: cross-report copying and the history write, on generated reports.

Usage: ``python bench/corpus.py [--sizes 1000 10000] [--jobs 2] [--postgres URL|auto]``.

For each size N: N independent reports (tests/generate.py) of which one in a hundred pastes
a paragraph of another, audited by the process pool with their records kept; then, timed
separately, the copying pass over the records (MinHash LSH, template learning, verification),
all the corpus checks, writing the run to the history and reading the history back. The
copying pass must stay near-linear: 10× the reports in at most 12× the time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.batch import audit_files  # noqa: E402
from auditor.corpus.bridge import run_corpus_checks  # noqa: E402
from auditor.corpus.db import History  # noqa: E402
from auditor.corpus.record import make_record  # noqa: E402
from auditor.corpus.runner import records as records_of  # noqa: E402
from auditor.corpus.view import Corpus  # noqa: E402
from auditor.pipeline import Setup  # noqa: E402
from tests import postgres  # noqa: E402
from tests.generate import reports  # noqa: E402


def write_corpus(n: int, folder: Path, seed: int = 17) -> int:
    """N generated reports in `folder`; returns how many paste another report's paragraph."""
    rng = random.Random(seed)
    corpus = reports(n, seed=seed)
    pasted = 0
    for i in range(0, n, 100):
        j = rng.randrange(n)
        if j != i:
            corpus[i].prose[1] = corpus[j].prose[2]
            pasted += 1
    for i, report in enumerate(corpus):
        (folder / f"r{i:05d}.txt").write_text(report.text(), encoding="utf-8")
    return pasted


def timed(fn, *args, **kwargs):
    """(result, seconds)."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(n: int, jobs: int, postgres_url: str | None) -> dict:
    """Every figure for one corpus size."""
    folder = Path(tempfile.mkdtemp(prefix=f"pfaudit-bench-{n}-"))
    try:
        pasted = write_corpus(n, folder)
        setup = Setup.build(keep=make_record)
        paths = sorted(folder.glob("*.txt"))
        files, t_audit = timed(lambda: list(audit_files(paths, setup, (), jobs)))
        findings = [f for file in files for f in file.findings]
        records = records_of(files)
        options = {"threshold": Decimal("0.7"), "template_share": Decimal("0.5"), "template_reports": 10}
        Corpus.of(list(records.values())[:3]).copies(**options)  # warm: the datasketch import and LSH bands, once
        copies, t_copy = timed(Corpus.of(list(records.values())).copies, **options)
        corpus_findings, t_checks = timed(
            run_corpus_checks, Corpus.of(list(records.values())), setup.checks, profile=setup.profile
        )
        out = {
            "reports": n,
            "pasted": pasted,
            "passages": sum(len(r.passages) for r in records.values()),
            "audit_s": t_audit,
            "copy_s": t_copy,
            "copies": len(copies),
            "corpus_checks_s": t_checks,
            "corpus_findings": len(corpus_findings),
        }
        targets = [("sqlite", f"sqlite:///{folder / 'audit.sqlite'}")]
        if postgres_url:
            targets.append(("postgresql", postgres_url))
        for name, url in targets:
            history = History.open(url)
            _, t_write = timed(
                history.record, files, findings + corpus_findings, records, version="bench", profile="national"
            )
            loaded, t_load = timed(history.load)
            history.close()
            out[f"{name}_write_s"], out[f"{name}_load_s"], out[f"{name}_loaded"] = t_write, t_load, len(loaded)
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fresh_database(server: str, name: str) -> str:
    import sqlalchemy as sa

    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    """Run the sizes asked for and print one line per figure, then the scaling ratios."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--postgres", help="a server URL, or 'auto' to start a private one (tests/postgres.py)")
    args = p.parse_args()
    server, pgdir = args.postgres, None
    if server == "auto":
        pgdir = Path(tempfile.mkdtemp(prefix="pfaudit-bench-pg-"))
        server = postgres.start(pgdir)
    try:
        results = []
        for n in args.sizes:
            url = _fresh_database(server, f"pfaudit_bench_{n}") if server else None
            results.append(measure(n, args.jobs, url))
            print(
                " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in results[-1].items()),
                flush=True,
            )
        if len(results) > 1:
            a, b = results[0], results[-1]
            scale = b["reports"] / a["reports"]
            for key in [k for k in a if k.endswith("_s")]:
                print(f"{key}: ×{b[key] / a[key]:.1f} for ×{scale:.0f} reports")
    finally:
        if pgdir is not None:
            postgres.stop(pgdir)
            shutil.rmtree(pgdir, ignore_errors=True)


if __name__ == "__main__":
    main()
