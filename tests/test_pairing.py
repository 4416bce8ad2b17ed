"""Self-evaluations held against their declarations: ten pairs of the test tree, every planted change found.

The declarations (tests/data/declarations.toml) are rendered as one workbook (one project a
sheet) and as one .docx each; the self-evaluations are the text files of tests/field and
tests/forms, and two of them rendered as Word forms. A pair's planted changes must each be
found, with the code, place and severity written down for it, and nothing else of the SD
family; a pair with no change must yield no SD finding.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli.main import main
from tests.support.declarations import PAIRS, evaluation_docx, source, word, workbook


def _run(capsys: pytest.CaptureFixture, argv: list[str]) -> dict:
    capsys.readouterr()
    main([*argv, "--format", "json", "--no-progress", "--fail-on", "never"])
    return json.loads(capsys.readouterr().out)


def _sd(out: dict, path: Path) -> list[dict]:
    return [f for f in out["findings"] if f["code"].startswith("SD") and Path(f["path"]).name == path.name]


def _answers(found: list[dict], planted: dict) -> bool:
    about = planted["about"]
    return any(
        f["code"] == planted["code"]
        and f["severity"] == planted["severity"]
        and (about in f["message"] or (about == "goal" and "预期目标" in f["message"]) or (about == "budget" and "预算" in f["message"])
             or (about == "unit" and "实施单位" in f["message"]))
        for f in found
    )  # fmt: skip


def _check_pairs(out: dict, evaluations: dict[int, Path], declared_in: str) -> None:
    for n, pair in enumerate(PAIRS):
        path = evaluations[n]
        found = _sd(out, path)
        planted = pair.get("planted", [])
        missing = [p for p in planted if not _answers(found, p)]
        assert not missing, f"{path.name} ({pair['change']}): not found {missing}; got {[f['message'] for f in found]}"
        assert len(found) == len(planted), f"{path.name} ({pair['change']}): {[f['message'] for f in found]}"
        (file,) = [f for f in out["files"] if Path(f["path"]).name == path.name]
        assert any(declared_in in p for p in file["documents"]["pairs"]), f"{path.name} not paired: {file['documents']}"
        assert "SD01" not in file["checks_not_run"] or "paired" not in file["missing_facts"]


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("declared")
    workbook(PAIRS, folder / "申报表.xlsx")
    for n, pair in enumerate(PAIRS, 1):
        word(pair, folder / f"申报表{n}.docx")
    return folder


def test_every_sheet_of_the_workbook_is_a_declaration_of_its_own(declared: Path, capsys) -> None:
    out = _run(capsys, [str(declared / "申报表.xlsx")])
    (file,) = out["files"]
    parts = file["documents"]["parts"]
    assert [p["project"] for p in parts] == [pair["project"] for pair in PAIRS]
    assert [p["indicators"] for p in parts] == [len(pair["rows"]) for pair in PAIRS]
    assert file["documents"]["kinds"] == ["declaration"]
    assert file["documents"]["said"] == "项目支出绩效目标申报表（9份）、部门整体绩效目标表"
    assert {p["form"] for p in parts} == {"project", "department"}
    # the self-evaluation checks read no declaration
    assert not [f for f in out["findings"] if f["code"][:2] in ("AM", "IN", "EX", "GR", "NT")]


def test_pairs_in_one_run_against_the_workbook(declared: Path, capsys) -> None:
    evaluations = {n: source(pair) for n, pair in enumerate(PAIRS)}
    out = _run(capsys, [str(declared / "申报表.xlsx"), *map(str, evaluations.values())])
    _check_pairs(out, evaluations, "申报表.xlsx")


def test_pairs_against_word_declarations_given_apart(declared: Path, capsys, tmp_path: Path) -> None:
    evaluations = {n: source(pair) for n, pair in enumerate(PAIRS)}
    words = tmp_path / "words"
    words.mkdir()
    for docx in declared.glob("*.docx"):
        (words / docx.name).write_bytes(docx.read_bytes())
    out = _run(capsys, [*map(str, evaluations.values()), "--declarations", str(words)])
    _check_pairs(out, evaluations, ".docx")
    # the declarations were read, not audited: only the self-evaluations are in the output
    assert {Path(f["path"]).name for f in out["files"]} == {p.name for p in evaluations.values()}


def test_a_word_self_evaluation_pairs_with_the_workbook(declared: Path, capsys, tmp_path: Path) -> None:
    n = next(i for i, pair in enumerate(PAIRS) if pair["evaluation"].endswith("gF2_01.txt"))
    form = evaluation_docx(source(PAIRS[n]), tmp_path / "自评表.docx")
    out = _run(capsys, [str(form), "--declarations", str(declared / "申报表.xlsx")])
    (found,) = _sd(out, form)
    assert found["code"] == "SD02" and "服务合格比率" in found["message"]
    assert "申报表.xlsx" in found["message"] and found["related"][0]["sheet"].startswith("2.")
    assert found["location"]["table"] is not None  # located in the Word table


def test_next_year_pairs_through_the_history(declared: Path, capsys, db_url: str) -> None:
    first = _run(capsys, [str(declared / "申报表.xlsx"), "--db", db_url])
    assert not [f for f in first["findings"] if f["code"].startswith("SD")]
    evaluations = {n: source(pair) for n, pair in enumerate(PAIRS)}
    later = _run(capsys, [*map(str, evaluations.values()), "--db", db_url])
    _check_pairs(later, evaluations, "申报表.xlsx")


def test_a_self_evaluation_alone_says_no_declaration_was_found(capsys) -> None:
    path = source(PAIRS[0])
    out = _run(capsys, [str(path)])
    (file,) = out["files"]
    assert "paired" in file["missing_facts"] and "SD01" in file["checks_not_run"]
    capsys.readouterr()
    main([str(path), "--no-progress", "--fail-on", "never"])
    text = capsys.readouterr().out
    assert "对应的绩效目标申报表" in text and "SD01" in text


def test_the_formats_name_the_pair(declared: Path, capsys, tmp_path: Path) -> None:
    import openpyxl

    n = next(i for i, pair in enumerate(PAIRS) if pair["evaluation"].endswith("gF2_01.txt"))
    evaluation, book = str(source(PAIRS[n])), str(declared / "申报表.xlsx")
    capsys.readouterr()
    main([evaluation, book, "--format", "sarif", "--no-progress", "--fail-on", "never"])
    sarif = json.loads(capsys.readouterr().out)["runs"][0]
    art = next(a for a in sarif["artifacts"] if a["location"]["uri"].endswith("gF2_01.txt"))
    assert "申报表.xlsx" in art["properties"]["heldAgainst"][0] and art["properties"]["documentKinds"] == ["self-evaluation"]
    result = next(r for r in sarif["results"] if r["ruleId"] == "SD02")
    assert "申报表.xlsx" in result["message"]["text"] and result["relatedLocations"]
    out = tmp_path / "结果.xlsx"
    main([evaluation, book, "--format", "xlsx", "-o", str(out), "--no-progress", "--fail-on", "never"])
    rows = list(openpyxl.load_workbook(out)["报告汇总"].iter_rows(values_only=True))
    mine = next(r for r in rows if str(r[0]).endswith("gF2_01.txt"))
    assert mine[8] == "绩效自评表" and "申报表.xlsx" in mine[9]
    theirs = next(r for r in rows if str(r[0]).endswith("申报表.xlsx"))
    assert theirs[8].startswith("项目支出绩效目标申报表")
