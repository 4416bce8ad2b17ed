"""Bad and strange input never raises: random report-like text through the whole pipeline."""

from __future__ import annotations

import random

import pytest

from auditor import audit
from auditor.engine.plugins import collect_checks, make_plugin_manager
from auditor.report.errors import ReadError

PIECES = [
    "\t", "\t\t", "\n", "\n\n", "\r\n", " ", "|", "||", "：", "，", "。", "；", "、", "（一）", "一、", "1.",
    "（1）", "2021年", "2020年度", "（2021年度）", "预算", "执行率", "59.93%", "100%", "1,000.00", "3", "0",
    "万元", "元", "亿元", "得分", "分值", "权重", "总分", "合计", "年度资金总额", "其中：", "指标2：", "……",
    "一级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "≥95%", "100余人", "三万元",
    "百分之九十五", "郑发[2019]18号", "优", "优秀", "𠮷", "$\\geq", "\\%$", "—", "/", "—\t—", "全年预算数",
    "全年执行数", "设置的预期绩效目标基本已完成", "居民区党组织沟通", "x" * 300,
]  # fmt: skip


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 400))) for _ in range(n)]


@pytest.fixture(scope="module")
def pipeline():
    pm = make_plugin_manager(entry_points=False)
    return pm, collect_checks(pm)


@pytest.mark.parametrize("seed", range(8))
def test_random_report_text_never_raises(pipeline, seed: int) -> None:
    pm, checks = pipeline
    for n, text in enumerate(_texts(25, seed)):
        report = pm.hook.pfaudit_read(path=f"fuzz-{seed}-{n}.txt", data=text.encode("utf-8"))
        for f in audit(report, checks, strict=True):
            assert f.location is not None and f.code and f.message


@pytest.mark.parametrize("seed", range(4))
def test_random_bytes_are_read_or_refused(pipeline, seed: int) -> None:
    pm, checks = pipeline
    rng = random.Random(seed)
    for n in range(25):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
        try:
            report = pm.hook.pfaudit_read(path=f"bytes-{seed}-{n}.bin", data=data)
        except ReadError as exc:
            assert str(exc)  # refused with a message
            continue
        audit(report, checks, strict=True)
