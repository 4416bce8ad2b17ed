"""The `Check` value and the `@check` decorator that makes one from a plain function."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import regex

from auditor.errors import PluginError
from auditor.findings import CATEGORIES, Finding, Severity

CODE_RE = regex.compile(r"^[A-Z]{2}[0-9]{2}$")
# "corpus" (`auditor.Corpus`: every report of the run and the history) makes a corpus check,
# run once per run after every report has been audited, not once per report.
INJECTABLE = ("report", "facts", "profile", "corpus")


@dataclass(frozen=True, slots=True, eq=False)  # identity: one registered object per check
class Check:
    """A check: a function over a report's facts that yields findings, plus its metadata."""

    code: str
    name: str
    category: str
    severity: Severity
    func: Callable[..., Iterator[Finding]] = field(repr=False)
    summary: str = ""
    doc: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    wants: tuple[str, ...] = ()

    def run(self, context: dict[str, Any], options: dict[str, Any]) -> Iterator[Finding]:
        """Call the function with the arguments it names and its options."""
        kwargs = {name: context[name] for name in self.wants}
        return self.func(**kwargs, **options)


def _kebab(name: str) -> str:
    return name.strip("_").replace("_", "-")


def check(
    code: str, *, category: str, severity: str = "error"
) -> Callable[[Callable[..., Iterator[Finding]]], Check]:
    """Make a `Check` from a function; the name, summary, doc and options come from it."""
    if not CODE_RE.match(code):
        raise PluginError(f"check code {code!r} is not two capitals and two digits")
    if category not in CATEGORIES:
        raise PluginError(f"check {code}: unknown category {category!r}")

    def wrap(func: Callable[..., Iterator[Finding]]) -> Check:
        params = inspect.signature(func).parameters.values()
        wants = tuple(p.name for p in params if p.kind is not p.KEYWORD_ONLY)
        unknown = set(wants) - set(INJECTABLE)
        if unknown:
            raise PluginError(f"check {code}: cannot supply {sorted(unknown)}; use {INJECTABLE}")
        options = {p.name: p.default for p in params if p.kind is p.KEYWORD_ONLY}
        doc = inspect.cleandoc(func.__doc__ or "")
        return Check(
            code=code,
            name=_kebab(func.__name__),
            category=category,
            severity=Severity(severity),
            func=func,
            summary=doc.splitlines()[0] if doc else "",
            doc=doc,
            options=options,
            wants=wants,
        )

    return wrap
