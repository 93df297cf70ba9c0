"""The Starlette application behind :func:`lapvo_cchc.web.create_app` (private).

Imported only once Starlette is known to be installed. Endpoints read the
request (size-limited), hand the parts to :mod:`lapvo_cchc.web._logic`
in a worker thread, and answer JSON, or RFC 9457 problem details for every
error; an unexpected exception is logged and answered with a generic 500.
Reports stream their ledger into the worker thread (:mod:`._stream`) and at
most ``settings.max_reports`` run at once (one more: 429 with Retry-After). A
client that goes away mid-body is logged at INFO as a disconnect, no traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lapvo_cchc.adapters.json import make_converter
from lapvo_cchc.web import _logic as logic
from lapvo_cchc.web import _pages as pages
from lapvo_cchc.web._openapi import openapi_document
from lapvo_cchc.web._problems import FieldError, Problem
from lapvo_cchc.web._stream import stream_lines_to_thread

if TYPE_CHECKING:
    import logging
    from collections.abc import AsyncIterator, Awaitable, Callable

    from starlette.requests import Request

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.deadlines import Regime
    from lapvo_cchc.plugins import Profile
    from lapvo_cchc.web._settings import Settings

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


def _check_type(request: Request, media_types: tuple[str, ...]) -> None:
    """Refuse a body of another media type (415)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in media_types:
        raise Problem(
            415,
            f"expected a body of type {' or '.join(media_types)}, got {ctype or 'none'!r}",
            [FieldError("header", "content-type", f"expected {media_types[0]}")],
        )


async def _limited(request: Request, limit: int, idle: float) -> AsyncIterator[bytes]:
    """The body's chunks as they arrive: 413 once beyond *limit* bytes, 408 after *idle* s silent.

    The idle timeout frees a report slot held by a client that stops sending
    (a slow-loris upload); a proxy in front should still time bodies out first.
    """
    declared = request.headers.get("content-length", "")
    too_large = Problem(413, f"the body exceeds the limit of {limit} bytes", limit=limit)
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    size = 0
    chunks = request.stream().__aiter__()  # counted as it arrives: chunked bodies too
    while True:
        try:
            with anyio.fail_after(idle):
                chunk = await chunks.__anext__()
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise Problem(
                408, f"no part of the body arrived for {idle:g} s", headers={"Connection": "close"}
            ) from None
        size += len(chunk)
        if size > limit:
            raise too_large
        yield chunk


async def _read_body(
    request: Request, limit: int, media_types: tuple[str, ...], idle: float
) -> bytes:
    """The whole body (small JSON bodies), of one of *media_types* and at most *limit* bytes."""
    _check_type(request, media_types)
    return b"".join([chunk async for chunk in _limited(request, limit, idle)])


class _Gate:
    """At most *size* heavy requests at once; one more is refused (429), not queued.

    429 rather than 503: the server is healthy, the client is asked to come
    back later (``Retry-After``), and monitoring does not count a server error.

    Only the event loop's thread touches the counter, so no lock is needed.
    """

    def __init__(self, size: int, retry_after: int) -> None:
        self.size = size
        self.retry_after = retry_after
        self.busy = 0

    def enter(self) -> None:
        if self.busy >= self.size:
            raise Problem(
                429,
                f"{self.busy} reports are being computed, the most this server runs at once; "
                f"retry in {self.retry_after} s",
                headers={"Retry-After": str(self.retry_after)},
                retry_after=self.retry_after,
            )
        self.busy += 1

    def leave(self) -> None:
        self.busy -= 1


def build(
    calendar: WorkCalendar,
    regimes: tuple[Regime, ...],
    settings: Settings,
    *,
    logger: logging.Logger,
    profiles: dict[str, Profile],
) -> Starlette:
    """The application (arguments already checked by ``create_app``)."""
    ctx = logic.Context(calendar, make_converter(regimes=regimes), regimes, profiles)
    max_body = settings.max_body
    max_ledger_body = settings.max_ledger_body
    idle = settings.body_timeout
    gate = _Gate(settings.max_reports, settings.retry_after)

    def guard(
        endpoint: Callable[[Request], Awaitable[Any]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def wrapped(request: Request) -> Response:
            try:
                result = await endpoint(request)
            except Problem as problem:
                return _problem_response(problem, request)
            except ClientDisconnect:
                # The client went away mid-request (closed tab, proxy timeout): not
                # the server's fault, nobody to answer; one line, no traceback.
                logger.info(
                    "lapvo_cchc http: %s %s: client disconnected before the body was read",
                    request.method,
                    request.url.path,
                )
                return Response(status_code=499)
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
        raw = await _read_body(request, max_body, _JSON_TYPES, idle)
        return await run_in_threadpool(logic.deadline, ctx, logic.parse_json(raw))

    async def classify(request: Request) -> Any:
        raw = await _read_body(request, max_body, _JSON_TYPES, idle)
        return await run_in_threadpool(logic.classify_dossier, ctx, logic.parse_json(raw))

    async def kpi_report(request: Request) -> Any:
        _check_type(request, _CSV_TYPES)
        report_query = logic.report_query(
            query(request), request.query_params.getlist("by"), ctx.profiles
        )
        gate.enter()
        try:
            return await stream_lines_to_thread(
                _limited(request, max_ledger_body, idle),
                lambda lines: logic.kpi_report(ctx, report_query, lines),
            )
        finally:
            gate.leave()

    async def kpi_report_sample(request: Request) -> Any:
        by = request.query_params.getlist("by")
        gate.enter()
        try:
            return await run_in_threadpool(pages.sample_report, ctx, query(request), by)
        finally:
            gate.leave()

    async def openapi(request: Request) -> Any:
        server = request.scope.get("root_path", "") or "/"
        return openapi_document(
            max_body=max_body,
            max_ledger_body=max_ledger_body,
            regimes=regimes,
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
