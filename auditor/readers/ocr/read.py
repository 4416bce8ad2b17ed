"""Which pages of a PDF OCR reads, what they say as blocks, and what the report's notes say of them.

`--ocr auto` (the default) reads the pages without a text layer, `always` every page, and
`never` none. Without the ``ocr`` extra a scan is refused, or its pages noted as unread, with
the way to install it; a scan is never reported as clean.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.readers.limits import Limits
from auditor.readers.ocr.engine import INSTALL, available
from auditor.readers.ocr.image import coarse
from auditor.readers.ocr.page import Block, blocks
from auditor.readers.ocr.run import Scan, scans
from auditor.report.errors import ReadError


def _listed(pages: Sequence[int]) -> str:
    return "、".join(str(n) for n in pages)


def wanted(silent: Sequence[int], count: int, limits: Limits) -> list[int]:
    """The 1-based pages to read by OCR, under ``--ocr``."""
    if limits.ocr == "always":
        return list(range(1, count + 1))
    return list(silent) if limits.ocr == "auto" else []


def refusal(name: str, limits: Limits) -> ReadError:
    """Why a PDF whose every page is a picture was not read: OCR switched off, or not installed."""
    head = f"“{name}”没有文字层：每一页都只有图片，是扫描件，未做任何检查。"
    head_en = f"“{name}” has no text layer: every page is a picture (a scan), so nothing was checked."
    if limits.ocr == "never":
        return ReadError(head + "本次用 --ocr never 关闭了文字识别（OCR）；去掉这个选项即可识别后检查。", head_en + " OCR was switched off with --ocr never; leave it out to read the scan.")
    return ReadError(
        head + f"读取扫描件需要文字识别（OCR）组件：{INSTALL[0]}；也可以向报送单位索取可复制文字的 PDF 或 Word 版本。",
        head_en + f" Reading a scan needs the OCR component: {INSTALL[1]}; or ask for a PDF or Word version with text.",
    )


def unread_note(silent: Sequence[int], limits: Limits) -> str:
    """The note for pages without a text layer that OCR did not read."""
    how = "本次用 --ocr never 关闭了文字识别" if limits.ocr == "never" else INSTALL[0]
    return f"第{_listed(silent)}页没有文字层（疑似扫描图片），这些页未能检查；{how}"


def read_scanned(data: bytes, pages: Sequence[int], limits: Limits) -> tuple[dict[int, list[Block]], list[str]]:
    """The blocks of each page OCR read, and the notes saying what was read and what was not.

    :raises ReadError: when the ``ocr`` extra is missing (the caller decides whether that
        refuses the file or only leaves pages unread: it asks `available` first).
    """
    if not available():
        raise ReadError(INSTALL[0], INSTALL[1])
    rough = coarse(data, list(pages))
    found: dict[int, Scan | str] = scans(data, [n for n in pages if n not in rough], limits)
    out: dict[int, list[Block]] = {}
    late, failed = [], []
    for n in pages:
        scan = found.get(n, "missing")
        if n in rough:
            continue
        if isinstance(scan, Scan):
            out[n] = blocks(list(scan.words), scan.rules, scan.size, scan.dpi, scan.angle)
        elif scan == "timeout":
            late.append(n)
        else:
            failed.append(n)
    notes = []
    if out:
        notes.append(
            f"第{_listed(sorted(out))}页是扫描图片，文字由 OCR 识别；识别不确定的数字只作提示、不作为错误的依据，"
            "发现中注明“OCR识别”"
        )
    if late:
        notes.append(
            f"第{_listed(late)}页的文字识别超过每页时限（{limits.ocr_page:g} 秒），已停止，这些页未能检查；"
            "可在配置文件 [limits] 中调高 ocr-page"
        )
    if rough:
        least = min(rough.values())
        notes.append(
            f"第{_listed(sorted(rough))}页是扫描件，但分辨率太低（约 {least} dpi），文字识别（OCR）无法读取，这些页未能检查；"
            "请以 200 dpi 以上重新扫描，或索取可复制文字的版本"
        )
    if failed:
        notes.append(f"第{_listed(failed)}页的图片无法识别（可能已损坏），这些页未能检查")
    return out, notes
