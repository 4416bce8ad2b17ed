"""A scanned report's pages as pictures, each finding boxed where OCR read the text it rests on.

The boxes come from the findings' locations (`Location.region`, fractions of the page as
scanned), so the picture and the SARIF region say the same place. The template draws each
page as SVG: an image and a rectangle per finding, linked to the finding in the list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from auditor.engine.findings import Finding


@dataclass(frozen=True, slots=True)
class ScanView:
    """One scanned page: its picture (a data URI and its size) and the boxes of its findings."""

    page: int
    uri: str
    width: int
    height: int
    boxes: tuple[tuple[int, float, float, float, float], ...]  # finding number, x, y, width, height in pixels


def scan_views(findings: Sequence[Finding], images: Mapping[int, tuple[str, int, int]]) -> tuple[ScanView, ...]:
    """The pictures of the pages OCR read, in page order, with every finding on them boxed."""
    boxes: dict[int, list[tuple[int, float, float, float, float]]] = {}
    for n, f in enumerate(findings):
        where = f.location
        if where is None or not where.ocr or where.region is None or where.page not in images:
            continue
        _, w, h = images[where.page]
        x0, y0, x1, y1 = where.region
        pad = 4  # a box drawn on the characters' edges hides them
        boxes.setdefault(where.page, []).append(
            (n, round(x0 * w - pad, 1), round(y0 * h - pad, 1), round((x1 - x0) * w + 2 * pad, 1), round((y1 - y0) * h + 2 * pad, 1))
        )
    return tuple(ScanView(p, *images[p], tuple(boxes.get(p, ()))) for p in sorted(images))
