"""Facts the body text states: sentences, figures, years, narrative, labelled fields, blemishes, grades.

Every fact carries the span it was read from. Checks compare facts; they never re-read text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.report.model import Mapped, Span
from auditor.report.numbers import Quantity


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of prose or of a text cell, for the text-consistency checks."""

    text: Mapped
    block: int  # index of the paragraph or cell it belongs to, among all text blocks
    in_table: int | None = None  # the table index when the sentence stands in a cell
    row: int | None = None  # the row index within that table

    @property
    def span(self) -> Span:
        """The sentence's span in the original text."""
        return self.text.span()


@dataclass(frozen=True, slots=True)
class ProseFigure:
    """An amount or rate in prose, with the label it is stated under."""

    quantity: Quantity
    label: str  # amounts: budget / received / spent; rates: execution / other
    paragraph: int  # index into the report's prose paragraphs
    sentence: int  # index of the sentence within its paragraph
    basis: str = ""  # budget amounts: initial (年初), adjusted (调整后), carryover (结转) or ""
    # project: about this project as a whole; part: a 其中 share; other: city-wide, per-unit,
    # planned or differential figures ("市财政每年安排", "比上年增加") that no table restates
    scope: str = "project"
    subject: str = ""  # rates: the measure printed right before the figure ("满意度", "合格率")


@dataclass(frozen=True, slots=True)
class YearMention:
    """A year printed in the body ("2020年"), classified by the words around it."""

    year: int
    span: Span
    context: str  # funding, cutoff (截至…年12月31日), date, reference, comparison, range, carryover, plan, other
    clause: Mapped
    sentence: Span | None = None  # the sentence it stands in


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """The year the report is about, with every place that states it."""

    year: int
    sources: tuple[Span, ...]
    conflicts: tuple[tuple[int, Span], ...] = ()  # other years stated as the report's year


@dataclass(frozen=True, slots=True)
class Execution:
    """A budget and the spending against it, stated together in one prose paragraph."""

    budget: ProseFigure
    spent: ProseFigure
    rate: Decimal  # spent / budget in percent
    paragraph: int
    section: tuple[str, ...] = ()  # the headings above the paragraph (names the sub-project)
    stated: ProseFigure | None = None  # the 执行率 the paragraph prints, if any


@dataclass(frozen=True, slots=True)
class ExecutionRate:
    """An execution rate the report prints, or its budget and spending give."""

    percent: Decimal
    span: Span  # the printed rate, or the spending it comes from
    printed: bool  # the report prints the rate itself, not only the amounts
    source: str  # "form" (a fund table's total row) or "prose"
    concluded: bool  # the report goes on to another numbered section after it (not cut off here)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence saying the targets were met ("目标均已基本完成")."""

    text: Mapped  # the claim words
    paragraph: int
    kind: str  # "full" (均已完成, 圆满完成) or "basic" (基本完成)


@dataclass(frozen=True, slots=True)
class Listing:
    """A count stated in prose with the items listed beside it ("分为4个等级：…；…")."""

    count: int
    noun: str
    span: Span  # the count as printed ("4个等级")
    items: tuple[Span, ...]
    low: int  # the fewest items the list can be read as (a 和 may join two items or not)
    high: int
    complete: bool = True  # False for a list that ends in 等
    breakdown: bool = False  # items carry their own counts ("产出指标5个、效益指标2个"): low/high is their sum
    counted: int = 0  # items stated as a number before the list ("其中3个…，其余…"), included in low/high
    parted: bool = False  # a total and the two counts that make it up ("年初8个 + 新增8个 = 共16个")


@dataclass(frozen=True, slots=True)
class PartsSum:
    """A total and its parts in prose: "共计50万元，其中：A 30万元、B 20万元", or parts closed by "共计…"."""

    total: ProseFigure
    parts: tuple[ProseFigure, ...]
    closed: bool = True  # False when the list ends in 等: the parts may leave some out
    shape: str = "breakdown"  # breakdown (total, then 其中/为 and the parts) or closing (parts, then 共计)


@dataclass(frozen=True, slots=True)
class Tally:
    """Head counts listed item by item in prose ("参加人员100余人；120余人参加；…")."""

    intro: Mapped  # the clause introducing the list ("组织社治干部观摩、培训4场次")
    figures: tuple[Quantity, ...]
    unit: str
    total: Decimal
    lower_bound: bool  # some figure reads "100余人": the total is a lower bound


@dataclass(frozen=True, slots=True)
class Costing:
    """A head count and a per-head standard one report states ("慰问对象120人" … "标准300元/人")."""

    count: Quantity  # "120人"
    standard: Quantity  # "300元/人" as 300 元; one printed with no unit ("300/人") is read in 元
    per: str  # the head both name: 人, 户, 名…

    @property
    def total(self) -> Decimal:
        """What the count at the standard comes to, in 元."""
        return self.count.value * self.standard.in_yuan()


@dataclass(frozen=True, slots=True)
class Entry:
    """A labelled piece of content: a 存在问题 section, a form's 主要问题 cell, a yes/no cell."""

    label: Span
    kind: str  # problems, recurring (是否为经常性项目), previous_rate (上年预算完成率)
    text: Mapped | None  # the content; None when nothing stands under the label
    empty: bool  # blank, or only "无", "暂无", "/"


@dataclass(frozen=True, slots=True)
class Threshold:
    """An execution-rate threshold the report itself states ("执行率低于70%…请说明原因")."""

    percent: Decimal
    span: Span


@dataclass(frozen=True, slots=True)
class NameMention:
    """A project name as printed: in the title, the form's 项目名称, or the body."""

    name: str  # the name without year, unit prefix and 项目
    text: Mapped
    source: str  # title, form or body


@dataclass(frozen=True, slots=True)
class Numbered:
    """A heading or a paragraph that opens with outline numbering (一、 （二） 3. （4））."""

    kind: str  # cn, cn-paren, arabic, arabic-paren
    number: int
    span: Span  # the marker
    heading: bool  # False for a numbered paragraph of running text
    parent: int  # index of the enclosing heading in `Facts.numbered`, -1 at top level
    text: Mapped


@dataclass(frozen=True, slots=True)
class Blemish:
    """A blemish in the text worth a look: template residue, a doubled character, a garble, an odd unit."""

    # instruction, note_instruction, doubled, year_du, year_placeholder, short_year, pair, unit_char,
    # band_overlap, odd_unit
    kind: str
    text: Mapped
    suggestion: str = ""  # what was probably meant
    related: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class GradeBand:
    """One grade band: a label and the lowest total score (inclusive) that earns it."""

    label: str
    lower: Decimal


@dataclass(frozen=True, slots=True)
class GradeScale:
    """Grade bands a report states for itself ("得分≥85分为优秀；75≤得分＜85分为良好…"), best first."""

    bands: tuple[GradeBand, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class StatedGrade:
    """A grade the report gives itself in prose (等级为“优秀”, 结果为优); forms have `Form.grade`."""

    label: str
    span: Span
    score: Quantity | None = None  # a total score stated in the same sentence


@dataclass(frozen=True, slots=True)
class Grading:
    """What the report says about its own total score and grade."""

    scales: tuple[GradeScale, ...] = ()
    grades: tuple[StatedGrade, ...] = ()
    scores: tuple[Quantity, ...] = ()  # total scores stated in prose ("最终得分96分")


@dataclass(frozen=True, slots=True)
class WeightStatement:
    """Level-1 weights listed in one sentence ("产出指标50%、效益指标30%、满意度指标10%")."""

    items: tuple[tuple[str, Quantity], ...]  # label as printed, weight
    span: Span
    total: Decimal


@dataclass(frozen=True, slots=True)
class TargetAsResult:
    """A result written as a target range ("群众满意度≥95%") where the report says what was achieved."""

    text: Mapped
    subject: str  # what is measured ("项目沿线群众满意度")
    satisfaction: bool  # a satisfaction survey, which has a measured result


@dataclass(frozen=True, slots=True)
class SilentSection:
    """A section on the fund's execution whose text gives neither an amount nor a rate."""

    heading: Span
    body: Span


@dataclass(frozen=True, slots=True)
class BlankColumn:
    """A result column (实际完成值, 得分) left blank in every row of a flattened indicator table."""

    role: str  # actual or score
    header: Span  # the column's label
    span: Span  # where to point: the first row, or the empty 总分 row
    rows: int


@dataclass(frozen=True, slots=True)
class GoalGap:
    """A 年度总体目标 block left unfilled: no text in it at all (`texts` 0: figures or nothing
    where the targets belong), or a single text where two columns are printed (`texts` 1: the
    实际完成情况 looks empty, unless the form merged the two cells)."""

    span: Span  # the one text, or the 实际完成情况 header word
    texts: int
    shown: str  # what the block holds instead, as printed ("287 171"), for the message


@dataclass(frozen=True, slots=True)
class GoalCopy:
    """A 年度总体目标 block whose 实际完成情况 repeats the 预期目标 word for word."""

    expected: Span
    actual: Span
    chars: int  # characters the two texts share
