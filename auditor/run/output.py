"""What a run writes: whole files or none, never over a report it audits, and standard output.

Every file pfaudit writes (``--output``, ``--register``, ``--write-baseline``, the register
command's ``--output``) goes through `write_file`: the bytes go to a hidden temporary file
beside the target, which then takes the target's place, so a full disk or a failed write
leaves the previous file as it was, never a truncated one. `refuse_audited` stops a run
before any work when a file it would write (or a SQLite history it would change) is one of
the files it audits, by whatever name: a symbolic or hard link, ``./`` in the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from auditor.report.errors import ConfigError

# A write to standard output that fails for want of room (or a pipe that closed).
OUTPUT_ERRORS = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EPIPE)

Data = str | bytes | Iterable[str]


def identity(path: Path) -> tuple[int, int] | None:
    """The file a path names (device and inode, links followed); None when it names nothing."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def refuse_audited(targets: Mapping[str, Path | None], audited: Iterable[Path]) -> None:
    """Refuse when a file the run would write is one it audits.

    :param targets: option (as the user typed it, e.g. ``--output``) → the path it writes.
    :raises ConfigError: naming the option and the file.
    """
    wanted = {option: (path, identity(path)) for option, path in targets.items() if path is not None}
    wanted = {option: (path, key) for option, (path, key) in wanted.items() if key is not None}
    if not wanted:
        return
    by_key = {key: option for option, (_, key) in wanted.items()}
    for path in audited:
        option = by_key.get(identity(path))  # type: ignore[arg-type]
        if option is not None:
            target = wanted[option][0]
            raise ConfigError(
                f"{option} 指向的 {target} 正是要检查的文件（{path}）；pfaudit 从不改写被检查的文件，请另起一个文件名。",
                f"{option} names {target}, which is a file being checked ({path}); pfaudit never writes over a file "
                "it checks: choose another name.",
            )


def _encoded(data: Data) -> Iterable[bytes]:
    if isinstance(data, bytes):
        return (data,)
    if isinstance(data, str):
        return (data.encode("utf-8"),)
    return (chunk.encode("utf-8") for chunk in data)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(target: Path, data: Data, what: tuple[str, str]) -> None:
    """Write `data` (UTF-8 when text) to `target` whole, or leave `target` as it was.

    A target that exists and is not a regular file (``/dev/null``, a named pipe) is written
    in place: there is nothing there to keep, and it must not be replaced.

    :param what: the file's name in messages, in Chinese and English ("输出文件", "output file").
    :raises ConfigError: when it cannot be written, with the system's reason.
    """
    real = Path(os.path.realpath(target))  # a symbolic link is written through, not replaced
    try:
        try:
            info = os.stat(real)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(real, "wb") as stream:
                stream.writelines(_encoded(data))
            return
        handle, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".pfaudit-tmp", dir=real.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.writelines(_encoded(data))
                stream.flush()
                os.fsync(stream.fileno())  # a full disk may only say so here
            os.chmod(temporary, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
            os.replace(temporary, real)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        reason = exc.strerror or exc
        raise ConfigError(f"无法写入{what[0]} {target}：{reason}", f"cannot write the {what[1]} {target}: {reason}") from exc


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def write_stdout(data: Data) -> None:
    """Write `data` to standard output and flush it.

    A reader that went away (``pfaudit … | head``) ends the output quietly.

    :raises ConfigError: for any other failure (a full disk), with the system's reason.
    """
    if sys.stdout is None:  # started with standard output closed: there is nowhere to write
        return
    try:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.writelines((data,) if isinstance(data, str) else data)
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        reason = exc.strerror or exc
        raise ConfigError(f"无法写入标准输出：{reason}", f"cannot write to standard output: {reason}") from exc


def emit(data: Data, output: Path | None) -> None:
    """A format's output to the ``--output`` file, or else to standard output (never binary to a terminal)."""
    if output is not None:
        write_file(output, data, ("输出文件", "output file"))
        return
    if isinstance(data, bytes) and sys.stdout.isatty():
        raise ConfigError(
            "这种格式是二进制文件，不能直接输出到终端；请加 --output 文件名（如 --output 结果.xlsx）",
            "this format is binary and cannot go to a terminal; add --output FILE (such as --output result.xlsx)",
        )
    write_stdout(data)


def lenient_streams() -> None:
    """Standard output and error that replace what their encoding lacks instead of failing."""
    # NOTE: on Windows, output redirected to a file or pipe is encoded in the ANSI code page
    # (GBK), which lacks characters pfaudit prints (›, some in reports): those are replaced
    # rather than ending the run with a traceback. UTF-8 streams are left as they are.
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def wants_color(choice: str, to_file: bool) -> bool:
    """Whether a listing is painted: ``--color always|never|auto``, auto meaning a terminal."""
    # NOTE: an explicit --color always wins over NO_COLOR, as no-color.org asks of CLI flags.
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()
