"""``pfaudit read`` end to end (in-process): what a staff member sees of a report's tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from auditor.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
GLUED = ROOT / "tests" / "forms" / "gH2_13.txt"  # rows glued on one line: all but the last have another reading
GRID = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"  # a tab-separated grid


def test_rows_read_more_than_one_way_are_marked_in_the_tables(capsys) -> None:
    assert main(["read", str(GLUED)]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if "国家级公益林管护总面积" in line]
    assert len(rows) == 1 and rows[0].startswith("？")
    assert "此行有不止一种读法" in out


def test_the_json_says_which_rows_are_uncertain_and_a_clean_grid_has_none(capsys) -> None:
    assert main(["read", str(GLUED), str(GRID), "--format", "json"]) == 0
    glued, grid = json.loads(capsys.readouterr().out)
    assert glued["fiscal_year"] == 2023 and grid["fiscal_year"] == 2020
    # (the last, "…成灾率%0.4100.110", is 0.4 | 10 | 0.1 | 10 with no 0 得分 to compete)
    assert [row.get("certain") for row in glued["forms"][0]["indicators"]] == [False] * 5 + [None]
    rows = grid["forms"][0]["indicators"]
    assert not any("certain" in row for row in rows)
    assert any(row["name"] == "项目完成率" and row["weight"] == "10" and row["score"] == "10" for row in rows)


def test_a_folder_is_walked_and_a_bad_file_is_one_line(tmp_path: Path, capsys) -> None:
    shutil.copy(GRID, tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(GLUED, tmp_path / "sub" / "b.txt")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    assert main(["read", str(tmp_path), "--lang", "en"]) == 1
    got = capsys.readouterr()
    assert "a.txt  fiscal year 2020" in got.out and "b.txt  fiscal year 2023" in got.out
    assert "? this row can be read more than one way" in got.out
    lines = got.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pfaudit: ") and "c.pdf" in lines[0] and "Traceback" not in got.err


def test_a_year_no_title_states_is_inferred_from_the_prose_and_marked(tmp_path: Path, capsys) -> None:
    from auditor.facts import extract
    from auditor.readers.plain.parse import parse

    # the year a report's prose states most, where its title and forms state none: shown as
    # inferred, never a fact a check compares (a document number's 〔2017〕 and the date it was
    # filled in are no mentions of its year)
    text = (
        "清英县创建文明城市专项资金绩效自评报告\n"
        "县市场监管局于2020年初提出资金申请，财政局依据《实施方案》(清府办函〔2017〕75号)审核，2020年度资金已全部拨付。\n"
        "2019年结转资金为零。填报日期：2021年3月5日\n"
    )
    facts = extract(parse(text, "report.txt"))
    assert facts.fiscal_year is None and facts.inferred_year is not None and facts.inferred_year.year == 2020
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["read", str(path), "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["fiscal_year"] == 2020 and got["fiscal_year_inferred"] is True
    assert main(["read", str(path)]) == 0
    assert "年度 2020（按正文推断）" in capsys.readouterr().out
    # two years stated as often: nothing is inferred
    tie = extract(parse("报告\n2020年完成一半，2021年完成其余。\n", "tie.txt"))
    assert tie.inferred_year is None
    # a form that states no year but the date it was filled in, in the first half of a year: the
    # year before (gH3_03 of the forms corpus); filled in later in the year, it says nothing
    form = "单位名称:枫岗镇政府 填报日期:{}\n部门整体支出绩效自评表\n"
    assert extract(parse(form.format("2021.5.18"), "form.txt")).inferred_year.year == 2020
    assert extract(parse(form.format("2021.9.18"), "form.txt")).inferred_year is None


def test_a_cell_another_close_reading_fills_otherwise_is_not_read_for_sure(capsys) -> None:
    # gH2_13's glued rows ("…面积万亩2110110…"): where a close reading puts another figure in a
    # column, the JSON gives no value and keeps the likeliest apart; the table marks it with "？"
    assert main(["read", str(GLUED), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["forms"][0]["indicators"]
    unsure = [row for row in rows if row.get("unsure")]
    assert unsure and all(row[role] is None for row in unsure for role in row["unsure"])
    # a cell no other reading disputes is read as before
    assert all(row["name"] for row in unsure)
    assert main(["read", str(GLUED)]) == 0
    out = capsys.readouterr().out
    value = next(iter(unsure[0]["unsure"].values()))
    assert f"{value}？" in out and "不算读出" in out


def test_a_file_over_the_time_limit_is_one_line_and_the_next_is_read(tmp_path: Path, capsys) -> None:
    from tests.support import hostile

    slow = tmp_path / "slow.txt"
    slow.write_bytes(hostile.long_line(1_900_000, "预算数100万元，执行率95%，"))  # half a minute of CPU
    assert main(["read", str(slow), str(GRID), "--time-limit", "2", "--format", "json"]) == 1
    got = capsys.readouterr()
    assert json.loads(got.out)["fiscal_year"] == 2020  # the next file alone is read, in a fresh child
    assert "slow.txt" in got.err and "时间上限（2 秒）" in got.err


def test_a_bad_limit_is_a_usage_error(capsys) -> None:
    assert main(["read", str(GRID), "--memory-limit", "-5"]) == 2
    assert "memory" in capsys.readouterr().err
