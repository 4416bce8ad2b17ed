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
_ONES = re.compile(r"[1 ]{1,8}")
BAR = 0.15  # a bar is at most this wide for its height ("1" has a flag: about a third)
SLASH = (0.35, 0.35)  # a slash is at least this wide for its height, with at most this much of its box inked


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

    Only a word of nothing but "1"s is looked at, and only when it shows one shape for each:
    a figure among others ("100") is read as the model read it.
    """
    if not _ONES.fullmatch(word.text):
        return word
    parts = _parts(gray, word.box, dpi)
    if len(parts) != word.text.count("1"):
        return word
    tallest = max(h for _, _, _, h, _ in parts)
    said = []
    for x, _, w, h, area in parts:
        if w <= BAR * h and h >= 0.9 * tallest:
            said.append(("|", x, x + w))
        elif w >= SLASH[0] * h and area <= SLASH[1] * w * h:
            said.append(("/", x, x + w))
        else:
            said.append(("1", x, x + w))
    if all(ch == "1" for ch, _, _ in said):
        return word
    text = "".join(ch for ch, _, _ in said)
    chars = tuple((SHAPE_SCORE if ch != "1" else word.confidence(0), float(a), float(b)) for ch, a, b in said)
    return Word(text, word.box, min(c for c, _, _ in chars), chars)
