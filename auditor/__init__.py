"""pfaudit: a consistency auditor for Chinese budget-performance self-evaluation reports."""

from auditor.corpus.corpus import Corpus
from auditor.corpus.record import Record
from auditor.engine.check import DOCUMENTS, Check, check
from auditor.engine.findings import Finding, Location, Severity
from auditor.engine.hookspecs import hookimpl
from auditor.engine.plugins import module_checks
from auditor.engine.profile import Profile, load_profile
from auditor.engine.project import VERSION as __version__
from auditor.engine.runner import audit
from auditor.facts import *  # noqa: F403 -- the facts package's public names, as it lists them
from auditor.facts import __all__ as _facts_all
from auditor.facts.prose import split_sentences
from auditor.facts.types.form import IndicatorGroup, ScoreBand
from auditor.facts.types.prose import ExecutionRate, GradeBand, GradeScale, Grading, StatedGrade
from auditor.pairs.document import Document, Held, Line
from auditor.pairs.likeness import Matching, likeness, match_lines
from auditor.pairs.match import Pair
from auditor.pipeline.audit import Setup, audit_bytes, audit_path
from auditor.pipeline.result import FileResult, Run
from auditor.report.model import BLANK_MARKS, Anchor, Cell, Heading, Mapped, Paragraph, Report, Row, Span, Table
from auditor.report.numbers import (
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
from auditor.report.segmenter import cut_words

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
