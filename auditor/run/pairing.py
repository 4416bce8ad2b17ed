"""A run's pairing: the declarations given with ``--declarations``, and the pass that pairs every file.

The declarations given are read like any report (the same readers, limits and worker
processes) with no check run on them: they are what self-evaluations are held against, not
what the run audits, so their own findings are not reported.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.pairs.document import Document
from auditor.pipeline.audit import Setup, shown
from auditor.pipeline.batch import audit_files, workers
from auditor.pipeline.files import iter_files
from auditor.pipeline.paired import across
from auditor.pipeline.result import FileResult


def given_declarations(paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int) -> tuple[list[Document], list[str]]:
    """The declarations in the files and folders given, and the files that could not be read as one.

    :returns: the declarations, in the order found, and the paths of files that held none
        (unreadable, or not a declaration), for the run to name.
    """
    files = list(iter_files([p for p in paths if p.exists()], setup.config.selection(), []))
    quiet = dataclasses.replace(setup, checks=[], keep=None, keep_report=False)
    found: list[Document] = []
    none: list[str] = [str(p) for p in paths if not p.exists()]
    for result in audit_files(files, quiet, plugins, jobs):
        mine = [d for d in result.documents if d.kind == "declaration"]
        found += mine
        if not mine:
            none.append(result.path)
    return found, none


def declarations_of(paths: Sequence[Path], setup: Setup, plugins: Sequence[str], jobs: int, *, quiet: bool) -> list[Document]:
    """``--declarations``: the declarations given; the files there that hold none are named on standard error."""
    if not paths:
        return []
    found, none = given_declarations(paths, setup, plugins, jobs)
    if none and not quiet:
        listed = ("、" if setup.config.lang != "en" else ", ").join(none[:5])
        said = (
            f"{len(none)} files of --declarations hold no target declaration: {listed}"
            if setup.config.lang == "en"
            else f"--declarations 中有 {len(none)} 个文件没有读出绩效目标申报表：{listed}"
        )
        sys.stderr.write(f"pfaudit: {said}\n")
    return found


def pair_files(setup: Setup, files: list[FileResult], given: Sequence[Document], history: Sequence[Document]) -> list[FileResult]:
    """Every self-evaluation of the run held against a declaration of the run, the given ones or the history.

    The paired checks' findings join their file's own, so every format shows them with it.
    """
    paired, _ = across(
        files, setup.checks, given, history,
        visible=lambda found: shown(found, setup.config),
        options=setup.options, severities=setup.severities, profile=setup.profile,
    )  # fmt: skip
    return paired


def pair_run(args: Any, setup: Setup, plugins: Sequence[str], files: list[FileResult], history: Any) -> list[FileResult]:
    """The run's files, each self-evaluation held against its declaration: of the run, given with
    ``--declarations`` (``args``), or kept in the audit history (``history``, or None)."""
    given = declarations_of(args.declarations, setup, plugins, workers(args.jobs, 2), quiet=args.quiet > 1)
    return pair_files(setup, files, given, history.declarations() if history else [])
