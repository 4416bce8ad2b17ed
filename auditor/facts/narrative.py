"""Narrative facts: budget/spend pairs, completion claims and head counts (counted lists are in
`facts.listings`, 其中 sums in `facts.sums`).

Everything works on the reading text of paragraphs and cells (`Mapped`), so each fact keeps
its span in the original. Positions inside a paragraph are found from the figures' spans.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from auditor.facts.listings import _list_end
from auditor.facts.types.prose import Claim, Costing, Execution, ProseFigure, Tally
from auditor.report.model import Report
from auditor.report.numbers import Quantity, decimals

_CLAIM = regex.compile(
    r"(?:目标|任务|指标)[^。;!?]{0,12}?"
    r"(?P<words>(?:均|全部|都|已经|已|基本|全面|圆满|顺利|较好地?|如期)+(?:完成|实现|达成|达到))"
    r"(?!率|值|情况|时间|数|量|程度|进度)"
)
_CLAIM_QUALIFIER = regex.compile(r"均|全部|都|已|基本|全面|圆满|顺利|较好|如期")
_NEGATION = regex.compile(r"(?:未|没有|不|尚|难以|未能|无法)$")
_FUTURE = regex.compile(r"确保|力争|争取|(?<!即)将(?!近)|应当|必须|计划|预计|力求")
_COLON = regex.compile(r":")  # NOTE: compiled once: every paragraph is scanned
_HEADS = regex.compile(r"(?<![\d.])(?P<num>\d+)(?P<more>余|多)?(?P<unit>人次|人)(?![均民口数员])")


def executions(report: Report, amounts: list[ProseFigure], found_rates: list[ProseFigure]) -> list[Execution]:
    """Pair each spending figure with the budget printed before it in the same paragraph, or
    right after it in its sentence ("支出资金45万元，占预算资金100万元的45%")."""
    out: list[Execution] = []
    paragraphs = report.paragraphs
    by_paragraph: dict[int, list[ProseFigure]] = {}
    for a in amounts:
        by_paragraph.setdefault(a.paragraph, []).append(a)
    for p, figs in by_paragraph.items():
        budget: ProseFigure | None = None
        for n, fig in enumerate(figs):
            if fig.scope != "project":
                continue
            after = figs[n + 1] if n + 1 < len(figs) else None
            if fig.label == "spent" and budget is None and after is not None and _share_of(paragraphs[p].text, fig, after):
                rate = fig.quantity.in_yuan() / after.quantity.in_yuan() * 100
                share = next((r for r in found_rates if r.paragraph == p and _follows(paragraphs[p].text, after, r)), None)
                out.append(Execution(after, fig, rate, p, paragraphs[p].section, share))
                continue
            if fig.label == "budget" and fig.quantity.value > 0:
                budget = fig
            elif fig.label == "spent" and budget is not None and fig.sentence - budget.sentence <= 1:
                rate = fig.quantity.in_yuan() / budget.quantity.in_yuan() * 100
                later = [
                    r for r in found_rates
                    if r.paragraph == p and r.label == "execution" and r.scope == "project"
                    and r.quantity.span.start > fig.quantity.span.start
                ]
                stated = later[0] if later and later[0].sentence - fig.sentence <= 1 else None
                out.append(Execution(budget, fig, rate, p, paragraphs[p].section, stated))
                budget = None
    return out


_SHARE = regex.compile(r"^[,，]?\s*占\D{0,12}$")


def _share_of(text, spent: ProseFigure, budget: ProseFigure) -> bool:
    """Whether `budget` follows `spent` as what it is a share of: "支出45万元，占预算资金100万元"."""
    if budget.label != "budget" or budget.sentence != spent.sentence or budget.quantity.value <= 0:
        return False
    between = text.text[text.index_at(spent.quantity.span.end) : text.index_at(budget.quantity.span.start)]
    return bool(_SHARE.match(between))


def _follows(text, budget: ProseFigure, rate: ProseFigure) -> bool:
    """Whether a percentage closes the share: "占预算资金100万元的45%"."""
    start = text.index_at(budget.quantity.span.end)
    end = text.index_at(rate.quantity.span.start)
    return 0 <= end - start <= 2 and text.text[start:end] in ("的", "")


def claims(report: Report) -> list[Claim]:
    """Sentences saying the targets were met."""
    out: list[Claim] = []
    for p, paragraph in enumerate(report.paragraphs):
        text = paragraph.text.text
        for m in _CLAIM.finditer(text):
            words = m["words"]
            if not _CLAIM_QUALIFIER.search(words):
                continue
            start = m.start("words")
            if _NEGATION.search(text[max(0, start - 3) : start]):
                continue
            sentence_start = max(text.rfind(c, 0, m.start()) for c in "。;!?") + 1
            if _FUTURE.search(text[sentence_start:start]):
                continue
            kind = "basic" if "基本" in words else "full"
            out.append(Claim(paragraph.text[start : m.end("words")], p, kind))
    return out


def tallies(report: Report) -> list[Tally]:
    """Lists after a colon whose every item counts people ("100余人；120余人参加；30人")."""
    out: list[Tally] = []
    for paragraph in report.paragraphs:
        text = paragraph.text
        s = text.text
        for colon in _COLON.finditer(s):
            end = _list_end(s, colon.end())
            items = s[colon.end() : end].split(";")
            if len(items) < 2 or ":" in items[0]:
                continue  # a later colon opens the list
            figures: list[Quantity] = []
            offset = colon.end()
            for item in items:
                heads = list(_HEADS.finditer(item))
                if len(heads) != 1:
                    figures = []
                    break
                h = heads[0]
                piece = text[offset + h.start() : offset + h.end()]
                figures.append(
                    Quantity(Decimal(h["num"]), 0, h["unit"], piece.span(), piece.text, approx=bool(h["more"]))
                )
                offset += len(item) + 1
            if not figures or len({q.unit for q in figures}) != 1:
                continue
            clause_start = max(s.rfind(c, 0, colon.start()) for c in ",。;") + 1
            intro = text[clause_start : colon.start()]
            total = sum((q.value for q in figures), Decimal(0))
            out.append(Tally(intro, tuple(figures), figures[0].unit, total, any(q.approx for q in figures)))
    return out


# "走访慰问对象120人" and "慰问标准300/人" (or "每人300元", "300元/人"): a count and what each costs.
_PER = r"人次|人|户|名|家|所"
_COUNT = regex.compile(rf"(?<![\d.])(?P<num>\d+)\s*(?P<per>{_PER})(?![均民口数员次/／])")
_STANDARD = regex.compile(
    rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<money>万元|元)?\s*[/／]\s*(?P<per>{_PER})"
    rf"|每(?P<per2>{_PER})\s*(?P<num2>\d+(?:\.\d+)?)\s*(?P<money2>万元|元)"
)
MAX_COSTED = 50  # counts and standards each: a report gives a few; a long list is a table read as prose


def costings(report: Report) -> list[Costing]:
    """Every head count paired with every per-head standard of the same head, in the prose."""
    counts: list[Quantity] = []
    standards: list[tuple[str, Quantity]] = []
    for paragraph in report.paragraphs:
        text = paragraph.text
        for m in _STANDARD.finditer(text.text):
            num, money, per = (m["num"], m["money"], m["per"]) if m["num"] else (m["num2"], m["money2"], m["per2"])
            piece = text[m.start() : m.end()]
            standards.append((per, Quantity(Decimal(num), decimals(num), money or "元", piece.span(), piece.text)))
        for m in _COUNT.finditer(text.text):
            piece = text[m.start() : m.end()]
            counts.append(Quantity(Decimal(m["num"]), 0, m["per"], piece.span(), piece.text))
    if len(counts) > MAX_COSTED or len(standards) > MAX_COSTED:
        return []
    return [Costing(c, q, per) for c in counts for per, q in standards if c.unit == per and c.value > 0]
