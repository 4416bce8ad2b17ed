"""One list of report suffixes: what a folder walk picks is what the web page accepts."""

from __future__ import annotations

import asyncio
from pathlib import Path

from starlette.requests import Request

from auditor.pipeline.files import iter_files
from auditor.readers.sniff import REPORT_SUFFIXES
from auditor.web.upload import read_form

# Every suffix a reader owns, the ones the walk and the page once disagreed on, and some that are no report.
NAMES = [f"report{s}" for s in REPORT_SUFFIXES] + ["a.docm", "b.shtml", "c.xhtml", "d.DOCX", "e.json", "f.zip", "g"]


def _walked(folder: Path) -> set[str]:
    for name in NAMES:
        (folder / name).write_bytes(b"x")
    return {p.name for p in iter_files([folder])}


def _accepted(folder: Path) -> set[str]:
    boundary = "pfaudit-test"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\nx\r\n'.encode()
        for name in NAMES
    ]
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())]

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    request = Request({"type": "http", "method": "POST", "headers": headers}, receive)
    form = asyncio.run(read_form(request, folder, max_bytes=1024, max_files=len(NAMES)))
    return {u.name for u in form.uploads if not u.refused}


def test_the_folder_walk_and_the_page_take_the_same_files(tmp_path: Path) -> None:
    (tmp_path / "walk").mkdir()
    (tmp_path / "page").mkdir()
    walked, accepted = _walked(tmp_path / "walk"), _accepted(tmp_path / "page")
    assert walked == accepted
    assert {"a.docm", "b.shtml", "c.xhtml", "d.DOCX"} <= walked
    assert not {"e.json", "f.zip", "g"} & walked
