"""pfaudit: a consistency auditor for Chinese budget-performance self-evaluation reports."""

from auditor.check import DOCUMENTS, Check, check
from auditor.corpus.record import Record
from auditor.corpus.view import Corpus
from auditor.engine import audit
from auditor.facts import *  # noqa: F403 -- the facts package's public names, as it lists them
from auditor.facts import __all__ as _facts_all
from auditor.facts.prose import split_sentences
from auditor.facts.types.form import IndicatorGroup, ScoreBand
from auditor.facts.types.prose import ExecutionRate, GradeBand, GradeScale, Grading, StatedGrade
from auditor.findings import Finding, Location, Severity
from auditor.hookspecs import hookimpl
from auditor.model import BLANK_MARKS, Anchor, Cell, Heading, Mapped, Paragraph, Report, Row, Span, Table
from auditor.numbers import (
    Quantity,
    Summed,
    misread_comparator,
    printed_slack,
    quantize,
    rate_agrees,
    rate_of,
    show,
    sum_mismatch,
    sum_tolerance,
)
from auditor.pairs.document import Document, Held, Line
from auditor.pairs.lines import Matching, likeness, match_lines
from auditor.pairs.match import Pair
from auditor.pipeline import Setup, audit_bytes, audit_path
from auditor.plugins import module_checks
from auditor.profile import Profile, load_profile
from auditor.result import FileResult, Run
from auditor.words import cut_words
from pfaudit import __version__

__all__ = [
    # the facts package lists its own public names; the facade adds the rest
    *_facts_all,
    "BLANK_MARKS",
    "DOCUMENTS",
    "Anchor",
    "Cell",
    "Check",
    "Document",
    "Corpus",
    "ExecutionRate",
    "FileResult",
    "Finding",
    "GradeBand",
    "GradeScale",
    "Grading",
    "Heading",
    "Held",
    "IndicatorGroup",
    "Line",
    "Location",
    "Mapped",
    "Matching",
    "Pair",
    "Paragraph",
    "Profile",
    "Quantity",
    "Record",
    "Report",
    "Row",
    "Run",
    "ScoreBand",
    "Setup",
    "Severity",
    "Span",
    "StatedGrade",
    "Summed",
    "Table",
    "audit",
    "audit_bytes",
    "audit_path",
    "check",
    "cut_words",
    "hookimpl",
    "likeness",
    "load_profile",
    "match_lines",
    "misread_comparator",
    "module_checks",
    "printed_slack",
    "quantize",
    "rate_agrees",
    "rate_of",
    "show",
    "split_sentences",
    "sum_mismatch",
    "sum_tolerance",
    "__version__",
]
