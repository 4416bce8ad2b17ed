"""A private PostgreSQL server for the history tests: started in a temporary folder, never a system one.

``python tests/support/postgres.py start DIR`` starts one and prints its URL (``.ci/run`` does this
and passes the URL on as ``PFAUDIT_TEST_POSTGRES``); ``python tests/support/postgres.py stop DIR``
stops it. The tests call `start` themselves when no URL was passed. PostgreSQL refuses to
run as root, so as root the server runs as the ``postgres`` user the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path

USER = "pfaudit"


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise Unavailable(f"{name} not found: install PostgreSQL (apt-get install postgresql)")
    return found


def _as_server_user(folder: Path) -> list[str]:
    """The command prefix that runs PostgreSQL as a user it accepts (not root)."""
    if os.geteuid() != 0:
        return []
    try:
        account = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise Unavailable("running as root and there is no 'postgres' user to run the server as") from exc
    for path in (folder, *folder.rglob("*")):
        os.chown(path, account.pw_uid, account.pw_gid)
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root without runuser to switch to the 'postgres' user")
    return [runuser, "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder: Path) -> str:
    """Initialise and start a server in `folder`; returns a SQLAlchemy URL to its ``postgres`` database."""
    folder.mkdir(parents=True, exist_ok=True)
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    prefix = _as_server_user(folder)
    data, port = folder / "data", _free_port()
    steps = [
        [initdb, "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"],
        [pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start",
         "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -F"],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run([*prefix, *step], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace")[-800:] if (folder / "server.log").exists() else ""
            raise Unavailable(f"{Path(step[0]).name} failed: {done.stderr.strip()[-800:]} {log}")
    (folder / "port").write_text(str(port))
    return f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    """Stop the server started in `folder`, if it runs."""
    if not (folder / "data").is_dir():
        return
    prefix = _as_server_user(folder) if os.geteuid() == 0 else []
    subprocess.run([*prefix, _binary("pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                   capture_output=True, timeout=60, check=False)  # fmt: skip


if __name__ == "__main__":
    command, where = sys.argv[1], Path(sys.argv[2]).resolve()
    if command == "start":
        try:
            print(start(where))
        except (Unavailable, OSError, subprocess.SubprocessError) as exc:
            print(f"PostgreSQL not started: {exc}", file=sys.stderr)
            sys.exit(1)
    else:
        stop(where)
