"""Facts extracted from a report: typed values with spans that checks compare."""

from auditor.facts.extract import extract
from auditor.facts.types import (
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
)

__all__ = [
    "Facts",
    "FiscalYear",
    "Form",
    "FundLine",
    "IndicatorRow",
    "ProseFigure",
    "Sentence",
    "Stated",
    "Total",
    "YearMention",
    "extract",
]
