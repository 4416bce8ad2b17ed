"""English is complete: every message, note and region a user can meet has its English beside the Chinese.

The mechanism is the one the code already uses: a pair of texts where the message is made
(``ReadError(zh, en)``, ``Finding(message_en=…)``, a `Note`), the run's language picking one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from auditor.cli import main as cli
from auditor.engine.profile import builtin_profiles, load_profile
from auditor.report.model import Note, said
from tests.conftest import ROOT

HAN = re.compile(r"[\u4e00-\u9fff]")
# Errors and notes people read; PluginError speaks to plugin authors, in English only.
PAIRED = {"ReadError": 2, "ConfigError": 2, "PfauditError": 2, "LimitError": 3, "Note": 2}


def test_every_error_and_note_is_made_with_its_english() -> None:
    missing = []
    for path in sorted((ROOT / "auditor").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in PAIRED):
                continue
            if len(node.args) < PAIRED[node.func.id] and not any(k.arg == "en" for k in node.keywords):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.get_source_segment(source, node)[:60]}")
    assert missing == []


def test_a_note_is_its_chinese_text_and_carries_its_english() -> None:
    import pickle

    note = Note("以 GB18030 编码读取", "read as GB18030")
    assert note == "以 GB18030 编码读取" and said(note, "en") == "read as GB18030" and said(note, "zh") == note
    assert pickle.loads(pickle.dumps(note)).en == "read as GB18030"  # notes travel back from worker processes
    assert said("plain", "en") == "plain"


@pytest.mark.parametrize("name", builtin_profiles())
def test_every_region_has_a_title_and_description_in_both_languages(name: str) -> None:
    profile = load_profile(name)
    assert HAN.search(profile.title) and HAN.search(profile.description)
    assert profile.title_en and profile.description_en and not HAN.search(profile.title_en)
    assert profile.label("en").startswith(profile.title_en + " — ")


def test_notes_and_reading_refusals_speak_english(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gbk = tmp_path / "报告.txt"
    gbk.write_bytes("项目资金（万元）\t全年预算数\t全年执行数\t执行率\n年度资金总额\t200\t150\t75%\n".encode("gb18030"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cli.main([str(gbk), str(empty), "--lang", "en", "--select", "AM01"])
    out = capsys.readouterr().out
    assert "  · read as GB18030" in out and "编码读取" not in out
    assert "the file is empty: there is nothing to check" in out and "文件为空" not in out
    cli.main([str(gbk), "--select", "AM01"])
    assert "  · 以 GB18030 编码读取" in capsys.readouterr().out


def test_a_damaged_pdf_is_described_without_a_class_name(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    broken = tmp_path / "报告.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    cli.main([str(broken), "--format", "json", "--output", str(tmp_path / "r.json")])
    import json

    [finding] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["findings"]
    assert finding["code"] == "PF01" and "已损坏或不完整" in finding["message"]
    assert not re.search(r"[A-Z][a-z]+(Exception|Error)", finding["message"]), finding["message"]


def test_every_word_of_the_web_page_has_its_english() -> None:
    from auditor.web.ui import REFUSALS, WORDS

    assert set(WORDS["en"]) == set(WORDS["zh"])
    # the language switch names the other language in its own script
    chinese = {k: v for k, v in WORDS["en"].items() if HAN.search(v) and k != "switch"}
    assert chinese == {}
    assert all(zh and en and not HAN.search(en) for zh, en in REFUSALS.values())
