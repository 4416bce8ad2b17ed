"""Render the page's templates (files under ``templates/``, autoescaped) into HTML.

The same report template serves the live page and the standalone HTML view that PDF and
text reports get as their annotated copy; the standalone one carries the stylesheet and
script inline, so it opens from a disk with nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from auditor.web.asread import as_read
from auditor.web.bridge import (
    Finding,
    category_label,
    check_name,
    coverage_warning,
    kinds_said,
    labelled,
    message,
    pairs_said,
    place_in_words,
    profile_title,
    said,
    severity_label,
)
from auditor.web.job import Checked
from auditor.web.ui import words

SEVERITIES = ("error", "warning", "info")
DOWNLOADS = ("xlsx", "json", "sarif", "html")  # the formats the page offers, in order; each says its media type and label


def download_links(lang: str) -> list[tuple[str, str]]:
    """The formats the page offers, each with what it is called in `lang`."""
    return labelled(DOWNLOADS, lang)


def worst(findings: Sequence[Finding], numbers: Sequence[int]) -> str:
    """The most severe severity among the numbered findings ("" for none)."""
    values = [findings[n].severity for n in numbers if n < len(findings)]
    return max(values, key=lambda s: s.rank).value if values else ""


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings per severity value."""
    return {s: sum(f.severity.value == s for f in findings) for s in SEVERITIES}


def categories(files: Sequence[Checked], lang: str) -> list[tuple[str, str]]:
    """The categories that occur, as (identifier, label), in label order."""
    found = {f.category for c in files for f in c.findings}
    return sorted(((c, category_label(c, lang)) for c in found), key=lambda pair: pair[1])


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("auditor.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        message=message,
        # NOTE: the page shows no line numbers: a text report's place is 第17行第32列, not 17:32.
        place=place_in_words,
        check_name=check_name,
        said=said,
        severity_label=severity_label,
        category_label=category_label,
        coverage_warning=coverage_warning,
        kinds_said=kinds_said,
        pairs_said=pairs_said,
        worst=worst,
        counts=counts,
        severities=SEVERITIES,
        as_read=as_read,
    )
    return env


ENV = _environment()


def asset(name: str) -> str:
    """A file under ``static/`` as text."""
    return (resources.files("auditor.web") / "static" / name).read_text(encoding="utf-8")


def render(template: str, lang: str, **context: object) -> str:
    """A page in `lang`, with the page's words as ``w``."""
    return ENV.get_template(template).render(lang=lang, w=words(lang), **context)


def standalone(checked: Checked, lang: str, profile: str = "") -> str:
    """One report drawn with its findings as a single HTML file that needs nothing else.

    :param profile: the regional profile's name; the page shows its title.
    """
    return render(
        "standalone.html",
        lang,
        files=[checked],
        cats=categories([checked], lang),
        profile=profile_title(profile, lang) if profile else "",
        css=asset("page.css"),
        js=asset("page.js"),
    )
