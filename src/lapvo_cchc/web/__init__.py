"""An ASGI application (Starlette) that a portal mounts under its own prefix.

Endpoints (paths relative to the mount point; the OpenAPI 3.1 document at
``/openapi.json`` describes them all):

============================================ ===========================================
``GET /calendar/{year}/days-off``            days off and make-up working days of a year
``GET /calendar/working-day?date=``          is a date a working day (and why not)
``GET /calendar/add-working-days?date=&n=``  the n-th working day after a date
``POST /deadline``                           received_at + time limit + pauses → due date
                                             (+ finished_at / as_of → the outcome)
``POST /dossiers/classify``                  a ``lapvo-cchc/1`` dossier → state, outcome
``POST /kpi/report?period=&by=``             a flat CSV ledger → the standard report
``GET /kpi/report/sample?period=&by=``       the same report of the bundled sample ledger
``GET /openapi.json``                        the OpenAPI document
``GET /``                                    a page: due-date calculator and report view
``GET /docs``                                the API reference (Swagger UI, served locally)
============================================ ===========================================

Values travel in the ``lapvo-cchc/1`` format of :mod:`lapvo_cchc.adapters.json`.
Every bad request is answered 4xx with an RFC 9457 ``application/problem+json``
body whose ``errors`` name each bad field; bodies beyond the size limits are
refused with 413; ledgers are streamed into the report (memory does not grow
with the body) and reports beyond :attr:`Settings.max_reports` are answered
429 with ``Retry-After``; a client gone mid-body is logged at INFO, without a
traceback; an unexpected failure is logged (logger ``lapvo_cchc.web``) and
answered with a generic 500 problem, never a stack trace. The limits are
:class:`Settings` (``LAPVO_HTTP_*`` variables for ``uvicorn
lapvo_cchc.web:create_app --factory``); docs/http.md says what a deployment
adds in front (timeouts for slow clients, authentication).

Needs the ``http`` extra: ``pip install "lapvo-cchc[http]"`` (Starlette; run it
with any ASGI server, e.g. uvicorn).

Example:
    Any ASGI client works; here httpx calls the app in-process (a portal
    serves it with uvicorn, see ``examples/portal_embedding.py``):

    >>> import asyncio, httpx
    >>> async def get(app, url):
    ...     transport = httpx.ASGITransport(app=app)
    ...     async with httpx.AsyncClient(transport=transport, base_url="http://cchc") as client:
    ...         return await client.get(url)
    >>> app = create_app()
    >>> asyncio.run(get(app, "/calendar/working-day?date=2026-02-16")).json()["is_working_day"]
    False
    >>> r = asyncio.run(get(app, "/calendar/add-working-days?date=2026-02-13&n=x"))
    >>> r.status_code, r.headers["content-type"], r.json()["errors"][0]["field"]
    (422, 'application/problem+json', 'n')
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from typing import TYPE_CHECKING, Final

from lapvo_cchc.errors import MissingExtraError, ProvisionalCalendarWarning
from lapvo_cchc.web._settings import DEFAULT_MAX_BODY, DEFAULT_MAX_LEDGER_BODY, Settings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from starlette.applications import Starlette

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.deadlines import Regime
    from lapvo_cchc.plugins import Profile, Registry

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_MAX_LEDGER_BODY", "Settings", "create_app"]

_LOG: Final = logging.getLogger("lapvo_cchc.web")


def _import_starlette() -> None:
    try:
        import starlette  # noqa: F401
    except ImportError:
        raise MissingExtraError(
            'lapvo_cchc.web needs Starlette: pip install "lapvo-cchc[http]"'
        ) from None


def _warm(calendar: WorkCalendar) -> None:
    """Build the calendar's tables for every supported year once, at start-up.

    Afterwards requests only read them (no lazy growth shared between worker
    threads), and no :class:`~lapvo_cchc.errors.ProvisionalCalendarWarning` is
    issued while serving: responses say which years are provisional instead.
    """
    from lapvo_cchc.calendars import MAX_YEAR, MIN_YEAR

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        calendar.count_working_days(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31))


def create_app(
    *,
    settings: Settings | None = None,
    calendar: WorkCalendar | None = None,
    max_body: int | None = None,
    max_ledger_body: int | None = None,
    max_reports: int | None = None,
    regimes: Sequence[Regime] | None = None,
    plugins: Registry | None = None,
) -> Starlette:
    """A new Starlette application serving lapvo_cchc over HTTP.

    Mount it under any prefix (``Mount("/cchc", app=create_app())``); the
    OpenAPI document names that prefix as its server URL. Serve it standalone
    with ``uvicorn lapvo_cchc.web:create_app --factory`` (limits then come from
    the ``LAPVO_HTTP_*`` variables, :meth:`Settings.from_env`).

    Args:
        settings: the limits (default :meth:`Settings.from_env`: the defaults
            unless ``LAPVO_HTTP_*`` variables say otherwise).
        calendar: the working-day calendar (default :func:`lapvo_cchc.calendars.vietnam`).
            Its tables for 1995-2199 are built here, once.
        max_body: overrides ``settings.max_body``: the largest JSON body in bytes.
        max_ledger_body: overrides ``settings.max_ledger_body``: the largest CSV
            ledger in bytes (streamed, never held whole).
        max_reports: overrides ``settings.max_reports``: reports running at once
            (one more → 429 with ``Retry-After``).
        regimes: the deadline regimes a request may name
            (default :data:`~lapvo_cchc.deadlines.BUILTIN_REGIMES`).
        plugins: a plugin registry (:func:`lapvo_cchc.plugins.default_registry`):
            ``POST /kpi/report?profile=`` then accepts its ledger profiles by
            name (never a file path), and its ``vietnam`` calendar is the
            default. Its profiles are loaded here; a broken one is left out.

    Returns:
        The ASGI application.

    Raises:
        MissingExtraError: Starlette is not installed (the ``http`` extra).
        OutOfRangeError: a limit that is not a positive int (a ``ValueError``).

    Example:
        >>> import asyncio, httpx
        >>> async def post(app, url, body):
        ...     transport = httpx.ASGITransport(app=app)
        ...     async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
        ...         return await client.post(url, json=body)
        >>> app = create_app(max_body=100)
        >>> r = asyncio.run(post(app, "/deadline", {"received_at": "2024-04-25T10:00:00+07:00",
        ...     "time_limit": "3 working_days"}))
        >>> r.json()["date"]            # Thu 25 April 2024; 27 April-1 May off
        '2024-05-03'
        >>> asyncio.run(post(app, "/deadline", {"received_at": "x" * 100})).status_code
        413
    """
    import attrs

    _import_starlette()
    from lapvo_cchc.calendars import vietnam
    from lapvo_cchc.deadlines import BUILTIN_REGIMES
    from lapvo_cchc.web._app import build

    chosen_settings = Settings.from_env() if settings is None else settings
    overrides = {
        name: value
        for name, value in (
            ("max_body", max_body),
            ("max_ledger_body", max_ledger_body),
            ("max_reports", max_reports),
        )
        if value is not None
    }
    chosen_settings = attrs.evolve(chosen_settings, **overrides)
    if calendar is not None:
        cal = calendar
    else:
        cal = vietnam() if plugins is None else plugins.calendar("vietnam")
    _warm(cal)
    chosen = BUILTIN_REGIMES if regimes is None else tuple(regimes)
    return build(cal, chosen, chosen_settings, logger=_LOG, profiles=_profiles(plugins))


def _profiles(plugins: Registry | None) -> dict[str, Profile]:
    """The ledger profiles a request may name: the built-ins, or every working one of *plugins*."""
    from lapvo_cchc.adapters.ledger import FLAT, VIETNAMESE
    from lapvo_cchc.plugins import Kind, PluginError

    if plugins is None:
        return {FLAT.name: FLAT, VIETNAMESE.name: VIETNAMESE}
    found = {}
    for name in plugins.names(Kind.LEDGER_PROFILE):
        try:
            found[name] = plugins.profile(name)
        except PluginError:
            continue  # recorded in plugins.broken; the app serves the others
    return found
