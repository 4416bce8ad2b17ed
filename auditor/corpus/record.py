"""`Record`: what the corpus view keeps of one report once its own audit is done.

A record is plain data, already located: the report-level fields, the sentences long enough
to compare across reports, the indicator targets and the stated causes of a deviation. It is
made in the process that audited the report (`make_record`, passed as `Setup.keep`), travels
back to the corpus pass and is written to the audit history.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from auditor.corpus import fields as facts_of
from auditor.corpus.bridge import has_content
from auditor.engine.findings import Location, locate, source_line
from auditor.facts import Facts
from auditor.report.model import Report, Span

PASSAGE_MIN = 15  # characters (normal form) below which a sentence is no evidence of copying
_DROP = regex.compile(r"[\s\p{P}\p{S}]+")
_DIGITS = regex.compile(r"\d+(?:\.\d+)?")
_YEAR = regex.compile(r"\d{4}\s*年度?")
# A report's title names its project and year; the same project's titles match year after year.
_TITLE = regex.compile(r"(?:报告|自评表|评价表|情况表)$")


def normal(text: str) -> str:
    """The form texts are compared in: full-width folded, no spaces or punctuation, numbers as ``#``.

    Numbers are masked because a copied paragraph keeps its wording when the figures are
    updated: 照搬 with this year's amounts is still 照搬.
    """
    folded = unicodedata.normalize("NFKC", text)
    return _DIGITS.sub("#", _DROP.sub("", folded))


def exact(text: str) -> str:
    """The form in which "word for word" is judged: full-width folded, no spaces, figures kept."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def name_key(text: str) -> str:
    """A project or unit name as compared across years: no year, spaces or punctuation."""
    return _DROP.sub("", _YEAR.sub("", unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True, slots=True)
class Value:
    """A report-level field: as printed, its number (money in 元, rates in percent), where it stands."""

    text: str
    number: Decimal | None = None
    location: Location | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence (or a stated cause) in normal form, with where it stands and the line it is on."""

    text: str  # `normal` form for a sentence, `exact` form for a stated cause
    span: Span
    location: Location
    snippet: str


@dataclass(frozen=True, slots=True)
class Record:
    """One audited report as the corpus view sees it (see the module docstring)."""

    path: str
    digest: str  # sha256 of the file's bytes: the same file audited twice is one report
    fields: dict[str, Value] = field(default_factory=dict)  # keys from `fields.FIELDS`, present ones only
    passages: tuple[Passage, ...] = ()
    chars: int = 0  # characters (normal form) of all sentences: what copied shares are a share of
    targets: tuple[tuple[str, str], ...] = ()  # (indicator, 年度指标值) in `exact` form, table order
    target_at: Location | None = None  # the first target cell
    reasons: tuple[Passage, ...] = ()
    run: int | None = None  # the database run this record was read from; None for the current run

    def number(self, name: str) -> Decimal | None:
        """A field's number, or None."""
        value = self.fields.get(name)
        return value.number if value is not None else None

    def text(self, name: str) -> str:
        """A field as printed, or ""."""
        value = self.fields.get(name)
        return value.text if value is not None else ""

    @property
    def year(self) -> int | None:
        """The fiscal year the report is about."""
        number = self.number("year")
        return int(number) if number is not None else None

    @property
    def title(self) -> str:
        """How a message names the report: its project and year, else its file name."""
        name = self.text("project") or self.path.rsplit("/", 1)[-1]
        return f"{self.year}年度“{name}”" if self.year else f"“{name}”"

    def same_project(self, other: Record) -> bool:
        """Whether two reports are about the same project: same name, and same unit when both name one."""
        mine, theirs = name_key(self.text("project")), name_key(other.text("project"))
        if not mine or mine != theirs:
            return False
        units = name_key(self.text("unit")), name_key(other.text("unit"))
        return not all(units) or units[0] == units[1]


def _passage(report: Report, text: str, span: Span) -> Passage:
    snippet = source_line(report, span) if report.kind == "text" else report.snippet(span)
    return Passage(text, span, locate(report, span), snippet)


def make_record(report: Report, facts: Facts, data: bytes) -> Record:
    """The record of one report; `Setup.keep` for a run whose corpus checks will run."""
    values = {}
    for name, found in facts_of.report_fields(report, facts).items():
        if found is not None:
            text, number, span = found
            values[name] = Value(text, number, locate(report, span) if span is not None else None, span)
    passages, chars = [], 0
    for text, span in sorted(facts_of.sentences(facts), key=lambda s: s[1].start):
        n = len(shown := normal(text))
        chars += n
        if n >= PASSAGE_MIN and not _TITLE.search(shown):
            passages.append(_passage(report, shown, span))
    if not has_content(facts.found()) or facts.kinds == ("declaration",):
        # Not a self-evaluation (a target declaration, a cover letter): its background text is
        # shared by every project of its kind and says nothing about how any of them went.
        passages = []
    targets = facts_of.targets(facts)
    return Record(
        path=report.path,
        digest=hashlib.sha256(data).hexdigest(),
        fields=values,
        passages=tuple(passages),
        chars=chars,
        targets=tuple((exact(name), exact(target)) for name, target, _ in targets),
        target_at=locate(report, targets[0][2]) if targets else None,
        reasons=tuple(_passage(report, exact(text), span) for text, span in facts_of.reasons(report, facts)),
    )


@dataclass(frozen=True, slots=True)
class Copy:
    """A passage of `record` (consecutive sentences) that `other` also has, nearly word for word.

    `passages` are in `record`, `others` the matching sentences of `other`; `chars` counts
    the passage's characters and `share` is the part of `record`'s text (in percent) that all
    its passages copied from `other` cover together.
    """

    record: Record
    other: Record
    passages: tuple[Passage, ...]
    others: tuple[Passage, ...]
    similarity: Decimal  # the lowest sentence similarity in the passage, in percent
    chars: int
    share: Decimal
