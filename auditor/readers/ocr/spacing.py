"""The spaces a text box's picture shows and the recognition model left out.

The model often reads "287 287 171" as "287287171", and a form printed as text parts its
columns with spaces alone. The page still shows each space as white between two inked
characters (`image.gaps`). Between Chinese characters a space is wider than the white their
own sides leave; between figures, whose type sets each at the same pitch, a space moves the
next figure on by about half a pitch, however narrow a "1" leaves its own white.
"""

from __future__ import annotations

import unicodedata
from statistics import median

from auditor.readers.ocr.engine import Word
from auditor.readers.ocr.grid import spaces

NARROW = ".,:;!|'"  # punctuation whose type leaves white on both sides
WIDE_SPACE = 0.3  # white this wide (of the box's height) is a space between any two characters
PITCH_STEP = 1.3  # figures this much further apart than their pitch have a space between them
INNER = 0.2  # white narrower than this (of the box's height) between two figures is no space
PITCH = 0.46  # a figure's pitch in common type, of the box's height
ONE_SPACE = 0.26  # white beside a "1" this wide (of the box's height) is a space


def _pair(text: list[str], k: int) -> tuple[str, str]:
    return text[k - 1], text[k]


def _pitch(blobs: list[float], pairs: list[tuple[str, str] | None], widths: list[float], height: float) -> float:
    """The distance between the centres of two neighbouring figures in the box.

    Measured where the white between two figures is surely no space; else the pitch of
    common type: a figure is about half as wide as the box is high.
    """
    steps = [
        blobs[i + 1] - blobs[i]
        for i, pair in enumerate(pairs)
        if pair is not None and pair[0].isascii() and pair[1].isascii() and widths[i] < INNER * height
    ]
    return median(steps) if steps else PITCH * height


def spaced(word: Word, blank: list[tuple[float, float]]) -> Word:
    """The word with the spaces its page shows, from its blank stretches ``(centre, width)``."""
    if not word.chars or not blank:
        return word
    height = word.box[3] - word.box[1]
    text, chars = list(word.text), list(word.chars)
    runs = sorted(blank)
    # Inked stretches between the blank ones (and the box's ends): roughly one character each.
    edges = [(word.box[0], word.box[0]), *((c - w / 2, c + w / 2) for c, w in runs), (word.box[2], word.box[2])]
    blobs = [(edges[i][1] + edges[i + 1][0]) / 2 for i in range(len(edges) - 1)]
    at: list[int | None] = []
    for centre, _ in runs:
        k = min(range(1, len(chars)), key=lambda i: abs(chars[i][1] - centre), default=None)
        at.append(k if k is not None and abs(chars[k][1] - centre) <= 0.6 * height else None)
    pairs = [_pair(text, k) if k is not None else None for k in at]
    widths = [w for _, w in runs]
    pitch = _pitch(blobs, pairs, widths, height)
    found: list[tuple[int, float, float]] = []
    for i, ((centre, width), k, pair) in enumerate(zip(runs, at, pairs, strict=True)):
        if k is not None and pair is not None and " " in pair:
            # The model saw a space here: the white says how many ("(万元)   年初预算数").
            if spaces(width, height) > 1:
                found.append((k, centre, width))
            continue
        if k is None or pair is None:
            continue
        # Full-width punctuation carries its own white ("、" is half blank): never a space there.
        if any(unicodedata.category(c)[0] == "P" and not c.isascii() for c in pair):
            continue
        if "1" in pair and pair[0].isascii() and pair[1].isascii():
            space = width >= ONE_SPACE * height  # a "1" sits off the centre of its pitch: its white alone tells
        elif pair[0].isascii() and pair[1].isascii() and not any(c in NARROW for c in pair):
            far = blobs[i + 1] - blobs[i] > PITCH_STEP * pitch and width >= INNER * 0.9 * height
            space = far or width >= WIDE_SPACE * height
        else:
            least = 0.27 if any(c in NARROW for c in pair) else (0.24, 0.24, 0.26)[sum(c.isascii() for c in pair)]
            space = width >= least * height
        if space:
            found.append((k, centre, width))
    for k, centre, width in sorted(found, reverse=True):
        n = spaces(width, height) - (" " in _pair(text, k))  # beside the model's own space, the rest of the run
        text[k:k] = [" "] * n
        chars[k:k] = [(1.0, centre, centre)] * n
    return Word("".join(text), word.box, word.score, tuple(chars))
