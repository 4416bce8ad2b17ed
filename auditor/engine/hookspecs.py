"""Hook specifications: every way a plugin can extend pfaudit. The bodies are docstrings.

Both markers live here: `hookspec` marks the specs below, `hookimpl` marks a plugin's
implementations (re-exported as ``auditor.hookimpl`` for third parties).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from auditor.engine.check import Check
    from auditor.report.model import Report

hookspec = pluggy.HookspecMarker("pfaudit")
hookimpl = pluggy.HookimplMarker("pfaudit")

# -- contributions ---------------------------------------------------------------------


@hookspec
def pfaudit_checks() -> Iterable[Check]:
    """Return the checks a plugin contributes.

    Called once per plugin manager, when the CLI or a test collects checks. Built-in
    families in ``checks/`` implement it exactly as a third-party plugin does.

    A check whose function takes ``corpus`` is a corpus check: the engine skips it when it
    audits a report, and ``auditor.engine.runner.run_corpus_checks`` calls it once per run,
    after every report, with an `auditor.Corpus` (each report's `auditor.Record` plus the
    audit history). ``checks.copying`` and ``checks.history`` are built-in corpus checks.

    :returns: an iterable of `auditor.Check` values, usually made with ``@check``.
    """


@hookspec
def pfaudit_formats() -> dict[str, Callable]:
    """Return output formats by name.

    Called once when the CLI looks up ``--format``. A format is a pure function from a
    finished `auditor.pipeline.result.Run` to ``str`` (or ``bytes`` for a binary format such as
    xlsx; the CLI writes bytes only to ``--output`` or a pipe). ``auditor.formats``
    implements ``text``, ``concise``, ``json``, ``sarif``, ``html``, ``csv``, ``xlsx``,
    ``github``, ``gitlab`` and ``junit``.

    :returns: a mapping from format name to function.
    """


# -- reading ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def pfaudit_read(path: Path, data: bytes) -> Report | None:
    """Read one file into a `Report`.

    Called once per input file. Stops at first non-None result. A reader that does not
    handle the file returns None; one that recognises the file but cannot read it raises
    `auditor.report.errors.ReadError`, which becomes an ``unreadable`` finding. ``auditor.readers.text``
    implements the plain-text fallback.

    :param path: the file's path.
    :param data: the file's bytes (already read; readers never open the file for writing).
    :returns: the report, or None to let another reader try.
    """
