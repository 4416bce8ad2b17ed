"""A scanned page as an image fit to read: rendered, stamps lifted, straightened, its rules found.

A scan is a picture of paper: a red seal over a cell, a page fed one or two degrees askew, a
faint photocopy. The engine reads straight black text best, and rows are grouped by their
height on the page, so the page is rendered at the resolution it was scanned at, red ink is
lifted, the skew is measured from the text lines themselves and undone, and the printed rules
of the forms are found as long straight runs of ink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A page is drawn at its scan's resolution within these bounds: the engine reads type drawn
# at 200 dpi or more best, so a coarser scan is enlarged, and a finer one is not worth the time.
MIN_DPI, MAX_DPI, DEFAULT_DPI = 200, 300, 200
LEAST_DPI = 100  # below this a scan's characters are a few pixels tall: no engine reads them
MAX_SKEW = 3.0  # degrees: a page fed further askew than this was not scanned to be read
SKEW_STEP = 0.1


@dataclass(frozen=True, slots=True)
class Rules:
    """The printed rules of a page in pixels: horizontal ``(y, x0, x1)`` and vertical ``(x, y0, y1)``."""

    horizontal: tuple[tuple[float, float, float], ...]
    vertical: tuple[tuple[float, float, float], ...]


def coarse(data: bytes, pages: list[int]) -> dict[int, int]:
    """The pages (1-based) scanned too coarsely to read, with their resolution."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        found = {n: scan_dpi(pdf[n - 1], clamp=False) for n in pages}
    finally:
        pdf.close()
    return {n: dpi for n, dpi in found.items() if dpi < LEAST_DPI}


def scan_dpi(page: Any, *, clamp: bool = True) -> int:
    """The resolution the page's largest picture was scanned at, within `MIN_DPI`..`MAX_DPI` with `clamp`."""
    import pypdfium2.raw as pdfium_c

    best, dpi = 0.0, DEFAULT_DPI
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            width, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except Exception:  # a damaged image object: the default resolution serves
            continue
        points = right - left
        if points > best and width > 0:
            best, dpi = points, round(width * 72 / points)
    return max(MIN_DPI, min(MAX_DPI, dpi)) if clamp else dpi


def render(data: bytes, index: int) -> tuple[Any, int]:
    """Page `index` (0-based) of a PDF as an RGB numpy array, and the resolution it was drawn at."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        dpi = scan_dpi(page)
        bitmap = page.render(scale=dpi / 72)
        return np.array(bitmap.to_pil().convert("RGB")), dpi
    finally:
        pdf.close()


def lift_stamps(rgb: Any) -> Any:
    """The page with red ink (seals, signatures in red) lifted, the black ink under it kept.

    Seen through a red filter, red ink is as light as paper while black stays dark: where
    a pixel is mostly red, its red channel is what the page shows there.
    """
    import numpy as np

    signed = rgb.astype(np.int16)
    red = (signed[..., 0] - np.maximum(signed[..., 1], signed[..., 2])) > 50
    out = rgb.copy()
    out[red] = rgb[red][:, :1]
    return out


def _ink(gray: Any) -> Any:
    """Ink as a boolean mask: Otsu's threshold, so a faint copy's grey text still counts."""
    import cv2

    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return gray < min(level, 215)


def skew(gray: Any) -> float:
    """The page's skew in degrees (positive: rotated counter-clockwise), from its text lines.

    Rows of ink sum to sharp peaks when the lines lie level: the angle that makes the row
    profile sharpest is the one that straightens the page.
    """
    import cv2
    import numpy as np

    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = _ink(small).astype(np.uint8) * 255
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), (w, h))
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    angles = np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP)
    scores = [sharpness(a) for a in angles]
    return -float(angles[int(np.argmax(scores))])


def straighten(rgb: Any, angle: float) -> Any:
    """The page turned back by `angle` degrees, the corners filled with paper."""
    import cv2

    if abs(angle) < SKEW_STEP:
        return rgb
    h, w = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def _runs(mask: Any, along: int, least: int) -> Any:
    """The mask's straight runs at least `least` pixels long (a morphological opening)."""
    import cv2
    import numpy as np

    kernel = np.ones((1, least) if along == 1 else (least, 1), np.uint8)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)


def _segments(runs: Any, along: int) -> list[tuple[float, float, float]]:
    """Each run as ``(position, start, end)``."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    out = []
    for x, y, w, h, _ in stats[1:count]:
        if along == 1:
            out.append((y + h / 2, float(x), float(x + w)))
        else:
            out.append((x + w / 2, float(y), float(y + h)))
    return out


def rules(gray: Any, dpi: int) -> Rules:
    """The page's printed rules: runs of ink straight across (a little over a centimetre) or down.

    Rules across are taken out of the ink before the rules down are looked for: otherwise a
    stroke of a character in one row, the rule below it and a stroke in the next row would
    make one long run down.
    """
    import cv2
    import numpy as np

    ink = _ink(gray).astype(np.uint8)
    # A rule drawn in a faint copy breaks into dashes: closing small gaps joins them again.
    across = _runs(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, 5), np.uint8)), 1, max(20, round(dpi * 0.45)))
    rest = ink & ~cv2.dilate(across, np.ones((3, 1), np.uint8))
    down = _runs(cv2.morphologyEx(rest, cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8)), 0, max(10, round(dpi * 0.08)))
    return Rules(tuple(_segments(across, 1)), tuple(_segments(down, 0)))


def mark(gray: Any, box: tuple[float, float, float, float], dpi: int) -> str | None:
    """What a cell the engine found no text in holds: a dash, an ellipsis, a slash, or nothing.

    Forms print "—", "……" or "/" for "not applicable"; the engine's text finder overlooks
    such lone marks, and a blank would read as a value left out. Specks of scanner noise are
    too small to count; ink that is none of the three is left unread.
    """
    import cv2
    import numpy as np

    inset = max(3, round(dpi / 30))  # clear of the cell's rules
    x0, y0, x1, y1 = (round(v) for v in box)
    crop = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if crop.size == 0:
        return None
    ink = (crop < min(_level(gray), 215)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    speck = (dpi / 100) ** 2 * 1.5  # a dot of an ellipsis is bigger than a speck of scanner noise
    parts = [s for s in stats[1:count] if s[4] >= speck]
    if not parts:
        return None
    em = dpi * 10.5 / 72  # a character of a form's usual 10.5-point type
    if len(parts) == 1:
        _, _, w, h, area = parts[0]
        if h <= 0.2 * em and w >= 0.4 * em:
            return "—"
        if 0.5 * em <= h <= 1.6 * em and 0.2 * em <= w <= 0.9 * em and area < 0.35 * w * h:
            return "/"
        return None
    tops = [s[1] for s in parts]
    if len(parts) >= 3 and all(s[2] <= 0.25 * em and s[3] <= 0.25 * em for s in parts) and max(tops) - min(tops) <= 0.3 * em:
        return "……"
    return None


def strays(gray: Any, boxes: list[tuple[float, float, float, float]], dpi: int) -> list[tuple[float, float, float, float]]:
    """Boxes of ink the size of a short figure that no text box covers: ``(x0, y0, x1, y1)``.

    The engine's text finder overlooks a lone narrow character (a score "1" on a line of its
    own). Specks of noise are too small, rules and pictures too big or too long to count.
    """
    import cv2
    import numpy as np

    ink = _ink(gray).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    em = dpi * 10.5 / 72
    speck = (dpi / 100) ** 2 * 1.5
    taken = [(x0 - 2, y0 - 2, x1 + 2, y1 + 2) for x0, y0, x1, y1 in boxes]
    found: list[list[float]] = []
    for x, y, w, h, area in sorted(stats[1:count].tolist()):
        cx, cy = x + w / 2, y + h / 2
        # A thin bar is no figure: the "|" a form flattened to text parts its cells with.
        if area < speck or not 0.5 * em <= h <= 1.6 * em or w > 1.2 * em or w <= 0.15 * h:
            continue
        if any(a <= cx <= c and b <= cy <= d for a, b, c, d in taken):
            continue
        last = found[-1] if found else None
        # Figures of one number stand close together on one line: one box for them all.
        if last and x - last[2] <= 0.6 * em and abs((last[1] + last[3]) / 2 - cy) <= 0.4 * em and x + w - last[0] <= 4 * em:
            last[:] = [last[0], min(last[1], y), x + w, max(last[3], y + h)]
        else:
            found.append([x, y, x + w, y + h])
    return [(float(a), float(b), float(c), float(d)) for a, b, c, d in found]


def _level(gray: Any) -> float:
    import cv2

    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return level


def ink_extent(gray: Any, box: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """The first and last columns of a text box that hold ink (specks of noise aside)."""
    import numpy as np

    x0, y0, x1, y1 = (max(0, round(v)) for v in box)
    if y1 <= y0 or x1 <= x0:
        return None
    inked = np.flatnonzero(_ink(gray[y0:y1, x0:x1]).sum(axis=0) > 1)
    return (float(x0 + inked[0]), float(x0 + inked[-1] + 1)) if inked.size else None


def gaps(gray: Any, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Blank stretches across a text box: ``(centre x, width)`` in page pixels.

    The recognition model often leaves out the spaces of "287 287 171"; the page still shows
    them as columns without ink. A column with a single dark pixel still counts as blank: a
    speck of scanner noise is no character.
    """
    import numpy as np

    x0, y0, x1, y1 = (max(0, round(v)) for v in box)
    ink = _ink(gray[y0:y1, x0:x1]) if y1 > y0 and x1 > x0 else None
    if ink is None or not ink.size:
        return []
    empty = ink.sum(axis=0) <= 1
    out, start = [], None
    for x, blank in enumerate(np.append(empty, False)):
        if blank and start is None:
            start = x
        elif not blank and start is not None:
            if start > 0 and x < len(empty):  # not the margins of the box itself
                out.append((x0 + (start + x) / 2, float(x - start)))
            start = None
    return out
