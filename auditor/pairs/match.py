"""Which declaration a self-evaluation answers to: the same project, unit and year.

Names are compared in a normal form: full-width folded, no spaces or punctuation, no year, no
budget-system code in front ("51000021R000000019951-", "[105]"), no "(本级)". A declaration
pairs with a self-evaluation when their project names agree, their units agree where both
name one (one may add a level: "某街道办事处" and "某街道办事处（本级）"), and their years agree
where both state one. The nearest declaration wins: one in the same file, then one of this
run, then one given with ``--declarations``, then one from the audit history; among those, one
stating the same year before one stating none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import regex

from auditor.engine.findings import Finding
from auditor.pairs.document import Document, Held, Line
from auditor.pairs.likeness import match_lines

_CODE = regex.compile(r"^(?:\[[0-9A-Za-z]+\]|[0-9A-Za-z]{6,}\s*[-—_－]|\d+\s*[.、])\s*")
_YEAR = regex.compile(r"(?:19|20)\d{2}\s*年度?")
_LEVEL = regex.compile(r"[(（](?:本级|机关|本部)[)）]")
_DROP = regex.compile(r"[\s\p{P}\p{S}]+")
SOURCES = ("file", "run", "declarations", "history")  # where a declaration was found, nearest first


def key(text: str) -> str:
    """A project or unit name in the form names are compared in (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).strip()
    while (m := _CODE.match(folded)) is not None and m.end() < len(folded):
        folded = folded[m.end() :]
    folded = _LEVEL.sub("", _YEAR.sub("", folded))
    bare = _DROP.sub("", folded)
    return bare.removesuffix("项目") if len(bare) > 4 else bare


def _keys(doc: Document) -> set[str]:
    return {k for held in (doc.unit, doc.department) if held is not None and (k := key(held.text))}


def _units_agree(a: Document, b: Document) -> bool:
    mine, theirs = _keys(a), _keys(b)
    if not mine or not theirs:
        return True
    return any(x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)) for x in mine for y in theirs)


def project_key(doc: Document) -> str:
    """What a document is about: its project, or for a department's documents the department."""
    if doc.project is not None and (k := key(doc.project.text)):
        return k
    return key(doc.unit.text) if doc.form == "department" and doc.unit is not None else ""


def answers(evaluation: Document, declaration: Document) -> bool:
    """Whether a self-evaluation answers to a declaration: the same project, unit and year."""
    if declaration.kind != "declaration" or evaluation.kind == "declaration":
        return False
    name = project_key(evaluation) or (key(evaluation.unit.text) if evaluation.unit else "")
    if not name or name != project_key(declaration):
        return False
    if evaluation.year and declaration.year and evaluation.year != declaration.year:
        return False
    return _units_agree(evaluation, declaration)


@dataclass(frozen=True, slots=True)
class Pair:
    """A self-evaluation and the declaration it answers to (None: none found; the table alone is read)."""

    evaluation: Document
    declaration: Document | None = None
    source: str = ""  # one of SOURCES: where the declaration was found

    @property
    def against(self) -> tuple[str, str]:
        """How a message names the declaration held against, in Chinese and English ("" without one)."""
        d = self.declaration
        if d is None:
            return "", ""
        where = "" if d.path == self.evaluation.path else f"（{PurePath(d.path).name}）"
        where_en = "" if d.path == self.evaluation.path else f" ({PurePath(d.path).name})"
        return f"与{d.named}{where}对照：", f"against {d.named}{where_en}: "

    @property
    def readable(self) -> bool:
        """Both indicator tables read, every row with certainty: what a finding about the set of rows may rest on."""
        d, e = self.declaration, self.evaluation
        return (
            d is not None and bool(d.lines) and bool(e.lines)
            and all(line.certain for line in d.lines) and all(line.certain for line in e.lines)
        )  # fmt: skip

    def matched(self) -> list[tuple[Line, Line, float]]:
        """The rows matched between the two (`lines.match_lines`), both read with certainty."""
        d, e = self.declaration, self.evaluation
        if d is None or not d.lines or not e.lines:
            return []
        return [(a, b, like) for a, b, like in match_lines(d.lines, e.lines).matched if a.certain and b.certain]

    def finding(self, at: Held, message: str, message_en: str, *, related: Iterable[Held | None] = (), **values: Any) -> Finding:
        """A finding of a paired check at `at` in the self-evaluation, its message naming the declaration.

        :param related: the places in either document the finding refers to (the declared row).
        :param values: `Finding` fields besides (expected, actual, severity).
        """
        zh, en = self.against
        return Finding(
            at.span, zh + message, path=self.evaluation.path, location=at.location, snippet=at.snippet,
            related_locations=tuple(h.location for h in related if h is not None and h.location is not None),
            message_en=en + message_en, **values,
        )  # fmt: skip


Index = dict[str, list[Document]]


def index(declarations: Iterable[Document]) -> Index:
    """Declarations by the name they are about, so that a self-evaluation meets only its own project's."""
    out: Index = {}
    for d in declarations:
        if d.kind == "declaration" and (k := project_key(d)):
            out.setdefault(k, []).append(d)
    return out


def find(evaluation: Document, found: Iterable[tuple[str, Index]]) -> Pair:
    """The pair for a self-evaluation, given indexed declarations by source, nearest source first.

    A lookup by name, then the unit and year tests on the few declarations of that name: a run
    of thousands of reports pairs in linear time.
    """
    name = project_key(evaluation) or (key(evaluation.unit.text) if evaluation.unit else "")  # as `answers` names it
    for source, declarations in found:
        hits = [d for d in declarations.get(name, ()) if answers(evaluation, d)] if name else []
        if hits:
            exact = [d for d in hits if d.year is not None and d.year == evaluation.year]
            return Pair(evaluation, (exact or hits)[0], source)
    return Pair(evaluation)
