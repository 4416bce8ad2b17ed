"""Inputs for the attacks on runs, the web page and the audit history, made in code.

The big ones (a PDF whose page stream inflates a thousandfold, a workbook of thousands of
sheets, a Word document padded to 19 MB) are built here rather than committed; the small
ones the tests read as they are live in ``tests/data/attacks``. Used by the tests and by
``bench/edges.py``.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "attacks"
SAMPLE = ROOT / "samples" / "gumei-2020-self-evaluation-table.txt"
_S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
LINE = b"BT /F1 12 Tf 72 720 Td (2021 budget 100) Tj ET\n"


def pdf_page(content: bytes, *, flate: bool = True) -> bytes:
    """A one-page PDF whose page content stream is `content` (deflated when `flate`)."""
    stream = zlib.compress(content, 9) if flate else content
    head = b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        head + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for at in offsets:
        out.write(b"%010d 00000 n \n" % at)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def content_bomb(inflated: int = 100 << 20) -> bytes:
    """A PDF of a few hundred KB whose one page stream inflates to `inflated` bytes of text operators."""
    return pdf_page(LINE * (inflated // len(LINE)))


def spaces_bomb(inflated: int = 1 << 30) -> bytes:
    """A PDF of about 1 MB whose page stream inflates to `inflated` bytes of blanks, then one line of text."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(b" " * (1 << 20)) for _ in range(inflated >> 20)]
    stream = b"".join([*parts, packer.compress(LINE), packer.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)


def sheets(count: int, cells: int = 3) -> bytes:
    """An .xlsx of `count` sheets, each one row of `cells` cells (an inline string, then numbers)."""
    out = io.BytesIO()
    numbers = range(1, count + 1)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>' for i in numbers)
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_R_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        listed = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in numbers)
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_S_NS}" xmlns:r="{_R_NS}"><sheets>{listed}</sheets></workbook>',
        )
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_R_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in numbers)
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">{rels}</Relationships>')
        for i in numbers:
            row = "".join(
                f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>预算数{i}</t></is></c>' if j == 0 else f'<c r="{chr(65 + j)}1"><v>{i * j}</v></c>'
                for j in range(cells)
            )
            z.writestr(f"xl/worksheets/sheet{i}.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_S_NS}"><sheetData><row r="1">{row}</row></sheetData></worksheet>')
    return out.getvalue()


def padded_docx(megabytes: int) -> bytes:
    """The gumei sample as .docx with a stored (uncompressed) image of `megabytes` MB of random bytes."""
    base = zipfile.ZipFile(ROOT / "samples" / "formats" / "gumei.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in base.namelist():
            data = base.read(name)
            if name == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdPad" Type="{_R_NS}/image" Target="media/padding.png"/></Relationships>'.encode(),
                )
            if name == "[Content_Types].xml" and b'Extension="png"' not in data:
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            z.writestr(name, data)
        z.writestr(zipfile.ZipInfo("word/media/padding.png"), b"\x89PNG\r\n\x1a\n" + os.urandom(megabytes << 20), zipfile.ZIP_STORED)
    return out.getvalue()


def utf16_without_bom(order: str = "le") -> bytes:
    """The gumei sample in UTF-16 (little- or big-endian) without a byte-order mark."""
    return SAMPLE.read_text(encoding="utf-8").encode(f"utf-16-{order}")
