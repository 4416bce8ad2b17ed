"""``pfaudit FILE --annotate OUT``: write a copy of the report with its findings in it.

The input is only read. A .docx gets Word comments and an .xlsx cell notes (`auditor.annotate`);
any other input (PDF, text, legacy formats converted for reading) gets the HTML view of the
web page, and the output takes the suffix of what was written. It lives beside the page
because of that view: the page imports `auditor.annotate`, never the reverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from auditor.annotate.copy import Annotated, annotate_binary
from auditor.engine.project import install_command
from auditor.report.errors import ConfigError
from auditor.run.output import identity, write_file
from auditor.web.bridge import FileResult, Finding, Report, reading_of


def _html_view(source: Path, report: Report | None, result: FileResult, found: list[Finding], lang: str, profile: str) -> Annotated:
    try:
        from auditor.annotate.report_view import build_view
        from auditor.web.job import Checked, with_scans
        from auditor.web.page import standalone
    except ImportError as exc:
        command = install_command("web")
        raise ConfigError(
            f"这种文件的批注版是网页，需要额外的组件（缺少 {exc.name}）；请运行 {command}",
            f"this file's annotated copy is a web page, which needs {exc.name}: {command}",
        ) from exc
    # the page's "as read" section too: the report is at hand here, its facts are not (read again)
    reading = reading_of(report) if report is not None else None
    view = with_scans(build_view(report, found), report, found, source)
    checked = Checked(source.name, result, tuple(found), view, reading=reading)
    return Annotated(standalone(checked, lang, profile).encode("utf-8"), ".html")


_KINDS = {".docx": ("Word 文档（带批注）", "a Word document with comments"),
          ".xlsx": ("Excel 工作簿（带单元格批注）", "an Excel workbook with cell notes"),
          ".xlsm": ("启用宏的 Excel 工作簿（带单元格批注）", "a macro-enabled Excel workbook with cell notes"),
          ".html": ("标注后的网页", "a marked-up web page")}  # fmt: skip


def _wrong_suffix(target: Path, suffix: str) -> ConfigError:
    """The refusal of an output name that promises another kind of file than the copy is."""
    right = target.with_suffix(suffix)
    zh, en = _KINDS[suffix]
    return ConfigError(
        f"--annotate {target}：这个报告的批注副本是{zh}（{suffix}），不能存为 {target.suffix}；请改用 {right}",
        f"--annotate {target}: this report's annotated copy is {en} ({suffix}), not {target.suffix}; use {right}",
    )


def annotate_file(
    source: Path,
    target: Path,
    report: Report | None,
    result: FileResult,
    findings: Sequence[Finding],
    lang: str = "zh",
    profile: str = "national",
) -> Path:
    """Write the annotated copy of `source` to `target` (or into it, when a folder); return the path written.

    A .docx gets Word comments, a workbook cell notes, anything else the HTML view; a
    `target` without a suffix takes the copy's.

    :raises ConfigError: when `target` is the input itself, its suffix names another kind of
        file than the copy (``--annotate out.docx`` for a PDF), or it cannot be written.
    """
    _refuse_source(source, target)
    found = [f for f in findings if f.path == str(source)]
    copy = annotate_binary(source.read_bytes(), found, lang, source.name)
    if copy is None:
        copy = _html_view(source, report, result, found, lang, profile)
    if target.is_dir():
        label = " (annotated)" if lang == "en" else "（已批注）"
        target = target / f"{source.stem}{label}{copy.suffix}"
    elif not target.suffix:
        target = target.with_suffix(copy.suffix)  # the name said nothing; the line saying where it went does
    elif target.suffix.lower() != copy.suffix:
        raise _wrong_suffix(target, copy.suffix)
    _refuse_source(source, target)  # a folder's copy has a new name: it is looked at again
    write_file(target, copy.data, ("批注副本", "annotated copy"))
    return target


def _refuse_source(source: Path, target: Path) -> None:
    """The copy never goes over the report itself, by any name (a link, ./ in the path)."""
    if not target.is_dir() and identity(target) is not None and identity(target) == identity(source):
        raise ConfigError(
            f"--annotate 的输出不能是被检查的文件本身（{target}）；请另起一个文件名",
            f"--annotate cannot write over the checked file itself ({target}); choose another name",
        )
