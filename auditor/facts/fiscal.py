"""The fiscal year a report is about: from its title lines, its forms' "（2021年度）" headers, or a form's title.

A project's workbook may carry every stage of its cycle (申报, 立项, 监控, 自评): the
self-evaluation form's year is the report's, and a declaration for another year is another
stage, not a slip. Years stated as the report's own that disagree are kept as conflicts.
"""

from __future__ import annotations

import regex

from auditor.facts.types.prose import FiscalYear
from auditor.report.model import Mapped, Report, Span
from auditor.report.normalize import for_reading

_TITLE_YEAR = regex.compile(r"((?:19|20)\d{2})年度")
_TITLE_LEAD_YEAR = regex.compile(r"^((?:19|20)\d{2})年(?!\d)")
_TITLE_WORDS = regex.compile(r"报告|评价|自评|绩效")
TITLE_PARAGRAPHS = 3
TITLE_CHARS = 60


def fiscal_year(report: Report) -> FiscalYear | None:
    """The report's year from its title lines and the forms' "（2021年度）" headers."""
    stated: list[tuple[int, Span]] = []
    stages: list[str] = []
    for paragraph in report.paragraphs[:TITLE_PARAGRAPHS]:
        text = paragraph.text
        if len(text) > TITLE_CHARS or any(h.span.start < paragraph.span.start for h in report.headings):
            continue
        m = next((m for m in _TITLE_YEAR.finditer(text.text) if not _in_file_name(text.text, m.end())), None)
        if m is None and _TITLE_WORDS.search(text.text):
            m = _TITLE_LEAD_YEAR.search(text.text)
        if m:
            stated.append((int(m[1]), text.span(m.start(), m.end())))
            stages.append(_stage(text.text))
    for table in report.tables:
        for n, row in enumerate(table.rows[:3]):
            for cell in row.cells:
                m = _TITLE_YEAR.search(cell.value)
                if m and len(cell.value) <= TITLE_CHARS:
                    stated.append((int(m[1]), cell.text.span(m.start(), m.end())))
                    # the form's name stands in the cell or in a row above it ("项目支出绩效自评表 / (2019年度)")
                    stages.append(_stage(" ".join(v for r in table.rows[: n + 1] for v in r.values)))
    if not stated:
        return _form_title_year(report)
    # A project's workbook may carry every stage of its cycle: the self-evaluation form's year
    # is the report's, and a declaration or review for another year is another stage, not a slip.
    own = [y for (y, _), stage in zip(stated, stages, strict=True) if stage == "self"]
    year = own[0] if own else stated[0][0]
    sources = tuple(span for y, span in stated if y == year)
    conflicts = tuple(
        (y, span) for (y, span), stage in zip(stated, stages, strict=True) if y != year and not (own and stage == "other")
    )
    return FiscalYear(year, sources, conflicts)


# A form's title with its year, wherever the printing put it: "项目支出绩效自评表(2022年度)" on one
# long line, "2022年度项目支出绩效自评表", "自评表(2021年)" glued into the next cell, "2019年度)".
_FORM_TITLE_YEAR = regex.compile(
    r"(?:自评表|评价表|自评报告)\s*[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]"
    r"|((?:19|20)\d{2})\s*年度\s*\S{0,16}?(?:绩效)?(?:自评表|自评报告|评价报告)"
    r"|^\s*[(（]?\s*((?:19|20)\d{2})\s*年度\s*[)）]\s*$",
    regex.MULTILINE,
)
_FILE_SUFFIX = regex.compile(r"[^\s《》]{0,30}?\.(?:docx?|xlsx?|pdf|wps|et)\b", regex.IGNORECASE)


def _in_file_name(text: str, at: int) -> bool:
    """Whether a year ending at `at` stands in a file's name ("…2022年度自评表.docx"): the name of an
    upload or an attachment, which may be another year's, not the report's title."""
    return _FILE_SUFFIX.match(text, at) is not None
_UNREAD = regex.compile(r"[評價報]|\d +[\d年]|年 +度|[０-９]")  # what for_reading would change in a title
TITLE_SEARCH_CHARS = 4000  # how far into the text a form's title is looked for


def _form_title_year(report: Report) -> FiscalYear | None:
    """The year a form's title states, when no title line or table header gave one."""
    raw = Mapped.of(report.text[:TITLE_SEARCH_CHARS], 0)
    # NOTE: the text as printed first; normalised ("自評表", "2 0 2 1 年度") only when that finds none
    for head in (raw, None):
        if head is None and not _UNREAD.search(raw.text):
            break
        head = head or for_reading(raw)
        # a file name ("《…2022年度…自评表.docx》由会员上传", a sharing site's wrapper) names the
        # upload, which may be another year's; the form's own title follows it
        m = next((m for m in _FORM_TITLE_YEAR.finditer(head.text) if not _in_file_name(head.text, m.end())), None)
        if m is not None:
            group = next(g for g in (1, 2, 3) if m[g])
            return FiscalYear(int(m[group]), (head.span(m.start(group), m.end(group)),))
    return None


_SELF_STAGE = regex.compile(r"自评|评价报告")
_OTHER_STAGE = regex.compile(r"申报|立项|实施方案|评审|审核|监控|目标表|预算表|计划")


def _stage(title: str) -> str:
    """Which stage of a project's cycle a title names: self (evaluation), other, or ""."""
    if _SELF_STAGE.search(title):
        return "self"
    return "other" if _OTHER_STAGE.search(title) else ""


# A year the prose states: "2020年", "2021年度" — not a document number's "〔2017〕", a date's
# "2023年4月17日" (when it was filled in or published) or a year inside brackets.
_PROSE_YEAR = regex.compile(r"(?<![\d〔\[(（])((?:19|20)\d{2})\s*年(度)?(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?![\d)）〕\]])")


def prose_year(report: Report) -> FiscalYear | None:
    """The year the report's prose states most often ("…年度" twice), where no title or form states
    one; a tie says nothing. Shown as inferred and never checked against: it is how the report
    reads, not what it declares (on the field and forms corpora: 26 right, none wrong, 11 none)."""
    counts: dict[int, int] = {}
    spans: dict[int, list[Span]] = {}
    text = Mapped.of(report.text, 0)
    for m in _PROSE_YEAR.finditer(report.text):
        year = int(m[1])
        counts[year] = counts.get(year, 0) + (2 if m[2] else 1)
        spans.setdefault(year, []).append(text.span(m.start(), m.end()))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    year = ranked[0][0]
    return FiscalYear(year, tuple(spans[year]))


# The date a form was filled in: "填报日期:2021.5.18", "填表日期：2021年3月2日"
_FILED = regex.compile(r"(?:填报|填表|报送|自评)日期\s*[:：]?\s*((?:19|20)\d{2})\s*[.．/\-年]\s*(\d{1,2})")
FILED_BY_MONTH = 6  # a self-evaluation filled in by June is about the year before


def filing_year(report: Report) -> FiscalYear | None:
    """The year before a form's filing date in the first half of a year, where nothing else states
    the year: self-evaluations are filled in after their year's accounts close ("填报日期:2021.5.18"
    is about 2020). Shown as inferred and never checked against, as `prose_year`."""
    m = _FILED.search(report.text)
    if m is None or not 1 <= int(m[2]) <= FILED_BY_MONTH:
        return None
    return FiscalYear(int(m[1]) - 1, (Span(m.start(1), m.end(2)),))
