"""A run in words: coverage sentences, folded code lists and one summary row per report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from auditor.formats.words import message
from auditor.pipeline.result import FileResult, Run, counts, risk_score, worst

FACT_LABELS = {
    "zh": {
        "fiscal_year": "报告年度",
        "forms": "自评表",
        "fund_lines": "资金表",
        "indicators": "指标表",
        "totals": "合计行",
        "grades": "评价等级",
        "amounts": "正文金额",
        "rates": "执行率",
        "years": "年份",
        "sentences": "正文语句",
        "declarations": "绩效目标申报表",
        "paired": "对应的绩效目标申报表",
        "content": "报告内容",
    },
    "en": {
        "fiscal_year": "fiscal year",
        "forms": "evaluation form",
        "fund_lines": "fund table",
        "indicators": "indicator table",
        "totals": "total rows",
        "grades": "grade",
        "amounts": "amounts in prose",
        "rates": "execution rates",
        "years": "years",
        "sentences": "sentences",
        "declarations": "target declaration",
        "paired": "matching target declaration",
        "content": "report content",
    },
}

FORM_PARTS = ("fund_lines", "indicators", "totals", "grades")  # found only inside a form


def compact(codes: Iterable[str]) -> str:
    """Codes with consecutive runs folded: ``AM02–AM07 EX03 IN01–IN20``."""
    runs: list[list[str]] = []
    for code in sorted(codes):
        last = runs[-1][-1] if runs else ""
        if last[:2] == code[:2] and last[2:].isdigit() and code[2:].isdigit() and int(code[2:]) == int(last[2:]) + 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return " ".join(r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def coverage_warning(file: FileResult, lang: str = "zh", codes: bool = True) -> str:
    """One sentence saying which checks did not run for lack of facts ("" when all ran).

    :param codes: False to leave out the codes, for a page that names the checks itself.
    """
    if file.error or not file.not_checked:
        return ""
    missing = list(file.missing_facts)
    if not file.coverage.get("forms", 1):  # no form at all: its parts need no separate mention
        missing = ["forms", *(k for k in missing if k not in ("forms", *FORM_PARTS))]
    labels = [FACT_LABELS[lang].get(k, k) for k in missing]
    listed, n = compact(file.not_checked), len(file.not_checked)
    if lang == "en":
        return f"no {' or '.join(labels)} found; {n} checks could not run" + (f": {listed}" if codes else "")
    said = labels[0] if len(labels) == 1 else "、".join(labels[:-1]) + "和" + labels[-1]
    return f"未识别到{said}，{n} 项检查未运行" + (f"：{listed}" if codes else "")


def not_installed_lines(run: Run) -> list[str]:
    """One sentence per group of checks not run for a missing library: which, why, how to install."""
    out = []
    for item in run.not_installed:
        modules = ", ".join(item.modules)
        if run.lang == "en":
            out.append(f"{', '.join(item.codes)} not run: {modules} is not installed; install it with {item.install}")
        else:
            out.append(f"{'、'.join(item.codes)} 未运行：没有安装 {modules}；安装方法：{item.install}")
    return out


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One report's line in a summary."""

    path: str
    errors: int
    warnings: int
    infos: int
    risk: int
    worst: str  # "CODE message" of the most severe finding, "" when clean
    not_checked: tuple[str, ...]
    hidden: int
    unreadable: bool


def report_rows(run: Run) -> list[ReportRow]:
    """One row per report, in input order."""
    rows = []
    for path, found in run.by_file().items():
        file = run.file(path)
        c = counts(found)
        top = worst(found)
        rows.append(
            ReportRow(
                path,
                c["error"],
                c["warning"],
                c["info"],
                risk_score(found),
                f"{top.code} {message(top, run.lang)}" if top else "",
                file.not_checked,
                file.hidden,
                file.error is not None,
            )
        )
    return rows
