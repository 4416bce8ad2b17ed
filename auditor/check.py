"""The `Check` value, the `@check` decorator that makes one from a plain function, and the
fact kinds a check may say it needs."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import regex

from auditor.errors import PluginError
from auditor.findings import CATEGORIES, Finding, Severity

CODE_RE = regex.compile(r"^[A-Z]{2}[0-9]{2}$")
INPUTS = ("report", "facts", "profile")
# What a check may need: the keys of `Facts.found()`, in the order coverage shows them
# (tests keep the two in step).
FACT_KINDS = (
    "fiscal_year", "forms", "fund_lines", "indicators", "totals",
    "grades", "amounts", "rates", "years", "sentences",
)  # fmt: skip
DEFAULT_NEEDS = ("sentences",)  # a check that declares nothing reads the prose


@dataclass(frozen=True, slots=True, eq=False)  # identity: one registered object per check
class Check:
    """A check: a function over a report's facts that yields findings, plus its metadata.

    `needs` names the fact kinds (keys of ``Facts.found()``) the check compares: it can run
    on a report that yielded any of them, and is listed as "not run" on one that did not.
    """

    code: str
    name: str
    category: str
    severity: Severity
    func: Callable[..., Iterator[Finding]] | None = field(repr=False)  # None: the engine's own
    summary: str = ""
    doc: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()  # what the function takes by name: report, facts, profile
    needs: tuple[str, ...] = DEFAULT_NEEDS

    def run(self, available: dict[str, Any], options: dict[str, Any]) -> Iterator[Finding]:
        """Call the function with the inputs it names, taken from `available`, and its options."""
        if self.func is None:
            raise TypeError(f"{self.code} has no function: the engine makes its findings")
        kwargs = {name: available[name] for name in self.inputs}
        return self.func(**kwargs, **options)


def _kebab(name: str) -> str:
    return name.strip("_").replace("_", "-")


def _validate(code: str, category: str) -> None:
    if not CODE_RE.match(code):
        raise PluginError(f"check code {code!r} is not two capitals and two digits")
    if category not in CATEGORIES:
        raise PluginError(f"check {code}: unknown category {category!r}")


def check(
    code: str, *, category: str, severity: str = "error", needs: tuple[str, ...] = DEFAULT_NEEDS
) -> Callable[[Callable[..., Iterator[Finding]]], Check]:
    """Make a `Check` from a function; the name, summary, doc and options come from it.

    :param needs: the fact kinds the check compares (see `FACT_KINDS`).
    """
    _validate(code, category)
    if isinstance(needs, str) or not needs or set(needs) - set(FACT_KINDS):
        raise PluginError(f"check {code}: needs={needs!r} must be a tuple of fact kinds from {FACT_KINDS}")

    def wrap(func: Callable[..., Iterator[Finding]]) -> Check:
        params = inspect.signature(func).parameters.values()
        inputs = tuple(p.name for p in params if p.kind is not p.KEYWORD_ONLY)
        unknown = set(inputs) - set(INPUTS)
        if unknown:
            raise PluginError(f"check {code}: cannot supply {sorted(unknown)}; use {INPUTS}")
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
            inputs=inputs,
            needs=tuple(needs),
        )

    return wrap


def engine_check(code: str, name: str, *, category: str, severity: str, doc: str) -> Check:
    """A check without a function, whose findings the engine makes (PF00 check-crashed …).

    It is declared like any other check, so it can be listed, explained, selected,
    ignored and given a severity; it needs no facts and is never called.
    """
    _validate(code, category)
    doc = inspect.cleandoc(doc)
    return Check(code, name, category, Severity(severity), None, doc.splitlines()[0], doc, needs=())
