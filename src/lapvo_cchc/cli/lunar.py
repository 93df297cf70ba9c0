"""``lapvo-cchc lunar DATE``: solar to lunar, or lunar to solar with ``--to-solar``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lapvo_cchc.cli._common import parse_iso_date

if TYPE_CHECKING:
    import argparse

__all__ = ["register"]


def run(args: argparse.Namespace) -> int:
    """Print the lunar date of a solar date, or the solar date of a lunar one."""
    from lapvo_cchc.lunar import LunarDate, can_chi_year

    if args.to_solar:
        day = parse_iso_date(args.date, "lunar date")
        lunar = LunarDate(day.year, day.month, day.day, leap=args.leap)
        solar = lunar.to_solar()
        leap = " (tháng nhuận)" if lunar.leap else ""
        print(f"{lunar.day:02d}/{lunar.month:02d}{leap}/{lunar.year} âm lịch = {solar.isoformat()}")
        return 0
    solar = parse_iso_date(args.date, "date")
    lunar = LunarDate.from_solar(solar)
    leap = " (tháng nhuận)" if lunar.leap else ""
    print(
        f"{solar.isoformat()} = {lunar.day:02d}/{lunar.month:02d}{leap}/{lunar.year} âm lịch "
        f"(năm {can_chi_year(lunar.year)})"
    )
    return 0


_FORMATS = ("text", "md", "csv", "json", "html", "xlsx", "narrative")
_SAMPLE = "sample_ledger.csv.gz"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``lunar`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["lunar", "2026-02-17"]).date
        '2026-02-17'
    """
    lunar = sub.add_parser("lunar", help="convert between solar and lunar dates")
    lunar.add_argument("date", help="YYYY-MM-DD (solar, or lunar with --to-solar)")
    lunar.add_argument("--to-solar", action="store_true", help="DATE is a lunar date")
    lunar.add_argument("--leap", action="store_true", help="the lunar month is the leap month")
    lunar.set_defaults(func=run)
