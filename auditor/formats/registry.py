"""The built-in formats by name, each with what its output is, and the ``pfaudit_formats`` hook that contributes them.

A format's metadata is declared here once, as attributes of the function: ``media_type``
(what a download of it is served as), ``binary`` (bytes, never written to a terminal) and
``label`` (what a person calls it, in Chinese and English: the web page's download links).
A plugin's format may declare them the same way; one that does not is taken for text and
called by its name.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.engine.hookspecs import hookimpl
from auditor.formats.ci import format_github, format_gitlab, format_junit
from auditor.formats.html import format_html
from auditor.formats.json import format_json
from auditor.formats.sarif import format_sarif
from auditor.formats.tabular import format_csv, format_xlsx
from auditor.formats.text import format_concise, format_text
from auditor.pipeline.result import Run

# A format returns str, or bytes for a binary format (xlsx); the CLI writes either.
Format = Callable[[Run], str | bytes]
TEXT = "text/plain; charset=utf-8"


def declared(render: Format, media_type: str, *, binary: bool = False, label: tuple[str, str] | None = None) -> Format:
    """`render` with what its output is: the media type it is served as, whether it is bytes, its label."""
    render.media_type, render.binary, render.label = media_type, binary, label  # type: ignore[attr-defined]
    return render


def label(name: str, render: Format, lang: str = "zh") -> str:
    """What a person calls the format `name` in `lang`: its declared label, else its name."""
    said = getattr(render, "label", None)
    return said[lang == "en"] if said else name


FORMATS: dict[str, Format] = {
    "text": declared(format_text, TEXT),
    "concise": declared(format_concise, TEXT),
    "json": declared(format_json, "application/json", label=("JSON", "JSON")),
    "sarif": declared(format_sarif, "application/sarif+json", label=("SARIF", "SARIF")),
    "html": declared(format_html, "text/html; charset=utf-8", label=("网页报告", "HTML report")),
    "csv": declared(format_csv, "text/csv; charset=utf-8"),
    "xlsx": declared(
        format_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", binary=True, label=("Excel 表格", "Excel")
    ),
    "github": declared(format_github, TEXT),
    "gitlab": declared(format_gitlab, "application/json"),
    "junit": declared(format_junit, "application/xml"),
}


@hookimpl
def pfaudit_formats() -> dict[str, Format]:
    """The built-in formats."""
    return dict(FORMATS)
