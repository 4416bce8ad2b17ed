"""``pfaudit serve`` as a real server process: starting, refusing to start, and capping a streamed upload."""

from __future__ import annotations

import select
import socket
import subprocess
import sys

from auditor.cli import main as cli
from tests.support.serving import free_port, serving

MB = 1024 * 1024
BOUNDARY = "pfauditTestBoundary"


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_serve_starts_on_loopback_and_serves_the_page() -> None:
    with serving() as (url, process):
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/")))) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 200")
        assert "绩效自评报告检查".encode() in reply
    err = process.stderr.read().decode()
    assert f"请在浏览器中打开 {url}" in err
    assert "警告" not in err


def _get(url: str, path: str = "/") -> str:
    with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/")))) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply.decode("utf-8")


def test_serve_speaks_english_when_asked_by_option_or_environment() -> None:
    for options, env in ((("--lang", "en"), {}), ((), {"PFAUDIT_LANG": "en"})):
        with serving(*options, env=env) as (url, process):
            html = _get(url)
            assert '<html lang="en">' in html and "Performance self-evaluation check" in html, options
            assert 'href="/?lang=zh"' in html  # visitors can still switch
            assert "National defaults" in html and "全国默认" not in html  # the regions, in English too
            assert "绩效自评报告检查" in _get(url, "/?lang=zh")
        err = process.stderr.read().decode()
        assert f"the checking page is running: open {url}" in err and "请在浏览器中打开" not in err
    done = subprocess.run([sys.executable, "-m", "auditor.cli.main", "serve", "--help", "--lang", "en"],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0 and "Start the checking page" in done.stdout and "--lang" in done.stdout


def test_a_streamed_body_over_the_cap_is_cut_off_while_it_arrives() -> None:
    """No Content-Length: the server must count as the bytes come, answer 413 and stop reading."""
    with serving("--max-mb", "1", "--max-files", "1") as (url, _):
        port = int(url.rsplit(":", 1)[1].strip("/"))
        sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        sock.sendall(
            b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            + f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n".encode()
        )
        head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
        sock.sendall(_chunk(head.encode()))
        sent, block = 0, _chunk(b"x" * 65536)
        try:
            while sent < 200 * MB and not select.select([sock], [], [], 0)[0]:
                sock.sendall(block)
                sent += 65536
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the server answered and closed the connection, or stopped reading
        reply = b""
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass
        sock.close()
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert "上传的内容太大".encode() in reply
    # The cap is 1 MB + 1 MB for the form; what got through is that plus the sockets' buffers.
    assert sent < 32 * MB, sent


def test_a_wider_host_warns_and_a_taken_port_is_explained() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "auditor.cli.main", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert done.returncode == 2
    assert f"端口 {port} 上启动" in done.stderr and "--port" in done.stderr
    # 192.0.2.1 is a documentation address: nothing on this machine can listen there.
    wide = subprocess.run(
        [sys.executable, "-m", "auditor.cli.main", "serve", "--host", "192.0.2.1", "--port", str(free_port())],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert wide.returncode == 2
    assert "警告" in wide.stderr and "网络上" in wide.stderr


def test_a_wrong_profile_stops_serve_with_a_message(capsys) -> None:
    assert cli.main(["serve", "--profile", "atlantis", "--port", str(free_port())]) == 2
    assert "atlantis" in capsys.readouterr().err
