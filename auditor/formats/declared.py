"""What pfaudit read from a target declaration, as data and as tables (`pfaudit read`).

The shape: project, units, year, period, funds (role, scope, as printed), goals and the
indicator rows (一级, 二级, 三级, 指标性质, 指标值 with its unit, 分值), each cell as printed;
rows the form marks 不适用 are listed with ``applicable: false``, rows read two ways with
``certain: false``. Pure functions: no I/O.
"""

from __future__ import annotations

from typing import Any

from tabulate import tabulate

from auditor.facts.types.declaration import Declaration, DeclaredIndicator

_ROW_HEAD = {
    "level1": ("一级指标", "level 1"), "level2": ("二级指标", "level 2"), "name": ("三级指标", "indicator"),
    "target": ("指标值", "target"), "weight": ("分值", "weight"),
}  # fmt: skip
_FUND_ROLES = {"total": ("资金总额", "total"), "fiscal": ("财政拨款", "fiscal funds"), "carryover": ("上年结转", "carry-over"),
               "other": ("其他资金", "other funds")}  # fmt: skip
_SCOPES = {"annual": ("年度", "annual"), "period": ("实施期", "whole period")}
_FIELDS = {
    "project": ("项目名称", "project"), "department": ("主管部门", "department"), "unit": ("实施单位", "unit"),
    "category": ("项目类别", "category"), "period": ("实施期", "period"), "goal": ("年度目标", "annual goal"),
    "long_goal": ("总体目标", "overall goal"), "basis": ("测算依据", "basis"),
}  # fmt: skip


def _row(row: DeclaredIndicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "level1": row.level1,
        "level2": row.level2,
        "name": row.name,
        "target": row.shown(),
        "weight": row.text("weight") or None,
    }
    if not row.applicable:
        out["applicable"] = False
    if not row.certain:
        out["certain"] = False
    return out


def declared(decl: Declaration) -> dict[str, Any]:
    """One declaration as JSON-ready data."""
    fields = {name: getattr(decl, name).value if getattr(decl, name) is not None else None for name in _FIELDS}
    return {
        "form": decl.kind,
        "title": decl.title.value if decl.title is not None else None,
        "year": decl.year,
        **fields,
        "money_unit": decl.money_unit or None,
        "funds": [{"role": f.role, "scope": f.scope, "label": f.label, "amount": f.quantity.text} for f in decl.funds],
        "indicators": [_row(row) for row in decl.indicators],
    }


def declared_text(data: dict[str, Any], lang: str = "zh") -> list[str]:
    """A declaration's reading as lines: its fields, its funds, its indicator table."""
    en = lang == "en"
    out = [f"{'Target declaration' if en else '绩效目标申报表'}: {data['title'] or data['form']}"]
    for name, words in _FIELDS.items():
        if data.get(name):
            value = data[name] if len(data[name]) <= 60 else data[name][:60] + "…"
            out.append(f"  {words[en]}: {value}")
    for f in data["funds"]:
        out.append(f"  {_SCOPES[f['scope']][en]}{_FUND_ROLES[f['role']][en] if not en else ' ' + _FUND_ROLES[f['role']][en]}: {f['amount']}")
    rows = [r for r in data["indicators"] if r.get("applicable", True)]
    if rows:
        keys = list(_ROW_HEAD)
        body = [["" if r.get(k) is None else str(r[k]) for k in keys] for r in rows]
        out.append(tabulate(body, headers=[_ROW_HEAD[k][en] for k in keys], tablefmt="simple", disable_numparse=True))
    else:
        out.append("  no indicator filled in" if en else "  未填写绩效指标")
    return out
