"""The row labels of a fund block: its total (年度资金总额, 资金总额 …) and the parts under it
(其中：当年财政拨款, 上年结转资金, 其他资金 …), as `auditor.facts.decode.fund` tells them apart."""

import regex

_ROW_TOTAL = r"(?:年度(?:财政)?资金总额|资金总额|年度资金|年度总金额|资金合计|^总额|^合计|^总计)(?:合计|总计)?"
_ROW_PART = (
    r"其中|财政拨款|当年财政|本年财政|财政资金|一般公共预算|上年结转|结转(?:结余)?资金|其他资金|单位资金|自有资金"
    r"|自筹资金|专户|中央(?:财政)?(?:资金|补助)|地方(?:财政)?资金|省级(?:财政)?资金|市级(?:财政)?资金|县级(?:财政)?资金"
    r"|基本支出|项目支出|社会资本|^其他$"
)


# Words that close the fund block: the goal block, the indicator table, the form's notes.
END = regex.compile(
    r"^(?:年度(?:总体)?目标|年度\s*总\s*体\s*目标|总体目标|预期目标|实际完成情况|绩效指标|一级指标|年度绩效目标|年度绩效指标|"
    r"项目年度目标|当年绩效目标|年初绩效目标|年度总体目标完成情况|项目基本情况|评价结论|存在问题|年度总|项目实施内容)"
)


def closes_block(text: str) -> bool:
    """Whether the text is one of the words that end a fund block (the goal block, the indicator table)."""
    return END.match(text) is not None


_OPENS = regex.compile(rf"^(?:{_ROW_TOTAL}|{_ROW_PART})")


def opens_row(text: str) -> bool:
    """Whether the text starts with a row label ("其他资金", "上年结转资金"), and so opens a row: no tail of the label above."""
    return _OPENS.match(text) is not None


# how a whole row label ends ("年度财政资金总额", "其中:当年财政拨款"): one cut short by a wrap does not
_WHOLE = regex.compile(r"(?:总额|金额|资金|拨款|合计|总计|支出|补助|收入)\s*[:：]?$")


def whole_label(text: str) -> bool:
    """Whether the text ends as a whole row label does, and so goes on in no line below."""
    return _WHOLE.search(text) is not None


_WORDS = regex.compile(rf"{_ROW_TOTAL.replace('^', '')}|{_ROW_PART.replace('^', '')}")


def runs_on(head: str, tail: str) -> bool:
    """Whether a label word runs on from the end of one line into the next ("其中:当年" / "财政拨款")."""
    text, cut = head + tail, len(head)
    return any(m.start() < cut < m.end() for m in _WORDS.finditer(text, overlapped=True))
