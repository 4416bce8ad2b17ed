"""The words a header is made of: each column's word and its synonyms, for a fund block and
for an indicator table, and the words that stand above columns without being one.

Each entry is (role, pattern); the first entry whose pattern covers a cell, with the decorations
a form adds ("(A)", "(万元)", "(20分*执行率)"), names the column.
"""

from __future__ import annotations

import regex

WORD_CHARS = 40  # a header word, decorations and all, is no longer
# Decorations a header word may carry: "(A)", "(B/A)", "(分)", "(%)", "(20分*执行率)", "(万元)".
_DECOR = r"(?:\s*[(（][^()（）]{0,12}[)）])*"

FUND_WORDS: tuple[tuple[str, str], ...] = (
    ("note", r"得分计算方法|计算方法|评分标准|评分方法"),
    # before 执行率: glued, "执行率权重" is one word, not 执行率 + 权重
    ("weight", r"(?:执行率|资金执行|预算执行)?(?:分值|权重)"),
    ("score", r"(?:执行率|资金执行|预算执行)?得分"),
    ("rate", r"(?:预算|资金|支出|项目)?执行率(?:\(%\))?|(?:资金)?支付率|(?:预算|资金)?支出率"),
    ("received_rate", r"(?:资金|预算)?到位率"),
    ("received", r"(?:全年|实际)?(?:资金)?到位(?:资金|数|金额)"),
    ("initial", r"年初(?:预算|批复)(?:数|金额|资金)?"),
    ("budget", r"全年(?:\(调整\)|调整)?预算(?:数|金额)?|调整后(?:的)?(?:全年)?预算(?:数|金额)?|当年预算(?:数)?"
               r"|调整(?:后)?预算(?:数|金额)?|预算(?:数|金额)|预算安排(?:数|资金|金额)?|年度预算(?:数)?"),
    ("spent", r"(?:全年|本年度|本年|当年|年度)?(?:(?:预算)?执行(?:数|金额)|实际执行(?:数)?|(?:实际)?支出(?:数|金额)|实际支出)"
              r"|全年执行(?:数|金额)?|决算数"),
    ("reason", r"(?:偏差|未完成)?原因(?:分析)?|备注"),
)  # fmt: skip
INDICATOR_WORDS: tuple[tuple[str, str], ...] = (
    ("level1", r"一级(?:指标)?|分解目标"),
    ("group_weight", r"自评权重|一级指标(?:分值|权重)"),
    ("level2", r"二级(?:指标)?"),
    ("name", r"三级(?:指标)?|(?:绩效)?指标名称|指标内容"),
    ("nature", r"指标(?:性质|方向|属性)"),
    ("unit", r"(?:度量|计量)单位"),
    ("adjusted", r"(?:全年)?调整(?:后)?(?:指标值|目标值)|全年\(调整\)(?:指标值|目标值)"),
    ("target", r"(?:年度|年初|预期|计划|全年)?(?:指标值|目标值)|预期值|计划值|年初设定目标值?"),
    ("actual", r"(?:全年)?实际(?:完成)?值|(?:全年)?完成值|实际完成|全年成值|年成值全完值|实施进度|完成进度|执行进度|进展情况"),
    ("coefficient", r"得分系数"),
    ("weight", r"(?:指标)?(?:分值|权重)|考值参分|参考分值"),
    ("score", r"(?:指标|自评)?得分|评分|自评分"),
    ("core", r"是否核心指标"),
    ("index", r"序号|编号"),
    ("note", r"指标解释|指标说明(?:及评分标准)?|评分标准|评分规则|评分细则|计算方法|评分方法|得分计算方法|佐证材料|说明"),
    ("reason", r"(?:偏差|未完成)?(?:及)?原因(?:分析)?(?:及|和)?(?:改进措施|拟采取的改进措施)?(?:及改进措施)?|备注"),
)  # fmt: skip
# Words above the columns, not columns: a merged title cell or a group over sub-columns.
PARENTS = regex.compile(rf"^(?:绩效指标|年度绩效指标|年度绩效目标|项目资金|资金情况|预算执行情况|绩\s*效\s*指\s*标){_DECOR}$")

# Words OCR garbled between two header words: Latin letters where characters were ("全年(If整)" for
# 全年(调整), "将,A、" for 数(A)), a few characters at most. Prose never puts Latin between column words.
# NOTE: the length first, so that a long text between two words fails at once
GARBLED = regex.compile(r"(?=.{2,8}$)(?=.*[A-Za-z])(?=[^\p{Han}]*(?:\p{Han}[^\p{Han}]*){0,3}$).+")


def _compiled(words: tuple[tuple[str, str], ...]) -> tuple[regex.Pattern, tuple[str, ...]]:
    """One pattern for a kind's words, each in its own group: the first word that fits wins.

    A word's own pattern holds no capturing group, so group n is word n (tests/test_reading.py).
    """
    return regex.compile("^(?:" + "|".join(f"({p})" for _, p in words) + f"){_DECOR}$"), tuple(r for r, _ in words)


FUND = _compiled(FUND_WORDS)
INDICATOR = _compiled(INDICATOR_WORDS)
