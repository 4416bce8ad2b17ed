"""How many connections the page holds, and how long one may take to send its request.

uvicorn waits for a request's headers and body as long as the client likes, so a page in the
user's browser that opens a thousand connections and never finishes them takes every file
descriptor the server has; asyncio then logs a traceback for every refused accept, hundreds
of thousands a minute. `guarded` gives uvicorn an HTTP protocol that closes a connection
whose headers have not arrived within `HEADERS` seconds, or whose body stalls for `BODY`
seconds, and holds at most `cap` connections, so that accepting never runs out of
descriptors: past the cap, the connection that has waited longest for its headers makes
room for the new one (a user's request sends its headers at once), or else the new one is
closed. What it refuses is logged as a count, one line per `QUIET` seconds at most;
`quiet_loop` does the same for the event loop's own errors.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("pfaudit.web")
HEADERS = 10.0  # seconds for a request line and headers to arrive
BODY = 30.0  # seconds a request body may go without a byte arriving
QUIET = 10.0  # seconds between two log lines about refused connections
SPARE = 64  # descriptors kept free for the workers, uploads and results


class Tally:
    """Counts of what happened, logged as one line per `QUIET` seconds at most."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self._said = 0.0

    def add(self, what: str) -> None:
        """Count one `what`; log the counts when the last line is old enough."""
        self.counts[what] = self.counts.get(what, 0) + 1
        now = time.monotonic()
        if now - self._said >= QUIET:
            self._said = now
            log.warning("connections closed: %s", ", ".join(f"{n} {w}" for w, n in sorted(self.counts.items())))
            self.counts.clear()


def descriptors() -> int:
    """How many files the server may open: the soft limit, raised to the hard one where allowed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if wanted > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft


def guarded(cap: int) -> type[H11Protocol]:
    """uvicorn's h11 protocol, with at most `cap` connections and the timeouts above."""
    tally = Tally()

    class Guarded(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _waiting: float | None = None  # since when it waits for a request's headers

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            if len(self.connections) >= cap and not self._make_room():
                transport.abort()  # the descriptor is freed now, before the next accept needs one
                tally.add(f"over the limit of {cap} open connections")
                return
            super().connection_made(transport)
            self._await_headers()

        def _make_room(self) -> bool:
            """Close the connection that has waited longest for its headers: a slow client's, not a user's."""
            waiting = [c for c in self.connections if isinstance(c, Guarded) and c._waiting is not None]
            if not waiting:
                return False
            oldest = min(waiting, key=lambda c: c._waiting)
            tally.add(f"waiting for headers when {cap} connections were open")
            oldest._close()
            self.connections.discard(oldest)
            return True

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            state = self.conn.their_state
            if state is h11.SEND_BODY:
                self._waiting = None
                self._arm(BODY, "whose request body stalled")
            elif state is h11.IDLE and self._timer is None:
                self._await_headers()
            elif state is not h11.IDLE:
                self._waiting = None
                self._disarm()  # the request is in: the check itself may take minutes

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            self._waiting = None
            if self.transport is not None:  # None: refused in connection_made, never set up
                super().connection_lost(exc)

        def on_response_complete(self) -> None:
            self._disarm()
            super().on_response_complete()  # uvicorn's keep-alive timeout takes over
            self._waiting = time.monotonic()  # an idle kept-alive connection may make room too

        def _await_headers(self) -> None:
            self._waiting = time.monotonic()
            self._arm(HEADERS, "that sent no complete request headers in time")

        def _arm(self, seconds: float, why: str) -> None:
            self._disarm()
            self._timer = self.loop.call_later(seconds, self._expire, seconds, why)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _expire(self, seconds: float, why: str) -> None:
            self._timer = None
            if self.flow.read_paused:  # the app is not reading yet: the client is not the slow one
                self._arm(seconds, why)
                return
            tally.add(why)
            self._close()

        def _close(self) -> None:
            self._disarm()
            self._waiting = None
            self.transport.close()

    return Guarded


def quiet_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Log the event loop's errors (an accept that found no descriptor) as counts, not tracebacks."""
    tally = Tally()

    def handle(_loop: Any, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        tally.add(str(context.get("message", "event loop error")) + (f" ({type(exc).__name__})" if exc else ""))

    loop.set_exception_handler(handle)
