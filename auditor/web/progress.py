"""How far OCR has read the scan being checked, for the page to say while it waits.

The browser names its upload with a random word (a hidden field of the form) and asks
``/progress/WORD`` every second; the worker's child tells the pages it has read
(`auditor.readers.limits.tell`), and the answer is ``{name, done, total}``, or ``{}`` before the
first page and after the check.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response


def progress_key(value: str) -> str:
    """The browser's name for this upload's progress: a short random word, or nothing."""
    return value if value.isascii() and value.isalnum() and 8 <= len(value) <= 40 else ""


class Progress:
    """Pages read so far, by the upload's progress key."""

    def __init__(self) -> None:
        self._seen: dict[str, dict] = {}

    def listener(self, key: str, name: str) -> Callable[[int, int], None] | None:
        """What the worker calls with ``(done, total)`` as the file named `name` is read."""
        if not key:
            return None

        def heard(done: int, total: int) -> None:
            self._seen[key] = {"name": name, "done": done, "total": total}

        return heard

    def get(self, key: str) -> dict:
        """The last word on `key`'s file, or ``{}``."""
        return self._seen.get(key, {})

    def forget(self, key: str) -> None:
        """The check is over: nothing more to say."""
        self._seen.pop(key, None)


async def progress(request: Request) -> Response:
    """How far OCR has read the scanned file being checked: ``{name, done, total}`` or ``{}``."""
    return JSONResponse(request.app.state.progress.get(progress_key(request.path_params["key"])))
