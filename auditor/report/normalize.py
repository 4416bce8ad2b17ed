"""Normalisation for reading: the text checks match against, never the text users see.

Every step maps `Mapped` to `Mapped`, so offsets into the original survive. The order is
fixed, each step cleaning what the next one matches: conversion residue and pinyin glosses,
traditional to simplified characters, full-width forms, then spaces inside numbers and
between a number and its unit.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from auditor.report.model import Mapped

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# NOTE: 、。“”〔〕【】 and ≥ are not full-width ASCII; pipelines leave them alone and so do we,
# but the Chinese comma, colon and brackets do map, so "（2021年度）" reads as "(2021年度)".

_LATEX = {
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\%": "%",
    r"\times": "×",
}
_LATEX_RE = regex.compile(r"\$\s*|(?<!\s)\s*\$|\\(?:geq|ge|leq|le|times)\b\s*|\\%")
_SPACE_RE = regex.compile(r"[ \t\u00a0\u3000]+")


def substitute(text: Mapped, pattern: regex.Pattern, repl: Callable[[regex.Match], str]) -> Mapped:
    """Replace matches; each replacement character maps to the start of its match."""
    parts: list[Mapped] = []
    last = 0
    for m in pattern.finditer(text.text):
        parts.append(text[last : m.start()])
        new = repl(m)
        if new:
            origin = text.offsets[m.start()] if m.start() < len(text) else text.offsets[-1]
            parts.append(Mapped(new, [origin] * len(new)))
        last = m.end()
    parts.append(text[last:])
    return Mapped.join(parts)


_T2S = None


def simplify(text: Mapped) -> Mapped:
    """Traditional characters to simplified (預算執行率 → 预算执行率), one for one.

    Keywords are written in simplified Chinese; a report from Taiwan, Hong Kong or a Big5
    export would otherwise match none of them and look clean. Only a conversion that keeps
    the length is used, so each character keeps its offset.
    """
    global _T2S
    if text.text.isascii():
        return text
    if _T2S is None:
        import opencc  # loads its dictionaries once, on the first non-ASCII text

        _T2S = opencc.OpenCC("t2s")
    converted = _T2S.convert(text.text)
    if converted == text.text:
        return text
    if len(converted) != len(text.text):  # a phrase rule changed the length: go character by character
        converted = "".join(c if len(s := _T2S.convert(c)) != 1 else s for c in text.text)
    return Mapped(converted, text.offsets, text.anchor)


def halfwidth(text: Mapped) -> Mapped:
    """Map full-width ASCII (０-９, ，：（） …) and the ideographic space to half-width."""
    narrowed = text.text.translate(_FULLWIDTH)
    return text if narrowed == text.text else Mapped(narrowed, text.offsets, text.anchor)


def strip_latex(text: Mapped) -> Mapped:
    r"""Turn converter residue such as ``$\geq 95\%$`` into ``≥95%``."""
    if "$" not in text.text and "\\" not in text.text:
        return text

    def repl(m: regex.Match) -> str:
        key = m.group().strip(" $")
        return _LATEX.get(key.strip(), "")

    return substitute(text, _LATEX_RE, repl)


def _keep_space(before: str, after: str) -> bool:
    # Spaces only carry meaning between two Latin words or two separate numbers.
    return (before.isascii() and before.isalnum()) and (after.isascii() and after.isalnum())


def drop_spaces(text: Mapped) -> Mapped:
    """Drop spaces that PDF extraction puts inside Chinese text and around numbers."""
    s = text.text
    if " " not in s and "\t" not in s and "\u00a0" not in s and "\u3000" not in s:
        return text
    parts: list[Mapped] = []
    last = 0
    for m in _SPACE_RE.finditer(s):
        before = s[m.start() - 1] if m.start() else ""
        after = s[m.end()] if m.end() < len(s) else ""
        parts.append(text[last : m.start()])
        if before and after and _keep_space(before, after):
            parts.append(text[m.start() : m.start() + 1])
        last = m.end()
    parts.append(text[last:])
    return Mapped.join(parts)


# A pinyin syllable (tone marks optional) in brackets right after a character: "項(xiàng)".
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_GLOSS = regex.compile(
    rf"(?<=\p{{Han}})[(（](?:[bcdfghjklmnpqrstwxyz]{{0,2}}[aeiou{_TONED}]{{1,3}}(?:ng|n|r)?)[)）]"
)


def strip_glosses(text: Mapped) -> Mapped:
    """Drop pinyin glosses that some sites print after every character ("財(cái)政" → "財政")."""
    if "(" not in text.text and "（" not in text.text:
        return text
    return substitute(text, _GLOSS, lambda m: "")


# OCR confusions, one character for one, only where the context leaves no doubt: a letter
# among digits ("2O23", "l0" → 2023, 10), "兀" after a number (元), "匏" in 预算.
_OCR_IN_NUMBER = regex.compile(r"(?<=\d)[OoDQ]+(?=[\d.,%\s万元]|$)|(?<=\d)[lI|](?=\d)|(?<=\d[.,])[Oo](?=\d)|[OolI](?=\d{2,})(?<![A-Za-z][OolI])")
_OCR_WORDS = {"兀": "元", "匏": "算"}
# A run of digits and look-alikes right before a unit: "IO万元" is 10万元, "l5人" 15人.
# NOTE: bounded (40 characters), so a long run of digits costs each start a bounded look, not the run.
_OCR_BEFORE_UNIT = regex.compile(r"(?<![A-Za-z])(?=[\dIlO]{0,39}[IlO])(?=[IlO]{0,39}\d|[IlO]{2})[\dIlO]{2,40}+(?=\s*(?:万元|亿元|元|%|人|个|项|户|万))")
_DIGIT_LOOKALIKES = str.maketrans("IlO", "110")
# One scan that rules out most text: every confusion above has a look-alike next to a digit.
_OCR_ANY = regex.compile(r"\d[OoDQlI|]|[OolI]\d|^[lI][Oo]|兀|匏|[IlO]{2}(?=\s*(?:万元|亿元|元|%|人|个|项|户|万))")
# A cell that is one figure but for its look-alikes ("lO" under 分值, "3OO"): all of it is digits.
_OCR_FIGURE = regex.compile(r"(?=.*[OolI])(?:(?=.*\d)|(?=[lI][Oo]))[\dOolI]{2,12}(?:\.[\dOo]{1,4})?%?")
_FIGURE_LOOKALIKES = str.maketrans("OolI", "0011")
_OCR_WORD = regex.compile(r"(?<=[\d.,]\s?万?|万|[(（]|单位[:：]?)兀|(?<=预)匏")  # 元 after a figure, in 万兀, in (兀)


def ocr(text: Mapped) -> Mapped:
    """Undo OCR's usual confusions in figures and keywords ("1O0万兀" → "100万元", "预匏数" → "预算数")."""
    s = text.text
    if not _OCR_ANY.search(s):
        return text
    fixed = _OCR_WORD.sub(lambda m: _OCR_WORDS[m.group()], s)
    if _OCR_FIGURE.fullmatch(fixed):
        fixed = fixed.translate(_FIGURE_LOOKALIKES)
    fixed = _OCR_IN_NUMBER.sub(lambda m: "0" * len(m.group()) if m.group()[0] in "OoDQ" else "1", fixed)
    fixed = _OCR_BEFORE_UNIT.sub(lambda m: m.group().translate(_DIGIT_LOOKALIKES), fixed)
    return text if fixed == s else Mapped(fixed, text.offsets, text.anchor)


def for_reading(text: Mapped) -> Mapped:
    """Apply every normalisation step in order."""
    return drop_spaces(ocr(halfwidth(simplify(strip_glosses(strip_latex(text))))))


def for_reading_str(text: str) -> str:
    """Normalise a plain string (for labels and tests that need no offsets)."""
    return for_reading(Mapped.of(text, 0)).text


_WIDE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026]")


def printed_width(text: str) -> int:
    """Display columns: two for a CJK character or full-width mark, one for the rest."""
    return len(text) + len(_WIDE.findall(text))
