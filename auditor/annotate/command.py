"""``pfaudit FILE --annotate OUT``: write a copy of the report with its findings in it.

The input is only read. A .docx gets Word comments and an .xlsx cell notes; any other input
(PDF, text, legacy formats converted for reading) gets the HTML view of the web page, and
the output takes the suffix of what was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from auditor.annotate.copy import Annotated, annotate_binary
from auditor.errors import ConfigError
from auditor.web.bridge import FileResult, Finding, Report


def _html_view(source: Path, report: Report | None, result: FileResult, found: list[Finding], lang: str, profile: str) -> Annotated:
    try:
        from auditor.web.job import Checked, with_scans
        from auditor.web.page import standalone
        from auditor.web.view import build_view
    except ImportError as exc:
        raise ConfigError(
            f"这种文件的批注版是网页，需要额外的组件（缺少 {exc.name}）；请运行 pip install 'pfaudit[web]'",
            f"this file's annotated copy is a web page, which needs {exc.name}: pip install 'pfaudit[web]'",
        ) from exc
    checked = Checked(source.name, result, tuple(found), with_scans(build_view(report, found), report, found, source))
    return Annotated(standalone(checked, lang, profile).encode("utf-8"), ".html")


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

    :raises ConfigError: when `target` is the input itself, or it cannot be written.
    """
    if target.exists() and not target.is_dir() and target.resolve() == source.resolve():
        raise ConfigError(
            f"--annotate 的输出不能是被检查的文件本身（{target}）；请另起一个文件名",
            f"--annotate cannot write over the checked file itself ({target}); choose another name",
        )
    found = [f for f in findings if f.path == str(source)]
    copy = annotate_binary(source.read_bytes(), found, lang, source.name)
    if copy is None:
        copy = _html_view(source, report, result, found, lang, profile)
    if target.is_dir():
        label = " (annotated)" if lang == "en" else "（已批注）"
        target = target / f"{source.stem}{label}{copy.suffix}"
    elif target.suffix.lower() != copy.suffix:
        target = target.with_suffix(copy.suffix)
    if target.exists() and target.resolve() == source.resolve():
        raise ConfigError(
            f"--annotate 的输出不能是被检查的文件本身（{target}）；请另起一个文件名",
            f"--annotate cannot write over the checked file itself ({target}); choose another name",
        )
    try:
        target.write_bytes(copy.data)
    except OSError as exc:
        why = exc.strerror or exc
        raise ConfigError(f"无法写入批注副本 {target}：{why}", f"cannot write the annotated copy {target}: {why}") from exc
    return target
