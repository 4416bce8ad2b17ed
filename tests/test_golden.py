"""Golden findings over the field corpus: every finding, byte for byte, as a guard for speed work.

Each ``tests/field/*.txt`` is audited as printed and in the four other printings of
`tests.test_field` (flat, reworded, paged, grouped), and one batch runs over every field
and sample text at once, so the corpus checks (CP) are covered too. Every finding is kept
whole (code, span, location, message in both languages, expected and actual, snippet,
related places, context) in ``tests/snapshots/field/``; ``pytest --update-snapshots``
rewrites them. A change that is meant only to be faster must leave these files unchanged.
The forms corpus (``tests/forms``) is kept the same way, as one batch's JSON output, so that
moving code between modules can be shown to change no finding of any corpus. The samples'
own golden files are `tests.test_samples`' JSON snapshots.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import Setup, audit_bytes
from auditor.cli import main as cli
from auditor.engine.findings import Finding
from auditor.formats.json import context_dict, location_dict
from tests.conftest import ROOT
from tests.test_field import FIELD, PRINTINGS

SNAPSHOTS = ROOT / "tests" / "snapshots" / "field"
CASES = sorted(p.stem for p in FIELD.glob("*.txt"))


def _row(f: Finding) -> dict:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "span": [f.span.start, f.span.end],
        "location": location_dict(f.location),
        "message": f.message,
        "message_en": f.message_en,
        "expected": f.expected,
        "actual": f.actual,
        "snippet": f.snippet,
        "related": [location_dict(r) for r in f.related_locations],
        "context": context_dict(f.context) if f.context else None,
    }


def _compare(got: str, snapshot: Path, update: bool) -> None:
    if update:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(got, encoding="utf-8")
    assert snapshot.is_file(), "run pytest --update-snapshots to create it"
    assert got == snapshot.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup.build()


@pytest.mark.parametrize("name", CASES)
def test_field_findings_unchanged(name: str, setup: Setup, update_snapshots: bool) -> None:
    text = (FIELD / f"{name}.txt").read_text(encoding="utf-8")
    printings = {"as printed": text} | {key: change(text) for key, (change, _) in sorted(PRINTINGS.items())}
    got = {
        key: [_row(f) for f in audit_bytes(body.encode("utf-8"), f"{name}.txt", setup).findings]
        for key, body in printings.items()
    }
    _compare(json.dumps(got, ensure_ascii=False, indent=1) + "\n", SNAPSHOTS / f"{name}.json", update_snapshots)


def test_batch_findings_unchanged(update_snapshots: bool, monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CI", "true")
    texts = sorted(Path("tests/field").glob("*.txt")) + sorted(Path("samples").glob("*.txt"))
    assert cli.main([*map(str, texts), "--format", "json", "--fail-on", "never", "--jobs", "1"]) == 0
    _compare(capsys.readouterr().out, SNAPSHOTS / "batch.json", update_snapshots)


def test_forms_findings_unchanged(update_snapshots: bool, monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CI", "true")
    forms = sorted(Path("tests/forms").glob("*.txt"))
    assert len(forms) >= 40  # the corpus, not an empty glob
    assert cli.main([*map(str, forms), "--format", "json", "--fail-on", "never", "--jobs", "1"]) == 0
    _compare(capsys.readouterr().out, ROOT / "tests" / "snapshots" / "forms" / "batch.json", update_snapshots)
