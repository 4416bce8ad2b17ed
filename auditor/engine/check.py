"""The `Check` value, the `@check` decorator that makes one from a plain function, and the
fact kinds a check may say it needs.

A check's docstring is its Chinese documentation. Its English one comes from a
``docs_en.toml`` beside the module that defines it, keyed by code (``summary``, ``doc``), so
the Chinese text stays the only source in the code and a plugin can ship English the same way.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import inspect
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from auditor.engine.findings import CATEGORIES, Finding, Severity
from auditor.engine.project import rule_url
from auditor.facts.types.bundle import FACT_KINDS
from auditor.report.errors import PluginError

CODE_RE = regex.compile(r"^[A-Z]{2}[0-9]{2}$")
# "corpus" (`auditor.Corpus`: every report of the run and the history) makes a corpus check,
# run once per run after every report has been audited, not once per report.
# "pair" (`auditor.pairs.match.Pair`: a self-evaluation and the declaration it answers to)
# makes a paired check, run by the pairing once a self-evaluation is held against its declaration.
INPUTS = ("report", "facts", "profile", "corpus", "pair")
# What a check may need: `FACT_KINDS`, the facts' own list of kinds.
DEFAULT_NEEDS = ("sentences",)  # a check that declares nothing reads the prose
# The kinds of document a check reads (`auditor.facts.document.KINDS`; "" for a report of no
# recognised kind). The checks written for self-evaluations read every kind but a declaration.
DOCUMENTS = ("declaration", "monitoring", "self-evaluation", "narrative", "")
EVALUATION_DOCUMENTS = ("monitoring", "self-evaluation", "narrative", "")


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
    inputs: tuple[str, ...] = ()  # what the function takes by name: report, facts, profile, corpus
    needs: tuple[str, ...] = DEFAULT_NEEDS
    summary_en: str = ""
    doc_en: str = ""  # the English sections (What it does, Why it matters, Options)
    requires: tuple[str, ...] = ()  # import names of optional libraries the check cannot run without
    documents: tuple[str, ...] = EVALUATION_DOCUMENTS  # the kinds of document it reads

    def applies(self, kinds: tuple[str, ...]) -> bool:
        """Whether the check reads a report of these kinds (`Facts.kinds`; none recognised is "")."""
        return any(kind in self.documents for kind in kinds or ("",))

    def missing(self) -> tuple[str, ...]:
        """The libraries of `requires` that are not installed (looked up without importing them)."""
        return tuple(m for m in self.requires if importlib.util.find_spec(m.split(".")[0]) is None)

    @property
    def per_run(self) -> bool:
        """Whether this is a corpus check: it takes ``corpus`` and runs once per run, not per report."""
        return "corpus" in self.inputs

    @property
    def paired(self) -> bool:
        """Whether this is a paired check: it takes ``pair`` and runs where a self-evaluation meets its declaration."""
        return "pair" in self.inputs

    def summary_in(self, lang: str) -> str:
        """The one-line summary in `lang`, Chinese when there is no English one."""
        return self.summary_en if lang == "en" and self.summary_en else self.summary

    def stamp(self, finding: Finding, severity: Severity | None = None) -> Finding:
        """`finding` as this check's: its code, name and category, and the configured severity,
        else the finding's own, else the check's."""
        return dataclasses.replace(
            finding,
            code=self.code,
            name=self.name,
            category=self.category,
            severity=severity or finding.severity or self.severity,
        )

    def run(self, available: dict[str, Any], options: dict[str, Any]) -> Iterator[Finding]:
        """Call the function with the inputs it names, taken from `available`, and its options."""
        if self.func is None:
            raise TypeError(f"{self.code} has no function: the engine makes its findings")
        kwargs = {name: available[name] for name in self.inputs}
        return self.func(**kwargs, **options)


def _kebab(name: str) -> str:
    return name.strip("_").replace("_", "-")


@functools.cache
def _english_docs(folder: Path) -> dict[str, dict[str, str]]:
    try:
        return tomllib.loads((folder / "docs_en.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PluginError(f"{folder / 'docs_en.toml'} cannot be read: {exc}") from exc


def english(module: str, code: str) -> tuple[str, str]:
    """The English summary and doc of check `code`, from ``docs_en.toml`` beside `module`."""
    where = getattr(sys.modules.get(module), "__file__", None)
    entry = _english_docs(Path(where).parent).get(code, {}) if where else {}
    return str(entry.get("summary", "")).strip(), inspect.cleandoc(str(entry.get("doc", "")))


def _validate(code: str, category: str) -> None:
    if not CODE_RE.match(code):
        raise PluginError(f"check code {code!r} is not two capitals and two digits")
    if category not in CATEGORIES:
        raise PluginError(f"check {code}: unknown category {category!r}")


def check(
    code: str,
    *,
    category: str,
    severity: str = "error",
    needs: tuple[str, ...] = DEFAULT_NEEDS,
    requires: tuple[str, ...] = (),
    documents: tuple[str, ...] = EVALUATION_DOCUMENTS,
) -> Callable[[Callable[..., Iterator[Finding]]], Check]:
    """Make a `Check` from a function; the name, summary, doc and options come from it.

    :param needs: the fact kinds the check compares (see `FACT_KINDS`).
    :param requires: import names of optional libraries the check needs; without one of them
        the check is not run, and the run says which library to install (never a PF00).
    :param documents: the kinds of document the check reads (see `DOCUMENTS`); by default every
        kind but a target declaration, whose checks are its own.
    """
    _validate(code, category)
    if isinstance(documents, str) or not documents or set(documents) - set(DOCUMENTS):
        raise PluginError(f"check {code}: documents={documents!r} must be a tuple of kinds from {DOCUMENTS}")
    if isinstance(needs, str) or not needs or set(needs) - set(FACT_KINDS):
        raise PluginError(f"check {code}: needs={needs!r} must be a tuple of fact kinds from {FACT_KINDS}")
    if isinstance(requires, str) or not all(isinstance(m, str) and m for m in requires):
        raise PluginError(f"check {code}: requires={requires!r} must be a tuple of import names")

    def wrap(func: Callable[..., Iterator[Finding]]) -> Check:
        params = inspect.signature(func).parameters.values()
        inputs = tuple(p.name for p in params if p.kind is not p.KEYWORD_ONLY)
        unknown = set(inputs) - set(INPUTS)
        if unknown:
            raise PluginError(f"check {code}: cannot supply {sorted(unknown)}; use {INPUTS}")
        options = {p.name: p.default for p in params if p.kind is p.KEYWORD_ONLY}
        doc = inspect.cleandoc(func.__doc__ or "")
        summary_en, doc_en = english(func.__module__, code)
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
            summary_en=summary_en,
            doc_en=doc_en,
            requires=tuple(requires),
            documents=tuple(documents),
        )

    return wrap


def engine_check(code: str, name: str, *, category: str, severity: str, doc: str, doc_en: str) -> Check:
    """A check without a function, whose findings the engine makes (PF00 check-crashed …).

    It is declared like any other check, so it can be listed, explained, selected,
    ignored and given a severity; it needs no facts and is never called.
    """
    _validate(code, category)
    doc, doc_en = inspect.cleandoc(doc), inspect.cleandoc(doc_en)
    summary, summary_en = doc.splitlines()[0], doc_en.splitlines()[0]
    return Check(code, name, category, Severity(severity), None, summary, doc, needs=(), summary_en=summary_en, doc_en=doc_en)


def doc_section(doc: str, heading: str) -> str:
    """The body of one ``## heading`` section of a check's doc ("" when there is none)."""
    match = re.search(rf"^## {re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", doc, re.M | re.S)
    return match.group(1).strip() if match else ""


def doc_url(code: str) -> str:
    """Where a check's page lives: ``docs/rules/CODE.md`` in the repository (`auditor.engine.project`)."""
    return rule_url(code)
