"""What a file is, in words and as data: its kinds of document and the declaration each self-evaluation was held against."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from typing import Any

from auditor.pipeline.result import FileResult

_KINDS = {
    "zh": {
        "declaration": "绩效目标申报表", "project": "项目支出绩效目标申报表", "department": "部门整体绩效目标表",
        "transfer": "转移支付区域绩效目标表", "monitoring": "运行监控表", "self-evaluation": "绩效自评表",
        "narrative": "自评报告",
    },
    "en": {
        "declaration": "target declaration", "project": "project target declaration",
        "department": "departmental target declaration", "transfer": "transfer-payment target declaration",
        "monitoring": "monitoring table", "self-evaluation": "self-evaluation form", "narrative": "self-evaluation report",
    },
}  # fmt: skip


def kinds_said(file: FileResult, lang: str = "zh") -> str:
    """The kinds of document a file holds, in words ("项目支出绩效目标申报表（20份）"); "" when none was recognised."""
    words = _KINDS["en" if lang == "en" else "zh"]
    forms = Counter(d.form or "project" for d in file.documents if d.kind == "declaration")
    out = []
    for kind in file.kinds:
        if kind != "declaration":
            out.append(words[kind])
            continue
        for form, n in forms.items() or [("project", 1)]:
            count = "" if n < 2 else (f" ×{n}" if lang == "en" else f"（{n}份）")
            out.append(words[form] + count)
    return ("; " if lang == "en" else "、").join(out)


def kind_words(kinds: list[str] | tuple[str, ...], lang: str = "zh") -> str:
    """Kinds of document in words, as listed ("绩效目标申报表、绩效自评表")."""
    words = _KINDS["en" if lang == "en" else "zh"]
    return ("; " if lang == "en" else "、").join(words[k] for k in kinds if k in words)


def _against(doc: Any) -> dict[str, Any] | None:
    if doc.against is None:
        return None
    return {"path": doc.against_path, "title": doc.against.text}


def pairs_said(file: FileResult, lang: str = "zh") -> list[str]:
    """One sentence per self-evaluation held against a declaration: which, and in which file."""
    out = []
    for doc in file.documents:
        if doc.against is None:
            continue
        where = "" if doc.against_path == file.path else PurePath(doc.against_path).name
        if lang == "en":
            out.append(f"held against {doc.against.text}" + (f" ({where})" if where else ""))
        else:
            out.append(f"与{doc.against.text}" + (f"（{where}）" if where else "") + "对照")
    return out


def documents_data(file: FileResult) -> list[dict[str, Any]]:
    """The declarations and self-evaluations of a file as plain data, for JSON and SARIF."""
    return [
        {
            "part": d.part,
            "kind": d.kind,
            "form": d.form or None,
            "project": d.project.text if d.project else None,
            "unit": d.unit.text if d.unit else None,
            "year": d.year,
            "indicators": len(d.lines),
            "against": _against(d),
        }
        for d in file.documents
    ]
