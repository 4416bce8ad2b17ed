"""The finance bureau's corpus view at scale: cross-report copying and the history write, on generated reports.

Usage: ``python bench/corpus.py [--sizes 1000 10000] [--jobs 2] [--postgres URL|auto]``
or ``python bench/corpus.py --template [--sizes 300 3000]``.

For each size N: N independent reports (tests/support/generate.py) of which one in a hundred pastes
a paragraph of another, audited by the process pool with their records kept; then, timed
separately, the copying pass over the records (MinHash LSH, template learning, verification),
all the corpus checks, writing the run to the history and reading the history back. The
copying pass must stay near-linear: 10× the reports in at most 12× the time.

``--template`` runs the template-heavy cases instead, where every report shares most of its
text with the others (`template_reports`): the five samples filed over and over with their
figures changed, and one region's template filled in by as many different projects. The
copying pass there must scale at most 11× for 10× the reports, and in a run of 300 such
reports the corpus pass must take at most a fifth of the time (`corpus_share`; both are
rows of ``make bench``).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.corpus.bridge import run_corpus_checks  # noqa: E402
from auditor.corpus.corpus import Corpus  # noqa: E402
from auditor.corpus.record import make_record  # noqa: E402
from auditor.pipeline.audit import Setup  # noqa: E402
from auditor.pipeline.batch import audit_files  # noqa: E402
from auditor.pipeline.result import FileResult  # noqa: E402
from auditor.run.db import History  # noqa: E402
from auditor.run.stages import corpus_pass  # noqa: E402
from auditor.run.stages import records as records_of  # noqa: E402
from tests.support import postgres  # noqa: E402
from tests.support.generate import paragraphs, reports  # noqa: E402

OPTIONS = {"threshold": Decimal("0.7"), "template_share": Decimal("0.5"), "template_reports": 10}
_FIGURE = re.compile(r"(?<=\d\.\d)(\d)")


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


def template_reports(n: int, kind: str, seed: int = 23) -> list[tuple[str, str]]:
    """`n` (name, text) reports that each share most of their text with the others.

    ``samples``: the five sample reports filed over and over, a few figures changed in each
    (a bureau's batch where projects hand in near-identical reports year after year).
    ``template``: `n` different projects writing three of their four paragraphs from one
    region's template, figures their own, and the fourth paragraph in their own words.
    """
    rng = random.Random(seed)
    if kind == "samples":
        bases = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
        out = []
        for i in range(n):
            text = _FIGURE.sub(lambda _: str(rng.randint(0, 9)), bases[i % len(bases)], count=rng.randint(1, 4))
            out.append((f"s{i:05d}.txt", text))
        return out
    shared = paragraphs(random.Random(seed), count=3)
    corpus = reports(n, seed=seed)
    for report in corpus:
        report.prose[:3] = [re.sub(r"\d+", lambda _: str(rng.randint(3, 980)), p) for p in shared]
    return [(f"t{i:05d}.txt", report.text()) for i, report in enumerate(corpus)]


def _records(texts: list[tuple[str, str]], jobs: int) -> tuple[list[FileResult], float, Path]:
    folder = Path(tempfile.mkdtemp(prefix="pfaudit-bench-template-"))
    for name, text in texts:
        (folder / name).write_text(text, encoding="utf-8")
    setup = Setup.build(keep=make_record)
    files, seconds = timed(lambda: list(audit_files(sorted(folder.glob("*.txt")), setup, (), jobs)))
    return files, seconds, folder


def copying_cpu(n: int, kind: str, jobs: int = 2) -> float:
    """Median CPU seconds of the copying pass over `n` template-heavy reports (their audit not counted)."""
    files, _, folder = _records(template_reports(n, kind), jobs)
    shutil.rmtree(folder, ignore_errors=True)
    records = list(records_of(files).values())
    Corpus.of(records[:3]).copies(**OPTIONS)  # warm: the datasketch import and LSH bands, once
    times = []
    for _ in range(3):
        start = time.process_time()
        Corpus.of(records).copies(**OPTIONS)
        times.append(time.process_time() - start)
    return statistics.median(times)


def corpus_share(n: int = 300, kind: str = "samples") -> tuple[float, float]:
    """Wall seconds of a -j1 run over `n` template-heavy reports: the audit of each, then the corpus pass."""
    files, audit_s, folder = _records(template_reports(n, kind), 1)
    shutil.rmtree(folder, ignore_errors=True)
    setup = Setup.build(keep=make_record)
    _, corpus_s = timed(corpus_pass, setup, files, None)
    return audit_s, corpus_s


def template_main(sizes: list[int]) -> None:
    """The template-heavy figures: the corpus pass's share of a run, and the copying pass's scaling."""
    audit_s, corpus_s = corpus_share(sizes[0])
    print(f"{sizes[0]} sample copies, -j1: audit {audit_s:.2f} s, corpus pass {corpus_s:.2f} s "
          f"({100 * corpus_s / (audit_s + corpus_s):.1f}% of the run)", flush=True)  # fmt: skip
    for kind in ("samples", "template"):
        times = [copying_cpu(n, kind) for n in sizes]
        steps = ", ".join(f"{n} reports {t:.3f} s" for n, t in zip(sizes, times, strict=True))
        print(f"copying pass, {kind}: {steps} (×{times[-1] / times[0]:.1f} for ×{sizes[-1] / sizes[0]:.0f} reports)", flush=True)


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
        options = OPTIONS
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
    p.add_argument("--postgres", help="a server URL, or 'auto' to start a private one (tests/support/postgres.py)")
    p.add_argument("--template", action="store_true", help="the template-heavy cases (default sizes 300 3000)")
    args = p.parse_args()
    if args.template:
        template_main(args.sizes if args.sizes != [1000, 10000] else [300, 3000])
        return
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
