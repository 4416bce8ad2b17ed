"""The web page's part of bench/edges.py: a real ``pfaudit serve`` under attack, its memory sampled."""

from __future__ import annotations

import contextlib
import http.client
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from edges_harness import SAMPLE, Pfaudit, Row

from tests.support import attacks, hostile
from tests.support.serving import free_port

PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / (1 << 20)
    except (OSError, IndexError, ValueError):
        return 0.0


class Sampler:
    """The largest resident set of the server and of any one of its children, sampled every 0.2 s."""

    def __init__(self, server: int) -> None:
        self.server, self.top, self.worker = server, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            pids = _tree(self.server)
            self.top = max(self.top, rss_mb(self.server))
            self.worker = max([self.worker, *(rss_mb(p) for p in pids if p != self.server)])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@contextlib.contextmanager
def server(pf: Pfaudit, *options: str, preexec: Callable | None = None) -> Iterator[tuple[int, subprocess.Popen]]:
    port = free_port()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(pf.command("serve", "--port", str(port), *options), cwd=pf.root, env=pf.env,
                                   stdout=subprocess.DEVNULL, stderr=err, preexec_fn=preexec)  # fmt: skip
        process.err = err
        with _stopped(process):
            _wait_listening(port)
            yield port, process


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)


@contextlib.contextmanager
def _stopped(process: subprocess.Popen) -> Iterator[None]:
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def post(port: int, files: list[tuple[str, bytes]], headers: dict | None = None, timeout: float = 600) -> tuple[int, float, str]:
    """POST the files to /check; the status, the seconds it took, and the result page's text (or the reply's)."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="profile"\r\n\r\nnational\r\n'.encode()]
    for name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    body = b"".join([*parts, f"--{boundary}--\r\n".encode()])
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/check", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                    "Host": "127.0.0.1", **(headers or {})})  # fmt: skip
        reply = connection.getresponse()
        text, where, status = reply.read().decode("utf-8", "replace"), reply.getheader("location"), reply.status
    except (OSError, http.client.HTTPException) as exc:
        return 0, time.monotonic() - start, f"{type(exc).__name__}"
    finally:
        connection.close()
    seconds = time.monotonic() - start
    if status == 303 and where:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", where, headers={"Host": "127.0.0.1"})
        text = connection.getresponse().read().decode("utf-8", "replace")
        connection.close()
    return status, seconds, text


def _later(seconds: float, job: Callable[[], object]) -> Callable[[], object]:
    """Run `job` in a thread after `seconds`; the returned call waits for and returns its result."""
    box: list[object] = []
    thread = threading.Thread(target=lambda: (time.sleep(seconds), box.append(job())), daemon=True)
    thread.start()
    return lambda: (thread.join(), box[0])[1]


def item1(pf: Pfaudit, tmp: Path) -> list[Row]:
    rows = []
    small = [("small.txt", SAMPLE.read_bytes())]
    with server(pf, "--time-limit", "60") as (port, process):
        status, seconds, _ = post(port, small, {"Origin": "http://evil.example"})
        rows.append(("1 web: cross-origin POST /check", f"HTTP {status}", seconds, 0.0))
        sampler = Sampler(process.pid)
        bomb = _later(0, lambda: post(port, [("bomb.pdf", attacks.content_bomb())]))
        other = _later(3, lambda: post(port, small))
        status, seconds, text = bomb()
        s_small, t_small, _ = other()
        sampler.stop()
        limit = "a limit named" if "上限" in text else "no limit named"
        rows.append(("1 web: the 306 KB PDF bomb", f"HTTP {status}, {limit}; a small upload meanwhile: HTTP {s_small} in {t_small:.1f} s",
                     seconds, sampler.worker))  # fmt: skip
    return rows


def item6(pf: Pfaudit, tmp: Path, uploads: int = 4) -> list[Row]:
    big = attacks.padded_docx(19)
    files = [(f"b{n}.docx", big) for n in range(20)]
    rows = []
    with server(pf, "--time-limit", "120") as (port, process):
        time.sleep(1)
        rows.append(("6 web: server at rest", "", 0.0, rss_mb(process.pid)))
        for n in range(1, uploads + 1):
            status, seconds, _ = post(port, files)
            rows.append((f"6 web: after upload {n} of 20 × 19 MB .docx", f"HTTP {status}; server resident set in memory column", seconds, rss_mb(process.pid)))
    return rows


def item10(pf: Pfaudit, tmp: Path) -> list[Row]:
    book = attacks.sheets(9990)
    with server(pf) as (port, process):
        sampler = Sampler(process.pid)
        big = [_later(0, lambda n=n: post(port, [(f"sheets{n}.xlsx", book)])) for n in range(2)]
        small = _later(2, lambda: post(port, [("small.txt", SAMPLE.read_bytes()[:10_000])]))
        s_small, t_small, _ = small()
        ends = [b() for b in big]
        sampler.stop()
    said = ", ".join(f"HTTP {s} in {t:.0f} s" for s, t, _ in ends)
    rows = [("10 web: two 9,990-sheet uploads, then a 10 KB one", f"big: {said}; small: HTTP {s_small} in {t_small:.1f} s", max(t for _, t, _ in ends), sampler.worker)]
    slow = hostile.long_line(1_900_000, "预算数100万元，执行率95%，")  # a big report that takes half a minute, under every limit
    with server(pf, "--time-limit", "200") as (port, process):
        big = [_later(0, lambda n=n: post(port, [(f"slow{n}.txt", slow)])) for n in range(2)]
        small = _later(3, lambda: post(port, [("small.txt", SAMPLE.read_bytes()[:10_000])]))
        s_small, t_small, _ = small()
        ends = [b() for b in big]
    said = ", ".join(f"HTTP {s} in {t:.0f} s" for s, t, _ in ends)
    rows.append(("10 web: two 5.7 MB slow reports, then a 10 KB one", f"big: {said}; small: HTTP {s_small} in {t_small:.1f} s", max(t for _, t, _ in ends), 0.0))
    return rows


def _files_1024() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def item11(pf: Pfaudit, tmp: Path) -> list[Row]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    with server(pf, preexec=_files_1024) as (port, process):
        socks = []
        for _ in range(1100):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ")
                socks.append(s)
            except OSError:
                break
        time.sleep(3)
        start = time.monotonic()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", "/", headers={"Host": "127.0.0.1"})
            got = f"GET / answered {c.getresponse().status}"
            c.close()
        except (OSError, http.client.HTTPException) as exc:
            got = f"GET / failed ({type(exc).__name__})"
        seconds = time.monotonic() - start
        time.sleep(20)
        for s in socks:
            s.close()
        process.err.seek(0)
        err = process.err.read()
    lines = err.count(b"\n")
    return [("11 web: 1,100 half-open connections", f"{len(socks)} opened; {got}; server stderr {lines:,} lines in 23 s", seconds, 0.0)]


if __name__ == "__main__":
    sys.exit("run bench/edges.py")
