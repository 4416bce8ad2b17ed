"""Run every case in tests/cases/<CODE>.toml: each case says where its check fires, if at all."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import audit_text, audit_texts

CASES = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            slug = case["name"].replace(" ", "-")
            yield pytest.param(data["check"], case, id=f"{data['check']}-{slug}")


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_case(code: str, case: dict) -> None:
    # a corpus check's case is a run of several reports; its findings read "report:line:col"
    run, texts = (audit_texts, case["texts"]) if "texts" in case else (audit_text, case["text"])
    findings = run(texts, select=code, options=case.get("options"), profile=case.get("profile", "national"))
    mine = [f for f in findings if f.code == code]
    got = [f"{f.location.line}:{f.location.column}" for f in mine]
    if "texts" in case:
        got = [f"{f.path.removeprefix('case').removesuffix('.txt')}:{g}" for f, g in zip(mine, got, strict=True)]
    assert got == case.get("findings", []), [f.message for f in mine]
    for f, category in zip(mine, case.get("categories", []), strict=False):
        assert f.category == category
    for f, severity in zip(mine, case.get("severities", []), strict=False):
        assert f.severity.value == severity
    for f, expected in zip(mine, case.get("expected", []), strict=False):
        assert f.expected == expected
