"""Golden run over samples/: every finding as a snapshot, plus the reviewer's must/never list.

``test_json_snapshot`` keeps the whole ``--format json`` output of each sample (text and
.docx/.xlsx/.pdf; the legacy .doc/.xls need LibreOffice) byte-identical to
``tests/snapshots/json/``; ``pytest --update-snapshots`` rewrites them.
"""

from __future__ import annotations

import tomllib

import pytest

from auditor import audit
from auditor.cli import main as cli
from auditor.engine.plugins import collect_checks, make_plugin_manager
from tests.conftest import DATA, ROOT

SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.is_file() and not p.name.startswith("."))
SNAPSHOTS = ROOT / "tests" / "snapshots"
# Every sample a fresh machine reads without LibreOffice, as a path relative to the checkout.
PORTABLE = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "samples").rglob("*")
    if p.is_file() and p.suffix in (".txt", ".docx", ".xlsx", ".pdf", ".html", ".htm")
)
EXPECTED = tomllib.loads((DATA / "samples_expected.toml").read_text(encoding="utf-8"))["sample"]


def _findings(path):
    pm = make_plugin_manager(entry_points=False)
    report = pm.hook.pfaudit_read(path=path, data=path.read_bytes())
    return audit(report, collect_checks(pm), strict=True)


def _render(findings) -> str:
    lines = []
    for f in findings:
        loc = f.location
        where = f"{loc.line}:{loc.column}" if loc and loc.line else (loc.anchor() if loc else "")
        lines.append(f"{where} {f.code} {f.severity.value} {f.category} {f.name}: {f.message}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_snapshot(path, update_snapshots: bool) -> None:
    got = _render(_findings(path))
    snapshot = SNAPSHOTS / f"{path.stem}.txt"
    if update_snapshots:
        snapshot.write_text(got, encoding="utf-8")
    assert snapshot.is_file(), "run pytest --update-snapshots to create it"
    assert got == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", EXPECTED, ids=lambda s: s["file"].split("-")[0])
def test_reviewer_expectations(sample: dict) -> None:
    findings = _findings(ROOT / "samples" / sample["file"])
    for must in sample.get("must", []):
        hits = [
            f
            for f in findings
            if f.code == must["code"] and f.category == must["category"] and f.location.line == must["line"]
        ]
        assert hits, f"missing {must['code']} on line {must['line']}: {must['why']}"
    loud = [f for f in findings if f.severity.value in ("error", "warning")]
    for never in sample.get("never", []):
        bad = [
            f
            for f in loud
            if (f.code == never.get("code") or f.category == never.get("category"))
            and ("line" not in never or f.location.line == never["line"])
        ]
        assert not bad, f"false alarm ({never['why']}): {[f.message for f in bad]}"


def test_every_sample_has_expectations() -> None:
    assert {s["file"] for s in EXPECTED} == {p.name for p in SAMPLES if p.suffix == ".txt"}


@pytest.mark.parametrize("sample", PORTABLE, ids=lambda s: s.removeprefix("samples/"))
def test_json_snapshot(sample: str, update_snapshots: bool, monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CI", "true")
    assert cli.main([sample, "--format", "json", "--fail-on", "never"]) == 0
    got = capsys.readouterr().out
    snapshot = SNAPSHOTS / "json" / (sample.removeprefix("samples/").replace("/", "-") + ".json")
    if update_snapshots:
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(got, encoding="utf-8")
    assert snapshot.is_file(), "run pytest --update-snapshots to create it"
    assert got == snapshot.read_text(encoding="utf-8")
