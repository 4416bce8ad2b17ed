"""Receive an upload form as a stream: files go to the request's private folder, capped as they arrive.

Starlette's own form parsing keeps files in the system temporary folder and learns their
size only at the end; here python-multipart's streaming parser writes each file part to
``<folder>/upload-<n><suffix>`` while counting it. A file over the cap is dropped at the
byte that crosses it (the rest of its part is read and discarded); a body over the cap for
the whole form stops being read at once. The name the browser sent is only ever shown,
never part of a path: the suffix comes from the readers' list (`REPORT_SUFFIXES`).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header
from starlette.requests import ClientDisconnect, Request

from auditor.readers.sniff import REPORT_SUFFIXES

FIELD_LIMIT = 1024  # a form field (profile, language) is a short word
NAME_LIMIT = 120
# Characters that would make a shown name lie about itself: controls and bidi overrides.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}


class FormError(Exception):
    """The form cannot be used: `key` names the message, `status` the HTTP status."""

    def __init__(self, key: str, status: int) -> None:
        super().__init__(key)
        self.key, self.status = key, status


@dataclass(slots=True)
class Upload:
    """One received file: its shown name, and where its bytes are (None when refused)."""

    name: str
    suffix: str
    path: Path | None = None
    size: int = 0
    refused: str | None = None  # "too_large" or "unsupported"


@dataclass(slots=True)
class Form:
    """The files and the short fields of one upload form."""

    uploads: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def shown_name(raw: bytes, taken: set[str]) -> str:
    """The file name as the browser sent it, safe to show: last path part, no hidden characters, unique.

    >>> shown_name("C:\\\\报告\\\\2023年自评表.docx".encode(), set())
    '2023年自评表.docx'
    >>> shown_name(b"a.docx", {"a.docx"})
    'a（2）.docx'
    """
    text = raw.decode("utf-8", errors="replace").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if unicodedata.category(c) not in _HIDDEN).strip() or "未命名文件"
    stem, dot, suffix = text.rpartition(".")
    if not dot or len(suffix) > 8:
        stem, suffix = text, ""
    stem = stem[: NAME_LIMIT - len(suffix) - 1]
    name, n = text[:NAME_LIMIT], 1
    while name in taken:
        n += 1
        name = f"{stem}（{n}）.{suffix}" if suffix else f"{stem}（{n}）"
    taken.add(name)
    return name


class _Receiver:
    """The parser's callbacks: where each part's bytes go."""

    def __init__(self, folder: Path, max_bytes: int, max_files: int) -> None:
        self.folder, self.max_bytes, self.max_files = folder, max_bytes, max_files
        self.form = Form()
        self._names: set[str] = set()
        self._headers: dict[str, bytes] = {}
        self._field, self._value = b"", b""
        self._upload: Upload | None = None
        self._sink: BinaryIO | None = None
        self._text: bytearray | None = None
        self._text_name = ""

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._grow("_field", data[start:end]),
            "on_header_value": lambda data, start, end: self._grow("_value", data[start:end]),
            "on_header_end": self._header,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _grow(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def _begin(self) -> None:
        self._headers, self._upload, self._sink, self._text = {}, None, None, None

    def _header(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_done(self) -> None:
        _, options = parse_options_header(self._headers.get("content-disposition", b"").decode("latin-1"))
        if b"filename" not in options:
            self._text, self._text_name = bytearray(), options.get(b"name", b"").decode("latin-1")
            return
        if not options[b"filename"]:
            return  # a file input left empty sends a part with no name and no bytes
        if len(self.form.uploads) >= self.max_files:
            raise FormError("too_many", 413)
        name = shown_name(options[b"filename"], self._names)
        suffix = Path(name).suffix.lower()
        upload = Upload(name, suffix)
        self.form.uploads.append(upload)
        self._upload = upload
        if suffix not in REPORT_SUFFIXES:  # what a folder walk would pick, and nothing else
            upload.refused = "unsupported"
            return
        upload.path = self.folder / f"upload-{len(self.form.uploads)}{suffix}"
        # O_EXCL: the folder is this request's own, so the name can only be new.
        handle = os.open(upload.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        self._sink = os.fdopen(handle, "wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._text is not None:
            if len(self._text) < FIELD_LIMIT:
                self._text += data[start : min(end, start + FIELD_LIMIT - len(self._text))]
            return
        upload = self._upload
        if upload is None or upload.refused:
            return
        upload.size += end - start
        if upload.size > self.max_bytes:
            self._drop(upload)
        elif self._sink is not None:
            self._sink.write(data[start:end])

    def _drop(self, upload: Upload) -> None:
        upload.refused = "too_large"
        self.close()
        if upload.path is not None:
            upload.path.unlink(missing_ok=True)
            upload.path = None

    def _end(self) -> None:
        if self._text is not None and self._text_name:
            self.form.fields[self._text_name] = self._text.decode("utf-8", errors="replace")
        self.close()
        self._text = None

    def close(self) -> None:
        """Close the file being written, if any."""
        if self._sink is not None:
            self._sink.close()
            self._sink = None


async def read_form(request: Request, folder: Path, max_bytes: int, max_files: int) -> Form:
    """Read a multipart form from the request into `folder`, enforcing the caps as bytes arrive.

    :raises FormError: for a body that is not a multipart form, too many files, or too many bytes.
    """
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise FormError("no_files", 400)
    limit = max_files * max_bytes + 1024 * 1024  # every file at the cap, plus the form's own parts
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FormError("body_too_large", 413)
    receiver = _Receiver(folder, max_bytes, max_files)
    parser = MultipartParser(boundary, receiver.callbacks())
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise FormError("body_too_large", 413)
            parser.write(chunk)
        parser.finalize()
    except (MultipartParseError, ClientDisconnect) as exc:  # a client that left (or was cut off for stalling)
        raise FormError("bad_request", 400) from exc
    finally:
        receiver.close()
    return receiver.form
