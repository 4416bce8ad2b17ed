"""Prose facts: sentences, labelled amounts and rates, years in the body, the fiscal year."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from auditor.facts.numbering import outline_number
from auditor.facts.types.prose import ProseFigure, Sentence, YearMention
from auditor.report.model import Mapped, Report, Span
from auditor.report.numbers import amounts, rates

_SENTENCE_END = regex.compile(r"[。!?;]+|(?<=[)）])\s*(?=\()")
_CLAUSE_BREAK = "，,。;:!?、"
# The label of an amount is the keyword nearest before it in its clause.
_AMOUNT_LABELS = regex.compile(
    r"(?P<budget>预算|安排|批复|下达|核定|计划投资|额度)|(?P<received>到位|拨付|下拨|收到)"
    r"|(?P<spent>支出|支付|使用|执行|花费|开支|完成投资|决算|实际拨付)"
)
_EXEC_RATE = regex.compile(
    r"(?:(?:预算|资金|支出|财政)[^,;。:]{0,6}(?:执行|完成)率|执行率|(?:资金|预算)执行(?:进度)?|支出进度"
    r"|(?:资金|预算|经费)?(?:支付|使用)率)"
    r"(?:为|是|达到|达|了|:)*$"
)
# What a sentence says is left unspent right after an amount ("尚有703万元未支付"): the paid and
# the unpaid make the budget a payment rate divides by.
_UNSPENT = regex.compile(r"\s*(?:尚|仍)?未(?:支付|拨付|使用|支出|结算)")
# 到位率 compares the money that arrived with the budget, not the spending.
_RECEIVED_RATE = regex.compile(r"(?:资金|预算|经费)?到位率(?:为|是|达到|达|了|:)*$")
# The items of a list of rates ("…资金执行99.97%;甲项目99.89%,乙项目95.6%") take the first one's label.
_LIST_ITEM = regex.compile(r"^[,，;；、]\s*[^,，;；、。:：%]{2,30}$")
_BASIS = (
    ("carryover", regex.compile(r"结转|结余")),
    ("initial", regex.compile(r"年初")),
    ("adjusted", regex.compile(r"调整后|调整为|追加后|调减后|全年预算")),
)
# A figure that no form restates: another body's money, a per-unit rate, a plan, a difference.
_OTHER_SCOPE = regex.compile(
    r"每年|每月|每季|每人|每户|每个|每场|每次|人均|户均|标准为|按照?每|全市|全省|全国|全区|全县|市财政|省财政|中央财政"
    r"|总投资|计划投资|概算|总预算|部门预算|单位预算|部门整体"
    r"|增加|减少|增长|下降|节约|节省|结余|剩余|余额|差额|缺口|尚未|未拨付|未支出|未使用|超支|累计|以前年度|上年|下年|明年|拟"
)
_PART = regex.compile(r"其中")
# A rate that is a rule, a target or another year's, not this year's result.
_RATE_OTHER = regex.compile(r"上年|去年|上一年|以前|同比|低于|高于|不低于|不高于|不足|未达到|目标|要求|计划|标准|预期|≥|≤|>|<")
_RATE_BOUND = regex.compile(r"(?:以上|以下|以内|及以上|及以下|的|为标准)")
_RATE_SUBJECT = regex.compile(r"(\p{Han}{1,8}?(?:率|度))(?:为|是|达到|达|约|:|仅为|仅|已达|达到了)*$")
_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})年(度)?")
# NOTE: a clause runs to the next clause break, but never more than this: a line of thousands of
# years without a break made every year look through the whole line (quadratic).
MAX_CLAUSE = 400
_CLAUSE_BREAK_RE = regex.compile(f"[{regex.escape(_CLAUSE_BREAK)}]")
_FUNDING = regex.compile(r"预算|经费|资金|拨款|支出|支付|到位|安排|拨付")
_CARRYOVER = regex.compile(r"结转|结余|以前年度|上年|历年|累计|前期|往年|上一年")
_COMPARISON_BEFORE = regex.compile(r"(比|较|与|同比|相比|对比|自|从)$")
_PLAN = regex.compile(r"建议|计划|拟|下一年|下年|明年|将|预计|争取")


def split_sentences(text: Mapped) -> Iterator[Mapped]:
    """Split reading text at 。！？； keeping the terminator with its sentence."""
    s = text.text
    start = 0
    for m in _SENTENCE_END.finditer(s):
        # NOTE: the plain string is tested first; only a sentence kept is sliced as a `Mapped`.
        if s[start : m.end()].strip():
            yield text[start : m.end()]
        start = m.end()
    if start < len(s) and s[start:].strip():
        yield text[start:]


def texts(report: Report) -> Iterator[Mapped]:
    """The reading text of every paragraph, then of every filled cell."""
    for paragraph in report.paragraphs:
        yield paragraph.text
    for _, _, cell in report.cells():
        if cell.value:
            yield cell.text


def sentences(report: Report) -> list[Sentence]:
    """Sentences of every paragraph and every text cell, each tagged with its block."""
    out: list[Sentence] = []
    block = 0
    for paragraph in report.paragraphs:
        out.extend(Sentence(s, block) for s in split_sentences(paragraph.text))
        block += 1
    seen: set[Span] = set()
    for table, row, cell in report.cells():
        # A vertically merged cell is one printed cell shared by every row it spans.
        if len(cell.value) >= 8 and cell.span not in seen:
            seen.add(cell.span)
            out.extend(Sentence(s, block, table.index, row.index) for s in split_sentences(cell.text))
        block += 1
    return out


def _clause_before(text: str, at: int, limit: int = 20) -> str:
    start = max(0, at - limit)
    piece = text[start:at]
    cut = max(piece.rfind(c) for c in _CLAUSE_BREAK)
    return piece[cut + 1 :] if cut >= 0 else piece


def _amount_label(text: str, at: int) -> str:
    clause = _clause_before(text, at)
    label, end = "", -1
    for m in _AMOUNT_LABELS.finditer(clause):
        if m.end() > end:
            label, end = m.lastgroup or "", m.end()
    if not label and _TOTAL_CLAUSE.match(clause):
        # "按每生1000元标准安排，总计239万元": the total is what the clause before it 安排s.
        before = at - len(clause) - 1
        if before > 0 and text[before] in "，,":
            m = _ENDS_IN_LABEL.search(_clause_before(text, before))
            label = (m.lastgroup or "") if m else ""
    return label


# A clause that only totals ("总计", "合计为") and the clause before it ending in what is totalled.
_TOTAL_CLAUSE = regex.compile(r"^\s*(?:总计|合计|共计|总额|总金额)(?:为|是|达|:)?\s*$")
_ENDS_IN_LABEL = regex.compile(_AMOUNT_LABELS.pattern + r"(?:资金|经费|金额|款项)?$")


def _basis(clause: str) -> str:
    return next((name for name, pattern in _BASIS if pattern.search(clause)), "")


def _scope(sentence: str, at: int, clause: str, said: dict | None = None) -> str:
    """Whether an amount is this project's own figure, a 其中 share, or something else.

    `said` caches what holds for the whole sentence (looked up once, not once per amount).
    """
    said = {} if said is None else said
    if "plan" not in said:
        said["plan"] = bool(_PLAN_SENTENCE.search(sentence))
        part = _PART.search(sentence)  # a literal word: in sentence[:at] when its first match ends by `at`
        said["part"] = part.end() if part else len(sentence) + 1
    if _OTHER_SCOPE.search(clause) or said["plan"]:
        return "other"
    if said["part"] <= at:
        return "part"
    return "project"


_PLAN_SENTENCE = regex.compile(r"建议|拟|下一年|下年度|明年|预计|争取")
# An outline marker glued between two words ("…正常运行二、项目资金使用…"): a page that lost its
# line breaks and its full stops, so one "sentence" runs through several sections.
_GLUED_MARKER = regex.compile(r"(?<=[\p{Han}\w%)）])(?<!第)([一二三四五六七八九十]{1,2})、(?=\p{Han})")
MIN_GLUED_RUN = 3  # 一、…二、…三、 in order: fewer may be an enumeration ("一、二类")


def glued_sections(text: str) -> list[int]:
    """Where the sections of a text that lost its line breaks start: a run 一、二、三、… of
    outline markers in order, inside the text. Empty when there is no such run.
    """
    run: list[int] = []
    for m in _GLUED_MARKER.finditer(text):
        n = outline_number(m[1])
        if n == len(run) + 1:
            run.append(m.start())
        elif n == 1 and len(run) < MIN_GLUED_RUN:
            run = [m.start()]
    return run if len(run) >= MIN_GLUED_RUN else []


def figures(report: Report) -> tuple[list[ProseFigure], list[ProseFigure]]:
    """Labelled money amounts and rates in the prose paragraphs."""
    found_amounts: list[ProseFigure] = []
    found_rates: list[ProseFigure] = []
    for p, paragraph in enumerate(report.paragraphs):
        listed: tuple[int, int] | None = None  # where the last execution rate ended, and its sentence
        for s, sentence in enumerate(split_sentences(paragraph.text)):
            text = sentence.text
            if listed is not None and listed[1] != s - 1:
                listed = None
            # A sentence glued across sections is scoped section by section: "其中" or "建议" in
            # one section says nothing of another's amounts.
            cuts = [0, *glued_sections(text)]
            said_in: dict[int, dict] = {}
            for local, q in amounts(sentence):
                label = _amount_label(text, local)
                if _UNSPENT.match(text, local + len(q.text)):
                    label = "unspent"  # "尚有703万元未支付": what is left of the budget, not spending
                clause = _clause_before(text, local)
                cut = max(c for c in cuts if c <= local)
                end = min((c for c in cuts if c > local), default=len(text))
                scope = _scope(text[cut:end], local - cut, clause, said_in.setdefault(cut, {}))
                found_amounts.append(ProseFigure(q, label, p, s, _basis(clause), scope))
            for local, q in rates(sentence):
                clause = _clause_before(text, local, 16)
                label = "execution" if _EXEC_RATE.search(clause) else "received" if _RECEIVED_RATE.search(clause) else "other"
                if label == "other" and listed is not None:
                    # The list may go on past a ";" that split the sentence.
                    between = text[listed[0] : local] if listed[1] == s else ";" + text[:local]
                    if _LIST_ITEM.match(between):
                        label = "execution"
                listed = (local + len(q.text), s) if label == "execution" else None
                subject = _RATE_SUBJECT.search(clause)
                bound = _RATE_BOUND.match(text, local + len(q.text))  # no copy of the rest of the sentence
                scope = "other" if _RATE_OTHER.search(clause) or bound else "project"
                found_rates.append(
                    ProseFigure(q, label, p, s, scope=scope, subject=subject[1] if subject else "")
                )
    return found_amounts, found_rates


def _inside_title_marks(text: str, at: int) -> bool:
    lo = max(0, at - MAX_CLAUSE)  # NOTE: a title mark further back is not this year's (and bounds the look)
    return text.rfind("《", lo, at) > text.rfind("》", lo, at)


def _clause_end(text: str, start: int) -> int:
    """Where the clause from `start` ends: the next clause break, at most `MAX_CLAUSE` characters on."""
    stop = min(len(text), start + MAX_CLAUSE)
    m = _CLAUSE_BREAK_RE.search(text, start, stop)
    return m.start() if m else stop


_YEAR_END = regex.compile(r"(?:度)?(?:12月31日|12月底|年?底|年?末)")
# NOTE: compiled once: every year printed in prose is placed with them.
_MONTH = regex.compile(r"\d{1,2}月")
_RANGE_ON = regex.compile(r"[-~—至到]\d{4}")
_SINCE = regex.compile(r"^(同期|相比|以来|底|末)")


def _year_context(text: str, m: regex.Match, sentence: str, said: dict[str, bool] | None = None) -> str:
    """What a year printed at `m` refers to; `said` caches what holds for the whole sentence."""
    at, end = m.start(), m.end()
    clause = text[end : _clause_end(text, end)]
    after = text[end : end + MAX_CLAUSE]
    before = text[max(0, at - 4) : at]
    said = {} if said is None else said
    if _inside_title_marks(text, at):
        return "reference"
    if before.endswith(("截至", "截止", "截止到", "截至到")) and _YEAR_END.match(after):
        if "funds" not in said:
            said["funds"] = bool(_FUNDING.search(sentence)) and not _CARRYOVER.search(sentence)
        if said["funds"]:
            # "截至2022年12月31日，资金已拨付": the end of the period the funds are counted to;
            # a cumulative background figure ("累计建成…") may well stop at an earlier year.
            return "cutoff"
    if _MONTH.match(after):
        return "date"
    if before.endswith(("-", "~", "—", "至", "到")) or _RANGE_ON.match(after):
        return "range"
    if _COMPARISON_BEFORE.search(before) or _SINCE.match(clause):
        return "comparison"
    if _CARRYOVER.search(clause) or _CARRYOVER.search(before):
        return "carryover"
    if "plan" not in said:
        said["plan"] = bool(_PLAN.search(sentence))
    if said["plan"]:
        return "plan"
    if _FUNDING.search(clause):
        if "amount" not in said:
            said["amount"] = next(amounts(Mapped.of(sentence, 0)), None) is not None
        if said["amount"]:
            return "funding"
    return "other"


def years(report: Report) -> list[YearMention]:
    """Years printed in the prose, each with the context that decides what it refers to."""
    out: list[YearMention] = []
    for paragraph in report.paragraphs:
        for sentence in split_sentences(paragraph.text):
            said: dict[str, bool] = {}
            for m in _YEAR.finditer(sentence.text):
                context = _year_context(sentence.text, m, sentence.text, said)
                clause_end = _clause_end(sentence.text, m.end())
                out.append(
                    YearMention(
                        int(m[1]),
                        sentence.span(m.start(), m.end()),
                        context,
                        sentence[m.start() : clause_end],
                        sentence.span(),
                    )
                )
    return out
