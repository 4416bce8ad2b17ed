"""Characters the recognition model confuses, told apart by the shape of their ink.

A form flattened to text and printed parts its cells with "|" and marks "not applicable"
with "/"; the model reads both as "1" ("/ |" as "11"), and a score of 11 is then a figure
no form printed. In common type a "1" is as tall as the other figures and has a flag; a bar
is thin and reaches above and below the figures; a slash leans, so little of its box is ink.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.readers.ocr.engine import Word

SHAPE_SCORE = 0.95  # a bar or a slash told by its shape: sure enough to read, never a figure
_ONES = re.compile(r"[1 \-—]{1,8}")
BAR = 0.15  # a bar is at most this wide for its height ("1" has a flag: about a third)
SLASH = (0.35, 0.35)  # a slash is at least this wide for its height, with at most this much of its box inked
DASH = 0.45  # a dash is at least this wide, of its text box's height ("-" is about a quarter)
SIGN_PAD = 4  # pixels either side of the engine's character box, which is drawn tight


def _parts(gray: Any, box: tuple[float, float, float, float], dpi: int) -> list[tuple[int, int, int, int, int]]:
    """The inked shapes inside a box, left to right: ``(x, y, w, h, area)``, specks left out."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = (max(0, round(v)) for v in box)
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats((crop < min(level, 215)).astype(np.uint8), connectivity=8)
    speck = (dpi / 100) ** 2 * 1.5
    return sorted((x0 + int(s[0]), y0 + int(s[1]), int(s[2]), int(s[3]), int(s[4])) for s in stats[1:count] if s[4] >= speck)


def ones(gray: Any, word: Word, dpi: int) -> Word:
    """The word with each "1" that is a bar read as "|" and each that is a slash as "/".

    Only a word of nothing but "1"s (and dashes between them, "| — |") is looked at, and only
    when it shows one shape for each: a figure among others ("100") is read as the model read it.
    """
    if not _ONES.fullmatch(word.text) or "1" not in word.text:
        return word
    marks = word.text.replace(" ", "")
    parts = _parts(gray, word.box, dpi)
    if len(parts) != len(marks):
        return word
    tallest = max(h for _, _, _, h, _ in parts)
    said = []
    for ch, (x, _, w, h, area) in zip(marks, parts, strict=True):
        if ch == "1" and w <= BAR * h and h >= 0.9 * tallest:
            ch = "|"
        elif ch == "1" and w >= SLASH[0] * h and area <= SLASH[1] * w * h:
            ch = "/"
        said.append((ch, x, x + w))
    text = "".join(ch for ch, _, _ in said)
    if text == marks:
        return word
    inked = [k for k, c in enumerate(word.text) if c != " "]
    chars = tuple(
        (SHAPE_SCORE if ch != was else word.confidence(k), float(a), float(b))
        for (ch, a, b), was, k in zip(said, marks, inked, strict=True)
    )
    return Word(text, word.box, min(c for c, _, _ in chars), chars)


def _one_sign(gray: Any, word: Word, k: int, dpi: int) -> str:
    """Character `k` of the word, or the sign its ink shows the model read for a likeness of it."""
    char = word.text[k]
    _, a, b = word.chars[k]
    height = word.box[3] - word.box[1]
    parts = _parts(gray, (a - SIGN_PAD, word.box[1], b + SIGN_PAD, word.box[3]), dpi)
    if char == "-" and len(parts) == 1:
        _, _, w, h, _ = parts[0]
        return "—" if w >= DASH * height and h <= w / 4 else char
    if char in "≥≤" and len(parts) == 3:
        head, *bars = sorted(parts, key=lambda p: p[1])
        flat = all(h <= w / 3 and y >= head[1] + head[3] / 2 for _, y, w, h, _ in bars)
        return {"≥": "≧", "≤": "≦"}[char] if flat else char
    return char


def signs(gray: Any, word: Word, dpi: int) -> Word:
    """The word with a dash read as "-" and a "≧" read as "≥" (or "≦" as "≤") as printed.

    The model knows no "≧" and reads "—" as a hyphen, though a reader of the form, and the
    decoder, tell a target's sign and a cell left blank by them: a dash is a character
    wide, a hyphen a third of one, and "≧" has two bars under its angle where "≥" has one.
    """
    if not word.chars or not any(c in "-≥≤" for c in word.text):
        return word
    text = "".join(_one_sign(gray, word, k, dpi) if c in "-≥≤" else c for k, c in enumerate(word.text))
    return word if text == word.text else Word(text, word.box, word.score, word.chars, word.ink)
