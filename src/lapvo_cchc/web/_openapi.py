"""The OpenAPI 3.1 document of :mod:`lapvo_cchc.web` (private, standard library only).

Written by hand; the schemas of lapvo_cchc values are those of
:func:`lapvo_cchc.adapters.json.json_schema` (their ``$defs`` become
``components/schemas``), so the document and the JSON format cannot drift.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.adapters.json import FORMAT, json_schema
from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR, DayOff
from lapvo_cchc.deadlines import Deadline, TimeLimit
from lapvo_cchc.dossiers import Dossier
from lapvo_cchc.kpi import DIMENSIONS
from lapvo_cchc.web._logic import MAX_SHIFT
from lapvo_cchc.web._problems import PROBLEM_TYPES

if TYPE_CHECKING:
    from collections.abc import Sequence

_REF: Final = "#/components/schemas/"


def _rewrite(node: Any) -> Any:
    """Point ``#/$defs/X`` references at ``#/components/schemas/X``."""
    if isinstance(node, dict):
        return {
            k: (v.replace("#/$defs/", _REF) if k == "$ref" else _rewrite(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def _value_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name, kind in (
        ("Dossier", Dossier),
        ("Deadline", Deadline),
        ("DayOff", DayOff),
        ("TimeLimit", TimeLimit),
    ):
        schema = json_schema(kind)
        schemas.update(schema.pop("$defs"))
        for key in ("$schema", "$id"):
            schema.pop(key)
        schemas[f"{name}Envelope"] = schema
    return _rewrite(schemas)  # type: ignore[no-any-return]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


_DATE: Final = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_INSTANT: Final = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with its UTC offset, e.g. 2026-03-02T08:30:00+07:00",
}
_YEARS: Final = {"type": "array", "items": {"type": "integer"}}

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

_DEADLINE_RESULT: Final = {
    "type": "object",
    "required": ["date", "at", "regime", "provisional_years", "deadline"],
    "additionalProperties": False,
    "properties": {
        "date": _DATE,
        "at": {"type": "string", "format": "date-time"},
        "regime": {"type": "string"},
        "provisional_years": _YEARS,
        "deadline": _ref("DeadlineEnvelope"),
        # Only in POST /deadline answers (null unless finished_at or as_of was sent).
        "outcome": {
            "anyOf": [
                {"enum": ["EARLY", "ON_TIME", "LATE", "IN_PROGRESS", "OVERDUE"]},
                {"type": "null"},
            ]
        },
        "outcome_label": {"type": ["string", "null"]},
        "checked_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "past_due": {
            "anyOf": [
                {
                    "type": "object",
                    "description": (
                        "How far checked_at lies past the deadline; negative: before it. "
                        "seconds from `at`; calendar_days and working_days from `date` "
                        "(working days stepped on walking from the due date to that day)."
                    ),
                    "required": ["seconds", "calendar_days", "working_days"],
                    "additionalProperties": False,
                    "properties": {
                        "seconds": {"type": "integer"},
                        "calendar_days": {"type": "integer"},
                        "working_days": {"type": "integer"},
                    },
                },
                {"type": "null"},
            ]
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


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }


def _query(name: str, schema: dict[str, Any], description: str, *, required: bool = True) -> Any:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def openapi_document(
    *,
    max_body: int,
    max_ledger_body: int,
    regimes: list[str],
    server: str = "/",
    profiles: Sequence[str] = ("flat", "vi"),
) -> dict[str, Any]:
    """The OpenAPI 3.1 document; *server* is the prefix the app is mounted under."""
    get_errors = _problems(404, 405, 422, 500)
    post_errors = _problems(400, 404, 405, 413, 415, 422, 500)
    schemas = {
        **_value_schemas(),
        "Problem": _PROBLEM,
        "DeadlineResult": _DEADLINE_RESULT,
        "DeadlineRequest": {
            "type": "object",
            "required": ["received_at", "time_limit"],
            "additionalProperties": False,
            "properties": {
                "received_at": _INSTANT,
                "time_limit": _ref("TimeLimit"),
                "pauses": {
                    "type": "array",
                    "description": "Closed pauses: [requested_at, supplied_at], in order.",
                    "items": {
                        "type": "array",
                        "prefixItems": [_INSTANT, _INSTANT],
                        "minItems": 2,
                        "maxItems": 2,
                    },
                },
                "regime": {"anyOf": [{"enum": regimes}, {"type": "null"}]},
                "finished_at": {
                    "anyOf": [_INSTANT, {"type": "null"}],
                    "description": "When the dossier was finished: the answer says the outcome",
                },
                "as_of": {
                    "anyOf": [_INSTANT, {"type": "null"}],
                    "description": "The cut-off for a dossier not finished (by then)",
                },
            },
        },
        "ClassifyRequest": {
            "type": "object",
            "required": ["dossier"],
            "additionalProperties": False,
            "properties": {
                "dossier": _ref("DossierEnvelope"),
                "as_of": {"anyOf": [_INSTANT, {"type": "null"}]},
                "regime": {"anyOf": [{"enum": regimes}, {"type": "null"}]},
            },
        },
    }
    paths: dict[str, Any] = {
        "/calendar/{year}/days-off": {
            "get": {
                "operationId": "daysOff",
                "summary": "Days off and make-up working days of a year",
                "parameters": [
                    {
                        "name": "year",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                    }
                ],
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "required": ["year", "provisional", "days_off", "makeup_workdays"],
                            "additionalProperties": False,
                            "properties": {
                                "year": {"type": "integer"},
                                "provisional": {"type": "boolean"},
                                "days_off": {"type": "array", "items": _ref("DayOff")},
                                "makeup_workdays": {"type": "array", "items": _DATE},
                            },
                        },
                        "The year's days off (lapvo-cchc/1 DayOff data) and make-up days",
                    ),
                    **get_errors,
                },
            }
        },
        "/calendar/working-day": {
            "get": {
                "operationId": "isWorkingDay",
                "summary": "Whether a date is a working day",
                "parameters": [_query("date", _DATE, f"A date in {MIN_YEAR}..{MAX_YEAR}")],
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "required": [
                                "date",
                                "is_working_day",
                                "day_off",
                                "makeup_workday",
                                "provisional",
                            ],
                            "additionalProperties": False,
                            "properties": {
                                "date": _DATE,
                                "is_working_day": {"type": "boolean"},
                                "day_off": {"anyOf": [_ref("DayOff"), {"type": "null"}]},
                                "makeup_workday": {"type": "boolean"},
                                "provisional": {"type": "boolean"},
                            },
                        },
                        "The answer, with the day off or make-up day it comes from",
                    ),
                    **get_errors,
                },
            }
        },
        "/calendar/add-working-days": {
            "get": {
                "operationId": "addWorkingDays",
                "summary": "The n-th working day after a date (n < 0: before)",
                "parameters": [
                    _query("date", _DATE, "The start date (not counted)"),
                    _query(
                        "n",
                        {"type": "integer", "minimum": -MAX_SHIFT, "maximum": MAX_SHIFT},
                        "Working days to add; 0 gives the date or the next working day",
                    ),
                ],
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "required": ["date", "n", "result", "provisional_years"],
                            "additionalProperties": False,
                            "properties": {
                                "date": _DATE,
                                "n": {"type": "integer"},
                                "result": _DATE,
                                "provisional_years": _YEARS,
                            },
                        },
                        "The resulting date",
                    ),
                    **get_errors,
                },
            }
        },
        "/deadline": {
            "post": {
                "operationId": "computeDeadline",
                "summary": "The legal deadline: receipt instant + time limit + pauses",
                "description": (
                    "With finished_at and/or as_of, also the outcome (early, on time, late, "
                    "in progress, overdue) and how far past (or before) the deadline."
                ),
                "requestBody": _json_body(_ref("DeadlineRequest")),
                "responses": {**_ok(_ref("DeadlineResult"), "The due date"), **post_errors},
            }
        },
        "/dossiers/classify": {
            "post": {
                "operationId": "classifyDossier",
                "summary": "A dossier's state, legal deadline and outcome",
                "requestBody": _json_body(_ref("ClassifyRequest")),
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "required": [
                                "code",
                                "state",
                                "state_label",
                                "finished",
                                "deadline",
                                "appointment",
                                "outcome",
                                "outcome_label",
                            ],
                            "additionalProperties": False,
                            "properties": {
                                "code": {"type": "string"},
                                "state": {"type": "string"},
                                "state_label": {"type": "string"},
                                "finished": {"type": "boolean"},
                                "deadline": {"anyOf": [_ref("DeadlineResult"), {"type": "null"}]},
                                "appointment": {"anyOf": [_DATE, {"type": "null"}]},
                                "outcome": {"type": ["string", "null"]},
                                "outcome_label": {"type": ["string", "null"]},
                            },
                        },
                        "The classification",
                    ),
                    **post_errors,
                },
            }
        },
        "/kpi/report": {
            "post": {
                "operationId": "kpiReport",
                "summary": "The standard statistical report of a posted flat CSV ledger",
                "parameters": [
                    _query("period", {"type": "string"}, "A period label: 2020-H1, R2020-03, ..."),
                    _query(
                        "by",
                        {"type": "array", "items": {"enum": list(DIMENSIONS)}},
                        "Grouping dimensions (repeat the parameter, or separate by commas)",
                        required=False,
                    ),
                    _query(
                        "profile",
                        {"enum": list(profiles)},
                        "Column mapping of the ledger",
                        required=False,
                    ),
                ],
                "requestBody": {
                    "required": True,
                    "description": f"The ledger, UTF-8 CSV, at most {max_ledger_body} bytes",
                    "content": {"text/csv": {"schema": {"type": "string"}}},
                },
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "required": ["report", "ledger"],
                            "additionalProperties": False,
                            "properties": {
                                "report": {
                                    "type": "object",
                                    "required": ["period", "by", "groups", "total"],
                                },
                                "ledger": {
                                    "type": "object",
                                    "required": ["rows_read", "accepted", "rejected", "errors"],
                                },
                            },
                        },
                        "The report (as Report.to_json) and the ledger's rejected rows",
                    ),
                    **post_errors,
                },
            }
        },
    }
    report = paths["/kpi/report"]["post"]
    paths["/kpi/report/sample"] = {
        "get": {
            "operationId": "kpiReportSample",
            "summary": "The standard report of the bundled synthetic sample ledger",
            "description": (
                "The flat ledger shipped with the package (Lấp Vò district, 2019-12 to "
                "2020-06, synthetic), reported as POST /kpi/report would report it."
            ),
            "parameters": report["parameters"][:2],
            "responses": {"200": report["responses"]["200"], **get_errors},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lapvo_cchc",
            "version": "1",
            "description": (
                "Vietnamese working-day calendar, legal deadlines, dossier classification and "
                f"one-stop KPIs. Values use the {FORMAT} JSON format. JSON bodies are limited "
                f"to {max_body} bytes, ledgers to {max_ledger_body} bytes (413 beyond). Every "
                "error is RFC 9457 problem details."
            ),
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
