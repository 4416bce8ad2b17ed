"""``pfaudit serve``: start the web page on this computer (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import socket
import sys
import threading
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.engine.project import install_command
from auditor.pipeline.config import early_lang, env_lang  # the language, as the command line finds it
from auditor.report.errors import ConfigError
from auditor.web.ui import LANGS

DEFAULT_PORT = 8765
MAX_CONNECTIONS = 512  # open at once; more are closed as they come (auditor.web.connections)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


_HELP: dict[str, tuple[str, str]] = {
    "description": ("在本机启动检查网页：在浏览器里选择报告文件，点“检查”即可查看结果。",
                    "Start the checking page on this computer: choose report files in a browser, press Check, see the results."),
    "port": (f"端口（默认 {DEFAULT_PORT}）", f"port (default {DEFAULT_PORT})"),
    "host": ("监听地址（默认 127.0.0.1，只有本机能访问；改为其他地址会让网络上的其他人也能上传文件）",
             "address to listen on (default 127.0.0.1, this computer only; another lets others on the network upload files)"),
    "max_mb": ("每个文件的大小上限，单位 MB（默认 20）", "size limit per file in MB (default 20)"),
    "max_files": ("一次最多检查的文件数（默认 20）", "files checked at once at most (default 20)"),
    "time_limit": ("每个文件的检查时限，单位秒（默认 120）", "time limit per file in seconds (default 120)"),
    "memory_limit": ("每个检查子进程的内存上限，单位 MB（默认与命令行相同：配置中 [limits] 的 memory，1024；0 表示不限）",
                     "memory limit per checking child process in MB (default as on the command line: [limits] memory, 1024; 0: none)"),
    "profile": ("页面上默认选中的地区参数（默认 national）", "the regional profile chosen on the page at first (default national)"),
    "config": ("配置文件 pfaudit.toml（检查项、严重程度等）", "configuration file pfaudit.toml (checks, severities …)"),
    "open": ("启动后自动在浏览器中打开页面", "open the page in a browser once started"),
    "lang": ("页面和提示的语言（默认中文；也可用环境变量 PFAUDIT_LANG）；页面上仍可切换",
             "language of the page and of these messages (default Chinese; also PFAUDIT_LANG); the page can still switch"),
}  # fmt: skip


def _parser(lang: str) -> argparse.ArgumentParser:
    def h(key: str) -> str:
        return _HELP[key][lang == "en"]

    p = argparse.ArgumentParser(prog="pfaudit serve", description=h("description"))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=h("port"))
    p.add_argument("--host", default="127.0.0.1", help=h("host"))
    p.add_argument("--max-mb", type=float, default=20, help=h("max_mb"))
    p.add_argument("--max-files", type=int, default=20, help=h("max_files"))
    p.add_argument("--time-limit", type=float, default=120, help=h("time_limit"))
    p.add_argument("--memory-limit", type=int, metavar="MB", help=h("memory_limit"))
    p.add_argument("--profile", default="national", help=h("profile"))
    p.add_argument("--config", type=Path, help=h("config"))
    p.add_argument("--open", action="store_true", help=h("open"))
    p.add_argument("--lang", choices=LANGS, help=h("lang"))
    return p


def _loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _cannot_bind(host: str, port: int) -> str:
    """Why the server could not listen on host:port ("" when it can)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return ""


def _say(lang: str, zh: str, en: str) -> None:
    sys.stderr.write(f"pfaudit: {en if lang == 'en' else zh}\n")


def run_serve(argv: Sequence[str]) -> int:
    """Parse the options, start the server and block until Ctrl+C; 2 when it cannot start."""
    lang = early_lang(argv)
    args = _parser(lang).parse_args(argv)
    try:
        lang = args.lang or env_lang() or "zh"
    except ConfigError as exc:
        _say(lang, str(exc), exc.en or str(exc))
        return 2
    try:
        import uvicorn

        from auditor.web.app import MB, Settings, create_app
        from auditor.web.connections import SPARE, descriptors, guarded
    except ImportError as exc:
        command = install_command("web")
        _say(lang, f"网页需要额外的组件（缺少 {exc.name}）；请运行 {command}", f"the page needs the web extra ({exc.name} is missing): {command}")
        return 2
    from auditor.web.bridge import make_setup

    make_setup(args.profile, args.config)  # a wrong profile or config fails here, with its message
    hosts = ("127.0.0.1", "localhost", "[::1]", "::1")
    if not _loopback(args.host):
        _say(
            lang,
            f"警告：监听 {args.host}，网络上能访问这台电脑的人都可以打开页面、上传文件并看到检查结果。只在可信的内部网络中这样做。",
            f"warning: listening on {args.host}, anyone who can reach this computer can open the page, upload files "
            "and see the results. Do this only on a trusted internal network.",
        )
        hosts = ("*",)  # people reach the page by this computer's name or address, whatever it is
    problem = _cannot_bind(args.host, args.port)
    if problem:
        _say(
            lang,
            f"无法在 {args.host} 的端口 {args.port} 上启动（{problem}）。端口可能已被占用（网页也许已经启动过）；"
            f"可换一个端口：--port {args.port + 1}",
            f"cannot start on port {args.port} of {args.host} ({problem}). The port may be taken (is the page running "
            f"already?); try another: --port {args.port + 1}",
        )
        return 2
    memory = None if args.memory_limit is None else max(0, args.memory_limit) * MB
    settings = Settings(
        max_bytes=int(args.max_mb * MB), max_files=args.max_files, time_limit=args.time_limit,
        profile=args.profile, config=args.config, hosts=hosts, lang=lang, memory=memory,
    )  # fmt: skip
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    url = f"http://{f'[{shown}]' if ':' in shown else shown}:{args.port}/"
    _say(
        lang,
        f"检查网页已启动，请在浏览器中打开 {url}\n（关闭这个窗口或按 Ctrl+C 即停止）",
        f"the checking page is running: open {url} in a browser\n(close this window or press Ctrl+C to stop it)",
    )
    logging.basicConfig(level=logging.INFO, format="pfaudit: %(message)s")
    if args.open:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    # NOTE: no access log: request lines are not file names, but "nothing but counts" is simpler to keep.
    cap = max(16, min(MAX_CONNECTIONS, descriptors() - SPARE))
    config = uvicorn.Config(
        create_app(settings), host=args.host, port=args.port, log_level="warning", access_log=False,
        http=guarded(cap), timeout_keep_alive=5,
    )  # fmt: skip
    asyncio.run(_serve_quietly(uvicorn.Server(config)))
    return 0


async def _serve_quietly(server: Any) -> None:
    """Serve until stopped, the event loop's own errors logged as counts (a uvicorn.Server)."""
    from auditor.web.connections import quiet_loop

    quiet_loop(asyncio.get_running_loop())
    await server.serve()
