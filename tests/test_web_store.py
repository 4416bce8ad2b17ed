"""What the page keeps of finished checks: capped by count, bytes and age; annotated copies as files."""

from __future__ import annotations

import os
import time
from pathlib import Path

from auditor.annotate.copy import Annotated
from auditor.annotate.report_view import build_view
from auditor.web.bridge import refused
from auditor.web.job import Checked, Copy
from auditor.web.store import Results

MB = 1 << 20


def checked(name: str, copy: Annotated | Copy | None) -> Checked:
    audited = refused(name, "没有检查。", "not checked")
    return Checked(name, audited.result, tuple(audited.findings), build_view(None, audited.findings), copy)


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_copies_are_files_and_the_oldest_go_past_the_byte_cap(tmp_path: Path) -> None:
    results = Results(3600, 20, keep_bytes=5 * MB, root=tmp_path)
    try:
        tokens = [results.put([checked(f"{n}.docx", Annotated(bytes([n]) * (2 * MB), ".docx"))], "national") for n in range(4)]
        kept = [t for t in tokens if results.get(t) is not None]
        assert kept == tokens[2:]  # 2 MB each: two fit under 5 MB
        stored = results.get(tokens[-1])
        copy = stored.files[0].annotated
        assert isinstance(copy, Copy) and copy.data == bytes([3]) * (2 * MB) and copy.media.endswith("document")
        assert len(files(tmp_path)) == 2  # the dropped checks' copies are deleted with them
        assert stored.files[0].view == build_view(None, stored.files[0].findings)  # the drawn report comes back whole
    finally:
        results.close()
    assert list(tmp_path.iterdir()) == []


def test_the_newest_check_is_kept_even_over_the_cap(tmp_path: Path) -> None:
    results = Results(3600, 20, keep_bytes=1 * MB, root=tmp_path)
    try:
        token = results.put([checked("big.xlsx", Annotated(b"x" * (3 * MB), ".xlsx"))], "national")
        assert results.get(token) is not None
    finally:
        results.close()


def test_a_copy_written_by_the_child_is_moved_out_of_the_request_folder(tmp_path: Path) -> None:
    request = tmp_path / "request"
    request.mkdir()
    (request / "upload-1-annotated.docx").write_bytes(b"PK copy")
    results = Results(3600, 20, keep_bytes=MB, root=tmp_path / "kept")
    (tmp_path / "kept").mkdir()
    try:
        token = results.put([checked("r.docx", Copy(request / "upload-1-annotated.docx", ".docx"))], "national")
        assert list(request.iterdir()) == []
        assert results.get(token).files[0].annotated.data == b"PK copy"
    finally:
        results.close()


def test_old_checks_expire_and_are_swept(tmp_path: Path) -> None:
    results = Results(0.5, 20, keep_bytes=100 * MB, root=tmp_path)
    try:
        old = results.put([checked("a.docx", Annotated(b"a", ".docx"))], "national")
        time.sleep(1)
        new = results.put([checked("b.docx", Annotated(b"b", ".docx"))], "national")  # sweeps the expired one
        assert len(files(tmp_path)) == 1 and results.get(old) is None and results.get(new) is not None
    finally:
        results.close()


def test_the_results_folder_is_private(tmp_path: Path) -> None:
    results = Results(3600, 20, keep_bytes=MB, root=tmp_path)
    try:
        results.put([checked("a.docx", Annotated(b"a", ".docx"))], "national")
        [folder] = tmp_path.iterdir()
        assert folder.stat().st_mode & 0o077 == 0 and os.access(folder, os.W_OK)
        [copy] = folder.rglob("*.docx")
        assert copy.stat().st_mode & 0o077 == 0
    finally:
        results.close()


def test_what_was_read_is_kept_with_the_drawn_report(tmp_path: Path) -> None:
    import dataclasses

    reading = {"path": "r.txt", "fiscal_year": 2023, "forms": [{"fund": [], "indicators": [], "total": None}]}
    results = Results(3600, 20, keep_bytes=MB, root=tmp_path)
    try:
        token = results.put([dataclasses.replace(checked("r.txt", None), reading=reading)], "national")
        assert results.get(token).files[0].reading == reading
    finally:
        results.close()
