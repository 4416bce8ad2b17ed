"""Headers printed over two lines, each column word split between them ("年度 实际" over "指标值 完成值").

The first halves stand in the header as words the vocabulary does not know, the second halves
come after them: after a line break, glued on where a flat printing lost it, or closing a glued
header. Joined in order, they are the header's columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from auditor.facts.decode.pieces import Gap, Piece

PREFIXES = {"年度", "实际", "全年", "年初", "计划", "预期", "目标", "年度指标", "全年实际"}


def wrapped_words(
    ps: Sequence[Piece], word: Callable[[str], str | None], roles: list[str], starts: list[int], ends: list[int], cols: list[int]
) -> tuple[list[str], list[int], list[int], list[int]]:
    """A header printed on two lines, each column word split between them ("年度 实际" over "指标值
    完成值"): the first halves stood as unknown columns, the second halves came after; join them.

    Glued, the first halves run together ("年度实际") and the second halves close the header
    ("…改进措施指标值完成值"): they are joined in order when every first half finds its own.
    """
    text = ["".join(p.value for p in ps[a:b]) for a, b in zip(starts, ends, strict=True)]
    roles, starts, ends, cols, text = _halves(roles, starts, ends, cols, text)
    keep = [True] * len(roles)
    for i, role in enumerate(roles):
        if not role.startswith("other") or text[i] not in PREFIXES:
            continue
        for j in range(i + 1, len(roles)):
            if keep[j] and not roles[j].startswith("other") and any(_line_broken(ps, starts[k]) for k in range(i + 1, j + 1)):
                joined = word(text[i] + text[j])
                if joined is not None:
                    roles[i] = joined
                    keep[j] = False
                    break
    firsts = [i for i, role in enumerate(roles) if role.startswith("other") and text[i] in PREFIXES]
    tail = len(firsts)
    if firsts and len(roles) - tail > firsts[-1] and all(keep[len(roles) - tail :]):
        joined = [word(text[i] + text[j]) for i, j in zip(firsts, range(len(roles) - tail, len(roles)), strict=True)]
        if all(joined):
            for i, word in zip(firsts, joined, strict=True):
                roles[i] = word
            keep[len(roles) - tail :] = [False] * tail
    pick = [n for n in range(len(roles)) if keep[n]]
    return [roles[n] for n in pick], [starts[n] for n in pick], [ends[n] for n in pick], [cols[n] for n in pick]


def _halves(
    roles: list[str], starts: list[int], ends: list[int], cols: list[int], text: list[str]
) -> tuple[list[str], list[int], list[int], list[int], list[str]]:
    """An unknown column that is first halves run together ("年度实际") stands for each of them."""
    out: tuple[list, list, list, list, list] = ([], [], [], [], [])
    for role, start, end, col, t in zip(roles, starts, ends, cols, text, strict=True):
        parts = _prefixes(t) if role.startswith("other") and t not in PREFIXES else None
        for part in parts or [t]:
            for column, value in zip(out, (role, start, end, col, part), strict=True):
                column.append(value)
    return out


def _prefixes(t: str) -> list[str] | None:
    """`t` cut into first halves ("年度实际" → 年度, 实际), or None."""
    if not t:
        return []
    for k in range(len(t), 0, -1):
        if t[:k] in PREFIXES and (rest := _prefixes(t[k:])) is not None:
            return [t[:k], *rest]
    return None


def _line_broken(ps: Sequence[Piece], k: int) -> bool:
    """Whether a line break stands before piece k: printed, or lost where a flat printing glued the
    header's second line onto its first ("…改进措施指标值")."""
    return ps[k].gap >= Gap.LINE or (ps[k].gap == Gap.GLUED and k > 0 and ps[k - 1].gap != Gap.GLUED)
