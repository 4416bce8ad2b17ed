"""The OCR engine: RapidOCR's Chinese models on onnxruntime, loaded once per process.

`recognise` turns a page image into `Word`s: a text box with its corners, the engine's
confidence and, where the engine gives them, each character's confidence and horizontal
extent. The models come inside the rapidocr wheel; they are named by path, so the engine
never looks for them on the network. Without the ``ocr`` extra, `available` is False and
`INSTALL` says how to add it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# How to add the extra, in the words of the README (pfaudit is installed from its repository).
INSTALL = (
    "在 pfaudit 的代码目录中运行 .venv/bin/pip install -e '.[ocr]' 安装文字识别组件（rapidocr、onnxruntime 与 OpenCV，约 300 MB）",
    "install the OCR extra from pfaudit's folder: .venv/bin/pip install -e '.[ocr]' (rapidocr, onnxruntime and OpenCV, about 300 MB)",
)
RETRY_BELOW = 0.9  # a text box read with less confidence is read again from its own crop
STRAY_SCORE = 0.5  # ink no text box covers is text when read with this much confidence
# The models rapidocr 3.x ships in its wheel: detection, direction, recognition.
_MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx", "Rec": "PP-OCRv6_rec_small.onnx"}


@dataclass(frozen=True, slots=True)
class Word:
    """One text box the engine read: text, box (x0, y0, x1, y1 in pixels), and confidences.

    `chars` holds ``(confidence, x0, x1)`` for each character of `text`, or is empty when
    the engine gave no character boxes (then `score` stands for every character).
    """

    text: str
    box: tuple[float, float, float, float]
    score: float
    chars: tuple[tuple[float, float, float], ...] = ()
    # Where the ink inside the box starts and ends: the box itself is drawn wider than its text.
    ink: tuple[float, float] | None = None

    def confidence(self, i: int) -> float:
        """The engine's confidence in character `i`."""
        return self.chars[i][0] if self.chars else self.score

    def to_json(self) -> list:
        """A compact form for the cache."""
        chars = [[round(c, 4), round(a, 1), round(b, 1)] for c, a, b in self.chars]
        return [self.text, [round(v, 1) for v in self.box], round(self.score, 4), chars, list(self.ink) if self.ink else None]

    @classmethod
    def from_json(cls, raw: list) -> Word:
        """The inverse of `to_json`."""
        text, box, score, chars, ink = raw
        return cls(text, tuple(box), score, tuple(tuple(c) for c in chars), tuple(ink) if ink else None)


def _package() -> Path | None:
    try:
        import onnxruntime  # noqa: F401  (the inference runtime the models need)
        import rapidocr
    except Exception:  # not installed, or installed but broken (a missing shared library)
        return None
    return Path(rapidocr.__file__).parent


@cache
def available() -> bool:
    """Whether the ``ocr`` extra is installed with its bundled models."""
    root = _package()
    return root is not None and all((root / "models" / name).is_file() for name in _MODELS.values())


@cache
def version() -> str:
    """The engine and models, for the cache key: a new engine reads pages anew."""
    from importlib.metadata import version as dist

    return f"rapidocr-{dist('rapidocr')}-onnxruntime-{dist('onnxruntime')}"


@cache
def _engine(threads: int, retry: bool = False) -> Any:
    """The engine; `retry` gives a second one for reading single boxes again.

    NOTE: a call without detection leaves rapidocr's engine in a state in which the next full
    page fails ("'TextRecOutput' object has no attribute 'boxes'"), so retries get their own.
    """
    from rapidocr import RapidOCR

    root = _package()
    assert root is not None
    # NOTE: rapidocr logs every call at INFO to its own handler; the user has nothing to do with it.
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    params: dict[str, Any] = {
        "Global.log_level": "error",
        # NOTE: a scan is upright once straightened; the direction classifier only ever
        # turned faint lines upside down (and read them as nonsense).
        "Global.use_cls": False,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for part, name in _MODELS.items():
        params[f"{part}.model_path"] = str(root / "models" / name)
    return RapidOCR(params=params)


def _chars(text: str, found: Any) -> tuple[tuple[float, float, float], ...]:
    """Per-character confidences and extents when the engine's character boxes match the text.

    The engine leaves spaces out of its character boxes; a space gets the gap it stands in.
    """
    try:
        pieces = [(str(t), float(s), [float(p[0]) for p in quad]) for t, s, quad in found]
    except (TypeError, ValueError, IndexError):
        return ()
    each: list[tuple[float, float, float]] = []
    for t, s, xs in pieces:
        # A piece may be a whole Latin word: each of its characters gets its share of the box.
        left, right = min(xs), max(xs)
        step = (right - left) / max(len(t), 1)
        each.extend((s, left + k * step, left + (k + 1) * step) for k in range(len(t)))
    if "".join(p[0] for p in pieces) != text.replace(" ", "") or len(each) != len(text.replace(" ", "")):
        return ()
    out: list[tuple[float, float, float]] = []
    queue = iter(each)
    for ch in text:
        if ch == " ":
            at = out[-1][2] if out else 0.0
            out.append((1.0, at, at))
        else:
            out.append(next(queue))
    return tuple(out)


def _crop(image: Any, box: tuple[float, float, float, float], threads: int, pad: tuple[int, int]) -> tuple[str, float]:
    """What the recognition model reads in a box of the page, with the contrast stretched, and its confidence."""
    import numpy as np

    x0, y0, x1, y1 = (round(v) for v in box)
    crop = image[max(0, y0 - pad[1]) : y1 + pad[1], max(0, x0 - pad[0]) : x1 + pad[0]].astype(np.float32)
    if crop.size == 0:
        return "", 0.0
    lo, hi = np.percentile(crop, 1), np.percentile(crop, 90)
    stretched = ((crop - lo) / max(hi - lo, 1.0) * 255).clip(0, 255).astype(np.uint8)
    result = _engine(threads, retry=True)(stretched, use_det=False, use_cls=False, use_rec=True)
    texts, scores = getattr(result, "txts", None), getattr(result, "scores", None)
    if not texts or not scores:
        return "", 0.0
    return str(texts[0]).strip(), float(scores[0])


def _again(image: Any, word: Word, threads: int) -> Word:
    """A box the engine was unsure of, read once more from its crop with the contrast stretched."""
    pad = max(2, round(word.box[3] - word.box[1]) // 8)
    text, score = _crop(image, word.box, threads, (pad, pad))
    if not text or score <= word.score + 0.05:
        return word
    return Word(text, word.box, score)


def read_box(image: Any, box: tuple[float, float, float, float], threads: int = 1) -> Word | None:
    """The text in a box the text finder overlooked (`image.strays`), or None when it reads as nothing."""
    height = box[3] - box[1]
    # NOTE: white around a lone narrow figure, as a text line has it: a tight crop reads as nothing.
    text, score = _crop(image, box, threads, (round(height), max(2, round(height / 4))))
    return Word(text, box, score) if text and score >= STRAY_SCORE else None


def recognise(image: Any, threads: int = 1) -> list[Word]:
    """Every text box on a page image (an RGB numpy array), in the engine's order.

    A box read with little confidence is read once more on its own (`_again`).
    """
    words = _read(image, threads)
    return [_again(image, w, threads) if w.score < RETRY_BELOW else w for w in words]


def _read(image: Any, threads: int) -> list[Word]:
    result = _engine(threads)(image, return_word_box=True)
    if result is None or result.boxes is None:
        return []
    words = []
    details = result.word_results or [()] * len(result.txts)
    for quad, text, score, found in zip(result.boxes, result.txts, result.scores, details, strict=False):
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        text = str(text).strip()
        if text:
            words.append(Word(text, (min(xs), min(ys), max(xs), max(ys)), float(score), _chars(text, found)))
    return words
