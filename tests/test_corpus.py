"""The precision corpus: clean reports must stay silent, each injected defect must be found exactly.

Every ``tests/corpus/<name>.txt`` has a ``<name>.toml`` beside it:

- ``kind = "clean"``: ALL built-in checks together report no error or warning (info is allowed);
- ``kind = "defect"``: each ``[[expect]]`` (code, category, line, column) is reported, and no other
  error or warning is, except for codes listed in ``allow``.

``test_corpus_summary`` prints the counts (clean files, defect files, defects found/expected,
error/warning findings on clean files); run ``pytest tests/test_corpus.py -s`` to see them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from auditor import Finding
from tests.conftest import audit_text

CORPUS = Path(__file__).parent / "corpus"
LOUD = ("error", "warning")


@dataclass
class Outcome:
    """What one corpus file produced, judged against its expectations."""

    name: str
    kind: str
    expected: list[tuple[str, str, int, int]] = field(default_factory=list)
    found: list[tuple[str, str, int, int]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)


def _files() -> list[Path]:
    return sorted(CORPUS.glob("*.toml"))


def _where(f: Finding) -> str:
    return f"{f.code} {f.severity.value} {f.location.line}:{f.location.column} {f.message}"


@cache
def judge(path: Path) -> Outcome:
    """Audit one corpus file with every built-in check and compare with its expectations."""
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    findings = audit_text(text, strict=False)
    out = Outcome(path.stem, spec["kind"])
    hits: list[Finding] = []
    for want in spec.get("expect", []):
        key = (want["code"], want["category"], want["line"], want["column"])
        out.expected.append(key)
        match = [f for f in findings if (f.code, f.category, f.location.line, f.location.column) == key]
        if match:
            out.found.append(key)
            hits.extend(match)
    allow = set(spec.get("allow", []))
    out.unexpected = [
        _where(f) for f in findings if f.severity.value in LOUD and f not in hits and f.code not in allow
    ]
    return out


def test_corpus_is_complete() -> None:
    names = {p.stem for p in CORPUS.glob("*.txt")}
    specs = {p.stem for p in _files()}
    assert names == specs, "every corpus text needs a .toml beside it and vice versa"
    kinds = [tomllib.loads(p.read_text(encoding="utf-8"))["kind"] for p in _files()]
    assert set(kinds) <= {"clean", "defect"}


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_corpus_file(path: Path) -> None:
    outcome = judge(path)
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    assert spec.get("source"), "say what the file was derived from and what was injected"
    if outcome.kind == "defect":
        assert outcome.expected, "a defect file names at least one expected finding"
    missing = sorted(set(outcome.expected) - set(outcome.found))
    assert not missing, f"expected findings not reported: {missing}"
    assert not outcome.unexpected, "\n".join(outcome.unexpected)


def summary(prefix: str = "") -> dict[str, int]:
    """The counts the project quotes: files by kind, defects found/expected, noise on clean files."""
    outcomes = [judge(p) for p in _files() if p.stem.startswith(prefix)]
    clean = [o for o in outcomes if o.kind == "clean"]
    defect = [o for o in outcomes if o.kind == "defect"]
    return {
        "clean_files": len(clean),
        "defect_files": len(defect),
        "defects_expected": sum(len(o.expected) for o in defect),
        "defects_found": sum(len(o.found) for o in defect),
        "clean_loud_findings": sum(len(o.unexpected) for o in clean),
        "defect_unexpected_findings": sum(len(o.unexpected) for o in defect),
    }


def _line(title: str, counts: dict[str, int]) -> str:
    return (
        f"{title}: {counts['clean_files']} clean files, {counts['defect_files']} defect files, "
        f"defects found {counts['defects_found']}/{counts['defects_expected']}, "
        f"error/warning findings on clean files {counts['clean_loud_findings']}, "
        f"unexpected error/warning findings on defect files {counts['defect_unexpected_findings']}"
    )


def test_corpus_summary(capsys: pytest.CaptureFixture[str]) -> None:
    counts = summary()
    prefixes = sorted({p.stem.split("-", 1)[0] for p in _files()})
    with capsys.disabled():
        print("\n" + _line("corpus", counts))
        for prefix in prefixes:
            print(_line(f"  {prefix}-*", summary(prefix + "-")))
    assert counts["clean_files"] >= 1 and counts["defect_files"] >= 1
