"""Hostile inputs made in code, for the limit tests, the fuzz test and bench/hostile.py.

Each builder returns file bytes: minimal .docx/.xlsx packages around crafted XML, a minimal
PDF, zip bombs, long lines and huge reports, and seeded mutations of the samples. Nothing is
read from outside the repository.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"

_DOCX_PARTS = {
    "[Content_Types].xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
}
_XLSX_PARTS = {
    "[Content_Types].xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S_NS}" xmlns:r="{_RELS}">'
        '<sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def package(parts: dict[str, str | bytes], level: int = 6) -> bytes:
    """A zip package of `parts` (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def docx(body: str, prolog: str = "") -> bytes:
    """A minimal .docx whose body is `body` (WordprocessingML, w: prefix); `prolog` goes before the root."""
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return package({**_DOCX_PARTS, "word/document.xml": xml})


def para(text: str) -> str:
    """One Word paragraph."""
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def xlsx(sheet_data: str, after: str = "") -> bytes:
    """A minimal .xlsx with one sheet: `sheet_data` inside <sheetData>, `after` after it (mergeCells)."""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S_NS}"><sheetData>{sheet_data}</sheetData>{after}</worksheet>'
    return package({**_XLSX_PARTS, "xl/worksheets/sheet1.xml": xml})


def cell(ref: str, value: str) -> str:
    """An inline-string or numeric cell."""
    if value.replace(".", "", 1).isdigit():
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def pdf(pages: list[str]) -> bytes:
    """A minimal PDF: one line of ASCII text per page (Helvetica), with a correct xref table."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for at in offsets:
        out.write(f"{at:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# -- the hostile cases ------------------------------------------------------------------


def zip_bomb(size: int) -> bytes:
    """A .docx whose document.xml inflates to `size` bytes of blanks (about 1,000 to 1)."""
    body = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, part in _DOCX_PARTS.items():
            z.writestr(name, part)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(body)
            block = b" " * (1 << 20)
            for _ in range(size >> 20):
                f.write(block)
            f.write(b"</w:body></w:document>")
    return out.getvalue()


def many_members(count: int) -> bytes:
    """A .docx with `count` extra (tiny) members."""
    return package({**_DOCX_PARTS, "word/document.xml": docx_xml(para("2021年度")), **{f"x/{n}.xml": "<a/>" for n in range(count)}})


def docx_xml(body: str) -> str:
    """The document.xml of `docx`."""
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def unsupported_zip_version(data: bytes) -> bytes:
    """`data` with the central directory's "version needed to extract" of its first entry set to 14.8."""
    at = data.find(b"PK\x01\x02")
    return data[: at + 6] + bytes([148, 0]) + data[at + 8 :]


def gridspan(span: int, rows: int = 40) -> bytes:
    """A .docx table of `rows` rows, each one cell spanning `span` columns."""
    tc = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{para("1")}</w:tc>'
    return docx(para("2020年度") + "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + f"<w:tr>{tc}</w:tr>" * rows + "</w:tbl>")


def entity_docx() -> bytes:
    """A .docx with an (unexpandable) DTD entity inside a run, text on both sides."""
    prolog = '<!DOCTYPE d [<!ENTITY ext SYSTEM "file:///etc/hostname">]>'
    return docx(para("2020年度项目预算数100万元，前文&ext;后文执行数90万元，执行率100%。"), prolog)


def far_cell() -> bytes:
    """An .xlsx with a small table and one more cell at XFD1048576."""
    rows = "".join(f'<row r="{r}">{cell(f"A{r}", "项目")}{cell(f"B{r}", str(r))}</row>' for r in range(1, 6))
    return xlsx(rows + f'<row r="1048576">{cell("XFD1048576", "1")}</row>')


def whole_sheet_merge() -> bytes:
    """An .xlsx whose one merged range covers the whole sheet."""
    return xlsx(f'<row r="1">{cell("A1", "项目")}</row>', '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')


def numeric_cells(count: int, width: int = 10) -> bytes:
    """An .xlsx of `count` numeric cells, `width` to a row."""
    letters = "ABCDEFGHIJ"[:width]
    rows = []
    for r in range(1, count // width + 1):
        cells = "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters)
        rows.append(f'<row r="{r}">{cells}</row>')
    return xlsx("".join(rows))


def long_line(chars: int, piece: str = "1") -> bytes:
    """One line of `chars` characters, `piece` repeated."""
    return (piece * (chars // len(piece) + 1))[:chars].encode("utf-8") + b"\n"


def amounts(count: int) -> bytes:
    """`count` paragraphs, each with a budget and a rate (the pairwise money-unit check's worst case)."""
    return "".join(f"第{n}段：2020年度预算数{n}万元，执行率{n % 100}%。\n" for n in range(count)).encode("utf-8")


def paragraphs(count: int) -> list[str]:
    """`count` short distinct paragraphs."""
    return [f"本项目第{n}项工作已按计划完成，资金使用规范。" for n in range(count)]


# -- seeded mutations ---------------------------------------------------------------------

_TOKENS = (
    "1" * 500, "2020年" * 100, "“" * 300, "（" * 200, "\t" * 300, " " * 500, "万元" * 200, "一" * 300,
    "预算数100万元，执行率95%，" * 40, "|" * 200, "\x00", "\ufffd", "𠀀", "\r\n" * 50, "一、" * 100, "第1" * 100,
)  # fmt: skip
# Well-formed fragments to insert between two tags, and hostile values for numeric attributes.
_XML_BITS = (
    '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
    "<w:p><w:r><w:t>预算数100万元，执行率95%</w:t></w:r></w:p>" * 30, "<w:tbl>" * 30 + "</w:tbl>" * 30,
    '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="100000"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>',
    '<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>', "<!-- x -->", "<?pi x?>",
    '<mergeCells count="1"><mergeCell ref="A1:Z99999"/></mergeCells>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    '<c r="A0"><v>1</v></c>', '<row r="5"><c r="ZZZZ5"><v>1</v></c></row>', '<c r="B2" t="s"><v>99999</v></c>',
)  # fmt: skip
_VALUES = {
    b"r": ("XFD1048576", "A1048576", "ZZ99", "B2", "A1", "x"),
    b"ref": ("A1:XFD1048576", "A1:Z99999", "B2:A1", "A1", "x"),
}
_NUMBERS = ("0", "-1", "99999", "30000000", "2147483648", "1e9", "", "x", "00")
_ATTRIBUTE = re.compile(rb'(?<=\s)((?:w:val|r|ref|count|w:w)=")([^"]*)(")')
_BETWEEN = re.compile(rb">(?=<)")
_TEXT = re.compile(rb">([^<]{1,200})<")


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def _mutate_text(rng: random.Random, text: bytes, flips: float = 0.1) -> bytes:
    """Text mutated by characters (it stays UTF-8), now and then by bytes."""
    try:
        chars = text.decode("utf-8")
    except UnicodeDecodeError:
        return _mutate_bytes(rng, text, flips)
    if rng.random() < flips:
        return _mutate_bytes(rng, text, 1.0)
    return _mutate_bytes(rng, chars, 0.0).encode("utf-8", "surrogatepass")


def _mutate_bytes(rng: random.Random, text, flips: float):
    """Insertions, deletions, repeats and truncation of `text` (bytes or str); `flips` of them byte flips."""
    data = bytearray(text) if isinstance(text, bytes) else list(text)
    tokens = [t.encode("utf-8") if isinstance(text, bytes) else t for t in _TOKENS]
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        at = rng.randrange(len(data) + 1)
        if op < flips and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op < 0.5:
            data[at:at] = rng.choice(tokens)
        elif op < 0.65:
            del data[at : at + rng.randint(1, 200)]
        elif op < 0.9:
            piece = data[at : at + rng.randint(1, 400)]
            data[at:at] = piece * rng.randint(2, 20)
        else:
            data = data[: max(at, len(data) // 2)]
    return bytes(data) if isinstance(text, bytes) else "".join(data)


def _mutate_xml(rng: random.Random, body: bytes) -> bytes:
    """Mostly well-formed changes: a fragment between tags, hostile text, a hostile attribute value."""
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.35 and (gaps := [m.end() for m in _BETWEEN.finditer(body)]):
            at = rng.choice(gaps)
            word = b"<w:" in body[:2000]
            bit = rng.choice([b for b in _XML_BITS if b.startswith("<w:") == word or b.startswith(("<!", "<?"))])
            body = body[:at] + bit.encode("utf-8") + body[at:]
        elif op < 0.7 and (texts := list(_TEXT.finditer(body))):
            m = rng.choice(texts)
            body = body[: m.start(1)] + _escape(rng.choice(_TOKENS)) + body[m.end(1) :]
        elif op < 0.95 and (attributes := list(_ATTRIBUTE.finditer(body))):
            m = rng.choice(attributes)
            value = rng.choice(_VALUES.get(m.group(1)[:-2], _NUMBERS))
            body = body[: m.start(2)] + value.encode() + body[m.end(2) :]
        else:  # now and then a break in the XML itself
            body = _mutate_text(rng, body, flips=0.5)
    return body


def _mutate_zip(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.1:  # the raw container: flipped or truncated bytes
        return _mutate_text(rng, data, flips=0.5)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: z.read(info) for info in z.infolist()}
    except Exception:
        return _mutate_text(rng, data)
    xml = [n for n in parts if n.endswith(".xml") and ("document" in n or "sheet" in n or "shared" in n)] or list(parts)
    name = rng.choice(xml)
    parts[name] = _mutate_xml(rng, parts[name])
    return package(parts)


def _mutate_pdf(rng: random.Random, base: bytes) -> bytes:
    if rng.random() < 0.3:  # the samples' streams are compressed: flipped bytes mostly make damage
        return _mutate_text(rng, base, flips=0.3)
    lines = [rng.choice(("2021 budget 100 execution 95%", "1" * rng.randint(1, 600), "2020 " * 60, "a" * 300)) for _ in range(rng.randint(1, 12))]
    return pdf(lines)


def samples(kind: str) -> list[Path]:
    """The sample files of one kind ("txt", "docx", "xlsx", "pdf")."""
    if kind == "txt":
        return sorted((ROOT / "samples").glob("*.txt"))
    return sorted((ROOT / "samples" / "formats").glob(f"*.{kind}"))


def mutations(count: int, seed: int = 14) -> list[tuple[str, bytes]]:
    """`count` mutated inputs, a quarter each of text, .docx, .xlsx and .pdf (names say which)."""
    rng = random.Random(seed)
    sources = {kind: [p.read_bytes() for p in samples(kind)] for kind in ("txt", "docx", "xlsx", "pdf")}
    out = []
    for n in range(count):
        kind = ("txt", "docx", "xlsx", "pdf")[n % 4]
        base = rng.choice(sources[kind])
        if kind == "txt":
            data = _mutate_text(rng, base)
        elif kind == "pdf":
            data = _mutate_pdf(rng, base)
        else:
            data = _mutate_zip(rng, base)
        out.append((f"fuzz{n:05d}.{kind}", data))
    return out
