"""Labelled fields: the 存在问题 section or cell, 是否为经常性项目, 上年预算完成率, the fund block's
原因 column, and the execution-rate threshold a report or its form states for itself.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from auditor.facts.cells import value_after
from auditor.facts.prose import split_sentences, texts
from auditor.facts.types.prose import Entry, Threshold
from auditor.report.model import Heading, Mapped, Paragraph, Report, Span, Table

_PROBLEM_HEADING = regex.compile(r"(?:存在|发现)的?(?:主要)?问题|主要问题|问题及(?:原因|不足)|不足之处")
_PROBLEM_LABEL = regex.compile(r"^(?:存在的?主要问题|存在的?问题|主要问题|发现的主要问题|问题及原因)[:：]?$")
_PROBLEM_INLINE = regex.compile(r"^(?:存在的?(?:主要)?问题|主要问题)[:：]")
_EMPTY = regex.compile(r"^(?:无|暂无|没有|无问题|暂无问题|无明显问题|/|／|-|—|无。|暂无。)?$")
_RECURRING_LABEL = regex.compile(r"^是否(?:为|属于)?经常性项目")
_PREVIOUS_LABEL = regex.compile(r"^上年(?:预算)?(?:完成率|执行率)")
_RECURRING_CLAIM = regex.compile(r"(?<!非|不是|不属于|不|是否|否)(?:为|是|属于)经常性项目")
_THRESHOLD = regex.compile(
    r"执行率\s*(?:低于|未达到|未达|不足|小于|<)\s*(?P<num>\d+(?:\.\d+)?)\s*%[^。]{0,40}?(?:说明|原因)"
)
_REASON_HEADER = regex.compile(r"^(?:原因|偏差原因|执行偏差原因|未完成原因|偏差原因分析)")
_FUND_ROW = regex.compile(r"总额|财政|资金|合计")
_FUND_HEADER = regex.compile(r"年初预算|全年预算|调整后预算|预算数|执行数|支出数")
_AMOUNT = regex.compile(r"^\d[\d,]*(?:\.\d+)?$")
_YES_NO = regex.compile(r"^(?:是|否|√|×|✓|Y|N|是的|不是)$")


# A sentence that explains why money was (not) spent as planned: a cause or a delay, and a
# funding word. A bare label ("偏差原因分析", "未完成原因分析") explains nothing.
_CAUSE = regex.compile(
    r"由于|因为|(?<!原)因(?![此而素子])|受[^。;]{0,25}?(?:影响|制约|限制)|原因(?:是|为|在于|主要|有|:)|主要原因|导致|致使|造成|以致|鉴于"
    r"|滞后|延迟|推迟|延期|延误|偏慢|偏晚|较慢|缓慢|不及时|未及时|尚未|未能|暂未|未到位|未拨付|未支付|未使用|未发生"
    r"|下达(?:较|偏)?晚|进度慢|未付|节约|低于预算|顺延|延至|跨年"
)
_FUNDING_WORD = regex.compile(r"资金|支出|执行|拨付|支付|付款|使用|预算|经费|款项|资金量")
_LABEL_ONLY = regex.compile(r"^[^。;,，]{0,12}(?:原因分析|原因|改进措施)[^。;,，]{0,8}$")


def reasons(report: Report) -> list[Span]:
    """Sentences (in prose or cells) that give a cause for how the funds were (not) used."""
    out: list[Span] = []
    for text in texts(report):
        if not _CAUSE.search(text.text) or _LABEL_ONLY.match(text.text.strip()):
            continue
        for sentence in split_sentences(text):
            s = sentence.text
            if _CAUSE.search(s) and _FUNDING_WORD.search(s):
                out.append(sentence.span())
    return out


def _is_empty(text: str) -> bool:
    return bool(_EMPTY.match(regex.sub(r"\s+", "", text)))


def entries(report: Report) -> list[Entry]:
    """The 存在问题 section and form cells, 是否为经常性项目, 上年预算完成率, and recurring claims."""
    out: list[Entry] = []
    headings = report.headings
    paragraphs = report.paragraphs
    for n, h in enumerate(headings):
        title = h.text.text
        if not _PROBLEM_HEADING.search(title) or title.lstrip("（(一二三四五六七八九十0123456789)）、. ").startswith("针对"):
            continue
        end = next((x.span.start for x in headings[n + 1 :] if x.level <= h.level), len(report.text) + 1)
        body = [p for p in paragraphs if h.span.end <= p.span.start < end]
        if not body:
            nested = [x for x in headings[n + 1 :] if x.span.start < end]
            if nested:
                continue  # the content sits under sub-headings, each checked on its own
            out.append(Entry(h.span, "problems", None, True))
            continue
        joined = Mapped.join(p.text for p in body)
        out.append(Entry(h.span, "problems", joined, _is_empty(joined.text)))
    for paragraph in paragraphs:
        m = _PROBLEM_INLINE.match(paragraph.text.text)
        if m:
            content = paragraph.text[m.end() :]
            out.append(Entry(paragraph.text.span(0, m.end()), "problems", content, _is_empty(content.text)))
    for table in report.tables:
        for row in table.rows:
            for n, cell in enumerate(row.cells):
                label = cell.value
                kind = (
                    "problems" if _PROBLEM_LABEL.match(label)
                    else "recurring" if _RECURRING_LABEL.match(label)
                    else "previous_rate" if _PREVIOUS_LABEL.match(label)
                    else ""
                )  # fmt: skip
                if not kind:
                    continue
                value = value_after(row, n)
                if kind == "recurring" and value is not None and not _YES_NO.match(value.value):
                    value = None  # the next filled cell is another label, not the answer
                text = value.text if value is not None else None
                out.append(Entry(cell.span, kind, text, text is None or _is_empty(text.text)))
    out.extend(_reason_column(report))
    for block in texts(report):
        m = _RECURRING_CLAIM.search(block.text)
        if m:
            out.append(Entry(block.span(m.start(), m.end()), "recurring_claim", block[m.start() : m.end()], False))
    return out


def _reason_column(report: Report) -> list[Entry]:
    """The 原因 column of a fund block (四川: 预算执行率 | 权重 | 得分 | 原因), one entry per row."""
    out: list[Entry] = []
    for table in report.tables:
        column = header = None
        for row in table.rows:
            if column is None:
                values = row.values
                if any("执行率" in v for v in values):
                    column = next((c.column for c in row.cells if _REASON_HEADER.match(c.value)), None)
                    header = row.cells[column] if column is not None else None
                continue
            if len(row.cells) <= column or header is None or not _FUND_ROW.search("".join(row.values[:column])):
                if out:
                    break
                continue
            cell = row.cells[column]
            out.append(Entry(header.span, "exec_reason", cell.text if cell.value else None, _is_empty(cell.value)))
    return out


def thresholds(report: Report) -> list[Threshold]:
    """Execution-rate thresholds the report or its form states ("执行率低于70%…请说明原因")."""
    out: list[Threshold] = []
    for text in texts(report):
        for m in _THRESHOLD.finditer(text.text):
            out.append(Threshold(Decimal(m["num"]), text.span(m.start("num"), m.end("num") + 1)))
    return out


UNIT_ABOVE_BLOCKS = 2  # blocks just above a fund table that may state its unit
UNIT_LINE_CHARS = 40  # a title or "单位：万元" line; a longer paragraph's 万元 is the prose's own


def unitless_fund_headers(report: Report) -> list[Entry]:
    """Fund-block headers (年初预算 | 全年预算数 | 全年执行数) with no 元 or 万元 anywhere above or in them."""
    out: list[Entry] = []
    for n, table in enumerate(report.blocks):
        if not isinstance(table, Table):
            continue
        # "单位：万元" or "资金投入情况（万元）" printed on the lines just above the table counts too
        near = report.blocks[max(0, n - UNIT_ABOVE_BLOCKS) : n]
        before = [b.text.text for b in near if isinstance(b, Paragraph | Heading) and len(b.text.text) <= UNIT_LINE_CHARS]
        before += [c.value for b in near if isinstance(b, Table) for c in b.rows[-1].cells]
        for row in table.rows:
            labels = [c for c in row.cells if _FUND_HEADER.search(c.value)]
            if len(labels) < 2:
                continue
            above = [*before, *(c.value for r in table.rows[: row.index + 1] for c in r.cells)]
            rows_below = table.rows[row.index + 1 : row.index + 3]
            numbers = [c.value for r in rows_below for c in r.cells if _AMOUNT.match(c.value)]
            if numbers and not any("元" in v for v in above) and not any("元" in v for v in numbers):
                out.append(Entry(labels[0].span, "fund_unit_missing", None, True))
            break
    return out
