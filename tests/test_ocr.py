"""Scanned reports read by OCR: made here from the samples and forms, degraded, read back and compared.

The scans are generated when the tests run (`tests/support/scans.py`): the samples' text PDFs rendered
at 150, 200 and 300 dpi with noise, skew, JPEG, a red seal and a faint copy, and forms of the
shared corpus printed as text. Each is read once for the session, with the OCR cache in a
temporary folder, and compared with its text original: characters, numeric cells, what the
form decoder reads, and the findings. The engine is the real one; without the ``ocr`` extra
or a CJK font these tests skip and say why.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from auditor import Setup, audit_bytes, audit_path
from auditor.facts import extract
from auditor.formats.reading import reading
from auditor.readers.limits import Limits, applied
from auditor.readers.ocr.engine import available
from auditor.readers.ocr.read import refusal, unread_note
from tests.support import ocr_measure as measure
from tests.support import scans

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "samples" / "formats"
FORMS = Path(__file__).resolve().parent / "data" / "ocr"
SCANNED = ("noise", "skew", "jpeg", "stamp")
FAINT = ("faint", "noise", "jpeg")
# (sample, dpi, degradations): two printings at the resolution the targets are set for, one
# coarser and one finer.
CASES = [
    ("chaoyang.pdf", 200, SCANNED), ("gumei.pdf", 200, FAINT),
    ("gumei.pdf", 150, SCANNED), ("gumei.pdf", 300, SCANNED),
]  # fmt: skip

pytestmark = [
    pytest.mark.skipif(not available(), reason="the ocr extra (rapidocr, onnxruntime) is not installed: pip install -e '.[ocr]'"),
    pytest.mark.skipif(scans.font_path() is None, reason="no CJK font to print the forms with (fonts-wqy-microhei)"),
]


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory):
    """One OCR cache for the session, in a temporary folder: the user's own cache is never touched."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def scanned(ocr_cache) -> dict:
    """Each case's text original and scan, both as bytes."""
    out = {}
    for name, dpi, kinds in CASES:
        data = (FORMATS / name).read_bytes()
        out[name, dpi, kinds] = (data, scans.scan_pdf(data, dpi, kinds, seed=dpi))
    return out


def _read(data: bytes, name: str):
    with applied(Limits(ocr_jobs=2)):
        return measure.read(data, name)


@pytest.fixture(scope="session")
def reports(scanned) -> dict:
    return {case: (_read(text, "text.pdf"), _read(scan, "scan.pdf")) for case, (text, scan) in scanned.items()}


def test_characters_and_numeric_cells_at_200_dpi(reports) -> None:
    chars = [0, 0]
    cells = [0, 0]
    for (name, dpi, kinds), (text, scan) in reports.items():
        ok, n = measure.char_accuracy(text, scan)
        good, count, misses = measure.numeric_cells(text, scan)
        print(f"{name} {dpi} dpi {'+'.join(kinds)}: characters {ok}/{n} ({ok / n:.1%}), numeric cells {good}/{count} ({good / max(count, 1):.1%})")
        print("".join(f"    {m}\n" for m in misses[:8]), end="")
        assert ok / n >= 0.95, f"{name} at {dpi} dpi"  # every resolution reads well
        if dpi == 200:
            chars = [chars[0] + ok, chars[1] + n]
            cells = [cells[0] + good, cells[1] + count]
    assert chars[0] / chars[1] >= 0.98
    assert cells[0] / cells[1] >= 0.97


def test_a_scan_says_where_on_the_page_and_that_ocr_read_it(reports) -> None:
    _, scan = reports["chaoyang.pdf", 200, SCANNED]
    assert scan.kind == "pdf" and any("OCR" in note for note in scan.notes)
    assert scan.anchors and all(a.ocr and a.region and a.page for a in scan.anchors)
    for anchor in scan.anchors:
        x0, y0, x1, y1 = anchor.region
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    # The tables come as grids from the page's rules, merged cells resolved.
    assert scan.tables and all(t.grouping_certain for t in scan.tables)


def _findings(data: bytes, name: str, setup: Setup) -> list:
    return list(audit_bytes(data, name, setup).findings)


def test_findings_on_a_scan_are_those_on_its_text_original(scanned) -> None:
    setup = Setup.build()
    setup.config.limits = Limits(ocr_jobs=2)
    for (name, dpi, _), (text, scan) in scanned.items():
        if dpi != 200:
            continue
        original = _findings(text, name, setup)
        found = _findings(scan, "scan-" + name, setup)
        key = {_same(f) for f in found}
        same = [f for f in original if _same(f) in key]
        print(f"{name}: {len(same)}/{len(original)} findings of the text original found on the scan")
        assert len(same) >= 0.9 * len(original)
        # No error on the scan that the text original does not make.
        errors = {_same(f) for f in original if f.severity.value == "error"}
        extra = [f for f in found if f.severity.value == "error" and _same(f) not in errors]
        assert extra == []
        assert all("OCR" in f.location.anchor() for f in found if f.location and f.location.page)


def _same(finding) -> tuple[str, str]:
    """A finding as a reviewer compares two: its code and its words, the OCR hedge and spaces aside."""
    from auditor.engine.runner import OCR_HEDGE

    return finding.code, re.sub(r"\s+", "", finding.message.removesuffix(OCR_HEDGE[0]))


def _norm(value) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))
    return re.sub(r"(?<=\d),(?=\d{3})|(万元|元|分)$", "", text)


def _bigrams(text: str) -> set[str]:
    t = _norm(text)
    return {t[i : i + 2] for i in range(len(t) - 1)} or {t}


def _indicator_accuracy(truth: dict, got: dict) -> tuple[int, int]:
    """Indicator cells of the ground truth read right: rows paired by the likeness of their names."""
    rows = [r for f in got.get("forms", []) for r in f.get("indicators", [])]
    ok = n = 0
    for form in truth.get("forms", []):
        for want in form.get("indicators", []):
            name = _bigrams(want.get("name", ""))
            best = max(rows, key=lambda r: len(name & _bigrams(r.get("name", ""))) / len(name | _bigrams(r.get("name", ""))), default=None)
            for cell in ("weight", "target", "actual", "score"):
                if want.get(cell) in (None, ""):
                    continue
                n += 1
                ok += best is not None and _norm(best.get(cell)) == _norm(want[cell])
    return ok, n


def test_the_decoder_reads_the_forms_from_their_scans(ocr_cache) -> None:
    text_ok = scan_ok = total = 0
    for label in sorted(FORMS.glob("*.json")):
        truth = json.loads(label.read_text(encoding="utf-8"))["read"]
        original = label.with_suffix(".txt").read_text(encoding="utf-8")
        text = measure.read(original.encode("utf-8"), label.stem + ".txt")
        scan = _read(scans.scan_text(original, 200, SCANNED, seed=7), label.stem + ".pdf")
        a, n = _indicator_accuracy(truth, reading(text, extract(text)))
        b, _ = _indicator_accuracy(truth, reading(scan, extract(scan)))
        ok, chars = measure.char_accuracy(text, scan)
        print(f"{label.stem}: indicator cells text {a}/{n}, scan {b}/{n}; characters {ok}/{chars}")
        text_ok, scan_ok, total = text_ok + a, scan_ok + b, total + n
    assert total and scan_ok / total >= text_ok / total - 0.03


def test_ocr_never_refuses_a_scan_and_says_how_to_read_it(scanned) -> None:
    _, scan = scanned["chaoyang.pdf", 200, SCANNED]
    setup = Setup.build()
    setup.config.limits = Limits(ocr="never")
    result = audit_bytes(scan, "scan.pdf", setup)
    assert [f.code for f in result.findings] == ["PF01"]
    assert "--ocr never" in result.findings[0].message and "Traceback" not in result.findings[0].message


def test_without_the_extra_the_refusal_says_how_to_install_it() -> None:
    said = refusal("扫描.pdf", Limits())
    assert "pip install -e '.[ocr]'" in str(said) and "pip install -e '.[ocr]'" in said.en
    assert "pip install pfaudit" not in str(said)  # there is no such package on PyPI
    assert "[ocr]" in unread_note([2, 3], Limits())


def test_the_audited_scan_is_never_written_to(scanned, tmp_path: Path) -> None:
    _, scan = scanned["gumei.pdf", 200, FAINT]
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scan)
    before = path.stat().st_mtime_ns
    setup = Setup.build()
    setup.config.limits = Limits(ocr_jobs=2)
    audit_path(path, setup)
    assert path.read_bytes() == scan and path.stat().st_mtime_ns == before


def test_the_web_page_reads_a_scan_shows_its_pages_read_and_boxes_each_finding(tmp_path: Path) -> None:
    import threading
    import time

    import lxml.html
    from starlette.testclient import TestClient

    from auditor.web.app import Settings, create_app

    first = scans.pdf_pages((FORMATS / "chaoyang.pdf").read_bytes(), 200)[0]
    scan = scans.image_pdf([scans.degrade(first, SCANNED, 5, 200)], 200, 55)
    (tmp_path / "uploads").mkdir()
    app = create_app(Settings(temp_root=tmp_path / "uploads", time_limit=60))
    seen: list[dict] = []
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/progress/abcdefgh12").json() == {}
        done: dict = {}

        def post() -> None:
            files = [("files", ("扫描件.pdf", scan, "application/pdf"))]
            done["response"] = client.post("/check?lang=zh", files=files, data={"profile": "national", "progress": "abcdefgh12"})

        worker = threading.Thread(target=post)
        worker.start()
        while worker.is_alive():
            said = client.get("/progress/abcdefgh12").json()
            if said:
                seen.append(said)
            time.sleep(0.2)
        worker.join()
    doc = lxml.html.fromstring(done["response"].text)
    assert seen and seen[-1]["total"] == 1 and seen[-1]["name"] == "扫描件.pdf"
    assert "OCR" in doc.cssselect("#coverage-0")[0].text_content()
    figure = doc.cssselect("figure.scan svg")
    assert figure and figure[0].cssselect("image")[0].get("href").startswith("data:image/jpeg;base64,")
    boxes = figure[0].cssselect("a.box")
    findings = doc.cssselect("#findings-0 li.finding")
    assert boxes and len(boxes) <= len(findings)
    assert all(b.get("href").startswith("#f-0-") for b in boxes)
    assert "Traceback" not in done["response"].text
