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

import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

REPORT_SUFFIXES = {
    ".txt", ".text", ".md", ".tsv", ".csv",
    ".docx", ".xlsx", ".xlsm", ".pdf", ".doc", ".wps", ".xls", ".et",
    ".html", ".htm", ".shtml", ".xhtml",
}  # fmt: skip
# Never reports: hidden files and folders (.git, .venv, editor lock files) and tool folders.
DEFAULT_EXCLUDE = (".*", "venv", "node_modules", "__pycache__", "__pypackages__", "site-packages")
CREATOR = "pfaudit"  # the xlsx format's workbook creator, by which its output is recognised
# The first line of a csv the csv format wrote (findings or report summary, zh or en).
OWN_CSV_HEADS = ("文件,位置,代码,", "file,location,code,", "文件,错误,警告,", "file,error,warning,")
# In the head of the html format's report and the web page's annotated copies.
OWN_HTML_MARK = f'<meta name="generator" content="{CREATOR}">'.encode()
# The closing summary line of the text and concise formats.
OWN_TEXT_TAIL = re.compile(r"^(共 \d+ 份报告，\d+ 处发现|\d+ reports?, \d+ findings?) ?[（(]")


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
                f.seek(max(0, path.stat().st_size - 400))
                tail = f.read().decode("utf-8", "replace").rstrip().rsplit("\n", 1)[-1]
            return bool(OWN_TEXT_TAIL.match(tail))
    except (OSError, KeyError, zipfile.BadZipFile):
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


def _walk(folder: Path, selection: Selection) -> Iterator[Path]:
    root = folder.resolve()
    layers: list[Globs] = []
    git = _git_root(root) if selection.respect_gitignore else None
    if git is not None:
        layers += [g for d in reversed([root, *root.parents]) if git in (d, *d.parents) and (g := _gitignore(d))]
    # NOTE: the walk goes over resolved paths (matched once each) and yields them as given.
    stack = [(folder, root, layers)]
    while stack:
        shown, current, inherited = stack.pop()
        if current != root and git is not None and (g := _gitignore(current)):
            inherited = [*inherited, g]
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            path, full = shown / entry.name, Path(entry.path)
            if selection.excluded(path, root, inherited, full):
                continue
            if entry.is_dir():
                stack.append((path, full, inherited))
            elif path.suffix.lower() in REPORT_SUFFIXES and entry.is_file() and not own_output(full):
                yield path


def iter_files(paths: Iterable[Path], selection: Selection = Selection()) -> Iterator[Path]:
    """Named files as given (unless `force_exclude`); folders walked in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(_walk(path, selection))
        elif not (selection.force_exclude and selection.excluded(path)):
            yield path
