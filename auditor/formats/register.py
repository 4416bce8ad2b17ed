"""The register (台账) a finance bureau keeps, and the spot-audit ranking with its reasons.

One row per report: 单位, 项目名称, 年度, 预算数, 执行数, 执行率, 自评得分, 等级, counts by
severity, the risk score, its rank and why it ranks there. Rows come from a finished run
(`entries_of_run`) or from the audit history (`pfaudit register --db`, `auditor.run.register`);
`register_xlsx` writes the workbook, sortable and filterable, ranked by risk.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from auditor.engine.findings import Finding, Severity
from auditor.formats.tabular import _sheet as sheet  # NOTE: the xlsx format's sheet writer
from auditor.pipeline.result import RISK_WEIGHTS, FileResult, counts, risk_score

if TYPE_CHECKING:
    from auditor.corpus.record import Record

COLUMNS = (
    ("排名", 6), ("风险分", 7), ("文件", 36), ("单位", 24), ("项目名称", 28), ("年度", 7),
    ("预算数（万元）", 12), ("执行数（万元）", 12), ("执行率（%）", 10), ("自评得分", 9), ("等级", 7),
    ("错误", 6), ("警告", 6), ("提示", 6), ("排名理由", 90),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """One report's row before ranking. Money in 元, rates in percent."""

    path: str
    unit: str = ""
    project: str = ""
    year: int | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    rate: Decimal | None = None
    score: Decimal | None = None
    grade: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    risk: int = 0
    codes: tuple[tuple[str, str, int], ...] = ()  # (code, severity, count), most severe and frequent first
    first: str = ""  # the message of the most severe finding
    error: str | None = None  # why the file could not be read


def _codes(found: Iterable[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    """``(code, worst severity, count)`` per code, most severe first, then most frequent."""
    tally: Counter[str] = Counter()
    worst: dict[str, str] = {}
    for code, severity in found:
        tally[code] += 1
        if code not in worst or Severity(severity).rank > Severity(worst[code]).rank:
            worst[code] = severity
    return tuple(
        sorted(((c, worst[c], n) for c, n in tally.items()), key=lambda x: (-Severity(x[1]).rank, -x[2], x[0]))
    )


def entries_of_run(files: Sequence[FileResult], findings: Sequence[Finding], records: dict[str, Record]) -> list[Entry]:
    """The register rows of a finished run, in input order."""
    by_path: dict[str, list[Finding]] = {f.path: [] for f in files}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    out = []
    for file in files:
        found, rec = by_path[file.path], records.get(file.path)
        c = counts(found)
        worst = max(found, key=lambda f: f.severity.rank, default=None)
        out.append(
            Entry(
                file.path,
                rec.text("unit") if rec else "",
                rec.text("project") if rec else "",
                rec.year if rec else None,
                *(rec.number(k) if rec else None for k in ("budget", "spent", "rate", "score")),
                rec.text("grade") if rec else "",
                c["error"],
                c["warning"],
                c["info"],
                risk_score(found),
                _codes((f.code, f.severity.value) for f in found),
                worst.message if worst else "",
                file.error,
            )
        )
    return out


def entries_of_history(rows: Iterable[dict[str, Any]]) -> list[Entry]:
    """The register rows of a run read back from the history (`History.reports`)."""
    out = []
    for r in rows:
        found = r["findings"]  # (code, name, severity, message)
        worst = max(found, key=lambda f: Severity(f[2]).rank, default=None)
        out.append(
            Entry(
                r["path"],
                r["unit"] or "",
                r["project"] or "",
                r["year"],
                r["budget"],
                r["spent"],
                r["rate"],
                r["score"],
                r["grade"] or "",
                r["errors"],
                r["warnings"],
                r["infos"],
                r["risk"],
                _codes((f[0], f[2]) for f in found),
                worst[3] if worst else "",
                r["error"],
            )
        )
    return out


def _key(e: Entry) -> tuple:
    # Equal risk: more errors first, then more warnings, then more money at stake, then the file name.
    return (-e.risk, -e.errors, -e.warnings, -(e.budget or 0), e.path)


def _breakdown(e: Entry) -> str:
    parts = [f"{w}×{n}{label}" for (label, n, w) in (
        ("错误", e.errors, RISK_WEIGHTS["error"]), ("警告", e.warnings, RISK_WEIGHTS["warning"]),
        ("提示", e.infos, RISK_WEIGHTS["info"]),
    ) if n]  # fmt: skip
    total = sum(RISK_WEIGHTS[s] * n for s, n in (("error", e.errors), ("warning", e.warnings), ("info", e.infos)))
    capped = f"={total}，封顶{e.risk}" if total != e.risk else ""
    return f"风险分{e.risk}（{' + '.join(parts)}{capped}）" if parts else "风险分0（没有发现）"


def _tie(e: Entry, other: Entry, verb: str) -> str:
    """Why `e` is above (verb 高于) or below (低于) a neighbour it may tie with."""
    if e.risk != other.risk:
        return ""
    for label, mine, theirs in (("错误", e.errors, other.errors), ("警告", e.warnings, other.warnings)):
        if mine != theirs:
            return f"与{verb}同为风险分{e.risk}，{label}{'更多' if mine > theirs else '更少'}"
    if (e.budget or 0) != (other.budget or 0):
        more = (e.budget or 0) > (other.budget or 0)
        return f"与{verb}同为风险分{e.risk}，预算数{'更大' if more else '更小'}（涉及资金{'更多' if more else '更少'}）"
    return f"与{verb}风险分、错误、警告和预算数都相同，按文件名排列"


def ranked(entries: Sequence[Entry]) -> list[tuple[int, Entry, str]]:
    """Entries in spot-audit order: ``(rank, entry, why)``, highest risk first."""
    order = sorted(entries, key=_key)
    out = []
    for n, e in enumerate(order):
        why = [_breakdown(e)]
        if e.error:
            why.append(f"文件无法读取，未做任何检查：{e.error}")
        elif e.codes:
            why.append(
                "主要发现："
                + "、".join(f"{c}×{k}" for c, _s, k in e.codes[:4])
                + f"；最严重的一处：{e.first.rstrip('。')}"
            )
        if n > 0 and (tie := _tie(e, order[n - 1], f"第{n}名")):
            why.append(tie)
        if n + 1 < len(order) and (tie := _tie(e, order[n + 1], f"第{n + 2}名")):
            why.append(tie)
        out.append((n + 1, e, "；".join(why)))
    return out


def _wan(yuan: Decimal | None) -> Decimal | None:
    return None if yuan is None else (yuan / 10000).quantize(Decimal("0.0001"))


def register_xlsx(entries: Sequence[Entry]) -> bytes:
    """The register workbook: the 台账 sheet in spot-audit order, and a sheet explaining it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    rows = [
        [rank, e.risk, e.path, e.unit, e.project, e.year, _wan(e.budget), _wan(e.spent), e.rate, e.score, e.grade,
         e.errors, e.warnings, e.infos, why]
        for rank, e, why in ranked(entries)
    ]  # fmt: skip
    sheet(ws, [c for c, _ in COLUMNS], rows, [w for _, w in COLUMNS])
    notes = wb.create_sheet("说明")
    weights = RISK_WEIGHTS
    sheet(notes, ["说明"], [
        [f"风险分 = min(100, {weights['error']}×错误 + {weights['warning']}×警告 + {weights['info']}×提示)，只用于排定抽查顺序，不是项目的绩效等级。"],
        ["同分时错误多者在前，再看警告数，再看预算数（涉及资金多者在前），最后按文件名。"],
        ["“排名理由”写明风险分的构成、主要发现的检查代码与次数，以及与相邻名次同分时的比较。"],
        ["金额单位为万元，执行率为百分数；空白表示报告中没有找到该项。用表头的筛选按钮可按任意列排序。"],
    ], [120])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
