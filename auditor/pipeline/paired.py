"""Running the paired checks: within one file as it is audited, then across the run's files.

Within a file (`within`), every self-evaluation is held against a declaration of the same file
(a project's package of 申报, 监控 and 自评 sheets), or against none: a self-evaluation table
that prints both its 年初 and its 调整后 targets is still read alone. Across files (`across`),
once every file is audited, each self-evaluation still unpaired is held against the nearest
declaration of the run, of ``--declarations`` or of the audit history (`match.SOURCES`), and
its file's coverage says so. A paired check that raises becomes one PF00 finding.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from auditor.engine.check import Check
from auditor.engine.coverage import missing_facts, split_checks
from auditor.engine.findings import Finding, Severity
from auditor.engine.profile import Profile, load_profile
from auditor.engine.runner import check_crashed, stamped
from auditor.facts.document import EVALUATIONS
from auditor.pairs.document import Document
from auditor.pairs.match import Pair, find, index, key, project_key
from auditor.pipeline.result import FileResult


def paired_checks(checks: Iterable[Check]) -> list[Check]:
    """The enabled checks that hold a self-evaluation against its declaration."""
    return [c for c in checks if c.paired]


def run_paired(
    pair: Pair,
    checks: Iterable[Check],
    *,
    options: dict[str, dict] | None = None,
    severities: dict[str, Severity] | None = None,
    profile: Profile | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Run the paired checks on one pair; each finding is located in the self-evaluation already."""
    available = {"pair": pair, "profile": profile or load_profile()}
    options, severities = options or {}, severities or {}
    out: list[Finding] = []
    for check in paired_checks(checks):
        if not check.applies((pair.evaluation.kind,)):
            continue
        found = stamped(
            check, available, options, severities, strict,
            lambda exc, check=check: check_crashed(check, exc, pair.evaluation.path, severities.get("PF00"), what=("对照检查", "paired check")),
        )  # fmt: skip
        out += [f if f.path else dataclasses.replace(f, path=pair.evaluation.path) for f in found]
    return sorted(out, key=Finding.sort_key)


def within(
    documents: Sequence[Document], checks: Iterable[Check], given: Sequence[Document] = (), **settings: Any
) -> tuple[list[Document], list[Finding], int]:
    """Hold each self-evaluation of one file against a declaration of the same file, or of `given`, or none.

    :param given: declarations of other files known before this one is audited (the web page's
        other uploads), so that the paired findings are made while the report is at hand.
    :returns: the documents (a paired self-evaluation notes its declaration), the findings,
        and how many self-evaluations found their declaration.
    """
    declarations = [d for d in documents if d.kind == "declaration"]
    given_index = index(given)
    out: list[Document] = []
    found: list[Finding] = []
    paired = 0
    for doc in documents:
        if doc.kind not in EVALUATIONS:
            out.append(doc)
            continue
        pair = find(doc, [("file", index(declarations)), ("declarations", given_index)])
        found += run_paired(pair, checks, **settings)
        if pair.declaration is not None:
            paired += 1
            doc = doc.paired_with(pair.declaration)
        out.append(doc)
    return out, found, paired


def wanted(files: Sequence[Sequence[Document]]) -> list[tuple[Document, ...]]:
    """For each file, the declarations of the other files its unpaired self-evaluations answer to."""
    every = index(d for docs in files for d in docs)
    out: list[tuple[Document, ...]] = []
    for docs in files:
        mine = {id(d) for d in docs}
        found = []
        for doc in docs:
            if doc.kind in EVALUATIONS and doc.against is None:
                name = _name(doc)
                others = {name: [d for d in every.get(name, ()) if id(d) not in mine]}
                found.append(find(doc, [("run", others)]).declaration)
        out.append(tuple(dict.fromkeys(d for d in found if d is not None)))
    return out


def _name(doc: Document) -> str:
    return project_key(doc) or (key(doc.unit.text) if doc.unit else "")


def across(
    files: Sequence[FileResult],
    checks: Sequence[Check],
    given: Sequence[Document] = (),
    history: Sequence[Document] = (),
    visible: Callable[[list[Finding]], Iterable[Finding]] = list,
    **settings: Any,
) -> tuple[list[FileResult], list[Finding]]:
    """Hold every self-evaluation still unpaired against the run's declarations, the given ones, the history's.

    :param visible: the findings a run shows of those made (the configuration's per-path ignores).
    :returns: the files with paired self-evaluations noted and their coverage brought up to
        date, and the findings of the pairs, each file's in its own results too.
    """
    run = index(d for f in files for d in f.documents)
    given_index, history_index = index(given), index(history)
    out: list[FileResult] = []
    every: list[Finding] = []
    for file in files:
        docs, found, paired = [], [], 0
        for doc in file.documents:
            if doc.kind in EVALUATIONS and doc.against is None:
                name = _name(doc)
                others = {name: [d for d in run.get(name, ()) if d.path != doc.path]}
                pair = find(doc, [("run", others), ("declarations", given_index), ("history", history_index)])
                if pair.declaration is not None:
                    # the table read alone ran with the file; only the comparison is new
                    found += visible(run_paired(pair, checks, **settings))
                    doc = doc.paired_with(pair.declaration)
                    paired += 1
            docs.append(doc)
        if paired:
            file = _covered(file, paired, checks, found)
            every += found
        out.append(dataclasses.replace(file, documents=tuple(docs)))
    return out, every


def _covered(file: FileResult, paired: int, checks: Sequence[Check], found: list[Finding]) -> FileResult:
    """`file` with its self-evaluations paired: the paired checks ran, and their findings are its own."""
    coverage = {**file.coverage, "paired": file.coverage.get("paired", 0) + paired}
    mine = [c for c in checks if c.code in (*file.checked, *file.not_checked)]
    ran, skipped = split_checks(mine, coverage)
    findings = tuple(sorted((*file.findings, *found), key=Finding.sort_key))
    return dataclasses.replace(
        file,
        coverage=coverage,
        checked=tuple(c.code for c in ran),
        not_checked=tuple(c.code for c in skipped),
        missing_facts=missing_facts(skipped, coverage),
        findings=findings,
    )
