"""Output formats: pure functions from a finished `auditor.pipeline.result.Run` to str (or bytes, for xlsx)."""

from auditor.formats.ci import format_github, format_gitlab, format_junit
from auditor.formats.html import format_html
from auditor.formats.json import format_json
from auditor.formats.registry import FORMATS, pfaudit_formats
from auditor.formats.sarif import artifact_uri, format_sarif
from auditor.formats.tabular import format_csv, format_xlsx
from auditor.formats.text import format_concise, format_text

__all__ = [
    "FORMATS",
    "artifact_uri",
    "format_concise",
    "format_csv",
    "format_github",
    "format_gitlab",
    "format_html",
    "format_json",
    "format_junit",
    "format_sarif",
    "format_text",
    "format_xlsx",
    "pfaudit_formats",
]
