"""Facts extracted from a report: typed values with spans that checks compare."""

from auditor.facts.extract import extract
from auditor.facts.types.bundle import Facts
from auditor.facts.types.declaration import Declaration, DeclaredFund, DeclaredGroup, DeclaredIndicator
from auditor.facts.types.form import AMOUNT_COLUMNS, Form, FundLine, IndicatorRow, Reason, Stated, Total
from auditor.facts.types.prose import FiscalYear, ProseFigure, Sentence, YearMention

__all__ = [
    "AMOUNT_COLUMNS",
    "Declaration",
    "DeclaredFund",
    "DeclaredGroup",
    "DeclaredIndicator",
    "Facts",
    "FiscalYear",
    "Form",
    "FundLine",
    "IndicatorRow",
    "ProseFigure",
    "Reason",
    "Sentence",
    "Stated",
    "Total",
    "YearMention",
    "extract",
]
