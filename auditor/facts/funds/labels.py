"""The row labels of a fund block: its total (年度资金总额, 资金总额 …) and the parts under it
(其中：当年财政拨款, 上年结转资金, 其他资金 …), as `auditor.facts.decode.fund` tells them apart."""

import regex

_ROW_TOTAL = r"(?:年度(?:财政)?资金总额|资金总额|年度资金|资金合计|^总额|^合计|^总计)(?:合计|总计)?"
_ROW_PART = (
    r"其中|财政拨款|当年财政|本年财政|财政资金|一般公共预算|上年结转|结转(?:结余)?资金|其他资金|单位资金|自有资金"
    r"|自筹资金|专户|中央(?:财政)?(?:资金|补助)|地方(?:财政)?资金|省级(?:财政)?资金|市级(?:财政)?资金|县级(?:财政)?资金"
    r"|基本支出|项目支出|社会资本|^其他$"
)


_OPENS = regex.compile(rf"^(?:{_ROW_TOTAL}|{_ROW_PART})")


def opens_row(text: str) -> bool:
    """Whether the text starts with a row label ("其他资金", "上年结转资金"), and so opens a row: no tail of the label above."""
    return _OPENS.match(text) is not None
