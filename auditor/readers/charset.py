"""Which encoding a web page is in: its BOM, its own declaration, or what its bytes show.

Pages from government sites arrive in GBK/GB2312/GB18030 or UTF-8, and their declarations
are often wrong: a CMS template says UTF-8 over GBK text, a server default says ISO-8859-1,
a browser re-saves a GB2312 page as UTF-8 and keeps the old ``<meta>``. A declaration is
followed only while the bytes agree with it; when they clearly do not (they cannot be decoded
with it, or charset-normalizer finds the result is mojibake), the content decides, and the
note says so, so the user can see why the text reads as it does.
"""

from __future__ import annotations

import codecs
import re

from auditor.report.errors import ReadError
from auditor.report.model import Note

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16"))  # fmt: skip
_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)", re.I)
_XML = re.compile(rb"\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([a-z0-9_.:-]+)", re.I)
# Labels by family, the codec each family is read with first. GB18030 decodes everything
# GB2312 and GBK do; a UTF-16 label on bytes without a BOM means UTF-8 (as browsers read it).
_FAMILIES = {
    "gb18030": {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "chinese", "csgb2312", "gb-2312-80",
                "iso-ir-58", "euc-cn", "hz-gb-2312", "ms936", "windows-936"},
    "big5hkscs": {"big5", "big5hkscs", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"},
    "utf-8": {"utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode"},
    "cp1252": {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252",
               "ascii", "us-ascii", "iso-8859-15", "iso8859-15"},
}  # fmt: skip
_CANDIDATES = ("utf_8", "gb18030", "big5hkscs")
_SINGLE_BYTE = {"cp1252"}  # families that decode any bytes, so decoding proves nothing
MAX_REPLACED = 0.001  # share of undecodable characters a page may have and still be read


def family(label: str) -> str | None:
    """The codec a charset label is read with ("gb2312" → "gb18030"); None for an unknown label."""
    key = label.strip().lower().replace("_", "-")
    for name, labels in _FAMILIES.items():
        if key in labels:
            return name
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return next((f for f, labels in _FAMILIES.items() if name in labels), name)


def declared(data: bytes) -> str | None:
    """The charset a page declares in an XML declaration or a ``<meta>`` in its first 8 KB."""
    head = data[:8192]
    found = _XML.match(head) or _META.search(head)
    return found.group(1).decode("ascii") if found else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(data: bytes, codec: str) -> bool:
    """Whether charset-normalizer accepts `codec` for these bytes (its decoding is not a mess)."""
    from charset_normalizer import from_bytes  # only pages that are not UTF-8 pay for it

    return bool(from_bytes(data, cp_isolation=[codec], preemptive_behaviour=False))


def _detect(data: bytes) -> str | None:
    """The Chinese encoding charset-normalizer finds for the bytes, if any.

    NOTE: only the encodings these reports come in are candidates: on a GBK page with one
    broken byte, an unrestricted guess is some single-byte codec that decodes everything,
    which is mojibake; the lenient reading after this is the better answer.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_CANDIDATES), preemptive_behaviour=False).best()
    return family(best.encoding) if best else None


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode a page: BOM, then UTF-8 or the declared charset when the bytes agree, then detection.

    :param name: the file name, for messages.
    :returns: the text, the codec used and the notes for the report.
    :raises ReadError: for an empty file, binary data, or bytes no encoding reads.
    """
    if not data.strip():
        raise ReadError(f"“{name}”是空网页：文件里只有空白，没有可检查的内容。", f"“{name}” is an empty web page: only white space")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise ReadError(
                    f"“{name}”以 {label.upper()} 的字节顺序标记开头，但内容无法按 {label.upper()} 解码，文件可能已损坏。",
                    f"“{name}” starts with a {label.upper()} byte order mark but does not decode as {label.upper()}; "
                    "the file may be damaged",
                )
            bom = Note(f"以 {label.upper()} 编码读取（文件开头的字节顺序标记）", f"read as {label.upper()} (its byte order mark)")
            return text, label, [] if label == "utf-8" else [bom]
    if b"\x00" in data[:8192]:
        raise ReadError(f"“{name}”含有二进制内容（NUL 字节），不是网页，无法读取。", f"“{name}” holds binary data (NUL bytes): it is not a web page")
    label = declared(data)
    said = family(label) if label else None
    if data.isascii():
        return data.decode("ascii"), "utf-8", []  # characters beyond ASCII, if any, are entities
    text = _strict(data, "utf-8")
    if text is not None:
        if said not in (None, "utf-8"):
            return text, "utf-8", [Note(f"网页声明的编码为 {label}，但内容是 UTF-8，已按 UTF-8 读取", f"the page declares {label} but is UTF-8; read as UTF-8")]
        return text, "utf-8", []
    if said and said != "utf-8" and said not in _SINGLE_BYTE:
        text = _strict(data, said)
        if text is not None and _plausible(data, said):
            return text, said, [Note(f"以 {said.upper()} 编码读取（网页声明为 {label}）", f"read as {said.upper()} (the page declares {label})")]
    codec = _detect(data)
    if codec and (text := _strict(data, codec)) is not None:
        if label:
            return text, codec, [
                Note(
                    f"网页声明的编码为 {label}，与内容不符，已按内容识别为 {codec.upper()} 读取",
                    f"the page declares {label}, which its bytes contradict; read as {codec.upper()}, as detected",
                )
            ]
        return text, codec, [Note(f"以 {codec.upper()} 编码读取（网页未声明编码，按内容识别）", f"read as {codec.upper()} (detected; the page declares none)")]
    return _lenient(data, name, said or "gb18030")


def _lenient(data: bytes, name: str, codec: str) -> tuple[str, str, list[str]]:
    """Read a page with a few broken bytes as a browser does, when they are only a few."""
    if codec in _SINGLE_BYTE:
        codec = "gb18030"  # a Western page would have decoded above; these reports are Chinese
    text = data.decode(codec, "replace")
    bad = text.count("\ufffd")
    if bad > max(1, len(text) * MAX_REPLACED):
        raise ReadError(
            f"无法识别“{name}”的文字编码：既不是 UTF-8，也不是 GB18030/GBK 等常见编码，或文件已损坏。",
            f"the encoding of “{name}” is unknown (neither UTF-8 nor a common one such as GB18030/GBK), or the file is damaged",
        )
    return text, codec, [Note(f"以 {codec.upper()} 编码读取；有 {bad} 处字节无法解码，显示为 �", f"read as {codec.upper()}; {bad} bytes do not decode and show as �")]
