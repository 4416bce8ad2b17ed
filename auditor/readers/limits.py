"""Per-file limits: how much one input may cost, and the refusal that names what it exceeded.

A bureau audits thousands of files it did not write, and any one of them may be damaged or
built to stall a batch. Each limit is checked where its cost would arise, before it is paid;
the worker's time and memory limits (`auditor.pipeline.watchdog`) are the backstop, not the defence.
A file over a limit is one PF01 finding that says which limit, never a hang or a traceback.

==============  ===========  =================================================================
key             default      checked
==============  ===========  =================================================================
file-size       200 (MB)     before a file is read (`auditor.pipeline.files.read_input`), standard input
unzipped-size   256 (MB)     .docx/.xlsx: the zip's central directory, before inflating anything;
                             .pdf: the streams pdfminer inflates, as they inflate
zip-members     10000        the same
zip-ratio       100          the same, for each member or stream over 1 MB: uncompressed ÷ compressed
cells           200000       table cells a file's XML declares (.docx spans, .xlsx cells, merged
                             ranges and extent, web-page spans), before any grid is built
pdf-pages       2000         .pdf, before the pages are read
sheets          1000         .xlsx: the sheets its workbook part lists, before any is loaded
text-length     2000000      characters of report text, before parsing and fact extraction:
                             a longer report is refused, never audited in part
time            60 (s)       per file, in the watchdog's worker; 0 means none; OCR pages
                             have their own budget on top of it
ocr-page        60 (s)       per scanned page read by OCR; 0 means none
memory          1024 (MB)    per worker process: the address space (``RLIMIT_AS``) of the child
                             that audits the file, never less than it maps at start + 256 MB
==============  ===========  =================================================================

The keys go in a ``[limits]`` table of pfaudit.toml; ``--time-limit`` and ``--memory-limit``
override two of them. `Limits` also carries how scanned pages are read (``--ocr``, and how
many pages at once under ``-j``), since readers see the file's settings only through it.
A reader tells the process that watches it what it is doing (`tell`): OCR grants itself each
page's budget, so the watchdog's deadline moves on, and reports the pages it has read. Readers see the limits of the file at hand through `current`, which
`auditor.pipeline.audit` sets with `applied`, so the reader hook keeps its two arguments.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.report.errors import ConfigError, LimitError

MB = 1024 * 1024
RATIO_FROM = 1 * MB  # a smaller member may compress better than any real bomb's member

# Config key → (field, unit in bytes or 1, whether 0 switches it off).
KEYS: dict[str, tuple[str, int, bool]] = {
    "file-size": ("file_size", MB, False),
    "unzipped-size": ("unzipped_size", MB, False),
    "zip-members": ("zip_members", 1, False),
    "zip-ratio": ("zip_ratio", 1, False),
    "cells": ("cells", 1, False),
    "pdf-pages": ("pdf_pages", 1, False),
    "sheets": ("sheets", 1, False),
    "text-length": ("text_length", 1, False),
    "time": ("time", 1, True),
    "ocr-page": ("ocr_page", 1, True),
    "memory": ("memory", MB, True),
}


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may cost; sizes in bytes, `time` in seconds (0: no limit)."""

    file_size: int = 200 * MB
    unzipped_size: int = 256 * MB
    zip_members: int = 10_000
    zip_ratio: int = 100
    cells: int = 200_000
    pdf_pages: int = 2_000
    sheets: int = 1_000
    text_length: int = 2_000_000
    time: float = 60.0
    memory: int = 1024 * MB
    ocr_page: float = 60.0
    ocr: str = "auto"  # never | auto (pages without a text layer) | always
    ocr_jobs: int = 1  # scanned pages recognised at once


def from_table(table: Mapping[str, Any], base: Limits | None = None) -> Limits:
    """Limits from a ``[limits]`` configuration table (sizes in MB, time in seconds).

    :raises ConfigError: for an unknown key or a value that is not a positive number.
    """
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            known = "、".join(KEYS)
            raise ConfigError(f"[limits] 中有未知的配置项 {key!r}（可用：{known}）", f"unknown key {key!r} in [limits] (known: {', '.join(KEYS)})")
        name, unit, zero_ok = KEYS[key]
        changes[name] = number(value, f"limits.{key}", zero_ok, unit, as_float=name in ("time", "ocr_page"))
    return dataclasses.replace(base or Limits(), **changes)


def number(value: Any, key: str, zero_ok: bool, unit: int = 1, *, as_float: bool = False) -> Any:
    """A limit's value in its base unit, or a `ConfigError` naming `key`."""
    ok = isinstance(value, int | float) or type(value).__name__ == "Decimal"
    if not ok or isinstance(value, bool) or value < 0 or (value == 0 and not zero_ok):
        least = "不小于 0" if zero_ok else "大于 0"
        raise ConfigError(f"配置项 {key} 应为{least}的数，而不是 {value!r}", f"{key} should be a number {'>= 0' if zero_ok else '> 0'}, not {value!r}")
    return float(value) * unit if as_float else int(value * unit)


_ACTIVE: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("pfaudit_limits", default=None)
DEFAULT = Limits()


OCR_MODES = ("never", "auto", "always")
_LISTENER: list[Callable[[str, Any], None]] = []


def listen(listener: Callable[[str, Any], None] | None) -> None:
    """Have `listener(event, value)` hear what readers `tell` in this process (None: nobody)."""
    _LISTENER[:] = [listener] if listener is not None else []


def tell(event: str, value: Any) -> None:
    """Tell the watching process: ``("grant", seconds)`` more time, ``("page", (done, total))`` read."""
    for listener in _LISTENER:
        listener(event, value)


def current() -> Limits:
    """The limits of the file being read (the defaults outside `applied`)."""
    return _ACTIVE.get() or DEFAULT


@contextlib.contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    """Make `limits` the ones `current` returns while a file is read and audited."""
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)


def size(n: float) -> str:
    """A byte count for people: ``1.0 GB``, ``256 MB``, ``12 KB``."""
    for unit, step in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if n >= step:
            value = n / step
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{int(n)} B"


# -- the refusals, one per cause --------------------------------------------------------

_HINT = ("如确需检查，可在配置文件的 [limits] 中调高 {key}。", "raise {key} in the [limits] table of the configuration if it must be checked.")


def _refuse(limit: str, zh: str, en: str, key: str | None = None) -> LimitError:
    key = key or limit
    return LimitError(limit, f"{zh}，未做任何检查；" + _HINT[0].format(key=key), f"{en}; nothing was checked; " + _HINT[1].format(key=key))


def too_large(n: int, limits: Limits) -> LimitError:
    """The file is bigger than `Limits.file_size`."""
    cap = size(limits.file_size)
    return _refuse("file-size", f"文件过大（{size(n)}，上限 {cap}），未读取", f"the file is too large ({size(n)}, limit {cap}); it was not read")


def too_many_cells(where: tuple[str, str], n: int, limits: Limits) -> LimitError:
    """A table or sheet declares more cells than `Limits.cells` (`where` in Chinese and English)."""
    return _refuse(
        "cells",
        f"表格过大：{where[0]}展开后有 {n:,} 个单元格（上限 {limits.cells:,}），不像真实的报告表格，可能是损坏或构造异常的文件",
        f"too many cells: {where[1]} spans {n:,} cells (limit {limits.cells:,}); not a real report table, the file may be damaged or crafted",
    )


def too_long(n: int, limits: Limits) -> LimitError:
    """The report text is longer than `Limits.text_length`; the whole report is refused."""
    return _refuse(
        "text-length",
        f"报告文字过长（{n:,} 字，上限 {limits.text_length:,} 字；不截取其中一部分来检查）",
        f"the report text is too long ({n:,} characters, limit {limits.text_length:,}; no part of it is audited alone)",
    )


def too_many_pages(n: int, limits: Limits) -> LimitError:
    """The PDF has more pages than `Limits.pdf_pages`."""
    return _refuse("pdf-pages", f"PDF 页数过多（{n:,} 页，上限 {limits.pdf_pages:,} 页）", f"the PDF has too many pages ({n:,}, limit {limits.pdf_pages:,})")


def too_many_sheets(name: str, n: int, limits: Limits) -> LimitError:
    """The workbook lists more sheets than `Limits.sheets`."""
    return _refuse(
        "sheets",
        f"“{name}”中的工作表过多（{n:,} 个，上限 {limits.sheets:,} 个），不像真实的报告，可能是损坏或构造异常的文件",
        f"“{name}” holds too many sheets ({n:,}, limit {limits.sheets:,}); not a real report, the file may be damaged or crafted",
    )


def too_deep() -> LimitError:
    """Elements nested too deep to read (libxml2's depth limit, or Python's recursion limit)."""
    return LimitError(
        "nesting",
        "文件中的元素嵌套层数过深（如表格套表格数百层），不像真实的报告，可能是损坏或构造异常的文件；未做任何检查。",
        "elements are nested too deep (such as tables within tables hundreds of levels down); the file may be damaged or crafted; nothing was checked",
    )


def check_text(length: int, limits: Limits | None = None) -> None:
    """Refuse report text longer than the text limit, before it is parsed or its facts extracted."""
    limits = limits or current()
    if length > limits.text_length:
        raise too_long(length, limits)


def check_zip(data: bytes, name: str, limits: Limits | None = None) -> None:
    """Refuse a .docx/.xlsx whose central directory promises a zip bomb, before inflating anything.

    The sizes come from the central directory; `zipfile` never inflates a member past the
    size recorded there (it stops and fails the CRC), so what is checked here bounds what any
    reader can later inflate.

    :raises LimitError: for too many members, too much in total, or a member compressed too well.
    """
    limits = limits or current()
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return  # damage is the readers' to describe (auditor.readers.sniff)
    if len(members) > limits.zip_members:
        raise _refuse(
            "zip-members",
            f"“{name}”压缩包中的部件过多（{len(members):,} 个，上限 {limits.zip_members:,}），未解压",
            f"“{name}” holds too many zip members ({len(members):,}, limit {limits.zip_members:,}); nothing was inflated",
        )
    total = sum(m.file_size for m in members)
    if total > limits.unzipped_size:
        raise _refuse(
            "unzipped-size",
            f"“{name}”解压后过大：压缩包中各部件合计 {size(total)}（上限 {size(limits.unzipped_size)}），可能是“压缩炸弹”，未解压",
            f"“{name}” would inflate to {size(total)} (limit {size(limits.unzipped_size)}): a possible zip bomb; nothing was inflated",
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_FROM and ratio > limits.zip_ratio:
            raise _refuse(
                "zip-ratio",
                f"“{name}”中的 {m.filename} 压缩比异常（{size(m.compress_size)} 解压后为 {size(m.file_size)}，"
                f"约 {ratio:,.0f} 倍，上限 {limits.zip_ratio} 倍），可能是“压缩炸弹”，未解压",
                f"{m.filename} in “{name}” is compressed {ratio:,.0f} to 1 ({size(m.compress_size)} to {size(m.file_size)}, "
                f"limit {limits.zip_ratio}): a possible zip bomb; nothing was inflated",
            )


def stream_bomb(name: str, packed: int, inflated: int, limits: Limits, *, ratio: bool) -> LimitError:
    """A PDF stream inflates past `Limits.zip_ratio` times its size, or the file's past `Limits.unzipped_size`."""
    if ratio:
        return _refuse(
            "zip-ratio",
            f"“{name}”中有一个数据流压缩比异常（{size(packed)} 解压后超过 {size(inflated)}，上限 {limits.zip_ratio} 倍），"
            "可能是“压缩炸弹”，未继续解压",
            f"a stream in “{name}” is compressed more than {limits.zip_ratio} to 1 ({size(packed)} to over {size(inflated)}): "
            "a possible compression bomb; it was not inflated further",
        )
    cap = size(limits.unzipped_size)
    return _refuse(
        "unzipped-size",
        f"“{name}”中的数据流解压后合计超过 {cap}（上限），可能是“压缩炸弹”，未继续解压",
        f"the streams in “{name}” inflate to more than {cap} in all (the limit): a possible compression bomb",
    )


def memory_exceeded(limits: Limits | None = None) -> LimitError:
    """The audit ran out of memory: over the worker's ceiling, or the machine's."""
    limits = limits or current()
    cap = f"（上限 {size(limits.memory)}）" if limits.memory else ""
    cap_en = f" (limit {size(limits.memory)})" if limits.memory else ""
    return LimitError(
        "memory",
        f"检查这个文件所需的内存超过上限{cap}，已停止，未做任何检查；文件可能构造异常或过于庞大。"
        "如确需检查，可用 --memory-limit 或配置 [limits] 中的 memory 调高上限。",
        f"auditing this file needs more memory than allowed{cap_en}; it was stopped and nothing was checked; "
        "raise --memory-limit or memory in [limits] if it must be checked",
    )


def time_exceeded(limits: Limits | None = None) -> LimitError:
    """The audit of one file ran past the time limit and was stopped."""
    limits = limits or current()
    return LimitError(
        "time",
        f"检查这个文件超过了时间上限（{limits.time:g} 秒），已停止，未做任何检查；文件可能构造异常或过于复杂。"
        "如确需检查，可用 --time-limit 或配置 [limits] 中的 time 调高上限。",
        f"auditing this file took longer than the time limit ({limits.time:g} s); it was stopped and nothing was checked; "
        "raise --time-limit or time in [limits] if it must be checked",
    )
