"""Scanned reports made for the tests: printed pages as pictures, degraded as a scanner degrades them.

A text PDF is rendered to images with pypdfium2; a text report is printed line by line in a
CJK font. Each page can then be made worse, seeded so a run is repeatable: noise, a skew of
1–2°, JPEG compression, a red seal over a cell, a faint photocopy. The pages are wrapped as
a PDF of images only, with no text layer, as a scanner saves them.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Sequence
from pathlib import Path

FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
A4 = (8.27, 11.69)  # inches
DEGRADATIONS = ("noise", "skew", "jpeg", "stamp", "faint")


def font_path() -> str | None:
    """A CJK font to print text reports with, or None (the tests that need it skip)."""
    return next((f for f in FONTS if Path(f).is_file()), None)


def pdf_pages(data: bytes, dpi: int) -> list:
    """Each page of a text PDF as an RGB picture at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()


def _breaks_well(line: str, at: int) -> bool:
    # Break only between two characters that are neither spaces nor Latin/digits, so the
    # reader's re-joined line is the original line (a wrap inside "25 25" would lose the space).
    a, b = line[at - 1], line[at]
    return not (a.isspace() or b.isspace() or (a.isascii() and a.isalnum()) or (b.isascii() and b.isalnum()))


def text_pages(text: str, dpi: int, size: float = 10.5) -> list:
    """A plain-text report printed on A4 pages at `dpi`: its lines as written, long ones wrapped."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path(), round(size * dpi / 72))
    width, height = round(A4[0] * dpi), round(A4[1] * dpi)
    margin = round(0.8 * dpi)
    line_height = round(size * dpi / 72 * 1.6)
    room = width - 2 * margin
    lines: list[str] = []
    for raw in text.replace("\t", "    ").splitlines():
        line = raw.rstrip()
        while font.getlength(line) > room:
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > room:
                cut -= 1
            good = next((k for k in range(cut, max(cut - 12, 1), -1) if _breaks_well(line, k)), cut)
            lines.append(line[:good])
            line = line[good:]
        lines.append(line)
    pages, per_page = [], (height - 2 * margin) // line_height
    for start in range(0, max(len(lines), 1), per_page):
        image = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(image)
        for k, line in enumerate(lines[start : start + per_page]):
            draw.text((margin, margin + k * line_height), line, fill=(0, 0, 0), font=font)
        pages.append(image)
    return pages


def degrade(image, kinds: Sequence[str], seed: int, dpi: int):
    """The page as a scanner and a photocopier leave it; `kinds` are of `DEGRADATIONS`."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    page = image.copy()
    if "stamp" in kinds:
        # A red seal, half transparent, over the upper right part of the page (over a cell).
        seal = Image.new("RGBA", page.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(seal)
        r = round(0.8 * dpi)
        cx, cy = round(page.width * rng.uniform(0.55, 0.75)), round(page.height * rng.uniform(0.2, 0.35))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 30, 40, 170), width=max(3, dpi // 40))
        draw.regular_polygon((cx, cy, r // 3), 5, fill=(210, 30, 40, 150))
        page = Image.alpha_composite(page.convert("RGBA"), seal).convert("RGB")
    if "faint" in kinds:
        # A faint photocopy: ink greyed, paper darkened a little, edges softened.
        pixels = np.asarray(page).astype(np.float32)
        pixels = 70 + pixels * (185 / 255)
        page = Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    if "skew" in kinds:
        angle = rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
        page = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if "noise" in kinds:
        pixels = np.asarray(page).astype(np.float32)
        noise = np.random.default_rng(seed).normal(0, 10, pixels.shape[:2])[..., None]
        pixels = pixels + noise
        specks = np.random.default_rng(seed + 1).random(pixels.shape[:2]) < 0.0008
        pixels[specks] = 0
        page = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    return page


def image_pdf(pages: Sequence, dpi: int, quality: int = 90) -> bytes:
    """The pictures as a PDF with no text layer (JPEG-compressed at `quality`)."""
    out = io.BytesIO()
    first, *rest = pages
    # NOTE: a fixed date, so the same pages make the same bytes: the OCR cache is keyed on
    # the file's hash, and a scan made again must be found there.
    stamp = time.gmtime(0)
    first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=quality, creationDate=stamp, modDate=stamp)
    return out.getvalue()


def scan_pdf(data: bytes, dpi: int, kinds: Sequence[str] = (), seed: int = 1) -> bytes:
    """A text PDF printed, scanned at `dpi` and degraded: an image-only PDF."""
    quality = 55 if "jpeg" in kinds else 90
    return image_pdf([degrade(p, kinds, seed + n, dpi) for n, p in enumerate(pdf_pages(data, dpi))], dpi, quality)


def scan_text(text: str, dpi: int, kinds: Sequence[str] = (), seed: int = 1) -> bytes:
    """A text report printed, scanned at `dpi` and degraded: an image-only PDF."""
    quality = 55 if "jpeg" in kinds else 90
    return image_pdf([degrade(p, kinds, seed + n, dpi) for n, p in enumerate(text_pages(text, dpi))], dpi, quality)
