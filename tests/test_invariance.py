"""Benign reformatting must not change what pfaudit finds (line endings, BOM, encoding, digits)."""

from __future__ import annotations

import codecs
from pathlib import Path

import opencc
import pytest

from auditor import audit
from auditor.engine.plugins import collect_checks, make_plugin_manager
from tests.conftest import ROOT

FILES = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))
FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_S2T = opencc.OpenCC("s2t")  # a report from Taiwan or Hong Kong, or a Big5 export

TRANSFORMS = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "fullwidth-digits": lambda t: t.translate(FULLWIDTH_DIGITS).encode("utf-8"),
    "traditional": lambda t: _S2T.convert(t).encode("utf-8"),
    "trailing-spaces": lambda t: "\n".join(line + "  " if line.strip() else line for line in t.split("\n")).encode("utf-8"),
}


@pytest.fixture(scope="module")
def pipeline():
    pm = make_plugin_manager(entry_points=False)
    return pm, collect_checks(pm)


def _found(pipeline, path: Path, data: bytes) -> list[tuple[str, int, str]]:
    pm, checks = pipeline
    report = pm.hook.pfaudit_read(path=path, data=data)
    return [(f.code, f.location.line, f.severity.value) for f in audit(report, checks, strict=True)]


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_reformatting_keeps_the_findings(pipeline, path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    original = _found(pipeline, path, text.encode("utf-8"))
    assert _found(pipeline, path, TRANSFORMS[name](text)) == original
