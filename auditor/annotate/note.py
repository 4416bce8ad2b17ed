"""The words of one finding as it is written into a Word comment or an Excel note."""

from __future__ import annotations

from auditor.engine.findings import Finding
from auditor.formats.words import message, severity_label

_WORDS = {
    "zh": {"expected": "应为", "actual": "实际", "where": "标记处", "by": "pfaudit 检查"},
    "en": {"expected": "expected", "actual": "actual", "where": "marked text", "by": "pfaudit check"},
}
AUTHOR = "pfaudit"
INITIALS = "PF"


def note_lines(f: Finding, lang: str = "zh", phrase: str = "") -> list[str]:
    """The comment for a finding: severity, code and message; expected and actual; where; which check.

    `phrase` is the text the finding points at when it is only part of the commented paragraph
    or cell, so the reader knows which words are meant.
    """
    en = lang == "en"
    words = _WORDS["en" if en else "zh"]
    colon, semicolon = (": ", "; ") if en else ("：", "；")
    lines = [f"[{severity_label(f.severity.value, lang)}] {f.code} {message(f, lang)}"]
    values = []
    if f.expected:
        values.append(f"{words['expected']}{colon}{f.expected}")
    if f.actual:
        values.append(f"{words['actual']}{colon}{f.actual}")
    if values:
        lines.append(semicolon.join(values))
    if phrase:
        lines.append(f"{words['where']}{colon}“{phrase}”")
    lines.append(f"({words['by']} {f.name})" if en else f"（{words['by']} {f.name}）")
    return lines
