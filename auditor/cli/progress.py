"""A progress bar on stderr for batches, shown only to a person watching a terminal."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TypeVar

T = TypeVar("T")
MIN_FILES = 5  # below this a batch finishes before a bar is worth drawing


def wants_progress(stream: IO[str], count: int, env: Mapping[str, str] | None = None) -> bool:
    """A bar only when `stream` is a terminal, the batch is big enough and we are not in CI."""
    env = os.environ if env is None else env
    if env.get("CI", "").lower() in ("1", "true", "yes") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return count > MIN_FILES and bool(isatty and isatty())


def progress(items: Iterable[T], total: int, stream: IO[str], enabled: bool, lang: str = "zh") -> Iterator[T]:
    """Iterate over `items`, drawing a bar on `stream` when `enabled`; the bar disappears at the end."""
    if not enabled:
        yield from items
        return
    from tqdm import tqdm  # imported here: most runs draw no bar

    desc = "checking" if lang == "en" else "检查"
    unit = " reports" if lang == "en" else " 份"
    with tqdm(items, total=total, file=stream, desc=desc, unit=unit, leave=False, dynamic_ncols=True) as bar:
        yield from bar
