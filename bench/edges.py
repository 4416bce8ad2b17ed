"""The attacks on the edges of a run: each one's outcome, time and peak memory.

Usage: ``python bench/edges.py [--root CHECKOUT] [--only 2,3,9] [--postgres URL]``. Each item
runs pfaudit as a process of its own (``python -m auditor.cli.main`` with ``PYTHONPATH=CHECKOUT``,
this checkout by default, so an older checkout can be measured the same way); the inputs come
from tests/support/attacks.py and tests/support/hostile.py. The time is wall-clock; the peak memory is the
largest resident set of the process or any child it waited for, or for the web page the
largest of the server's processes, sampled. The web items are in bench/edges_web.py.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edges_harness import ESC, SAMPLE, Pfaudit, Row, outputs, said  # noqa: E402

from tests.support import attacks, hostile  # noqa: E402

# -- the items ----------------------------------------------------------------------------


def item1_cli(pf: Pfaudit, tmp: Path) -> list[Row]:
    bomb = tmp / "bomb.pdf"
    bomb.write_bytes(attacks.content_bomb())
    done = pf.run(bomb, "-f", "concise", "--no-progress")
    first = done.out.decode("utf-8", "replace").splitlines()[0][:140] if done.out else said(done)
    return [("1 CLI: 306 KB PDF inflating to 100 MB", first, done.seconds, done.peak_mb)]


def item2(pf: Pfaudit, tmp: Path) -> list[Row]:
    rows = []
    cases = {
        "-o": ("r.txt", ["{f}", "-o", "{f}"]),
        "-o (./ in the path, json)": ("r.docx", ["{f}", "-f", "json", "-o", "{d}/./r.docx"]),
        "--register": ("r.xlsx", ["{f}", "--register", "{f}"]),
        "--write-baseline": ("b.txt", ["{f}", "--write-baseline", "{f}"]),
        "--annotate": ("a.docx", ["{f}", "--annotate", "{f}"]),
        "--db": ("e.txt", ["{f}", "--db", "{f}"]),
        "-o a hard link": ("h.txt", ["{f}", "-o", "{d}/h-link.txt"]),
        "folder, -o a report in it": ("in/k.txt", ["{d}/in", "-o", "{f}"]),
    }
    sources = {".txt": SAMPLE, ".docx": ROOT / "samples/formats/gumei.docx", ".xlsx": ROOT / "samples/formats/gumei.xlsx"}
    for name, (file, args) in cases.items():
        folder = tmp / f"o{len(rows)}"
        target = folder / file
        target.parent.mkdir(parents=True)
        shutil.copy(sources[target.suffix] if name != "--db" else SAMPLE, target)
        if name == "--db":
            target.write_bytes(b"")  # an empty file is an empty SQLite database to SQLite
        if name == "-o a hard link":
            os.link(target, folder / "h-link.txt")
        before = target.read_bytes()
        done = pf.run(*[a.format(f=target, d=folder) for a in args], "--no-progress")
        kept = "kept" if target.read_bytes() == before else "REPLACED"
        rows.append((f"2 {name}", f"report {kept}; {said(done)}", done.seconds, done.peak_mb))
    return rows


def item3(pf: Pfaudit, tmp: Path) -> list[Row]:
    loop = tmp / "loop"
    loop.mkdir()
    shutil.copy(SAMPLE, loop / "r.txt")
    (loop / "self").symlink_to(".")
    (loop / "a.txt").symlink_to("b.txt")
    (loop / "b.txt").symlink_to("a.txt")
    done = pf.run(loop, "-f", "json", "-o", tmp / "loop.json", "--no-progress")
    result = outputs(tmp / "loop.json")
    shown = f"{len(result['files'])} files, {sum(1 for f in result['files'] if f.get('error'))} PF01" if result else "no output"
    return [("3 symlink loops (dir and file) beside a report", f"{shown}; {said(done)}", done.seconds, done.peak_mb)]


def _future(pf: Pfaudit, url: str, stamp: Callable[[], None]) -> str:
    pf.run(SAMPLE, "--db", url, "-o", os.devnull, "--no-progress")
    stamp()
    check = pf.run(SAMPLE, "--db", url, "-o", os.devnull, "--no-progress")
    listing = pf.run("register", "--db", url, "--list")
    return f"check: {said(check)}; register --list: {said(listing)}"


def item4(pf: Pfaudit, tmp: Path, postgres: str | None) -> list[Row]:
    path = tmp / "future.sqlite"

    def stamp() -> None:
        with contextlib.closing(sqlite3.connect(path)) as c:
            c.execute("update alembic_version set version_num='9999_future'")
            c.commit()

    start = time.monotonic()
    rows = [("4 newer schema (SQLite)", _future(pf, f"sqlite:///{path}", stamp), time.monotonic() - start, 0.0)]
    if postgres:
        url = _pg_database(postgres, "future")
        import sqlalchemy as sa

        def stamp_pg() -> None:
            engine = sa.create_engine(url)
            with engine.begin() as c:
                c.execute(sa.text("update alembic_version set version_num='9999_future'"))
            engine.dispose()

        start = time.monotonic()
        rows.append(("4 newer schema (PostgreSQL)", _future(pf, url, stamp_pg), time.monotonic() - start, 0.0))
    return rows


def _pg_database(server: str, stem: str) -> str:
    import uuid

    import sqlalchemy as sa

    name = f"bench_{stem}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


# Runs pfaudit with argv, killed (SIGKILL, by itself) right after its second CREATE TABLE.
KILL_AT_SECOND_CREATE = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
made = []
@event.listens_for(Engine, "after_cursor_execute")
def _after(conn, cursor, statement, *rest):
    if statement.lstrip().upper().startswith("CREATE TABLE"):
        made.append(statement)
        if len(made) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
from auditor.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def item5(pf: Pfaudit, tmp: Path) -> list[Row]:
    path = tmp / "half.sqlite"
    killed = pf.run(SAMPLE, "--db", path, "-o", os.devnull, "--no-progress", code=KILL_AT_SECOND_CREATE)
    after = pf.run(SAMPLE, "--db", path, "-o", os.devnull, "--no-progress")
    rows = [("5 kill -9 after the 2nd CREATE TABLE, then a run", f"killed exit {killed.code}; next run {said(after)}", after.seconds, after.peak_mb)]
    failed, start = 0, time.monotonic()
    for n in range(8):
        fresh = tmp / f"race{n}.sqlite"
        both = [pf.start(SAMPLE, "--db", fresh, "-o", os.devnull, "--no-progress", stderr=subprocess.PIPE) for _ in range(2)]
        for p in both:
            p.communicate()
            failed += p.returncode not in (0, 1)
    rows.append(("5 two first runs on a new file, 8 times", f"{failed} of 16 runs failed", time.monotonic() - start, 0.0))
    return rows


def _unprivileged() -> list[str]:
    """The prefix that runs a command without root's permission override (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]


def item7(pf: Pfaudit, tmp: Path) -> list[Row]:
    folder = tmp / "skips"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "top.txt")
    (folder / "locked").mkdir()
    shutil.copy(SAMPLE, folder / "locked" / "hidden.txt")
    (folder / "locked").chmod(0)
    deep = folder
    here = os.getcwd()
    try:
        os.chdir(folder)
        for _ in range(3000):
            os.mkdir("d")
            os.chdir("d")
        shutil.copy(SAMPLE, "deep.txt")
    finally:
        os.chdir(here)
    out = tmp / "skips.json"
    start = time.monotonic()
    done = subprocess.run([*_unprivileged(), *pf.command(deep, "-f", "json", "-o", out, "--no-progress")],
                          cwd=pf.root, env=pf.env, capture_output=True, check=False)  # fmt: skip
    seconds = time.monotonic() - start
    (folder / "locked").chmod(0o700)
    result = outputs(out)
    subprocess.run(["rm", "-rf", str(folder)], check=False)  # shutil.rmtree recurses once per level: 3,000 is too deep
    if result is None:
        return [("7 locked subfolder, path past PATH_MAX", f"no output, exit {done.returncode}", seconds, 0.0)]
    files = [(f["path"][-24:], bool(f.get("error"))) for f in result["files"]]
    return [("7 locked subfolder, path past PATH_MAX", f"exit {done.returncode}; files {files}", seconds, 0.0)]


def item8(pf: Pfaudit, tmp: Path) -> list[Row]:
    report = tmp / "esc\x1b[31mname.txt"
    shutil.copy(attacks.DATA / "terminal_escape_hides_finding.txt", report)
    rows = []
    for fmt in ("text", "concise", "github"):
        done = pf.run(report, "-f", fmt, "--no-progress")
        rows.append((f"8 ESC in report text and name ({fmt})", f"{done.out.count(ESC)} raw ESC bytes in the output", done.seconds, done.peak_mb))
    return rows


def _alive(marker: str) -> list[int]:
    """Pids of processes whose command line mentions `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if marker.encode() in (entry / "cmdline").read_bytes() and (entry / "stat").read_text().split(") ")[1][0] != "Z":
                    found.append(int(entry.name))
    return found


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def item9(pf: Pfaudit, tmp: Path) -> list[Row]:
    slow = tmp / "slow-9.txt"
    slow.write_bytes(hostile.long_line(1_000_000, "预算数100万元，执行率95%，"))
    rows = []
    for how in (signal.SIGTERM, signal.SIGKILL):
        p = pf.start(slow, "-f", "json", "-o", os.devnull, "--no-progress", "--time-limit", "0", start_new_session=True)
        time.sleep(4)
        os.kill(p.pid, how)
        p.wait()
        time.sleep(2)
        left = _alive(str(slow))
        rows.append((f"9 {how.name} to the CLI mid-file", f"{len(left)} worker(s) still running 2 s later", 0.0, 0.0))
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    for jobs in ("1", "2"):
        out = tmp / f"ctrlc{jobs}.json"
        # NOTE: a shell's background job ignores Ctrl-C and its children inherit that: undo it.
        p = pf.start(SAMPLE, slow, "-j", jobs, "-f", "json", "-o", out, "--no-progress", "--time-limit", "0",
                     start_new_session=True, stderr=subprocess.PIPE, preexec_fn=_interruptible)  # fmt: skip
        time.sleep(6)
        os.killpg(p.pid, signal.SIGINT)  # a terminal's Ctrl-C goes to the whole foreground group
        start = time.monotonic()
        p.communicate()
        seconds = time.monotonic() - start
        result = outputs(out)
        shown = f"{len(result['files'])} file(s) written" if result else "nothing written"
        rows.append((f"9 Ctrl-C mid-file (-j{jobs})", f"exit {p.returncode}, {shown}; seconds after Ctrl-C in time column", seconds, 0.0))
        for pid in _alive(str(slow)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return rows


def item10_cli(pf: Pfaudit, tmp: Path) -> list[Row]:
    rows = []
    for count in (1000, 4000, 9990):
        book = tmp / f"sheets{count}.xlsx"
        book.write_bytes(attacks.sheets(count))
        done = pf.run(book, "-f", "concise", "--no-progress", "--time-limit", "0")
        first = done.out.decode("utf-8", "replace").splitlines()[:1]
        rows.append((f"10 CLI: {count:,} sheets", (first[0][:120] if first else said(done)), done.seconds, done.peak_mb))
    return rows


def item12(pf: Pfaudit, tmp: Path) -> list[Row]:
    path = tmp / "failing.sqlite"
    pf.run(SAMPLE, "--db", path, "-o", os.devnull, "--no-progress")
    with contextlib.closing(sqlite3.connect(path)) as c:
        c.execute("CREATE TRIGGER refuse BEFORE INSERT ON report BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
        c.commit()
    out = tmp / "failing.json"
    done = pf.run(SAMPLE, "--db", path, "-f", "json", "-o", out, "--no-progress")
    written = "output written" if outputs(out) else "NO output"
    return [("12 history write fails", f"{written}; {said(done)}; stderr {len(done.err):,} bytes", done.seconds, done.peak_mb)]


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk


def item13(pf: Pfaudit, tmp: Path) -> list[Row]:
    with open("/dev/full", "wb") as full:
        done = pf.run(SAMPLE, "-f", "json", stdout=full)
    rows = [("13 standard output on a full disk", said(done), done.seconds, done.peak_mb)]
    out = tmp / "full.json"
    out.write_text("previous results\n", encoding="utf-8")
    done = pf.run(ROOT / "samples", "-f", "json", "-o", out, "--no-progress", preexec=_small_files)
    left = out.read_text(encoding="utf-8", errors="replace")[:20].replace("\n", " ")
    rows.append(("13 -o on a full disk (4 KB file limit)", f"{said(done)}; file now begins {left!r}", done.seconds, done.peak_mb))
    return rows


def item14(pf: Pfaudit, tmp: Path) -> list[Row]:
    rows = []
    cases = {
        "UTF-16LE without BOM": ("le.txt", attacks.utf16_without_bom("le")),
        "UTF-16BE, 10 bytes": ("be.txt", (attacks.DATA / "utf16be_codec_name.txt").read_bytes()),
        "PDF inflating to 1 GB of blanks": ("spaces.pdf", attacks.spaces_bomb()),
    }
    for name, (file, data) in cases.items():
        (tmp / file).write_bytes(data)
        done = pf.run(tmp / file, "-f", "concise", "--no-progress")
        first = done.out.decode("utf-8", "replace").splitlines()[:1]
        rows.append((f"14 {name}", first[0][:140] if first else said(done), done.seconds, done.peak_mb))
    other = tmp / "other.sqlite"
    with contextlib.closing(sqlite3.connect(other)) as c:
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.commit()
    done = pf.run(SAMPLE, "--db", other, "-o", os.devnull, "--no-progress")
    with contextlib.closing(sqlite3.connect(other)) as c:
        tables = sorted(r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    rows.append(("14 unrelated SQLite file as --db", f"tables after: {tables}; {said(done)}", done.seconds, done.peak_mb))
    return rows


def item15(pf: Pfaudit, tmp: Path) -> list[Row]:
    done = subprocess.run(["make", "-n", "fuzz", "FUZZ_N=7"], cwd=pf.root, capture_output=True, text=True, check=False)
    line = next((x for x in done.stdout.splitlines() if "PFAUDIT_FUZZ" in x), "")
    return [("15 make fuzz FUZZ_N=7", f"runs with {line.split()[0] if line else '?'}", 0.0, 0.0)]


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    """The server to use: `url`, PFAUDIT_TEST_POSTGRES, or a private one started for the bench."""
    url = url or os.environ.get("PFAUDIT_TEST_POSTGRES")
    if url:
        yield url
        return
    from tests.support import postgres as pg

    folder = Path(tempfile.mkdtemp(prefix="pfaudit-bench-pg-"))
    try:
        yield pg.start(folder)
    except (pg.Unavailable, OSError):
        yield None
    finally:
        pg.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose pfaudit runs (default: this one)")
    parser.add_argument("--only", help="comma-separated item numbers (default: all)")
    parser.add_argument("--postgres", help="a PostgreSQL server's URL for item 4 (default: a private one)")
    args = parser.parse_args()
    pf = Pfaudit(args.root.resolve())
    wanted = set(args.only.split(",")) if args.only else None
    import edges_web

    with postgres(args.postgres) as server, tempfile.TemporaryDirectory(prefix="pfaudit-edges-") as tmp:
        items: dict[str, Callable[[Path], list[Row]]] = {
            "1": lambda t: item1_cli(pf, t) + edges_web.item1(pf, t), "2": lambda t: item2(pf, t),
            "3": lambda t: item3(pf, t), "4": lambda t: item4(pf, t, server), "5": lambda t: item5(pf, t),
            "6": lambda t: edges_web.item6(pf, t), "7": lambda t: item7(pf, t), "8": lambda t: item8(pf, t),
            "9": lambda t: item9(pf, t), "10": lambda t: item10_cli(pf, t) + edges_web.item10(pf, t),
            "11": lambda t: edges_web.item11(pf, t), "12": lambda t: item12(pf, t), "13": lambda t: item13(pf, t),
            "14": lambda t: item14(pf, t), "15": lambda t: item15(pf, t),
        }  # fmt: skip
        print(f"pfaudit from {pf.root}\n\n| item | outcome | time (s) | peak memory (MB) |\n|---|---|---:|---:|", flush=True)
        for key, item in items.items():
            if wanted and key not in wanted:
                continue
            folder = Path(tmp) / key
            folder.mkdir()
            for name, outcome, seconds, peak in item(folder):
                print(f"| {name} | {outcome.replace('|', '/')} | {seconds:.1f} | {peak:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
