"""The Starlette application behind :func:`lapvo_cchc.web.create_app` (private).

Imported only once Starlette is known to be installed. Endpoints read the
request (size-limited), hand the parts to :mod:`lapvo_cchc.web._logic`
in a worker thread, and answer JSON, or RFC 9457 problem details for every
error; an unexpected exception is logged and answered with a generic 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lapvo_cchc.adapters.json import make_converter
from lapvo_cchc.web import _logic as logic
from lapvo_cchc.web import _pages as pages
from lapvo_cchc.web._openapi import openapi_document
from lapvo_cchc.web._problems import FieldError, Problem

if TYPE_CHECKING:
    import logging
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.deadlines import Regime
    from lapvo_cchc.plugins import Profile

_JSON_TYPES: Final = ("application/json",)
_CSV_TYPES: Final = ("text/csv", "text/plain")
_PROBLEM_TYPE: Final = "application/problem+json"


def _problem_response(problem: Problem, request: Request) -> Response:
    return JSONResponse(
        problem.body(instance=request.url.path),
        status_code=problem.status,
        media_type=_PROBLEM_TYPE,
        headers=problem.headers,
    )


async def _read_body(request: Request, limit: int, media_types: tuple[str, ...]) -> bytes:
    """The body, refused with 415 if of another type and 413 once beyond *limit* bytes."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in media_types:
        raise Problem(
            415,
            f"expected a body of type {' or '.join(media_types)}, got {ctype or 'none'!r}",
            [FieldError("header", "content-type", f"expected {media_types[0]}")],
        )
    declared = request.headers.get("content-length", "")
    too_large = Problem(413, f"the body exceeds the limit of {limit} bytes", limit=limit)
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():  # counted as it arrives: chunked bodies too
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def build(
    calendar: WorkCalendar,
    regimes: tuple[Regime, ...],
    *,
    max_body: int,
    max_ledger_body: int,
    logger: logging.Logger,
    profiles: dict[str, Profile],
) -> Starlette:
    """The application (arguments already checked by ``create_app``)."""
    ctx = logic.Context(calendar, make_converter(regimes=regimes), regimes, profiles)
    names = [r.name for r in regimes]

    def guard(
        endpoint: Callable[[Request], Awaitable[Any]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def wrapped(request: Request) -> Response:
            try:
                result = await endpoint(request)
            except Problem as problem:
                return _problem_response(problem, request)
            except Exception:
                logger.exception("lapvo_cchc http: %s %s failed", request.method, request.url.path)
                detail = "an internal error occurred; it has been logged"
                return _problem_response(Problem(500, detail), request)
            return JSONResponse(result)

        return wrapped

    def query(request: Request) -> dict[str, str]:
        return dict(request.query_params)

    async def days_off(request: Request) -> Any:
        return await run_in_threadpool(logic.days_off, ctx, request.path_params["year"])

    async def working_day(request: Request) -> Any:
        return await run_in_threadpool(logic.working_day, ctx, query(request))

    async def add_working_days(request: Request) -> Any:
        return await run_in_threadpool(logic.add_working_days, ctx, query(request))

    async def deadline(request: Request) -> Any:
        raw = await _read_body(request, max_body, _JSON_TYPES)
        return await run_in_threadpool(logic.deadline, ctx, logic.parse_json(raw))

    async def classify(request: Request) -> Any:
        raw = await _read_body(request, max_body, _JSON_TYPES)
        return await run_in_threadpool(logic.classify_dossier, ctx, logic.parse_json(raw))

    async def kpi_report(request: Request) -> Any:
        raw = await _read_body(request, max_ledger_body, _CSV_TYPES)
        by = request.query_params.getlist("by")
        return await run_in_threadpool(logic.kpi_report, ctx, query(request), by, raw)

    async def kpi_report_sample(request: Request) -> Any:
        by = request.query_params.getlist("by")
        return await run_in_threadpool(pages.sample_report, ctx, query(request), by)

    async def openapi(request: Request) -> Any:
        server = request.scope.get("root_path", "") or "/"
        return openapi_document(
            max_body=max_body,
            max_ledger_body=max_ledger_body,
            regimes=names,
            server=server,
            profiles=sorted(profiles),
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        headers = exc.headers if isinstance(exc, HTTPException) else None
        allow = {"Allow": headers["Allow"]} if headers and "Allow" in headers else None
        detail = getattr(exc, "detail", "error")
        problem = Problem(status, f"{request.method} {request.url.path}: {detail}", headers=allow)
        return _problem_response(problem, request)

    routes = [
        Route("/openapi.json", guard(openapi), methods=["GET"]),
        Route("/calendar/{year}/days-off", guard(days_off), methods=["GET"]),
        Route("/calendar/working-day", guard(working_day), methods=["GET"]),
        Route("/calendar/add-working-days", guard(add_working_days), methods=["GET"]),
        Route("/deadline", guard(deadline), methods=["POST"]),
        Route("/dossiers/classify", guard(classify), methods=["POST"]),
        Route("/kpi/report", guard(kpi_report), methods=["POST"]),
        Route("/kpi/report/sample", guard(kpi_report_sample), methods=["GET"]),
        *pages.routes(),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})
