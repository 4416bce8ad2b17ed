"""A `Document` as JSON and back: how the audit history keeps declarations for later runs to pair with.

Numbers are written as their text (Decimal, never float); locations as the fields that are
set; spans as [start, end].
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from auditor.engine.findings import Location
from auditor.pairs.document import Document, Held, Line
from auditor.report.model import Span

_DECIMALS = {"value", "weight", "adjusted_value", "initial", "budget"}


def _location(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {k: v for k in Location.__slots__ if (v := getattr(loc, k)) not in (None, ())}


def _held(h: Held | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {"text": h.text, "span": [h.span.start, h.span.end], "location": _location(h.location), "snippet": h.snippet}


def _plain(obj: Any) -> Any:
    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Held):
            value = _held(value)
        elif isinstance(value, Decimal):
            value = str(value)
        elif f.name == "lines":
            value = [_plain(line) for line in value]
        out[f.name] = value
    return out


def dumps(doc: Document) -> str:
    """The document as compact JSON."""
    return json.dumps(_plain(doc), ensure_ascii=False, separators=(",", ":"))


def _load_location(data: dict[str, Any] | None) -> Location | None:
    if not data:
        return None
    return Location(**{**data, "section": tuple(data.get("section", ()))})


def _load_held(data: dict[str, Any] | None) -> Held | None:
    if data is None:
        return None
    return Held(data["text"], Span(*data["span"]), _load_location(data.get("location")), data.get("snippet", ""))


def _fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if isinstance(value, dict) and "span" in value:
            value = _load_held(value)
        elif f.name in _DECIMALS and value is not None:
            value = Decimal(value)
        out[f.name] = value
    return out


def loads(text: str) -> Document:
    """The inverse of `dumps`; fields a newer pfaudit added are left out, missing ones take their defaults."""
    data = json.loads(text)
    lines = tuple(Line(**_fields(Line, line)) for line in data.get("lines", ()))
    return Document(**{**_fields(Document, data), "lines": lines})
