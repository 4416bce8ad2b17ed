"""The ``sarif`` format: SARIF 2.1.0 as GitHub code scanning accepts it.

Rules come from every enabled check (plus the engine codes that occur); results carry
content-based ``partialFingerprints``; columns are Unicode code points; binary reports
(no lines) get a location on the file's artifact with the anchor in ``logicalLocations``,
``properties`` and the message text (表3 第12行 第4列, 第5页, Sheet!A1, 第12段), and a
``startLine`` 1 region only because code scanning places no alert without one (SARIF SDK
rule GH1003). GitHub rejects a run with more than 25 000 results, so
the most severe are kept and the cut is announced. A check that crashed (PF00) is no finding
about a report: it is a tool execution notification, and the invocation did not succeed.
Checks not run for a missing library are notes there too. Documentation links are absolute
URLs into the repository (`auditor.engine.project`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from auditor.engine.check import Check, doc_section, doc_url
from auditor.engine.findings import Finding, Location
from auditor.engine.project import REPOSITORY
from auditor.engine.runner import CHECK_CRASHED, ENGINE_CHECKS
from auditor.formats.documents import documents_data, pairs_said
from auditor.formats.json import location_dict
from auditor.formats.summary import not_installed_lines
from auditor.formats.words import anchor, message, place
from auditor.pipeline.result import Run, fingerprint

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
EXAMPLES = (("反例", "Bad example"), ("正例", "Good example"))
MAX_RESULTS = 25_000  # GitHub's hard limit per run
MAX_RELATED = 1_000  # GitHub's hard limit on locations per result
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(path: str) -> str:
    """A percent-encoded URI: relative paths stay relative, absolute ones become file: URIs."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _plain(doc: str) -> str:
    """Markdown to readable plain text: headings lose their hashes, fences disappear."""
    lines = [re.sub(r"^#+\s*", "", line) for line in doc.splitlines() if not line.startswith("```")]
    return "\n".join(lines).strip()


def _rule(check: Check | None, code: str, lang: str) -> dict:
    en = lang == "en" and check is not None and bool(check.doc_en)
    if check is None:  # a finding whose check the run does not know (a hand-made Run)
        name, summary, doc, level, category = code.lower(), code, code, "warning", ""
    elif en:
        name, summary, level, category = check.name, check.summary_en, check.severity.value, check.category
        # The examples are report text: the English help keeps the docstring's.
        examples = [f"## {title}\n{body}" for zh, title in EXAMPLES if (body := doc_section(check.doc, zh))]
        doc = "\n\n".join([check.doc_en, *examples]) if check.doc_en != summary else summary
    else:
        name, summary, doc = check.name, check.summary, check.doc or check.summary
        level, category = check.severity.value, check.category
    explained = doc_section(doc, "What it does" if en else "说明")
    full = f"{summary}\n\n{explained}" if explained else summary
    rule = {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary or name},
        "fullDescription": {"text": full or name},
        "help": {"text": _plain(doc) or name, "markdown": f"**{code} {name}**\n\n{doc}"},
    }
    if check is not None:
        rule["helpUri"] = doc_url(code)
    return rule | {
        "defaultConfiguration": {"level": SARIF_LEVEL[level]},
        "properties": {"tags": [category] if category else []},
    }


def _logical(loc: Location, lang: str) -> list[dict]:
    out = []
    if loc.table is not None:
        cell = anchor(dataclasses.replace(loc, page=None, sheet=None, cell=None), lang)
        out.append({"kind": "cell", "name": cell, "fullyQualifiedName": f"{loc.path}#{cell}"})
    if loc.page is not None:
        out.append({"kind": "page", "name": f"page {loc.page}" if lang == "en" else f"第{loc.page}页"})
    if loc.sheet is not None:
        out.append({"kind": "sheet", "name": f"{loc.sheet}!{loc.cell}" if loc.cell else loc.sheet})
    if loc.paragraph is not None and loc.table is None:
        out.append({"kind": "paragraph", "name": f"paragraph {loc.paragraph}" if lang == "en" else f"第{loc.paragraph}段"})
    return out


def _text(f: Finding, loc: Location, lang: str) -> str:
    """The message; on a binary report also the anchor, since many viewers show only the message."""
    where = anchor(loc, lang) if loc.line is None else ""
    if not where:
        return message(f, lang)
    return f"{message(f, lang)} ({where})" if lang == "en" else f"{message(f, lang)}（{where}）"


def _location(loc: Location, uris: dict[str, int], lang: str, line_text: str = "") -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(loc.path), "index": uris[loc.path]}}
    if loc.line is not None:
        region = {"startLine": loc.line, "startColumn": loc.column or 1}
        if loc.end_line is not None:
            region["endLine"] = loc.end_line
        if loc.end_column is not None:
            region["endColumn"] = loc.end_column
        physical["region"] = region
        if line_text and loc.end_line in (None, loc.line):
            physical["contextRegion"] = {"startLine": loc.line, "endLine": loc.line, "snippet": {"text": line_text}}
    else:
        # NOTE: a .docx cell or a PDF page has no line; GitHub still needs one to show the
        # alert, so the file's first line stands in and the real place is the logical location.
        physical["region"] = {"startLine": 1}
        if loc.ocr and loc.region is not None:
            # SARIF has no region on a page image: the box rides in the region's property bag.
            box = dict(zip(("x0", "y0", "x1", "y1"), loc.region, strict=True))
            physical["region"]["properties"] = {"page": loc.page, "pageBox": box, "unit": "fraction of the page", "source": "ocr"}
    out: dict = {"physicalLocation": physical}
    logical = _logical(loc, lang)
    if logical:
        out["logicalLocations"] = logical
    skip = ("path", "line", "column", "end_line", "end_column")
    props = {k: v for k, v in location_dict(loc).items() if v not in (None, []) and k not in skip}
    if props:
        out["properties"] = props
    return out


def _keep(findings: tuple[Finding, ...]) -> list[Finding]:
    """At most `MAX_RESULTS` findings, the most severe first, returned in report order."""
    if len(findings) <= MAX_RESULTS:
        return list(findings)
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))
    return [findings[i] for i in sorted(ranked[:MAX_RESULTS])]


def _result(f: Finding, n: int, rule_index: dict[str, int], uris: dict[str, int], lang: str) -> dict:
    loc = f.location or Location(f.path)
    result: dict = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": SARIF_LEVEL[f.severity.value],
        "message": {"text": _text(f, loc, lang)},
        # NOTE: the occurrence number keeps identical findings in one file apart, as GitHub's own hashes do.
        "partialFingerprints": {"pfaudit/v1": f"{fingerprint(f)}:{n}"},
        "locations": [_location(loc, uris, lang, f.snippet if loc.line is not None else "")],
        "properties": {"category": f.category, "name": f.name},
    }
    if f.related_locations:
        result["relatedLocations"] = [
            {"id": i, **_location(r, uris, lang), "message": {"text": place(r, lang) or r.path}}
            for i, r in enumerate(f.related_locations[:MAX_RELATED], 1)
        ]
    for key in ("expected", "actual"):
        if getattr(f, key) is not None:
            result["properties"][key] = getattr(f, key)
    return result


def _notifications(run: Run, crashed: list[Finding], uris: dict[str, int]) -> list[dict]:
    """Crashed checks (errors) and checks not run for a missing library (notes), as SARIF notifications."""
    out = []
    for f in crashed:
        where = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(f.path), "index": uris[f.path]}}}
        out.append({"level": "error", "message": {"text": message(f, run.lang)}, "descriptor": {"id": f.code},
                    "locations": [where]})  # fmt: skip
    for item, text in zip(run.not_installed, not_installed_lines(run), strict=True):
        out.append({"level": "note", "message": {"text": text}, "properties": {"checksNotRun": list(item.codes)}})
    return out


def format_sarif(run: Run) -> str:
    """SARIF 2.1.0: rules, artifacts with coverage, results, and the invocation's outcome."""
    known = {c.code: c for c in (*ENGINE_CHECKS, *run.checks)}
    crashed = [f for f in run.findings if f.code == CHECK_CRASHED.code]
    findings = tuple(f for f in run.findings if f.code != CHECK_CRASHED.code)
    codes = sorted({c.code for c in run.checks} | {f.code for f in findings})
    rule_index = {code: n for n, code in enumerate(codes)}
    kept = _keep(findings)
    paths = list(dict.fromkeys([*(f.path for f in run.files), *(f.path for f in run.findings)]))
    paths += [r.path for f in kept for r in f.related_locations if r.path not in paths]
    uris = {p: n for n, p in enumerate(dict.fromkeys(paths))}
    artifacts = []
    for p in uris:
        art: dict = {"location": {"uri": artifact_uri(p)}}
        file = run.file(p)
        if file.encoding:
            art["encoding"] = file.encoding
        props = {"checksNotRun": list(file.not_checked), "missingFacts": list(file.missing_facts),
                 "documentKinds": list(file.kinds), "documents": documents_data(file), "heldAgainst": pairs_said(file, run.lang)}  # fmt: skip
        props = {k: v for k, v in props.items() if v}
        if file.error:
            props["unreadable"] = file.error
        if props:
            art["properties"] = props
        artifacts.append(art)
    seen: Counter = Counter()
    results = []
    for f in kept:
        seen[(f.path, fingerprint(f))] += 1
        results.append(_result(f, seen[(f.path, fingerprint(f))], rule_index, uris, run.lang))
    invocation: dict = {"executionSuccessful": not crashed, "exitCode": run.exit_code}
    properties: dict = {"baselineHidden": run.hidden, "truncated": len(kept) < len(findings)}
    if run.baseline:
        properties["baselineFile"] = run.baseline
    notifications = _notifications(run, crashed, uris)
    if len(kept) < len(findings):
        properties["totalResults"] = len(findings)
        text = (
            f"Only the {len(kept)} most severe of {len(findings)} findings are included (GitHub accepts at most {MAX_RESULTS} per run)."
            if run.lang == "en"
            else f"发现共 {len(findings)} 处，超过 GitHub 每次运行 {MAX_RESULTS} 条的上限，只保留了最严重的 {len(kept)} 处。"
        )
        notifications.append({"level": "warning", "message": {"text": text}})
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver = {
        "name": "pfaudit",
        "version": run.version,
        "semanticVersion": run.version,
        "informationUri": REPOSITORY,
        "language": "en-US" if run.lang == "en" else "zh-CN",
        "rules": [_rule(known.get(code), code, run.lang) for code in codes],
    }
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "artifacts": artifacts,
                "results": results,
                "properties": properties,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
