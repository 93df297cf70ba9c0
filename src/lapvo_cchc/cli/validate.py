"""``lapvo-cchc validate LEDGER``: every rejected row of a ledger and a summary line."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from lapvo_cchc._text import spreadsheet_line
from lapvo_cchc.cli._common import (
    ledger_options,
    open_ledger_file,
    plugin_registry,
    print_warnings,
)
from lapvo_cchc.errors import LapvoError

if TYPE_CHECKING:
    import argparse

__all__ = ["register"]


def run(args: argparse.Namespace) -> int:
    """Print every rejected row of the ledger and the summary; 1 if a row was rejected."""
    import warnings

    from lapvo_cchc.adapters.ledger import LedgerReader

    plugins = plugin_registry(args)
    profile = plugins.profile(args.profile)
    calendar = plugins.calendar(args.calendar)
    limits = None if args.catalog is None else plugins.catalog(args.catalog).time_limits()
    out = sys.stdout
    with (
        warnings.catch_warnings(record=True) as caught,
        open_ledger_file(args.ledger, args.encoding) as lines,
    ):
        warnings.simplefilter("always")
        reader = LedgerReader(
            lines, profile=profile, calendar=calendar, time_limits=limits, due_as=args.due_as
        )
        errors = reader.errors
        shown = 0
        for _record in reader:
            # Print rejections as they come, so a long file reports progressively.
            while shown < len(errors):
                out.write(f"{spreadsheet_line(str(errors[shown]))}\n")
                shown += 1
        for error in errors[shown:]:
            out.write(f"{spreadsheet_line(str(error))}\n")
    print_warnings(caught)
    if reader.due_midnights:
        sys.stderr.write(f"lapvo-cchc: {reader.due_midnights} due cells at 00:00 read as dates\n")
    rejected = len(errors)
    if reader.accepted + rejected != reader.rows_read:  # pragma: no cover - reader invariant
        raise LapvoError(
            f"internal error: {reader.rows_read} rows read but {reader.accepted} accepted "
            f"and {rejected} rejected"
        )
    out.write(f"{reader.rows_read} rows: {reader.accepted} accepted, {rejected} rejected\n")
    return 1 if rejected else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["validate", "x.csv"]).ledger
        'x.csv'
    """
    val = sub.add_parser(
        "validate",
        help="check a dossier ledger: every rejected row and a summary line",
        description="Read a flat dossier ledger (CSV, optionally .gz) and print every rejected "
        "row (line, column, reason), then 'N rows: A accepted, R rejected'. Exit status 1 "
        "when a row is rejected, 0 when none is, 2 on a usage or file error.",
    )
    val.add_argument("ledger", help="ledger file (.csv, .csv.gz or .xlsx)")
    val.add_argument(
        "--catalog",
        metavar="NAME|FILE",
        help="a procedure catalogue whose time limits serve rows with neither due_at nor "
        "time_limit (see `lapvo-cchc plugins`, or a .toml file)",
    )
    ledger_options(val)
    val.set_defaults(func=run)
