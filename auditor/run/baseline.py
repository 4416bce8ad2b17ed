"""Baselines: accept today's findings so that a later run shows only new ones (bandit's idea).

A baseline file is JSON: for each report (its path relative to the baseline's folder)
and each content fingerprint (`auditor.pipeline.result.fingerprint`: code, section and the
normalised text around the finding, never line numbers), how many findings it accepts.
Counting keeps multiplicity honest: if a report had the same finding twice and now has
it three times, one is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from auditor.engine.findings import Finding
from auditor.pipeline.config import read_text
from auditor.pipeline.result import fingerprint
from auditor.report.errors import ConfigError
from auditor.run.output import write_file

FORMAT_VERSION = 1


def _key_path(path: str, folder: Path) -> str:
    # Relative to the baseline's folder, so the baseline works from any working directory.
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def write_baseline(findings: Iterable[Finding], target: Path) -> int:
    """Record `findings` in `target`; return how many were recorded."""
    folder = target.resolve().parent
    tally: Counter = Counter()
    example: dict[tuple[str, str], Finding] = {}
    for f in findings:
        key = (_key_path(f.path, folder), fingerprint(f))
        tally[key] += 1
        example.setdefault(key, f)
    entries = [
        {"path": path, "code": example[(path, fp)].code, "fingerprint": fp, "count": n,
         "message": example[(path, fp)].message}
        for (path, fp), n in sorted(tally.items(), key=lambda kv: (kv[0][0], example[kv[0]].code, kv[0][1]))
    ]  # fmt: skip
    doc = {"tool": "pfaudit", "version": FORMAT_VERSION, "findings": entries}
    write_file(target, json.dumps(doc, ensure_ascii=False, indent=2) + "\n", ("基线文件", "baseline"))
    return sum(tally.values())


def load_baseline(source: Path) -> Counter:
    """Read a baseline: a counter keyed by (path relative to its folder, fingerprint).

    :raises ConfigError: when the file is missing, not JSON, or not a pfaudit baseline.
    """
    text = read_text(
        source, ("基线文件", "baseline"), (f"（先用 --write-baseline {source} 生成）", f" (create it with --write-baseline {source})")
    )
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"基线文件 {source} 已损坏（不是有效的 JSON：第 {exc.lineno} 行 {exc.msg}）",
            f"baseline {source} is damaged (not valid JSON: line {exc.lineno}, {exc.msg})",
        ) from exc
    if not isinstance(doc, dict) or doc.get("tool") != "pfaudit" or not isinstance(doc.get("findings"), list):
        raise ConfigError(
            f"基线文件 {source} 不是 pfaudit 生成的基线（缺少 tool/findings）",
            f"{source} is not a pfaudit baseline (no tool/findings)",
        )
    if doc.get("version") != FORMAT_VERSION:
        raise ConfigError(
            f"基线文件 {source} 的版本 {doc.get('version')!r} 不受支持（应为 {FORMAT_VERSION}）",
            f"baseline {source} has version {doc.get('version')!r}, not {FORMAT_VERSION}",
        )
    accepted: Counter = Counter()
    for n, entry in enumerate(doc["findings"], 1):
        try:
            path, fp, count = entry["path"], entry["fingerprint"], entry.get("count", 1)
        except (TypeError, KeyError) as exc:
            raise ConfigError(
                f"基线文件 {source} 第 {n} 条记录缺少 path 或 fingerprint", f"baseline {source}: entry {n} lacks path or fingerprint"
            ) from exc
        if not (isinstance(path, str) and isinstance(fp, str) and isinstance(count, int) and count > 0):
            raise ConfigError(
                f"基线文件 {source} 第 {n} 条记录的 path/fingerprint/count 类型不对",
                f"baseline {source}: entry {n} has a path, fingerprint or count of the wrong type",
            )
        accepted[(path, fp)] += count
    return accepted


def apply_baseline(findings: Iterable[Finding], accepted: Counter, source: Path) -> tuple[list[Finding], Counter]:
    """Split findings into those still shown and a count per path of those hidden."""
    folder = source.resolve().parent
    left = Counter(accepted)
    kept: list[Finding] = []
    hidden: Counter = Counter()
    for f in findings:
        key = (_key_path(f.path, folder), fingerprint(f))
        if left[key] > 0:
            left[key] -= 1
            hidden[f.path] += 1
        else:
            kept.append(f)
    return kept, hidden
