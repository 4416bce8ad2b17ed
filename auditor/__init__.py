"""pfaudit: a consistency auditor for Chinese budget-performance self-evaluation reports."""

from auditor.check import Check, check, module_checks
from auditor.engine import audit
from auditor.facts import (
    Facts,
    FiscalYear,
    Form,
    FundLine,
    IndicatorRow,
    ProseFigure,
    Sentence,
    Stated,
    Total,
    YearMention,
    extract,
)
from auditor.facts.prose import split_sentences
from auditor.facts.types import GradeBand, GradeScale, Grading, IndicatorGroup, ScoreBand, StatedGrade
from auditor.findings import Finding, Location, Severity
from auditor.hookspecs import hookimpl
from auditor.model import BLANK_MARKS, Anchor, Cell, Heading, Mapped, Paragraph, Report, Row, Span, Table
from auditor.numbers import Quantity, quantize, rate_of, show, sum_tolerance
from auditor.profile import Profile, load_profile

__version__ = "0.1.0"

__all__ = [
    "BLANK_MARKS",
    "Anchor",
    "Cell",
    "Check",
    "Facts",
    "Finding",
    "FiscalYear",
    "Form",
    "FundLine",
    "GradeBand",
    "GradeScale",
    "Grading",
    "Heading",
    "IndicatorGroup",
    "IndicatorRow",
    "Location",
    "Mapped",
    "Paragraph",
    "Profile",
    "ProseFigure",
    "Quantity",
    "Report",
    "Row",
    "ScoreBand",
    "Sentence",
    "Severity",
    "Span",
    "Stated",
    "StatedGrade",
    "Table",
    "Total",
    "YearMention",
    "__version__",
    "audit",
    "check",
    "extract",
    "hookimpl",
    "load_profile",
    "module_checks",
    "quantize",
    "rate_of",
    "show",
    "split_sentences",
    "sum_tolerance",
]
