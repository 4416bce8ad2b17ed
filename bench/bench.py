"""Throughput, peak memory and cold start of pfaudit, measured on a corpus built from samples/.

Usage: ``python bench/bench.py [--reports N] [--cold-runs K] [--batch N]``. The corpus is
built in memory from the five samples with small variations in their figures; the CLI batch
measurement writes it to a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor import audit  # noqa: E402
from auditor.plugins import collect_checks, make_plugin_manager  # noqa: E402


def corpus(n: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """N report texts: the samples with their figures nudged so no two are identical."""
    rng = random.Random(seed)
    samples = sorted((ROOT / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        nudged = re.sub(r"(?<=\d)\.(\d)(\d)", lambda m: f".{m[1]}{rng.randint(0, 9)}", base, count=3)
        out.append((f"r{i:05d}.txt", nudged.encode("utf-8")))
    return out


def throughput(n: int) -> dict[str, float]:
    """Read, parse, extract and check `n` reports in one process."""
    pm = make_plugin_manager(entry_points=False)
    checks = collect_checks(pm)
    reports = corpus(n)
    chars = sum(len(data.decode("utf-8")) for _, data in reports)
    # warm the lazy imports (jieba, cn2an) once so the figure is the steady state
    warm = pm.hook.pfaudit_read(path=Path(reports[1][0]), data=reports[1][1])
    audit(warm, checks)
    start = time.perf_counter()
    findings = 0
    for name, data in reports:
        report = pm.hook.pfaudit_read(path=Path(name), data=data)
        findings += len(audit(report, checks))
    elapsed = time.perf_counter() - start
    return {
        "reports": n,
        "chars": chars,
        "seconds": elapsed,
        "reports_per_s": n / elapsed,
        "mchars_per_s": chars / elapsed / 1e6,
        "findings": findings,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def cold_start(runs: int) -> dict[str, float]:
    """Wall-clock time of the installed `pfaudit` command on one sample, new process each run."""
    exe = Path(sys.executable).with_name("pfaudit")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "auditor.cli"]
    results = {}
    for sample in ("shangjie-2021-community-governance-report.txt", "chengde-2022-community-office-pdf-report.txt"):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*command, str(ROOT / "samples" / sample)], capture_output=True, check=False, env={**os.environ, "CI": "true"})
            times.append(time.perf_counter() - start)
        results[sample] = statistics.median(times)
    return results


def cli_batch(n: int) -> dict[int, float]:
    """Wall-clock time of ``pfaudit DIR`` over `n` report files, with 1 and with 2 workers."""
    exe = Path(sys.executable).with_name("pfaudit")
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, data in corpus(n):
            Path(folder, name).write_bytes(data)
        for jobs in (1, 2):
            start = time.perf_counter()
            subprocess.run(
                [str(exe), folder, "--format", "json", "-o", os.devnull, "--jobs", str(jobs)],
                capture_output=True, check=False, env={**os.environ, "CI": "true"},
            )  # fmt: skip
            times[jobs] = time.perf_counter() - start
    return times


def main() -> None:
    """Print the figures quoted in the issue notes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000, help="files for the CLI batch run (0: skip)")
    args = parser.parse_args()
    t = throughput(args.reports)
    print(f"batch: {t['reports']} reports, {t['chars'] / 1e6:.1f} M chars in {t['seconds']:.2f} s")
    print(f"  {t['reports_per_s']:.0f} reports/s, {t['mchars_per_s']:.2f} M chars/s, {t['findings']} findings")
    print(f"  peak RSS {t['peak_rss_mb']:.0f} MB")
    for sample, seconds in cold_start(args.cold_runs).items():
        print(f"cold start `pfaudit {sample}`: {seconds * 1000:.0f} ms (median of {args.cold_runs})")
    if args.batch:
        for jobs, seconds in cli_batch(args.batch).items():
            print(f"`pfaudit DIR --jobs {jobs}` over {args.batch} files: {seconds:.1f} s ({args.batch / seconds:.0f} reports/s)")


if __name__ == "__main__":
    main()
