"""Structure checks: template residue left in the form."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import DOCUMENTS, Facts, Finding, Report, Severity, check, module_checks

_CN = "一二三四五六七八九十"
_TERMINAL = "。；;:：，,！？!?"
LOST_HEADING_CHARS = 20


@check("ST01", category="placeholder_left", severity="info", needs=("indicators",))
def placeholder_row(report: Report, facts: Facts) -> Iterator[Finding]:
    """自评表中留有未填写的模板占位行（“指标2：”“……”）。

    ## 说明
    整行除了“指标N：”或“……”之外都空着的行，是模板预留、未使用也未删除的行。
    每张表报告一次，指向第一行，其余行作为相关位置列出。有分值的占位行不在此列，
    由 IN19 作为有分值的占位行报告。

    ## 为何重要
    占位行说明表格是照模板原样提交的，复核人需要确认是否漏填了指标（模板残留，E8）。

    ## 反例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | 10 | 10 |
    | | | 指标2： | | |
    | | | …… | | |
    ```

    ## 正例
    ```text
    | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人数 | 10 | 10 |
    | | | 培训场次 | 5 | 5 |
    ```
    """
    for form in facts.forms:
        rows = [i for i in form.indicators if i.placeholder]
        if not rows:
            continue
        names = "”“".join(dict.fromkeys(report.quote(i.cells["name"].span) for i in rows))
        yield Finding(
            rows[0].cells["name"].span,
            f"表中有{len(rows)}行未填写的模板占位行（“{names}”），应删除或补填指标。",
            actual=str(len(rows)),
            related=tuple(i.cells["name"].span for i in rows[1:]),
            message_en=f"{len(rows)} empty template rows left in the table",
        )


@check("ST02", category="placeholder_left", severity="warning", needs=("sentences",), documents=DOCUMENTS)
def template_instruction(report: Report, facts: Facts) -> Iterator[Finding]:
    """模板的填写说明留在了正文或表格内容中（“（200字以内）”“请说明原因”“默认显示”）。

    ## 说明
    识别字数限制（“（200字以内）”“（限100字）”）、填写指令（“请说明”“请填写”“请简要描述”）
    和系统提示标记（“默认显示”“提示信息”“此处填写”）。出现在内容位置（段落、表格的内容单元格）为警告；
    出现在“说明：”“备注”等注释行中为提示：注释行本身可以保留，但带“默认显示”“请说明”的提示语说明该处应填写的
    说明并未填写。同一段落或单元格只报告一次。

    ## 为何重要
    模板指令留在报告里，说明相应内容没有按要求填写（模板残留，E8）。

    ## 反例
    ```text
    五、存在的问题
    对照年度目标，说明存在的主要问题（200字以内）。
    ```

    ## 正例
    ```text
    五、存在的问题
    部分已开展项目的台账资料未及时整理，宣传活动较少。
    ```
    """
    for w in facts.blemishes:
        if w.kind not in ("instruction", "note_instruction"):
            continue
        span = w.text.span()
        note = w.kind == "note_instruction"
        where = "注释行中保留了模板提示语" if note else "此处是模板的填写说明，不是报告内容"
        yield Finding(
            span,
            f"{where}（“{report.quote(span, 40)}”），应按要求填写实际内容并删去提示文字。",
            actual=report.quote(span),
            related=w.related,
            severity=Severity.INFO if note else Severity.WARNING,
            message_en="template instruction text left in the report",
        )


@check("ST04", category="placeholder_left", severity="warning", needs=("sentences",), documents=DOCUMENTS)
def year_placeholder(report: Report, facts: Facts) -> Iterator[Finding]:
    """年份还是模板的占位符（“20xx年度”“〔20XX〕”“xx年度”），没有填写具体年度。

    ## 说明
    报告于第一处，并写明全文共有几处。转载网站隐去内容用的“**”“****”不是占位符，不报告。

    ## 为何重要
    年度是绩效自评的基本要素：年份未填，无法判断评价的是哪一预算年度，资金和目标也无从对应（模板残留，E8）。

    ## 反例
    ```text
    现就本镇20xx年度衔接资金项目绩效自评情况报告如下。
    ```

    ## 正例
    ```text
    现就本镇2022年度衔接资金项目绩效自评情况报告如下。**镇财政所负责资金拨付。
    ```
    """
    found = sorted((w.text.span() for w in facts.blemishes if w.kind == "year_placeholder"), key=lambda s: s.start)
    if not found:
        return
    more = f"，全文共{len(found)}处" if len(found) > 1 else ""
    yield Finding(
        found[0],
        f"年份写作“{report.quote(found[0])}”，是模板占位符，应填写具体年度{more}。",
        expected="具体年度，如2022",
        actual=report.quote(found[0]),
        related=tuple(found[1:]),
        message_en=f"the year is still a template placeholder ({len(found)} place(s))",
    )


@check("ST05", category="placeholder_left", severity="warning", needs=("sentences",), documents=DOCUMENTS)
def fill_in_left(report: Report, facts: Facts) -> Iterator[Finding]:
    """单位名称、日期或数字还是模板的占位符（“XX镇”“××万元”“X月X日”），没有填写。

    ## 说明
    两个以上的 X、x 或 × 紧接着单位或地名的后缀（省、市、县、镇、村、街道、社区、局、中心、项目……）或
    金额、百分比、计数单位，以及“X月X日”，是模板里留给填写的位置。每种写法报告第一处，并写明全文共有几处。
    年份的占位符（“20xx年度”）由 ST04 报告；转载网站隐去内容用的“**”“****”不是占位符，不报告。

    ## 为何重要
    留着占位符说明报告是套用模板后没有填完，相关的单位、日期或金额无从核对（模板残留，E8）。

    ## 反例
    ```text
    XX镇人民政府社区服务项目资金××万元已于X月X日全部拨付到位。
    ```

    ## 正例
    ```text
    青屏镇人民政府社区服务项目资金36万元已于3月15日全部拨付到位。**镇财政所负责资金拨付。
    ```
    """
    places: dict[str, list] = {}
    for b in facts.blemishes:
        if b.kind == "fill_in":
            places.setdefault(report.quote(b.text.span()), []).append(b.text.span())
    for word, spans in places.items():
        spans.sort(key=lambda s: s.start)
        more = f"，全文共{len(spans)}处" if len(spans) > 1 else ""
        yield Finding(
            spans[0],
            f"“{word}”是模板的占位符，应填写实际内容{more}。",
            expected="实际的名称、日期或数字",
            actual=word,
            related=tuple(spans[1:]),
            message_en=f"a template placeholder was left unfilled ({len(spans)} place(s))",
        )


def _marker(kind: str, number: int) -> str:
    cn = _CN[number - 1] if 0 < number <= 10 else ("十" + _CN[number - 11] if 10 < number < 20 else str(number))
    return {"cn": f"{cn}、", "cn-paren": f"（{cn}）", "arabic": f"{number}.", "arabic-paren": f"（{number}）"}.get(kind, str(number))


@check("ST03", category="structure", severity="info", needs=("sentences",))
def numbering_gap(report: Report, facts: Facts) -> Iterator[Finding]:
    """标题编号跳号、重号，或同级第一个编号不是“一”（“三、”下从“（二）”开始）。

    ## 说明
    在同一上级标题下按编号体系（一、/（一）/1./（1））分别核对；最高一级标题不要求从“一、”开始
    （摘录常从中间开始），但中间跳号照样报告。编号的正文段落（“（1）……。”）
    可以补上标题序列中缺的号，但不参与重号判断。同级第一个标题从（二）开始时，
    若上级标题与它之间有一行像标题的短句（如“预算执行情况”），一并指出它可能丢了编号。

    ## 为何重要
    编号跳漏说明有内容被删除或标题丢失，读者难以判断报告是否完整。

    ## 反例
    ```text
    三、项目执行及绩效实现情况
    预算执行情况
    项目实际使用资金11.78万元，预算执行率为100%。
    （二）项目产出
    （三）项目效益
    ```

    ## 正例
    ```text
    三、项目执行及绩效实现情况
    （一）预算执行情况
    项目实际使用资金11.78万元，预算执行率为100%。
    （二）项目产出
    （三）项目效益
    ```
    """
    items = facts.numbered
    groups: dict[tuple[int, str], list[int]] = {}
    for n, item in enumerate(items):
        groups.setdefault((item.parent, item.kind), []).append(n)
    for (parent, kind), members in groups.items():
        previous, previous_at = 0, items[parent].span.end if parent >= 0 else 0
        for n in members:
            item = items[n]
            if not item.heading:
                continue
            if item.number == previous:
                yield Finding(
                    item.span,
                    f"标题编号“{_marker(kind, item.number)}”与上一个同级标题重复，其后编号应顺延。",
                    expected=_marker(kind, previous + 1),
                    actual=_marker(kind, item.number),
                    message_en="a heading number repeats",
                )
            elif item.number > previous + 1 and (previous or parent >= 0):
                # NOTE: an excerpt may start anywhere, so only a sub-heading must start at one.
                between = {
                    items[m].number for m in members
                    if not items[m].heading and previous_at <= items[m].span.start < item.span.start
                }  # fmt: skip
                missing = [k for k in range(previous + 1, item.number) if k not in between]
                if missing:
                    yield _gap(report, facts, kind, item, missing, previous_at, previous == 0)
            previous, previous_at = item.number, item.span.end


def _gap(report: Report, facts: Facts, kind: str, item, missing: list[int], after: int, first: bool) -> Finding:
    lost = [
        p for p in report.paragraphs
        if after <= p.span.start < item.span.start and len(p.text) <= LOST_HEADING_CHARS and p.text.text[-1:] not in _TERMINAL
    ]  # fmt: skip
    names = "、".join(f"“{_marker(kind, k)}”" for k in missing)
    if first:
        what = f"同级第一个标题是“{_marker(kind, item.number)}”，缺少{names}"
    else:
        what = f"标题编号从前一个跳到“{_marker(kind, item.number)}”，缺少{names}"
    hint = f"；“{report.quote(lost[0].span)}”可能是丢了编号的标题" if lost else ""
    return Finding(
        item.span,
        f"{what}{hint}。",
        expected=_marker(kind, missing[0]),
        actual=_marker(kind, item.number),
        related=tuple(p.span for p in lost[:1]),
        message_en=f"heading numbering skips {len(missing)} number(s)",
    )


pfaudit_checks = module_checks(__name__)
