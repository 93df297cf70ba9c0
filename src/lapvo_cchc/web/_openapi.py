"""The OpenAPI 3.1 document of :mod:`lapvo_cchc.web` (private).

The paths are written here; every request and answer schema is generated from
the attrs classes of :mod:`lapvo_cchc.web._models` and the lapvo_cchc values
they hold by :func:`lapvo_cchc.adapters.json.schema_defs` and
:func:`~lapvo_cchc.adapters.json.json_schema` (their ``$defs`` become
``components/schemas``), so the document, the answers and the JSON format cannot
drift. Dates and instants are then narrowed to the years the calendar serves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.adapters.json import FORMAT, json_schema, schema_defs
from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR, DayOff
from lapvo_cchc.deadlines import Deadline, TimeLimit
from lapvo_cchc.dossiers import Dossier
from lapvo_cchc.kpi import DIMENSIONS
from lapvo_cchc.web._logic import MAX_AMOUNT, MAX_SHIFT
from lapvo_cchc.web._models import MODELS
from lapvo_cchc.web._problems import PROBLEM_TYPES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lapvo_cchc.deadlines import Regime

_REF: Final = "#/components/schemas/"


# Years the calendar serves (1995-2199), as a pattern: the server refuses any other.
_YEAR: Final = r"(199[5-9]|20[0-9]{2}|21[0-9]{2})"
_DAY: Final = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_IN_RANGE: Final = {
    "date": "^" + _DAY + "$",
    "date-time": "^"
    + _DAY
    + r"T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    + r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)$",
}


def _rewrite(node: Any, *, narrow: bool) -> Any:
    """Point ``#/$defs/X`` references at ``#/components/schemas/X``; *narrow*: dates 1995-2199."""
    if isinstance(node, dict):
        out = {
            k: (v.replace("#/$defs/", _REF) if k == "$ref" else _rewrite(v, narrow=narrow))
            for k, v in node.items()
        }
        if narrow and isinstance(out.get("format"), str) and out["format"] in _IN_RANGE:
            out["pattern"] = _IN_RANGE[out["format"]]
        return out
    if isinstance(node, list):
        return [_rewrite(v, narrow=narrow) for v in node]
    return node


# Schemas only answers use: their dates are the server's own (a due date's `at` may be
# 2200-01-01T00:00 for a date due on 31 December 2199), so they are not narrowed.
_ANSWER_ONLY: Final = frozenset({"Deadline", "DeadlineEnvelope", "DayOff", "DayOffEnvelope"})


def _value_schemas(regimes: Sequence[Regime]) -> dict[str, Any]:
    schemas: dict[str, Any] = dict(schema_defs(*MODELS, regimes=regimes))
    for name, kind in (
        ("Dossier", Dossier),
        ("Deadline", Deadline),
        ("DayOff", DayOff),
        ("TimeLimit", TimeLimit),
    ):
        schema = json_schema(kind, regimes=regimes)
        schemas.update(schema.pop("$defs"))
        for key in ("$schema", "$id"):
            schema.pop(key)
        schemas[f"{name}Envelope"] = schema
    # POST /deadline keeps date arithmetic in range: amounts up to MAX_AMOUNT.
    schemas["TimeLimit"]["oneOf"][0]["properties"]["amount"]["maximum"] = MAX_AMOUNT
    return {
        name: _rewrite(schema, narrow=not (name.endswith("Answer") or name in _ANSWER_ONLY))
        for name, schema in sorted(schemas.items())
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


_DATE: Final = {"type": "string", "format": "date", "pattern": _IN_RANGE["date"]}
_PERIOD: Final = {
    "type": "string",
    "pattern": (
        "^(R?" + _YEAR + r"(-(Q[1-4]|H[12]|9M|0[1-9]|1[0-2]))?|" + _DAY + r"\.\." + _DAY + ")$"
    ),
}

_PROBLEM: Final = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` names every bad field.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "limit": {"type": "integer"},
        "retry_after": {"type": "integer"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["in", "field", "detail"],
                "properties": {
                    "in": {"enum": ["query", "path", "body", "header"]},
                    "field": {"type": "string"},
                    "pointer": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}


def _problems(*statuses: int) -> dict[str, Any]:
    return {
        str(s): {
            "description": PROBLEM_TYPES[s][1],
            "content": {"application/problem+json": {"schema": _ref("Problem")}},
        }
        for s in statuses
    }


_SUMMARIES: Final = {m.__name__: (m.__doc__ or m.__name__).strip().splitlines()[0] for m in MODELS}


def _ok(name: str) -> dict[str, Any]:
    """A 200 answer of the model *name*, described by the model's docstring."""
    content = {"application/json": {"schema": _ref(name)}}
    return {"200": {"description": _SUMMARIES[name], "content": content}}


def _query(name: str, schema: dict[str, Any], description: str, *, required: bool = True) -> Any:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def _json_body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def _get(op: str, summary: str, parameters: list[Any], answer: str, **more: Any) -> Any:
    errors = _problems(404, 405, 422, 500)
    responses = {**_ok(answer), **errors, **more.pop("responses", {})}
    return {
        "get": {
            "operationId": op,
            "summary": summary,
            "parameters": parameters,
            "responses": responses,
            **more,
        }
    }


def _post(op: str, summary: str, answer: str, **more: Any) -> Any:
    errors = _problems(400, 404, 405, 408, 413, 415, 422, 500)
    responses = {**_ok(answer), **errors, **more.pop("responses", {})}
    return {"post": {"operationId": op, "summary": summary, "responses": responses, **more}}


def openapi_document(
    *,
    max_body: int,
    max_ledger_body: int,
    regimes: Sequence[Regime],
    server: str = "/",
    profiles: Sequence[str] = ("flat", "vi"),
) -> dict[str, Any]:
    """The OpenAPI 3.1 document; *server* is the prefix the app is mounted under."""
    schemas = {**_value_schemas(regimes), "Problem": _PROBLEM}
    date = _DATE
    year = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
    report_query = [
        _query("period", _PERIOD, "A period label (2020-H1, R2020-03, ...) or a range a..b"),
        _query(
            "by",
            {"type": "array", "items": {"enum": list(DIMENSIONS)}, "uniqueItems": True},
            "Grouping dimensions (repeat the parameter, or separate by commas)",
            required=False,
        ),
    ]
    busy = _problems(429)
    paths: dict[str, Any] = {
        "/calendar/{year}/days-off": _get(
            "daysOff",
            "Days off and make-up working days of a year",
            [{"name": "year", "in": "path", "required": True, "schema": year}],
            "DaysOffAnswer",
        ),
        "/calendar/working-day": _get(
            "isWorkingDay",
            "Whether a date is a working day",
            [_query("date", date, f"A date in {MIN_YEAR}..{MAX_YEAR}")],
            "WorkingDayAnswer",
        ),
        "/calendar/add-working-days": _get(
            "addWorkingDays",
            "The n-th working day after a date (n < 0: before)",
            [
                _query("date", date, "The start date (not counted)"),
                _query(
                    "n",
                    {"type": "integer", "minimum": -MAX_SHIFT, "maximum": MAX_SHIFT},
                    "Working days to add; 0 gives the date or the next working day",
                ),
            ],
            "AddWorkingDaysAnswer",
        ),
        "/deadline": _post(
            "computeDeadline",
            "The legal deadline: receipt instant + time limit + pauses",
            "DeadlineAnswer",
            description=(
                "With finished_at and/or as_of, also the outcome (early, on time, late, "
                "in progress, overdue) and how far past (or before) the deadline."
            ),
            requestBody=_json_body("DeadlineRequest"),
        ),
        "/dossiers/classify": _post(
            "classifyDossier",
            "A dossier's state, legal deadline and outcome",
            "ClassifyAnswer",
            requestBody=_json_body("ClassifyRequest"),
        ),
        "/kpi/report": _post(
            "kpiReport",
            "The standard statistical report of a posted flat CSV ledger",
            "ReportAnswer",
            parameters=[
                *report_query,
                _query(
                    "profile",
                    {"enum": list(profiles)},
                    "Column mapping of the ledger",
                    required=False,
                ),
            ],
            requestBody={
                "required": True,
                "description": f"The ledger, UTF-8 CSV, at most {max_ledger_body} bytes",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            },
            responses=busy,
        ),
        "/kpi/report/sample": _get(
            "kpiReportSample",
            "The standard report of the bundled synthetic sample ledger",
            report_query,
            "ReportAnswer",
            description=(
                "The flat ledger shipped with the package (Lấp Vò district, 2019-12 to "
                "2020-06, synthetic), reported as POST /kpi/report would report it."
            ),
            responses=busy,
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lapvo_cchc",
            "version": "1",
            "description": (
                "Vietnamese working-day calendar, legal deadlines, dossier classification and "
                f"one-stop KPIs. Values use the {FORMAT} JSON format. JSON bodies are limited "
                f"to {max_body} bytes, ledgers to {max_ledger_body} bytes (413 beyond); reports "
                "beyond the server's limit of concurrent reports get 429 with Retry-After. "
                "Every error is RFC 9457 problem details."
            ),
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
