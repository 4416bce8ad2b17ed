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
REACH = 1.05  # a bar at a word's edge is at least this tall, of the text beside it
SIGN_PAD = 4  # pixels either side of the engine's character box, which is drawn tight


def _level(gray: Any) -> float:
    """The grey below which a pixel is ink (Otsu's, but never the paper's light grey)."""
    import cv2

    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return min(level, 215)


def _parts(gray: Any, box: tuple[float, float, float, float], dpi: int) -> list[tuple[int, int, int, int, int]]:
    """The inked shapes inside a box, left to right: ``(x, y, w, h, area)``, specks left out."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = (max(0, round(v)) for v in box)
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    count, _, stats, _ = cv2.connectedComponentsWithStats((crop < _level(gray)).astype(np.uint8), connectivity=8)
    speck = (dpi / 100) ** 2 * 1.5
    return sorted((x0 + int(s[0]), y0 + int(s[1]), int(s[2]), int(s[3]), int(s[4])) for s in stats[1:count] if s[4] >= speck)


def ones(gray: Any, word: Word, dpi: int) -> Word:
    """The word with each "1" that is a bar read as "|" and each that is a slash as "/".

    A word of nothing but "1"s (and dashes between them, "| — |") is looked at when it shows
    one shape for each; in any other word, only a "1" at its start or end (`_edge_ones`): a
    figure among others ("100") is read as the model read it.
    """
    if "1" not in word.text:
        return word
    if not _ONES.fullmatch(word.text):
        return _edge_ones(gray, word, dpi)
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


def _lean(gray: Any, part: tuple[int, int, int, int, int]) -> bool:
    """Whether a shape's ink leans as a slash does: its top quarter well right of its bottom one."""
    import numpy as np

    x, y, w, h, _ = part
    ink = gray[y : y + h, x : x + w] < _level(gray)
    band = max(1, h // 4)
    top, bottom = np.nonzero(ink[:band])[1], np.nonzero(ink[-band:])[1]
    return bool(top.size and bottom.size and top.mean() - bottom.mean() >= 0.3 * w)


def _edge_mark(gray: Any, word: Word, k: int, dpi: int) -> tuple[str, tuple[int, int, int, int, int]] | None:
    """What the "1" at the edge `k` of a word is by its ink: "|", "/", or None for a figure.

    The shape at that edge of the box must stand clear of the rest and, when the engine gave
    character boxes, lie in that character's: else it is not this character's ink alone. A bar
    is thin and reaches beyond the text beside it (a "1" is no taller than a figure, and less
    tall than a Chinese character); a slash leans and inks little of its box (a "1" is upright).
    """
    parts = _parts(gray, word.box, dpi)
    if len(parts) < 2:
        return None
    last = k == len(word.text) - 1
    edge = parts[-1] if last else parts[0]
    rest = [p for p in parts if p is not edge]
    x, _, w, h, area = edge
    clear = x >= max(p[0] + p[2] for p in rest) if last else x + w <= min(p[0] for p in rest)
    if word.chars:
        _, a, b = word.chars[k]
        clear = clear and a - SIGN_PAD <= x + w / 2 <= b + SIGN_PAD
    if not clear:
        return None
    beside = max(p[1] + p[3] for p in rest) - min(p[1] for p in rest)
    if w <= BAR * h and h >= REACH * beside:
        return "|", edge
    if w >= SLASH[0] * h and area <= SLASH[1] * w * h and _lean(gray, edge):
        return "/", edge
    return None


def _edge_ones(gray: Any, word: Word, dpi: int) -> Word:
    """The word with a "1" at its start or end read as the bar or slash its ink shows.

    Only a "1" beside a space or a letter ("是1", "100% 1", "1是") is looked at: one beside a
    figure or a point ("21", "0.1") is part of a number, and one inside a word ("第1期") is no
    cell's edge.
    """
    text = word.text
    said: dict[int, tuple[str, tuple[int, int, int, int, int]]] = {}
    for k, beside in ((0, text[1:2]), (len(text) - 1, text[-2:-1])):
        if text[k] == "1" and beside and (beside.isspace() or beside.isalpha() or beside in "%％"):
            found = _edge_mark(gray, word, k, dpi)
            if found:
                said[k] = found
    if not said:
        return word
    chars = list(word.chars)
    if not chars:
        if len(said) > 1:
            return word  # two marks and no character boxes: too little to place the rest by
        # The other characters shared out evenly, as `grid.glyphs` would, beside the mark's ink.
        ((k, (_, (x, _, w, _, _))),) = said.items()
        x0, x1 = (word.box[0], float(x)) if k else (float(x + w), word.box[2])
        step = (x1 - x0) / (len(text) - 1)
        chars = [(word.score, x0 + n * step, x0 + (n + 1) * step) for n in range(len(text) - 1)]
        chars.insert(k, (0.0, 0.0, 0.0))  # the mark's place, set below
    for k, (mark, (x, _, w, _, _)) in said.items():
        chars[k] = (SHAPE_SCORE, float(x), float(x + w))
        text = text[:k] + mark + text[k + 1 :]
    return Word(text, word.box, min(c for c, _, _ in chars), tuple(chars), word.ink)


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
