"""The built-in formats by name, and the ``pfaudit_formats`` hook that contributes them."""

from __future__ import annotations

from collections.abc import Callable

from auditor.formats.ci import format_github, format_gitlab, format_junit
from auditor.formats.html import format_html
from auditor.formats.json import format_json
from auditor.formats.sarif import format_sarif
from auditor.formats.tabular import format_csv, format_xlsx
from auditor.formats.text import format_concise, format_text
from auditor.hookspecs import hookimpl
from auditor.result import Run

# A format returns str, or bytes for a binary format (xlsx); the CLI writes either.
Format = Callable[[Run], str | bytes]

FORMATS: dict[str, Format] = {
    "text": format_text,
    "concise": format_concise,
    "json": format_json,
    "sarif": format_sarif,
    "html": format_html,
    "csv": format_csv,
    "xlsx": format_xlsx,
    "github": format_github,
    "gitlab": format_gitlab,
    "junit": format_junit,
}


@hookimpl
def pfaudit_formats() -> dict[str, Format]:
    """The built-in formats."""
    return dict(FORMATS)
