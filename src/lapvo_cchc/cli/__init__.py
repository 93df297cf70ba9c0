"""The ``lapvo-cchc`` command.

Sub-commands:

- ``calendar YEAR``: the year's days off and make-up working days, with their
  names and legal sources (``--lang vi|en``, ``--format text|csv|json|ics``).
- ``lunar DATE``: solar → lunar (``lapvo-cchc lunar 2026-02-17``) or, with
  ``--to-solar``, lunar → solar (``lapvo-cchc lunar --to-solar 2026-01-01``).
- ``report [LEDGER]``: the statistical form (Biểu số 06/VPCP/KSTT) of a dossier
  ledger (``.csv``, ``.csv.gz`` or ``.xlsx``; the bundled synthetic sample without
  one) or, with ``--events FILE``, of an events CSV of full histories;
  ``--period``, ``--by``, ``--lang``, ``--format``, ``--output``,
  ``--profile NAME|FILE``, ``--calendar NAME|FILE``, ``--catalog NAME|FILE``,
  ``--indicators NAME``, ``--encoding utf-8|cp1258``, ``--jobs N``,
  ``--due-as auto|dates|instants``, ``--layout default|circular``.
- ``due RECEIVED LIMIT``: the legal due date and instant of one dossier, the
  rule that produced it and the days off skipped; with ``--finished AT`` or
  ``--as-of AT``, early / on time / late / overdue and by how much
  (``--pause FROM TO``, ``--procedure CODE``, ``--lang``, ``--format text|json``).
- ``validate LEDGER``: every rejected row of a ledger (line, column, reason)
  and a last line ``N rows: A accepted, R rejected``; exit status 1 when a
  row is rejected, 0 otherwise (``--profile``, ``--calendar``, ``--encoding``,
  ``--due-as`` as for report).
- ``plugins``: every extension (ledger profiles, calendars, catalogues, ...) by
  kind, name and the package it comes from, and the plugins that failed to load.
- ``catalog-report [CATALOG]``: procedures posted per level, by field, by online
  service level and with locally shortened limits, as of ``--on DATE``
  (``--scheme``, ``--lang``, ``--format text|md|csv|json|html|xlsx``, ``--output``).

Each command is a module of this package with a ``register(sub)`` function
that adds its sub-parser (and sets ``func``); :data:`COMMANDS` lists them in
order, so a new command is a new module and one more entry there.

Errors (a bad year, a bad date) print one line on stderr and exit with status 2.

Example:
    >>> main(["lunar", "2026-02-17"])
    2026-02-17 = 01/01/2026 âm lịch (năm Bính Ngọ)
    0
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Final

from lapvo_cchc import __version__
from lapvo_cchc._text import visible
from lapvo_cchc.cli import calendar, catalog_report, due, lunar, plugins, report, validate
from lapvo_cchc.errors import LapvoError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

__all__ = ["COMMANDS", "main"]

COMMANDS: Final[tuple[ModuleType, ...]] = (
    calendar,
    lunar,
    report,
    validate,
    due,
    plugins,
    catalog_report,
)
"""The command modules, in the order ``--help`` lists them."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lapvo-cchc",
        description="Vietnamese administrative-procedure reform: calendars, deadlines, KPIs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``lapvo-cchc`` command and return its exit status.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 when ``validate`` rejected a row, 2 on a usage or
        input error (one line on stderr).

    Example:
        >>> main(["lunar", "--to-solar", "2026-01-01"])
        01/01/2026 âm lịch = 2026-02-17
        0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except LapvoError as exc:
        # one line, whatever the message quotes from a hostile file
        print(f"lapvo-cchc: error: {visible(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `lapvo-cchc calendar 2026 | head`
        return 0
    except OSError as exc:  # e.g. --output in a directory that does not exist
        where = f": {exc.filename}" if exc.filename else ""
        print(f"lapvo-cchc: error: {visible(exc.strerror or str(exc))}{where}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
