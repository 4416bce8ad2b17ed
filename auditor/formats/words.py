"""The words formats show people, in Chinese and English: headers, severities, categories,
messages and places."""

from __future__ import annotations

import re

from auditor.engine.findings import Finding, Location, Severity

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)  # the order formats list them in

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "file": "文件",
        "location": "位置",
        "code": "代码",
        "name": "名称",
        "category": "类别",
        "severity": "级别",
        "message": "说明",
        "expected": "应为",
        "actual": "实际",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "total": "合计",
        "count": "次数",
        "risk": "风险分",
        "worst": "最严重的发现",
        "not_checked": "未运行的检查",
        "hidden": "基线隐藏",
        "findings": "发现",
        "reports": "报告汇总",
        "title": "绩效自评报告检查结果",
        "clean": "未发现问题",
        "unreadable": "无法读取",
        "related": "相关位置",
        "section": "章节",
        "kinds": "文件类型",
        "held_against": "对照的申报表",
    },
    "en": {
        "file": "file",
        "location": "location",
        "code": "code",
        "name": "name",
        "category": "category",
        "severity": "severity",
        "message": "message",
        "expected": "expected",
        "actual": "actual",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "total": "total",
        "count": "count",
        "risk": "risk",
        "worst": "worst finding",
        "not_checked": "checks not run",
        "hidden": "hidden by baseline",
        "findings": "findings",
        "reports": "reports",
        "title": "Performance self-evaluation audit",
        "clean": "no findings",
        "unreadable": "unreadable",
        "related": "related",
        "section": "section",
        "kinds": "kind of document",
        "held_against": "held against",
    },
}

CATEGORY_LABELS = {
    "arithmetic_total": "合计数",
    "weight_sum": "权重合计",
    "score_exceeds_weight": "得分超分值",
    "execution_rate_mismatch": "执行率",
    "execution_score_mismatch": "执行得分",
    "year_inconsistency": "年度",
    "missing_value": "缺项",
    "placeholder_left": "模板残留",
    "duplicated_text": "重复文字",
    "grade_mismatch": "评价等级",
    "narrative_table_mismatch": "正文与表不符",
    "low_execution_unexplained": "低执行未说明",
    "claim_mismatch": "表述与数据不符",
    "unit_mismatch": "单位",
    "count_mismatch": "数量",
    "unquantified_indicator": "指标未量化",
    "name_inconsistency": "名称不一致",
    "typo": "错别字",
    "structure": "结构",
    "unreadable": "无法读取",
    "target_setting": "目标设置",
    "target_changed": "目标变更",
}


# What must not reach a terminal raw: control characters (ESC starts the sequences that move
# the cursor, erase lines, hide text; CR returns to the line's start) and the bidirectional
# overrides that reorder what is shown. Tab and newline are the formats' own to lay out.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""`text` safe for a terminal: control characters and bidi overrides as ``\x1b``-style escapes.

    >>> printable("预算\x1b[2K数\u202e")
    '预算\\x1b[2K数\\u202e'
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def word(key: str, lang: str) -> str:
    """A fixed word in the run's language."""
    return WORDS.get(lang, WORDS["zh"])[key]


def category_label(category: str, lang: str) -> str:
    """A category as a person reads it: Chinese words, or the identifier with spaces."""
    if lang == "en":
        return category.replace("_", " ")
    return CATEGORY_LABELS.get(category, category)


def severity_label(severity: str, lang: str) -> str:
    """错误/警告/提示, or the English value."""
    return word(severity, lang)


def message(f: Finding, lang: str) -> str:
    """The finding's message in the run's language; English falls back to Chinese."""
    return f.message_en if lang == "en" and f.message_en else f.message


def place(loc: Location | None, lang: str = "zh") -> str:
    """The place in words: ``35:2``, ``表1 第7行 第7列``, ``第5页``, ``Sheet!A1``, or both."""
    if loc is None:
        return ""
    line = f"{loc.line}:{loc.column}" if loc.line is not None else ""
    return " ".join(p for p in (line, anchor(loc, lang)) if p)


def place_in_words(loc: Location | None, lang: str = "zh") -> str:
    """The place for a page that shows no line numbers: the anchor, else ``第35行第2列``.

    ``35:2`` suits a terminal and an editor; people reading a report on a page want words.
    """
    if loc is None:
        return ""
    where = anchor(loc, lang)
    if where or loc.line is None:
        return where
    if lang == "en":
        return f"line {loc.line}" + (f", column {loc.column}" if loc.column is not None else "")
    return f"第{loc.line}行" + (f"第{loc.column}列" if loc.column is not None else "")


def anchor(loc: Location | None, lang: str = "zh") -> str:
    """The anchor alone (table cell, page, sheet, paragraph), in the run's language."""
    return "" if loc is None else loc.anchor(lang)
