"""`Corpus`: every report of a run plus the audit history, as the corpus checks see them.

A corpus check takes ``corpus`` instead of ``report``: it runs once per run, after every
report has been audited, and its findings point into the reports of the run (their
related locations may point into other reports, this run's or earlier runs').
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.corpus.record import Copy, Record, name_key
from auditor.engine.project import install_command
from auditor.report.errors import PfauditError


@dataclass(eq=False)
class Corpus:
    """The reports of this run (input order) and of the history (earlier runs), deduplicated.

    A history record whose file is also in this run (the same bytes audited again) is left
    out: a report is never compared with itself.
    """

    reports: tuple[Record, ...]
    history: tuple[Record, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, reports: Sequence[Record], history: Sequence[Record] = ()) -> Corpus:
        """A corpus of this run's records and the history, without repeats of the same file."""
        seen = {r.digest for r in reports}
        kept = []
        for record in history:
            if record.digest not in seen:
                seen.add(record.digest)
                kept.append(record)
        return cls(tuple(reports), tuple(kept))

    @property
    def everything(self) -> tuple[Record, ...]:
        """This run's records, then the history's."""
        return self.reports + self.history

    def copies(self, *, threshold: Decimal, template_share: Decimal, template_reports: int) -> list[Copy]:
        """Passages of this run's reports found nearly word for word in another report.

        Text that many different projects share (the form's own instructions, a region's
        boilerplate) is learned as template and never returned; see `auditor.corpus.copying`.
        Computed once per set of parameters.
        """
        key = ("copies", threshold, template_share, template_reports)
        if key not in self._cache:
            try:
                from auditor.corpus.copying import find_copies  # datasketch: only when a corpus check runs
            except ImportError as exc:  # a check that declares requires=("datasketch",) never gets here
                command = install_command("corpus")
                raise PfauditError(
                    f"跨报告比对需要先安装 pfaudit 的 corpus 组件（缺少 {exc.name}）：{command}",
                    f"comparing reports needs pfaudit's corpus extra ({exc.name} is missing): {command}",
                ) from exc

            self._cache[key] = find_copies(self.everything, len(self.reports), threshold, template_share, template_reports)
        return self._cache[key]

    def common_reasons(self, projects: int) -> set[str]:
        """Stated causes (exact form) found in the reports of `projects` or more different projects: template."""
        key = ("common_reasons", projects)
        if key not in self._cache:
            owners: dict[str, set[str]] = {}
            for r in self.everything:
                owner = name_key(r.text("unit")) + "|" + name_key(r.text("project")) if r.text("project") else r.digest
                for reason in r.reasons:
                    owners.setdefault(reason.text, set()).add(owner)
            self._cache[key] = {text for text, who in owners.items() if len(who) >= projects}
        return self._cache[key]

    def earlier(self, record: Record) -> Record | None:
        """The latest report of the same project from an earlier year, in this run or the history."""
        if "projects" not in self._cache:
            index: dict[str, list[Record]] = {}
            for r in self.everything:
                if r.year is not None and (k := name_key(r.text("project"))):
                    index.setdefault(k, []).append(r)
            self._cache["projects"] = index
        year = record.year
        if year is None:
            return None
        found = [
            r
            for r in self._cache["projects"].get(name_key(record.text("project")), [])
            if r.year is not None and r.year < year and record.same_project(r)
        ]
        # the latest year; within it, this run before the history, then the latest run
        return max(found, key=lambda r: (r.year, r.run is None, r.run or 0), default=None)
