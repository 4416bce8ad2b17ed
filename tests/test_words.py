"""`auditor.report.segmenter.cut_words` cuts every sentence exactly as jieba with its whole dictionary does."""

from __future__ import annotations

import random
import sqlite3

import pytest

from auditor.report import segmenter as words
from tests.conftest import ROOT
from tests.test_field import FIELD


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """`cut_words` with its dictionary copy written anew in an empty cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(words, "_TOKENIZER", None)
    return tmp_path


def _sentences() -> list[str]:
    rng = random.Random(3)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIELD.glob("*.txt")) + sorted((ROOT / "samples").glob("*.txt"))]
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    # and lines with characters dropped, so unknown runs go through jieba's HMM too
    return lines + ["".join(c for c in line if rng.random() < 0.8) for line in lines[::3]]


def test_cut_words_is_jieba(fresh) -> None:
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    sentences = _sentences()
    assert [words.cut_words(s) for s in sentences] == [reference.lcut(s) for s in sentences]
    assert list(fresh.rglob("*.sqlite")), "the dictionary copy was not written"


def test_without_a_cache_folder_jieba_loads_its_own(fresh, monkeypatch) -> None:
    def refuse(*_args):
        raise sqlite3.OperationalError("read-only")

    monkeypatch.setattr(words, "_build", refuse)
    assert words.cut_words("预期绩效目标基本已完成") == ["预期", "绩效", "目标", "基本", "已", "完成"]
    assert isinstance(words._TOKENIZER.FREQ, dict)


def test_words_without_jiebas_guesses_at_unknown_runs() -> None:
    # jieba's HMM makes a word of a run its dictionary does not know ("性晰"); the dictionary alone does not
    from auditor.report.segmenter import cut_words

    assert "性晰" in cut_words("完备性晰")
    assert "性晰" not in cut_words("完备性晰", hmm=False) and "清晰" in cut_words("目标清晰", hmm=False)
