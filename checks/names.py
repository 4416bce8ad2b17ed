"""Name checks (NM): the project called by another name."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor import Facts, Finding, Report, check, module_checks

_FILLER = regex.compile(r"经费|资金|预算|专项|工作|项目|年度|支出|补助|财政|[()（）\s]")


def _core(name: str) -> str:
    return _FILLER.sub("", name)


def _common(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _same_project(a: str, b: str) -> bool:
    ca, cb = _core(a), _core(b)
    if not ca or not cb:
        return True
    return _common(ca, cb) >= min(len(ca), len(cb), 4)


@check("NM01", category="name_inconsistency", severity="warning", needs=("sentences",))
def project_name_inconsistent(report: Report, facts: Facts) -> Iterator[Finding]:
    """报告个别段落用了另一个项目名称，疑似从其他项目的报告中复制。

    ## 说明
    项目名称取自标题（“2020年度社区办公项目绩效自评报告”）和自评表的“项目名称”。
    正文中“2020年X项目预算…”“对X项目绩效情况…”“X项目共安排…”这类把 X 当作本项目的说法，
    去掉“经费”“资金”“专项”等通用字后与标题名称没有共同部分的，视为另一个名称。
    正文同时也用本项目名称、且另一个名称只有一个（可出现多次）时才报告，以免把多项目汇总报告里的子项目当成错误。

    ## 为何重要
    名称不一致通常是套用其他项目报告没有改全，相应段落里的数字和结论可能也不属于本项目。

    ## 反例
    ```text
    2020年度社区办公项目绩效自评报告
    2020年社区办公经费项目预算安排11.78万元。
    对补充经费项目绩效情况进行定量、定性分析。
    ```

    ## 正例
    ```text
    2020年度社区办公项目绩效自评报告
    2020年社区办公经费项目预算安排11.78万元。
    对社区办公经费项目绩效情况进行定量、定性分析。
    ```
    """
    refs = [(n.name, n.text.span()) for n in facts.names if n.source == "title"]
    refs += [(f.project.value, f.project.span) for f in facts.forms if f.project is not None]
    if not refs:
        return
    body = [n for n in facts.names if n.source == "body"]
    good = [n for n in body if any(_same_project(n.name, r) for r, _ in refs)]
    bad = [n for n in body if n not in good]
    if not good or not bad or len({_core(n.name) for n in bad}) != 1:
        return
    first = bad[0]
    title = refs[0]
    yield Finding(
        first.text.span(),
        f"本报告的项目是“{report.quote(title[1])}”，此处却称“{report.quote(first.text.span())}”"
        f"（共{len(bad)}处），疑似照搬其他项目的报告，请核对名称及该段内容。",
        expected=report.quote(title[1]),
        actual=report.quote(first.text.span()),
        related=(*(n.text.span() for n in bad[1:]), title[1]),
        message_en="the project is called by another name here",
    )


pfaudit_checks = module_checks(__name__)
