"""Start ``pfaudit serve`` as a real process on a free loopback port, for the tests that need a server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

START_TIMEOUT = 60  # seconds; a cold start imports the engine and the web stack


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def serving(
    *options: str, env: dict[str, str] | None = None, preexec: Callable[[], None] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``python -m auditor.cli.main serve --port N *options`` until the block ends; yield its URL.

    :param env: variables to set for the server besides this process's own.
    :param preexec: runs in the server's process before it starts (to lower a limit, say).
    """
    port = free_port()
    command = [sys.executable, "-m", "auditor.cli.main", "serve", "--port", str(port), *options]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, preexec_fn=preexec
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                _, err = process.communicate(timeout=10) if process.poll() is not None else (b"", b"")
                raise RuntimeError(f"pfaudit serve did not start: {err.decode(errors='replace')}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
