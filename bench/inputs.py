"""The bench's inputs, generated in memory from samples/ and tests/field: a batch, one big report, .docx, .xlsx.

Every input is deterministic for its seed. Batch reports differ from one another: figures
are nudged, most prose lines are rewritten with independent generated sentences
(`tests.support.generate`), so no two reports share their narrative and the corpus checks see a
realistic batch. The big report is one report (a single title, so `auditor.pipeline.parts` never
splits it): a department's report over many projects, each a numbered section with prose,
a passage from the field corpus and an indicator table.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tests.support.generate import reports as generated_reports  # noqa: E402
from tests.support.generate import sentence  # noqa: E402

_PROSE_LINE = re.compile(r"^[^|\t]{40,}$")
# Lines that would start a new report inside the big one (a title, a form title, an attachment).
_OPENS = re.compile(r"绩效(?:目标)?自评(?:报告|表)|绩效评价报告|^\s*附件|^\s*[一二三四五六七八九十]+\s*[、.．]")
_CN = "一二三四五六七八九十"


def base_texts() -> list[str]:
    """The five sample texts and the field corpus texts, in a fixed order."""
    paths = sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "tests" / "field").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _nudge(text: str, rng: random.Random) -> str:
    """Change the last digit of a few decimals, so figures differ from report to report."""
    return re.sub(r"(?<=\d\.\d)(\d)", lambda _: str(rng.randint(0, 9)), text, count=rng.randint(1, 4))


def _rewrite(line: str, rng: random.Random) -> str:
    """Generated prose of about the line's length."""
    out = ""
    while len(out) < len(line):
        out += sentence(rng)
    return out[: max(len(line), 40)].rstrip("，；") + "。"


def vary(text: str, rng: random.Random) -> str:
    """One report of the batch: a base text with its figures nudged and most prose lines rewritten."""
    lines = [
        _rewrite(line, rng) if _PROSE_LINE.match(line) and rng.random() < 0.7 else line for line in text.split("\n")
    ]
    return _nudge("\n".join(lines), rng)


def batch(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """`n` (name, text) reports drawn in turn from the samples and the field corpus, each varied."""
    rng = random.Random(seed)
    bases = base_texts()
    return [(f"r{i:05d}.txt", vary(bases[i % len(bases)], rng)) for i in range(n)]


def _passages() -> list[str]:
    """Runs of body lines from the bases that cannot open a report of their own."""
    out = []
    for text in base_texts():
        lines = [line for line in text.split("\n") if line.strip() and not _OPENS.search(line)]
        out += ["\n".join(lines[i : i + 8]) for i in range(0, len(lines), 8)]
    return out


def _cn(n: int) -> str:
    """A Chinese numeral up to 99."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens - 1] + "十")
    return head + (_CN[ones - 1] if ones else "") if n >= 10 else _CN[n - 1]


# Characters for the place names each project's prose speaks of.
_NAME_CHARS = "安宝北滨昌城川大德东丰福港光广海河和红湖华吉建江金锦康乐黎利林柳龙隆茂梅民明南宁平坪桥青清庆泉仁瑞山上胜石松泰塘天田通西溪祥新兴阳义永玉园云长振中竹"


def _local(sentence_text: str, place: str, rng: random.Random) -> str:
    """A sentence about one project's own place and figures, as a department report writes them."""
    clauses = []
    for clause in sentence_text.rstrip("。").split("；"):
        clause = f"{place}{clause}"
        clauses.append(clause if re.search(r"\d", clause) else f"{clause}，涉及{rng.randint(2, 900)}户")
    return "；".join(clauses) + "。"


def big_text(chars: int, seed: int = 3) -> str:
    """One report of about `chars` characters: a title, then one section per project until long enough.

    Each section's prose names the project's own places and carries its own figures, so the
    report does not repeat itself the way a few templates filled in 10,000 times would.
    """
    rng = random.Random(seed)
    passages = _passages()
    projects = generated_reports(max(8, chars // 1500), seed=seed)
    parts = ["东城区教育局2023年度部门整体支出绩效自评报告", "一、部门基本情况", "".join(sentence(rng) for _ in range(4))]
    size = sum(map(len, parts))
    n = 0
    while size < chars:
        project = projects[n % len(projects)]
        heading = f"{_cn(n % 99 + 1)}、{project.project.name}的实施情况" if n % 20 == 0 else f"（{n % 20 + 1}）{project.project.name}"
        rows = "\n".join(
            f"| {name} | {target} | {rng.randint(1, 99)}% | {rng.randint(5, 20)} | {rng.randint(1, 20)} |"
            for name, target in project.project.targets
        )
        place = "".join(rng.sample(_NAME_CHARS, 2)) + rng.choice(("村", "社区", "街道", "镇"))
        body = [
            heading,
            *(_local(sentence(rng), place, rng) + _local(sentence(rng), place, rng) for _ in range(3)),
            _nudge(passages[rng.randrange(len(passages))], rng),
            "| 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            rows,
        ]
        parts += body
        size += sum(map(len, body)) + len(body)
        n += 1
    return "\n".join(parts) + "\n"


def docx_bytes(pages: int, seed: int = 5) -> bytes:
    """A .docx of about `pages` pages: headings, prose and one indicator table per page."""
    import docx  # python-docx: only the bench's binary inputs need it

    rng = random.Random(seed)
    document = docx.Document()
    document.add_paragraph("东城区教育局2023年度部门整体支出绩效自评报告")
    for n, project in enumerate(generated_reports(pages, seed=seed)):
        p = project.project
        document.add_paragraph(f"（{n % 20 + 1}）{p.name}")
        for _ in range(4):
            document.add_paragraph(sentence(rng) + sentence(rng))
        table = document.add_table(rows=1 + len(p.targets), cols=5)
        for cell, label in zip(table.rows[0].cells, ("三级指标", "年度指标值", "实际完成值", "分值", "得分"), strict=True):
            cell.text = label
        for row, (name, target) in zip(table.rows[1:], p.targets, strict=True):
            values = (name, target, f"{rng.randint(1, 99)}%", str(rng.randint(5, 20)), str(rng.randint(1, 20)))
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: int, seed: int = 9) -> bytes:
    """An .xlsx 自评表 with `rows` indicator rows under a fund table."""
    import openpyxl  # only the bench's binary inputs need it

    rng = random.Random(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet.append(["项目支出绩效自评表（2023年度）"])
    sheet.append(["项目名称", "全域学校维修改造项目"])
    sheet.append(["项目资金（万元）", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    sheet.append(["年度资金总额", 820, 790.5, 10, "96.40%", 9.64])
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    for n in range(rows):
        target = rng.randint(50, 99)
        sheet.append(
            ["产出指标", "数量指标", f"第{n + 1}所学校维修面积", f"≥{target}%", f"{target + rng.randint(-3, 3)}%", 0.01, 0.01, ""]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
