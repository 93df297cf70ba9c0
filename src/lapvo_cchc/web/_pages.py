"""The portal's pages of the HTTP app (private; imported once Starlette is known installed).

* ``GET /``: the page a one-stop desk embeds (``static/index.html``): a
  due-date calculator (``POST /deadline``) and a report view (``POST
  /kpi/report`` or the bundled sample, ``GET /kpi/report/sample``) with the
  form's table and an on-time chart drawn by its own small script.
  Vietnamese by default, ``?lang=en`` for English.
* ``GET /docs``: the API reference, Swagger UI on ``/openapi.json``. Its files
  come from the ``swagger-ui-bundle-v2`` package (the ``http`` extra) and are
  served by the app itself under ``/docs/``: no page loads anything from
  another host, since government networks are often closed.
* ``GET /static/{name}``: the pages' own script and style sheet.

Every page sets ``<base href>`` to the app's mount point (``root_path``), so
relative links work whatever prefix a portal mounts the app under. Assets are
read once, kept in memory, and sent gzip-compressed to clients that accept it.
"""

from __future__ import annotations

import functools
import gzip
import html
import io
import re
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from lapvo_cchc.web import _logic as logic
from lapvo_cchc.web._problems import Problem

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from starlette.requests import Request

STATIC: Final[Traversable] = resources.files(__name__.rpartition(".")[0]).joinpath("static")
"""The folder of the pages' files, beside this module (the one place it is located)."""

SAMPLE_LEDGER: Final[Traversable] = resources.files("lapvo_cchc").joinpath(
    "data", "sample_ledger.csv.gz"
)
"""The bundled synthetic flat ledger that ``GET /kpi/report/sample`` reports."""

_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}
_STATIC_FILES: Final = frozenset({"app.js", "app.css", "docs.js"})
_SWAGGER_FILES: Final = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "favicon-16x16.png"}
)
_SWAGGER_MIN_MAJOR: Final = 5  # Swagger UI 5 is the first to render OpenAPI 3.1
_CSP: Final = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
_PAGE_HEADERS: Final = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}
_ASSET_CACHE: Final = "public, max-age=3600"
_BASE_TAG: Final = '<base href="./">'
_SAMPLE_CACHE: Final = 32


def _media_type(name: str) -> str:
    return _TYPES[name[name.rfind(".") :]]


_FILES: Final[dict[str, tuple[bytes, bytes]]] = {}


def _read(source: Traversable) -> tuple[bytes, bytes]:
    """A file's bytes and their gzip compression (read once per process)."""
    key = str(source)
    if key not in _FILES:  # two first requests may both read it: same bytes
        raw = source.read_bytes()
        _FILES[key] = raw, gzip.compress(raw, compresslevel=9, mtime=0)
    return _FILES[key]


def _asset(request: Request, source: Traversable, name: str) -> Response:
    raw, packed = _read(source)
    headers = {"Cache-Control": _ASSET_CACHE, "Vary": "Accept-Encoding"}
    headers["X-Content-Type-Options"] = "nosniff"
    text = not name.endswith(".png")  # PNG is compressed already
    if text and "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type=_media_type(name), headers=headers)
    return Response(raw, media_type=_media_type(name), headers=headers)


def _page(request: Request, name: str, lang: str | None = None) -> Response:
    """An HTML page of :data:`STATIC` with its ``<base>`` pointed at the mount point."""
    text = _read(STATIC.joinpath(name))[0].decode("utf-8")
    root = html.escape(request.scope.get("root_path", "").rstrip("/"), quote=True)
    text = text.replace(_BASE_TAG, f'<base href="{root}/">', 1)
    if lang is not None:
        text = text.replace('<html lang="vi">', f'<html lang="{lang}">', 1)
    return HTMLResponse(text, headers=_PAGE_HEADERS)


async def index(request: Request) -> Response:
    """``GET /``: the calculator and report page (``?lang=en`` for English)."""
    lang = "en" if request.query_params.get("lang", "vi").lower().startswith("en") else "vi"
    return _page(request, "index.html", lang)


async def static(request: Request) -> Response:
    """``GET /static/{name}``: the pages' own files."""
    name = request.path_params["name"]
    if name not in _STATIC_FILES:
        raise HTTPException(404, f"no static file {name!r}")
    return _asset(request, STATIC.joinpath(name), name)


def _swagger_folder() -> Traversable | str:
    """The Swagger UI files, or why they cannot be served."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return (
            "the API reference needs the swagger-ui-bundle-v2 package: "
            'pip install "lapvo-cchc[http]"'
        )
    folder: Traversable = swagger_ui_path
    found = re.search(r"(\d+)\.\d+", folder.name)
    if found is None or int(found.group(1)) < _SWAGGER_MIN_MAJOR:
        return (
            f"the installed Swagger UI ({folder.name}) cannot show OpenAPI 3.1: install "
            "swagger-ui-bundle-v2>=5 in place of swagger-ui-bundle"
        )
    return folder


async def docs(request: Request) -> Response:
    """``GET /docs``: Swagger UI on the app's OpenAPI document."""
    folder = _swagger_folder()
    if isinstance(folder, str):
        reason = html.escape(folder, quote=False)
        return HTMLResponse(
            f"<!doctype html><meta charset='utf-8'><title>API</title><p>{reason}; the "
            "document itself is at <a href='openapi.json'>openapi.json</a>.",
            status_code=503,
            headers=_PAGE_HEADERS,
        )
    return _page(request, "docs.html")


async def docs_asset(request: Request) -> Response:
    """``GET /docs/{name}``: a file of Swagger UI."""
    name = request.path_params["name"]
    folder = _swagger_folder()
    if name not in _SWAGGER_FILES or isinstance(folder, str):
        raise HTTPException(404, f"no API reference file {name!r}")
    return _asset(request, folder.joinpath(name), name)


def routes() -> list[Route]:
    """The page routes, added to the app's API routes by ``build``."""
    return [
        Route("/", index, methods=["GET"]),
        Route("/docs", docs, methods=["GET"]),
        Route("/docs/{name}", docs_asset, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
    ]


# -- the bundled sample ledger ----------------------------------------------------------------


@functools.cache
def _sample_bytes() -> bytes:
    return gzip.decompress(SAMPLE_LEDGER.read_bytes())


@functools.lru_cache(maxsize=_SAMPLE_CACHE)
def _sample_report(ctx: logic.Context, period: str, by: tuple[str, ...]) -> dict[str, Any]:
    from lapvo_cchc.adapters.ledger import FLAT

    # the bundled sample is a flat ledger, whatever profiles the app serves
    query = logic.report_query({"period": period}, list(by), {FLAT.name: FLAT})
    return logic.kpi_report(
        ctx, query, io.StringIO(_sample_bytes().decode("utf-8-sig"), newline="")
    )


def sample_report(ctx: logic.Context, params: dict[str, str], by: list[str]) -> dict[str, Any]:
    """``GET /kpi/report/sample?period=&by=``: the bundled sample as ``POST /kpi/report`` does.

    The sample is fixed, so answers are kept (the last few periods and
    groupings asked); a bad query is answered before the ledger is read.
    """
    if "period" not in params:
        raise Problem.invalid("query", "period", "required parameter missing (e.g. 2020-H1)")
    return _sample_report(ctx, params["period"], tuple(by))
