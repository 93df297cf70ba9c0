"""Helpers shared by the commands: argument types, usage errors, ledger options (private)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from typing import TYPE_CHECKING

from lapvo_cchc.errors import LapvoError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

    from lapvo_cchc.adapters.ledger import LedgerLines
    from lapvo_cchc.plugins import Registry


class UsageError(LapvoError, ValueError):
    """A command-line argument that cannot be used."""


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (argparse reports anything else)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def parse_year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"year: expected a number such as 2026, got {text!r}") from None


def parse_iso_date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what}: expected a date YYYY-MM-DD, got {text!r}") from None


def open_ledger_file(path: str | os.PathLike[str], encoding: str) -> LedgerLines:
    import os

    from lapvo_cchc.adapters.ledger import open_ledger

    try:
        return open_ledger(path, encoding=encoding)
    except OSError as exc:
        raise UsageError(f"ledger: cannot open {os.fspath(path)}: {exc.strerror}") from None


def plugin_registry(args: argparse.Namespace) -> Registry:
    """The registry of the run: built-ins and installed plugins (built once per run)."""
    registry: Registry | None = getattr(args, "plugins", None)
    if registry is None:
        from lapvo_cchc.plugins import default_registry

        registry = default_registry()
        args.plugins = registry
    return registry


def ledger_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--profile",
        default="flat",
        metavar="NAME|FILE",
        help="the ledger's format: flat (ours, ISO dates), vi (Mã hồ sơ, Ngày tiếp nhận, "
        "dd/mm/yyyy dates), a plugin's profile (see `lapvo-cchc plugins`) or a .toml file",
    )
    cmd.add_argument(
        "--calendar",
        default="vietnam",
        metavar="NAME|FILE",
        help="the working-day calendar: vietnam (default), a plugin's calendar or a .toml "
        "overlay file (local days off, hours)",
    )
    cmd.add_argument(
        "--encoding",
        choices=["utf-8", "cp1258"],
        default="utf-8",
        help="utf-8 (with or without BOM) or cp1258 (Windows-1258); TCVN3 is reported",
    )
    cmd.add_argument(
        "--due-as",
        choices=["auto", "dates", "instants"],
        default="auto",
        help="due cells at 00:00:00: auto (due dates when every due instant is at midnight, "
        "as exports of a date column write them, with a warning), dates, or instants",
    )


def print_warnings(caught: Iterable[warnings.WarningMessage]) -> None:
    """Print the library's warnings on stderr, one line each (no source line)."""
    from lapvo_cchc.errors import LapvoWarning

    for w in caught:
        if issubclass(w.category, LapvoWarning):
            sys.stderr.write(f"lapvo-cchc: warning: {w.message}\n")
        else:  # pragma: no cover - not ours: shown as Python would
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
