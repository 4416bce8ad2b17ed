"""Which files a run audits: named files, and report files found in folders minus exclusions.

Globs follow .gitignore rules (through pathspec): a glob with a slash is anchored at its
base folder (the configuration file's folder, or the working directory for a command-line
glob), one without a slash matches a name at any depth, ``**`` crosses folders. A file
outside the base folder is matched by its path from the filesystem root, so only
unanchored globs and ``**`` reach it; the working directory never changes the outcome.

Inside a git checkout, .gitignore files are honoured. Files pfaudit itself wrote (an
``--output`` csv, xlsx or text listing) are never audited as reports.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from auditor.readers.sniff import REPORT_SUFFIXES
from auditor.report.errors import ReadError

# Never reports: hidden files and folders (.git, .venv, editor lock files) and tool folders.
DEFAULT_EXCLUDE = (".*", "venv", "node_modules", "__pycache__", "__pypackages__", "site-packages")
CREATOR = "pfaudit"  # the xlsx format's workbook creator, by which its output is recognised
# The first line of a csv the csv format wrote (findings or report summary, zh or en).
OWN_CSV_HEADS = ("文件,位置,代码,", "file,location,code,", "文件,错误,警告,", "file,error,warning,")
# In the head of the html format's report and the web page's annotated copies.
OWN_HTML_MARK = f'<meta name="generator" content="{CREATOR}">'.encode()
# The closing summary line of the text and concise formats.
OWN_TEXT_TAIL = re.compile(r"^(共 \d+ 份报告，\d+ 处发现|\d+ reports?, \d+ findings?) ?[（(]")
# The first line of a listing without that summary (-q): a report's heading in the text format,
# a finding of the concise format, an annotation of the github format.
OWN_TEXT_HEAD = re.compile(r"^(── .+[（(]\d+|::(error|warning|notice) file=|\S.*:\d+:\d+: [A-Z]{2}\d{2} )")
OWN_CORE_XML = 64 * 1024  # docProps/core.xml is a few hundred bytes; a bigger one is not ours
# What a path names when it is not a regular file, in Chinese and English.
_NOT_A_FILE = {
    stat.S_IFDIR: ("文件夹", "a folder"),
    stat.S_IFIFO: ("命名管道（FIFO）", "a named pipe (FIFO)"),
    stat.S_IFCHR: ("字符设备", "a character device"),
    stat.S_IFBLK: ("块设备", "a block device"),
    stat.S_IFSOCK: ("套接字", "a socket"),
}


def display_name(path: str | os.PathLike) -> str:
    """A path as text every format can write: bytes that are not UTF-8 become ``\\xNN`` escapes.

    >>> display_name(os.fsdecode(b"bad\\xffname.txt")), display_name("报告.txt")
    ('bad\\\\xffname.txt', '报告.txt')
    """
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_input(path: Path, max_size: int, too_large: Callable[[int], Exception]) -> bytes:
    """The bytes of a report file, refused without reading when it is not a regular file.

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a device
    or a folder (even one named like a report) is never read, whatever it became after the walk.

    :param too_large: makes the error for a file over `max_size` bytes, given its size.
    :raises ReadError: for what is not a regular file; `too_large`'s error for a file too big.
    :raises OSError: when the file cannot be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        zh, en = _NOT_A_FILE.get(stat.S_IFMT(info.st_mode), ("特殊文件", "a special file"))
        raise ReadError(f"这是{zh}，不是普通文件，未读取，未做任何检查。", f"this is {en}, not a regular file; it was not read")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > max_size:
            raise too_large(info.st_size)
        data = f.read(max_size + 1)  # a file that grew since fstat is still read only this far
    if len(data) > max_size:
        raise too_large(len(data))
    return data


@dataclass(frozen=True)
class Globs:
    """Glob patterns and the folder their anchored ones are relative to (None: any folder)."""

    patterns: tuple[str, ...]
    base: Path | None = None
    spec: pathspec.GitIgnoreSpec = field(init=False, repr=False, compare=False)
    root: Path | None = field(init=False, repr=False, compare=False)  # `base`, resolved once

    def __post_init__(self) -> None:
        clean = [p.removeprefix("./") for p in self.patterns]
        object.__setattr__(self, "spec", pathspec.GitIgnoreSpec.from_lines(clean))
        object.__setattr__(self, "root", self.base.resolve() if self.base is not None else None)

    def verdict(self, path: Path, start: Path | None = None, full: Path | None = None) -> bool | None:
        """True when a glob matches `path`, False when a ``!glob`` re-includes it, else None.

        :param start: the resolved folder being walked; globs without a base match below it.
        :param full: `path` resolved, when the caller has it already.
        """
        if not self.patterns:
            return None
        anchor = self.root if self.root is not None else start
        if anchor is None:  # a file named on the command line, matched as it was typed
            return self.spec.check_file(path.as_posix()).include
        full = full if full is not None else path.resolve()
        try:
            relative = full.relative_to(anchor).as_posix()
        except ValueError:
            relative = full.as_posix().lstrip("/")
        return self.spec.check_file(relative).include

    def match(self, path: Path, start: Path | None = None, full: Path | None = None) -> bool:
        """Whether the patterns select `path`."""
        return bool(self.verdict(path, start, full))


def _git_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _gitignore(folder: Path) -> Globs | None:
    try:
        lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return Globs(tuple(lines), folder)


def _ignored(path: Path, layers: Sequence[Globs], start: Path, full: Path) -> bool:
    """Whether the last layer with a verdict on `path` excludes it (deeper .gitignore files win)."""
    decided = False
    for layer in layers:
        verdict = layer.verdict(path, start, full)
        if verdict is not None:
            decided = verdict
    return decided


def own_output(path: Path) -> bool:
    """Whether pfaudit wrote this file: an ``--output`` listing or an ``--annotate`` web page."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                if book.getinfo("docProps/core.xml").file_size > OWN_CORE_XML:  # never inflate a bomb here
                    return False
                core = book.read("docProps/core.xml").decode("utf-8", "replace")
            return bool(re.search(rf"<dc:creator[^>]*>{CREATOR}</dc:creator>", core))
        if suffix == ".csv":
            with path.open("rb") as f:
                return f.read(64).decode("utf-8", "replace").removeprefix("\ufeff").startswith(OWN_CSV_HEADS)
        if suffix in (".html", ".htm"):
            with path.open("rb") as f:
                return OWN_HTML_MARK in f.read(4096)
        if suffix in (".txt", ".text", ".md"):
            with path.open("rb") as f:
                head = f.read(400).decode("utf-8", "replace").split("\n", 1)[0]
                f.seek(max(0, path.stat().st_size - 400))
                tail = f.read().decode("utf-8", "replace").rstrip().rsplit("\n", 1)[-1]
            return bool(OWN_TEXT_TAIL.match(tail) or OWN_TEXT_HEAD.match(head))
    except (OSError, KeyError, zipfile.BadZipFile, NotImplementedError, ValueError, EOFError):
        return False
    return False


@dataclass(frozen=True)
class Selection:
    """What to leave out of a run: exclusion globs, .gitignore, and files to skip outright."""

    exclude: tuple[Globs, ...] = (Globs(DEFAULT_EXCLUDE),)
    respect_gitignore: bool = True
    force_exclude: bool = False  # also leave out files named on the command line
    skip: frozenset[Path] = frozenset()  # resolved paths, such as this run's --output file

    def excluded(
        self, path: Path, start: Path | None = None, gitignore: Sequence[Globs] = (), full: Path | None = None
    ) -> bool:
        """Whether `path` is left out (a glob, .gitignore, or the output file in `skip`).

        :param start: the resolved folder being walked, if any; `full`: `path` resolved.
        """
        full = full if full is not None else path.resolve()
        if full in self.skip or any(g.match(path, start, full) for g in self.exclude):
            return True
        return bool(gitignore) and start is not None and _ignored(path, gitignore, start, full)


@dataclass(frozen=True, slots=True)
class Blocked:
    """A place in a folder the walk could not enter or follow, and why: a PF01 finding for that place."""

    path: Path
    why: ReadError


def _blocked(path: Path, exc: OSError, folder: bool) -> Blocked:
    """What stopped the walk at `path` (a folder it went into, or an entry it looked at), in words."""
    what = ("这个文件夹", "this folder") if folder else ("这个位置", "this entry")
    after = ("其中的文件没有检查", "the files in it were not checked") if folder else ("没有检查", "it was not checked")
    if exc.errno == errno.ELOOP:
        zh, en = "符号链接形成循环（链接最终指回自己）", "symbolic links form a loop (the link ends up pointing at itself)"
    elif exc.errno == errno.ENAMETOOLONG:
        zh, en = "路径过长，超过了系统允许的长度", "the path is longer than the system allows"
    elif isinstance(exc, PermissionError):
        zh, en = f"没有权限读取{what[0]}", f"no permission to read {what[1]}"
    else:
        zh, en = f"无法读取{what[0]}（{exc.strerror or exc}）", f"{what[1]} cannot be read ({exc.strerror or exc})"
    return Blocked(path, ReadError(f"{zh}，{after[0]}。", f"{en}; {after[1]}"))


def _loop(path: Path, target: tuple[int, int], chain: tuple | None) -> Blocked | None:
    """A folder link that points back at a folder above it: walking it would never end."""
    while chain is not None:
        here, chain = chain
        if here == target:
            return Blocked(path, ReadError(
                "这个符号链接指向它所在的上层文件夹，形成循环；没有沿着它再检查一遍。",
                "this symbolic link points at a folder above it, forming a loop; it was not followed",
            ))  # fmt: skip
    return None


def _walk(folder: Path, selection: Selection, blocked: list[Blocked]) -> Iterator[Path]:
    root = folder.resolve()
    layers: list[Globs] = []
    git = _git_root(root) if selection.respect_gitignore else None
    if git is not None:
        layers += [g for d in reversed([root, *root.parents]) if git in (d, *d.parents) and (g := _gitignore(d))]
    # NOTE: the walk goes over resolved paths (matched once each) and yields them as given. Each
    # folder carries the chain of the folders above it (device, inode), for the loop check.
    start = os.stat(root)
    stack: list[tuple[Path, Path, list[Globs], tuple | None]] = [(folder, root, layers, ((start.st_dev, start.st_ino), None))]
    while stack:
        shown, current, inherited, chain = stack.pop()
        if current != root and git is not None and (g := _gitignore(current)):
            inherited = [*inherited, g]
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            blocked.append(_blocked(shown, exc, folder=True))
            continue
        for entry in entries:
            path, full = shown / entry.name, Path(entry.path)
            try:
                if selection.excluded(path, root, inherited, full):
                    continue
                if entry.is_dir():
                    info = entry.stat()
                    key = (info.st_dev, info.st_ino)
                    loop = _loop(path, key, chain) if entry.is_symlink() else None
                    if loop is not None:
                        blocked.append(loop)
                    else:
                        stack.append((path, full, inherited, (key, chain)))
                elif path.suffix.lower() in REPORT_SUFFIXES and entry.is_file() and not own_output(full):
                    yield path
            except OSError as exc:  # a link loop between files, a path past the system's limit
                folder = entry.is_dir(follow_symlinks=False)  # from the listing itself: no system call to fail
                if folder or entry.is_symlink() or path.suffix.lower() in REPORT_SUFFIXES:
                    blocked.append(_blocked(path, exc, folder))


def iter_files(paths: Iterable[Path], selection: Selection = Selection(), blocked: list[Blocked] | None = None) -> Iterator[Path]:
    """Named files as given (unless `force_exclude`); folders walked in name order.

    :param blocked: where the places a walk could not enter or follow are added, in name order.
    """
    found: list[Blocked] = []
    for path in paths:
        if path.is_dir():
            yield from sorted(_walk(path, selection, found))
            if blocked is not None:
                blocked += sorted(found, key=lambda b: b.path)
            found.clear()
        elif not (selection.force_exclude and selection.excluded(path)):
            yield path
