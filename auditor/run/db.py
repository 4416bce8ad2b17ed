"""The audit history in a database: SQLite by default, PostgreSQL by URL, the same tables in both.

`History.open(url)` connects and brings the schema up to date (`auditor.run.upgrade`);
`History.record` writes one run (its reports, their records, findings and declarations) in
one transaction; `History.load` reads back the latest record of every file ever audited, for
the corpus checks, and `History.declarations` the declarations, for the pairing;
`History.entries` gives a run's register rows.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from auditor.corpus.bridge import FileResult, counts, fingerprint, risk_score
from auditor.corpus.record import Passage, Record, Value, name_key
from auditor.engine.findings import Finding, Location
from auditor.pairs.document import Document
from auditor.pairs.match import project_key
from auditor.pairs.serial import dumps, loads
from auditor.report.errors import ConfigError
from auditor.report.model import Span
from auditor.run.schema import declaration, finding, passage, report, run
from auditor.run.upgrade import explicit_transactions, prepare, reason

SQLITE_WAIT = 30.0  # seconds
CHUNK = 2000  # rows per INSERT batch: bounded memory and statement size on both databases


def location_json(loc: Location | None) -> str:
    """A location as compact JSON (only the fields that are set)."""
    if loc is None:
        return "{}"
    data = {k: getattr(loc, k) for k in Location.__slots__ if getattr(loc, k) not in (None, ())}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def location_of(text: str | dict) -> Location | None:
    """The inverse of `location_json`."""
    data = json.loads(text) if isinstance(text, str) else text
    if not data:
        return None
    return Location(**{**data, "section": tuple(data.get("section", ()))})


def _detail(rec: Record | None) -> str:
    if rec is None:
        return "{}"
    fields = {
        k: {
            "text": v.text,
            "location": json.loads(location_json(v.location)),
            "span": [v.span.start, v.span.end] if v.span else None,
        }
        for k, v in rec.fields.items()
    }
    reasons = [
        [p.text, p.span.start, p.span.end, json.loads(location_json(p.location)), p.snippet] for p in rec.reasons
    ]
    data = {
        "fields": fields,
        "targets": rec.targets,
        "target_at": json.loads(location_json(rec.target_at)),
        "reasons": reasons,
        "chars": rec.chars,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def shown_url(url: str) -> str:
    """The database as messages name it: a URL without its password, or the file name."""
    if "://" not in url:
        return url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database  # the file, as the user named it with --db
    return parsed.render_as_string(hide_password=True)


@contextlib.contextmanager
def _failures(url: str, doing: str, doing_en: str) -> Iterator[None]:
    """A database that fails mid-run (server gone, disk full) is one line naming it, not a traceback."""
    try:
        yield
    except (SQLAlchemyError, OSError) as exc:
        shown, why = shown_url(url), reason(exc)  # never the statement and its values: they quote reports
        raise ConfigError(f"审计历史数据库 {shown} {doing}失败：{why}", f"{doing_en} the audit history {shown} failed: {why}") from exc


@dataclass
class History:
    """An open audit history."""

    engine: Engine
    url: str

    @classmethod
    def open(cls, url: str) -> History:
        """Connect, look, and create or migrate the schema (`auditor.run.upgrade`).

        :raises ConfigError: for a bad URL, an unreachable server, or a database that is not a
            history this pfaudit can use (then nothing in it was changed).
        """
        try:
            sqlite = url.startswith("sqlite:")
            # NOTE: a writer waits up to this long for another run's transaction, then gives up.
            engine = create_engine(url, connect_args={"timeout": SQLITE_WAIT} if sqlite else {})
            if sqlite:
                explicit_transactions(engine)
            prepare(engine, shown_url(url))
        except (ArgumentError, SQLAlchemyError, ImportError, OSError) as exc:
            why = reason(exc)
            raise ConfigError(f"无法打开审计历史数据库 {shown_url(url)}：{why}", f"cannot open the audit history {shown_url(url)}: {why}") from exc
        return cls(engine, url)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def record(
        self,
        files: Sequence[FileResult],
        findings: Sequence[Finding],
        records: dict[str, Record],
        *,
        version: str,
        profile: str,
    ) -> int:
        """Write one run: every file (unreadable ones too), its record and findings. Returns the run id."""
        by_path: dict[str, list[Finding]] = {f.path: [] for f in files}
        for f in findings:
            by_path.setdefault(f.path, []).append(f)
        with _failures(self.url, "写入", "writing"), self.engine.begin() as conn:
            run_id = conn.execute(
                run.insert().values(
                    started=datetime.now(UTC),
                    version=version,
                    profile=profile,
                    reports=len(files),
                    findings=len(findings),
                )
            ).inserted_primary_key[0]
            rows = [self._report_row(run_id, n, f, records.get(f.path), by_path[f.path]) for n, f in enumerate(files)]
            ids: list[int] = []
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                result = conn.execute(report.insert().returning(report.c.id, sort_by_parameter_order=True), chunk)
                ids += [r[0] for r in result]
            children_f, children_p, children_d = [], [], []
            for report_id, f in zip(ids, files, strict=True):
                children_f += [_finding_row(report_id, x) for x in by_path[f.path]]
                rec = records.get(f.path)
                children_p += [_passage_row(report_id, n, p) for n, p in enumerate(rec.passages)] if rec else []
                children_d += [_declaration_row(report_id, d) for d in f.documents if d.kind == "declaration"]
            for table, rows_ in ((finding, children_f), (passage, children_p), (declaration, children_d)):
                for start in range(0, len(rows_), CHUNK):
                    conn.execute(table.insert(), rows_[start : start + CHUNK])
        return run_id

    @staticmethod
    def _report_row(run_id: int, n: int, f: FileResult, rec: Record | None, found: list[Finding]) -> dict[str, Any]:
        c = counts(found)
        number = rec.number if rec else (lambda _name: None)
        text = rec.text if rec else (lambda _name: "")
        return {
            "run_id": run_id, "ordinal": n, "path": f.path,
            "digest": rec.digest if rec else "", "unit": text("unit") or None, "project": text("project") or None,
            "project_key": name_key(text("project")) or None, "year": rec.year if rec else None,
            "budget": number("budget"), "spent": number("spent"), "rate": number("rate"), "score": number("score"),
            "grade": text("grade") or None, "errors": c["error"], "warnings": c["warning"], "infos": c["info"],
            "risk": risk_score(found), "error": f.error, "detail": _detail(rec), "kind": ",".join(f.kinds) or None,
        }  # fmt: skip

    def load(self, *, before: int | None = None) -> list[Record]:
        """The latest record of every file audited so far (runs before `before`, if given), oldest first."""
        latest = select(func.max(report.c.id)).where(report.c.error.is_(None), report.c.digest != "")
        if before is not None:
            latest = latest.where(report.c.run_id < before)
        latest = latest.group_by(report.c.digest)
        with _failures(self.url, "读取", "reading"), self.engine.connect() as conn:
            rows = conn.execute(select(report).where(report.c.id.in_(latest)).order_by(report.c.id)).mappings().all()
            texts: dict[int, list[Passage]] = {r["id"]: [] for r in rows}
            query = (
                select(passage).where(passage.c.report_id.in_(latest)).order_by(passage.c.report_id, passage.c.ordinal)
            )
            for p in conn.execute(query).mappings():
                texts[p["report_id"]].append(
                    Passage(p["text"], Span(p["start"], p["end"]), location_of(p["location"]), p["snippet"])
                )
        return [_record(r, tuple(texts[r["id"]])) for r in rows]

    def declarations(self) -> list[Document]:
        """The declarations of the latest audit of every file, oldest first: what a new self-evaluation may pair with."""
        latest = select(func.max(report.c.id)).where(report.c.error.is_(None), report.c.digest != "").group_by(report.c.digest)
        query = select(declaration.c.detail).where(declaration.c.report_id.in_(latest)).order_by(declaration.c.id)
        with _failures(self.url, "读取", "reading"), self.engine.connect() as conn:
            return [loads(text) for (text,) in conn.execute(query)]

    def runs(self) -> list[dict[str, Any]]:
        """Every run, newest first: id, started, version, profile, reports, findings."""
        with _failures(self.url, "读取", "reading"), self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(run).order_by(run.c.id.desc())).mappings()]

    def reports(self, run_id: int) -> list[dict[str, Any]]:
        """A run's report rows in input order, each with its findings as ``(code, name, severity, message)``."""
        with _failures(self.url, "读取", "reading"), self.engine.connect() as conn:
            rows = [
                dict(r)
                for r in conn.execute(
                    select(report).where(report.c.run_id == run_id).order_by(report.c.ordinal)
                ).mappings()
            ]
            found: dict[int, list[tuple[str, str, str, str]]] = {r["id"]: [] for r in rows}
            query = (
                select(finding.c.report_id, finding.c.code, finding.c.name, finding.c.severity, finding.c.message)
                .join(report, report.c.id == finding.c.report_id)
                .where(report.c.run_id == run_id)
                .order_by(finding.c.id)
            )
            for report_id, *rest in conn.execute(query):
                found[report_id].append(tuple(rest))
        for r in rows:
            r["findings"] = found[r["id"]]
        return rows


def _finding_row(report_id: int, f: Finding) -> dict[str, Any]:
    return {
        "report_id": report_id, "code": f.code, "name": f.name, "category": f.category,
        "severity": f.severity.value, "message": f.message, "message_en": f.message_en,
        "expected": f.expected, "actual": f.actual, "location": location_json(f.location),
        "related": json.dumps([json.loads(location_json(r)) for r in f.related_locations], ensure_ascii=False),
        "fingerprint": fingerprint(f),
    }  # fmt: skip


def _declaration_row(report_id: int, doc: Document) -> dict[str, Any]:
    return {"report_id": report_id, "ordinal": doc.part, "project_key": project_key(doc) or None, "year": doc.year, "detail": dumps(doc)}


def _passage_row(report_id: int, n: int, p: Passage) -> dict[str, Any]:
    return {
        "report_id": report_id, "ordinal": n, "start": p.span.start, "end": p.span.end,
        "text": p.text, "location": location_json(p.location), "snippet": p.snippet,
    }  # fmt: skip


def _record(row: Any, passages: tuple[Passage, ...]) -> Record:
    detail = json.loads(row["detail"])
    fields = {}
    for name, v in detail.get("fields", {}).items():
        span = Span(*v["span"]) if v.get("span") else None
        fields[name] = Value(
            v["text"],
            row.get(name) if name in ("budget", "spent", "rate", "score") else None,
            location_of(v["location"]),
            span,
        )
    if row["year"] is not None and "year" in fields:
        fields["year"] = Value(fields["year"].text, Decimal(row["year"]), fields["year"].location, fields["year"].span)
    reasons = tuple(Passage(t, Span(a, b), location_of(loc), snip) for t, a, b, loc, snip in detail.get("reasons", []))
    return Record(
        path=row["path"],
        digest=row["digest"],
        fields=fields,
        passages=passages,
        chars=detail.get("chars", 0),
        targets=tuple(tuple(t) for t in detail.get("targets", [])),
        target_at=location_of(detail.get("target_at") or {}),
        reasons=reasons,
        run=row["run_id"],
    )
