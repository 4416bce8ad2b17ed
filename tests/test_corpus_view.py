"""The corpus view on generated corpora: copying found across reports, template text learned and left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli.main import main
from tests.support.generate import FORM_TEXT, reports


def _run(capsys: pytest.CaptureFixture, folder: Path, *extra: str) -> dict:
    capsys.readouterr()
    main([str(folder), "--format", "json", "--no-progress", "--select", "CP,YY", *extra])
    return json.loads(capsys.readouterr().out)


def _write(folder: Path, texts: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for n, text in enumerate(texts):
        (folder / f"r{n:02d}.txt").write_text(text, encoding="utf-8")


def test_copied_paragraphs_are_found_with_both_locations(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = reports(12, seed=5)
    corpus[7].prose[2] = corpus[3].prose[0]  # department 7 pastes department 3's first paragraph
    _write(tmp_path / "in", [r.text() for r in corpus])
    out = _run(capsys, tmp_path / "in")
    found = sorted((Path(f["path"]).name, f["line"], f["code"]) for f in out["findings"])
    assert found == [("r03.txt", 5, "CP01"), ("r07.txt", 7, "CP01")]
    copy = next(f for f in out["findings"] if f["path"].endswith("r07.txt"))
    assert {(Path(r["path"]).name, r["line"]) for r in copy["related"]} == {("r03.txt", 5)}
    assert "6句" in copy["message"]  # three sentences of two clauses each and "占本报告正文的" in copy["message"]
    assert copy["actual"].endswith("%") and 15 <= int(copy["actual"].rstrip("%")) <= 35


def test_independent_reports_sharing_only_the_form_text_are_silent(tmp_path: Path, capsys) -> None:
    _write(tmp_path / "in", [r.text() for r in reports(30, seed=6)])
    assert _run(capsys, tmp_path / "in")["findings"] == []
    # The form text is long enough to compare: it is template learned from the corpus that keeps it quiet.
    config = tmp_path / "no-template.toml"
    config.write_text("[checks.CP01]\ntemplate_share = 2\ntemplate_reports = 1000\n", encoding="utf-8")
    loud = _run(capsys, tmp_path / "in", "--config", str(config))["findings"]
    assert loud and all(f["code"] == "CP01" for f in loud)
    assert {f["snippet"] for f in loud} == {"".join(FORM_TEXT)}


def test_year_over_year_within_one_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    before, after = reports(4, seed=8, year=2022), reports(4, seed=9, year=2023)
    after[1].project = before[1].project.__class__(
        before[1].project.unit, before[1].project.work, before[1].project.budget * 2, before[1].project.targets
    )  # twice the money, the very same targets
    before[2].reason = after[2].reason = "受场地改造影响，部分服务推迟到下半年开展，已调整工作计划。"
    after[2].project = before[2].project
    _write(tmp_path / "in", [r.text() for r in before + after])
    out = _run(capsys, tmp_path / "in")
    found = sorted((Path(f["path"]).name, f["code"], Path(f["related"][0]["path"]).name) for f in out["findings"])
    assert found == [("r05.txt", "YY01", "r01.txt"), ("r06.txt", "YY02", "r02.txt")]


def _broken_keep(report, facts, data):
    raise ValueError("no record")


def test_a_failing_record_costs_only_the_corpus_pass(tmp_path: Path) -> None:
    from auditor.corpus.record import make_record
    from auditor.pipeline.audit import Setup, audit_bytes

    text = reports(1)[0].text().replace("| 合计 | | | | | 100 |", "| 合计 | | | | | 90 |")
    kept = audit_bytes(text.encode("utf-8"), "r.txt", Setup.build(keep=make_record))
    broken = audit_bytes(text.encode("utf-8"), "r.txt", Setup.build(keep=_broken_keep))
    assert kept.findings and broken.findings == kept.findings
    assert kept.kept is not None and kept.kept.path == "r.txt"
    assert broken.kept is None and broken.notes[-1].startswith("未能提取跨报告检查所需的内容")


def test_documents_that_are_not_self_evaluations_are_not_compared(tmp_path: Path, capsys) -> None:
    # Two target declarations (too few to learn a template from) share their background text; neither
    # of them reports a year, funds or results, so there is nothing of a self-evaluation to copy.
    background = (
        "社区工作站是政府在社区的服务平台，协助、配合政府及其部门在社区开展党的建设、社会治理、公共服务等工作，"
        "承担社区居民自治组织建设、社区矛盾纠纷化解和社区事务管理等职责，是联系群众、服务群众的前沿阵地。"
    )
    texts = [f"{name}社区工作站经费项目申报材料\n项目背景：{background}\n" for name in ("东方", "红星")]
    _write(tmp_path / "in", texts)
    assert [f for f in _run(capsys, tmp_path / "in")["findings"] if f["code"] == "CP01"] == []
    # the same passage in two self-evaluation reports is still a copy
    reports_ = [
        f"2023年度{name}社区工作站经费项目绩效自评报告\n一、基本情况\n{background}\n项目年初预算{n}0万元，实际支出{n}0万元，预算执行率100%。\n"
        for n, name in enumerate(("东方", "红星"), start=3)
    ]
    _write(tmp_path / "two", reports_)
    assert {f["code"] for f in _run(capsys, tmp_path / "two")["findings"]} == {"CP01"}
