"""``lapvo-cchc catalog-report [CATALOG]``: procedures posted per level, field, online level."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from lapvo_cchc.cli._common import UsageError, parse_iso_date

if TYPE_CHECKING:
    import argparse

    from lapvo_cchc.procedures import Procedure

__all__ = ["load_catalog_file", "register"]

_FORMATS = ("text", "md", "csv", "json", "html", "xlsx")
_SCHEMES = {"decree43": "DECREE_43_2011", "decree42": "DECREE_42_2022"}


def load_catalog_file(path: str) -> list[Procedure]:
    """The procedures of a catalogue file in the ``lapvo-cchc/1`` JSON format.

    The file holds a list of ``procedure`` envelopes, or an object with such a
    list under ``"procedures"`` (docs/json.md).

    Raises:
        UsageError: the file cannot be read or is not such a list.
        DecodeError: an envelope is not a valid procedure (every bad path named).

    Example:
        >>> import json, pathlib, tempfile
        >>> from lapvo_cchc.adapters.json import encode
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.json"
        >>> _ = p.write_text(json.dumps([encode(x) for x in sample_catalog()]), encoding="utf-8")
        >>> len(load_catalog_file(str(p))) == len(sample_catalog())
        True
    """
    import json

    from lapvo_cchc.adapters.json import decode
    from lapvo_cchc.errors import DecodeError
    from lapvo_cchc.procedures import Procedure

    try:
        with open(path, encoding="utf-8-sig") as fh:
            document = json.load(fh)
    except OSError as exc:
        raise UsageError(f"catalog: cannot open {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise DecodeError(f"{path}: not JSON: {exc}") from None
    items = document.get("procedures") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise DecodeError(
            f"{path}: expected a list of lapvo-cchc/1 procedure envelopes (or an object "
            f"with one under 'procedures'), got {type(document).__name__}"
        )
    out = []
    for i, item in enumerate(items):
        try:
            out.append(decode(item, Procedure))
        except DecodeError as exc:
            raise DecodeError(f"{path}: procedures[{i}]: {exc}") from None
    return out


def run(args: argparse.Namespace) -> int:
    """Count the catalogue (or the bundled sample) and write the report."""
    import datetime as dt

    from lapvo_cchc._time import VIETNAM_TZ
    from lapvo_cchc.kpi.catalog_report import OnlineScheme, catalog_report
    from lapvo_cchc.procedures import sample_catalog
    from lapvo_cchc.reports import (
        render_catalog_csv,
        render_catalog_html,
        render_catalog_json,
        render_catalog_markdown,
        render_catalog_text,
        write_catalog_xlsx,
    )

    on = dt.datetime.now(VIETNAM_TZ).date() if args.on is None else parse_iso_date(args.on, "--on")
    scheme = None if args.scheme is None else OnlineScheme[_SCHEMES[args.scheme]]
    lang = args.lang
    if args.catalog is None:
        catalog: object = sample_catalog()
        sys.stderr.write(
            "lapvo-cchc: "
            + (
                "Danh mục mẫu tổng hợp (không có CATALOG): số liệu minh họa.\n"
                if lang == "vi"
                else "Synthetic sample catalogue (no CATALOG given): illustrative figures.\n"
            )
        )
    else:
        catalog = load_catalog_file(args.catalog)
    rep = catalog_report(catalog, on=on, scheme=scheme)  # type: ignore[arg-type]
    fmt = args.format
    if fmt == "xlsx":
        if args.output is None:
            raise UsageError("--format xlsx needs --output FILE.xlsx")
        write_catalog_xlsx(rep, args.output, lang)
        return 0
    if fmt == "md":
        text = render_catalog_markdown(rep, lang=lang)
    elif fmt == "csv":
        text = render_catalog_csv(rep, lang=lang)
    elif fmt == "json":
        text = render_catalog_json(rep)
    elif fmt == "html":
        text = render_catalog_html(rep, lang=lang)
    else:
        text = render_catalog_text(rep, lang=lang)
    if args.output is None:
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``catalog-report`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["catalog-report", "--on", "2025-06-30"]).on
        '2025-06-30'
    """
    cmd = sub.add_parser(
        "catalog-report",
        help="procedures posted per level, by field and online service level (CCHC report)",
        description="Count a catalogue of procedures as of a date: per level of government, "
        "by field, by online service level (levels 1-4 of Decree 43/2011 before 1 August "
        "2022, wholly / partly online of Decree 42/2022 after), and those with a locally "
        "shortened time limit. Without CATALOG, the bundled synthetic sample.",
    )
    cmd.add_argument(
        "catalog",
        nargs="?",
        help="a JSON file of lapvo-cchc/1 procedure envelopes (docs/json.md)",
    )
    cmd.add_argument("--on", metavar="DATE", help="the report's date YYYY-MM-DD (default today)")
    cmd.add_argument(
        "--scheme",
        choices=list(_SCHEMES),
        help="force the online-level scheme (default: the one in force on --on)",
    )
    cmd.add_argument("--lang", choices=["vi", "en"], default="vi")
    cmd.add_argument("--format", choices=list(_FORMATS), default="text")
    cmd.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    cmd.set_defaults(func=run)
