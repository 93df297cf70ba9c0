"""``lapvo-cchc report [LEDGER]``: the statistical form of a dossier ledger or events file."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from lapvo_cchc._text import visible
from lapvo_cchc.cli._common import (
    UsageError,
    ledger_options,
    open_ledger_file,
    plugin_registry,
    positive_int,
    print_warnings,
)

if TYPE_CHECKING:
    import argparse
    from typing import Any

    from lapvo_cchc.adapters.progress import ProgressBar, ProgressMode
    from lapvo_cchc.engines import NamedEngine
    from lapvo_cchc.kpi import Report
    from lapvo_cchc.plugins import Registry

__all__ = ["register"]

_FORMATS = ("text", "md", "csv", "json", "html", "xlsx", "narrative")
_SAMPLE = "sample_ledger.csv.gz"


def _progress(args: argparse.Namespace, path: Any, *, events: bool) -> ProgressBar | None:
    """The progress display of a single pass (tqdm bar, or log lines on stderr), or None."""
    import os

    from lapvo_cchc.adapters.progress import ProgressBar, count_rows

    mode = _progress_mode(args)
    if mode == "off":
        return None
    name = os.fspath(path)
    if events:  # counted per dossier, not per line: no total
        return ProgressBar(None, desc=os.path.basename(name), unit="dossiers", mode=mode)
    total = None if name.lower().endswith(".xlsx") else count_rows(name)
    return ProgressBar(total, desc=os.path.basename(name), mode=mode)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines to whatever ``sys.stderr`` is when a line is written.

    A handler holding the stream it was made with would write to a closed
    stream once a notebook or a test has replaced ``sys.stderr``.
    """

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _progress_mode(args: argparse.Namespace) -> ProgressMode:
    """``--progress`` made concrete; log lines go to stderr as ``lapvo-cchc: ...``."""
    from lapvo_cchc.adapters.progress import LOGGER_NAME, resolve_mode

    mode = resolve_mode(args.progress)
    if mode == "log":
        logger = logging.getLogger(LOGGER_NAME)
        if not logger.handlers:
            handler = _StderrHandler()
            handler.setFormatter(logging.Formatter("lapvo-cchc: %(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False
    return mode


def named_rows(rep: Report, dimension: str, names: dict[str, str]) -> Report:
    """*rep* with the codes of *dimension* in its row keys replaced by their names.

    Codes without a name stay as they are; the counts are unchanged.

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> rep = report([], Period.year(2020), by="agency")
        >>> named_rows(rep, "agency", {"875": "Huyện Lấp Vò"}).rows
        ()
    """
    import attrs

    if dimension not in rep.by or not names:
        return rep
    at = rep.by.index(dimension)
    rows = tuple(
        attrs.evolve(
            row, key=tuple(names.get(k, k) if i == at else k for i, k in enumerate(row.key))
        )
        for row in rep.rows
    )
    return attrs.evolve(rep, rows=rows)


def run(args: argparse.Namespace) -> int:  # noqa: PLR0915
    """Count the ledger (or events file, or the bundled sample) and write the report."""
    import contextlib
    import pathlib
    import warnings
    from importlib import resources

    from lapvo_cchc.adapters.ledger import LedgerReader
    from lapvo_cchc.kpi import Period
    from lapvo_cchc.procedures import lap_vo_units
    from lapvo_cchc.reports import as_circular, write_xlsx

    plugins = plugin_registry(args)

    if args.events is not None:
        if args.ledger is not None:
            raise UsageError(
                f"give a flat LEDGER or --events FILE, not both (got {args.ledger!r} and "
                f"--events {args.events!r})"
            )
        if args.profile != "flat":
            raise UsageError(f"--profile {args.profile} applies to a flat ledger, not to --events")
    period = Period.parse(args.period)
    lang = args.lang
    cal = plugins.calendar(args.calendar)
    profile = plugins.profile(args.profile)
    indicators = None if args.indicators is None else plugins.indicators(args.indicators)
    catalog = None if args.catalog is None else plugins.catalog(args.catalog)
    report = plugins.engine("python")
    engine = _engine_name(args)
    units = lap_vo_units()
    note = ""
    ctx: contextlib.AbstractContextManager[Any]
    if args.ledger is None and args.events is None:
        source = resources.files("lapvo_cchc").joinpath("data", _SAMPLE)
        note = (
            "Số liệu mẫu tổng hợp (không có ledger): huyện Lấp Vò và 13 xã, thị trấn, 6 tháng 2020."
            if lang == "vi"
            else "Synthetic sample data (no ledger given): Lấp Vò district and its 13 communes, "
            "H1 2020."
        )
        ctx = resources.as_file(source)
    else:
        ctx = contextlib.nullcontext(pathlib.Path(args.events or args.ledger))
    summary = ""
    midnights = 0
    if args.jobs != 1:
        sys.stderr.write(
            "lapvo-cchc: --jobs is deprecated and does nothing: the process-pool reader is "
            "retired (--engine duckdb is the fast path)\n"
        )
    with (
        warnings.catch_warnings(record=True) as caught,
        ctx as path,
        contextlib.ExitStack() as stack,
    ):
        warnings.simplefilter("always")
        handle = open_ledger_file(path, args.encoding)
        with handle:
            # after the open, so that a missing or unreadable file is reported as before
            if engine != "python":  # report_ledger and the engines show their own
                progress = None
            else:
                progress = _progress(args, path, events=args.events is not None)
            if progress is not None:
                stack.callback(progress.close)
            if args.events is not None:
                from lapvo_cchc.adapters.ledger.events import EventsReader

                events = EventsReader(handle, calendar=cal)
                rep = report(
                    events,
                    period,
                    by=args.by,
                    calendar=cal,
                    registry=indicators,
                    on_record=progress,
                    units=units,
                )
                errors = events.errors
                summary = (
                    f"{len(errors)} of {events.rows_read} rows rejected: "
                    f"{len(events.rejected)} of {events.dossiers_read} dossiers rejected, "
                    f"{events.accepted} accepted"
                )
                if events.not_received:
                    sys.stderr.write(
                        f"lapvo-cchc: {len(events.not_received)} dossiers never received "
                        "(refused at intake or only submitted online) are not on the form\n"
                    )
            else:
                limits = None if catalog is None else catalog.time_limits()
                reader = LedgerReader(
                    handle, calendar=cal, profile=profile, time_limits=limits, due_as=args.due_as
                )
                if engine != "python":
                    done = _sql_engine(plugins, engine).run_report(
                        path,
                        period,
                        args.by,
                        calendar=cal,
                        registry=indicators,
                        dsn=args.dsn,
                        due_as=args.due_as,
                        progress=_progress_mode(args),
                        units=units,
                        master=args.spark_master,
                    )
                    rep = done.report
                    reader.errors.extend(done.errors)
                    reader.rows_read, reader.accepted = done.rows_read, done.accepted
                    reader.due_midnights = done.due_midnights
                else:
                    rep = report(
                        reader,
                        period,
                        by=args.by,
                        calendar=cal,
                        registry=indicators,
                        on_record=progress,
                        units=units,
                    )
                    if progress is not None:
                        progress.update(reader.rows_read - progress.count)  # rejected rows
                errors = reader.errors
                midnights = reader.due_midnights
                summary = (
                    f"{len(reader.errors)} of {reader.rows_read} rows rejected, "
                    f"{reader.accepted} accepted"
                )
    print_warnings(caught)
    if catalog is not None and args.by == "agency":
        rep = named_rows(rep, "agency", catalog.agency_names())
    elif catalog is not None and args.by == "procedure":
        rep = named_rows(rep, "procedure", catalog.procedure_names())
    err = sys.stderr
    if midnights:
        err.write(f"lapvo-cchc: {midnights} due cells at 00:00 read as dates\n")
    for error in errors[:20]:
        err.write(f"lapvo-cchc: rejected {visible(str(error))}\n")
    if errors:
        err.write(f"lapvo-cchc: {summary}\n")
    for n in rep.notes:
        if n.key in ("empty_period", "unsupported_period"):
            err.write(f"lapvo-cchc: warning: {n.text(lang)}\n")
    if args.layout == "circular":
        rep = as_circular(rep)
    fmt = args.format
    if fmt == "xlsx":
        if args.output is None:
            raise UsageError("--format xlsx needs --output FILE.xlsx")
        write_xlsx(rep, args.output, lang)
        return 0
    if fmt == "md":
        text = rep.to_markdown(lang)
    elif fmt == "csv":
        text = rep.to_csv()
    elif fmt == "json":
        text = rep.to_json()
    elif fmt == "html":
        from lapvo_cchc.reports import render_html_document

        text = render_html_document(rep, lang, note=note)
        note = ""  # shown in the page
    elif fmt == "narrative":
        text = rep.narrative(lang)
    else:
        text = rep.to_text(lang)
    if note and fmt in ("text", "md", "narrative"):
        text = note + "\n" + text
    elif note:
        sys.stderr.write(f"lapvo-cchc: {note}\n")
    if args.output is None:
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return 0


def _sql_engine(plugins: Registry, name: str) -> NamedEngine:
    """The registered report engine *name*, which must be one of :mod:`lapvo_cchc.engines`."""
    from lapvo_cchc.engines import NamedEngine
    from lapvo_cchc.plugins import PluginError

    try:
        engine = plugins.engine(name)
    except PluginError:
        # Run from a source tree whose entry points are not installed: the engine is ours.
        return NamedEngine(name)

    if not isinstance(engine, NamedEngine):
        raise UsageError(
            f"--engine {name}: the registered report engine is {engine!r}, "
            "not an engine of lapvo_cchc.engines"
        )
    return engine


def _engine_name(args: argparse.Namespace) -> str:
    """The engine that runs the report: ``--engine``, with ``auto`` made concrete.

    ``auto`` (the default) is the python engine when DuckDB is not installed or
    when an option only the python engine honours is given (``--events``,
    ``--profile``, ``--encoding``, ``--catalog``); otherwise the
    ``auto`` engine (DuckDB, and the python engine for what DuckDB cannot read).
    An explicit SQL engine with such an option is refused.
    """
    import importlib.util

    if args.engine == "auto":
        if args.dsn is not None:
            raise UsageError("--dsn is for --engine postgres, not --engine auto")
        if args.spark_master is not None:
            raise UsageError("--spark-master is for --engine spark, not --engine auto")
        if _python_only(args) or any(
            importlib.util.find_spec(m) is None for m in ("duckdb", "sqlglot")
        ):
            return "python"
        return "auto"
    if args.engine != "python":
        _check_engine_args(args)
    return str(args.engine)


def _python_only(args: argparse.Namespace) -> list[str]:
    """The options given that only the python engine honours, as ``--name value``."""
    return [
        f"--{name} {value}"
        for name, value, default in (
            ("events", args.events, None),
            ("profile", args.profile, "flat"),
            ("encoding", args.encoding, "utf-8"),
            ("catalog", args.catalog, None),
        )
        if value != default
    ]


def _check_engine_args(args: argparse.Namespace) -> None:
    """The options a SQL engine (``--engine duckdb|polars|postgres``) cannot honour."""
    what = _python_only(args)
    if what:
        raise UsageError(
            f"--engine {args.engine} reads a flat UTF-8 CSV ledger in one pass; "
            f"{', '.join(what)} needs --engine python"
        )
    if args.engine != "postgres" and args.dsn is not None:
        raise UsageError(f"--dsn is for --engine postgres, not --engine {args.engine}")
    if args.engine != "spark" and args.spark_master is not None:
        raise UsageError(f"--spark-master is for --engine spark, not --engine {args.engine}")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["report", "--by", "agency"]).by
        'agency'
    """
    rep = sub.add_parser(
        "report",
        help="the statistical form (Biểu số 06/VPCP/KSTT) of a dossier ledger",
        description="Count a flat dossier ledger (CSV, optionally .gz; see docs/report.md) "
        "into the 13-column statistical form. Without LEDGER, the bundled synthetic "
        "sample (Lấp Vò, first half of 2020) is reported.",
    )
    rep.add_argument("ledger", nargs="?", help="ledger file (.csv, .csv.gz or .xlsx)")
    rep.add_argument(
        "--events",
        metavar="FILE",
        help="an events CSV of full histories (one row per event, see docs/events.md) "
        "instead of a flat LEDGER (not both)",
    )
    rep.add_argument(
        "--period",
        default="2020-H1",
        help="2020, 2020-H1, 2020-Q2, 2020-03, R2020-H1 (15th-to-14th), 2020-01-01..2020-06-30",
    )
    rep.add_argument(
        "--by",
        choices=["level", "agency", "field", "procedure", "channel", "successor", "month"],
        default="level",
        help="group rows by this; successor: the unit carrying on for the receiving unit at "
        "the period's end (the 2025 reform; bundled Lấp Vò units)",
    )
    rep.add_argument(
        "--layout",
        choices=["default", "circular"],
        default="default",
        help="default: the 13 columns plus withdrawn and stopped; circular: the 13 columns "
        "as Circular 01/2020/TT-VPCP prints the form (withdrawn in (7) and (9); see "
        "docs/form-06.md)",
    )
    rep.add_argument("--lang", choices=["vi", "en"], default="vi")
    rep.add_argument("--format", choices=list(_FORMATS), default="text")
    rep.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    rep.add_argument(
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help="deprecated, does nothing (the process-pool reader is retired; "
        "--engine duckdb is the fast path)",
    )
    rep.add_argument(
        "--indicators",
        metavar="NAME",
        help="the indicator set evaluated per row (default: the built-in set; see "
        "`lapvo-cchc plugins`)",
    )
    rep.add_argument(
        "--catalog",
        metavar="NAME|FILE",
        help="a procedure catalogue (sample, a plugin's or a .toml file): its time limits "
        "serve rows with neither due_at nor time_limit (read in one pass), and with --by "
        "agency or --by procedure rows show its names instead of bare codes",
    )
    rep.add_argument(
        "--engine",
        choices=["auto", "python", "duckdb", "polars", "postgres", "spark"],
        default="auto",
        help="who counts: auto (default: duckdb when installed, the python reader for what "
        "only it reads), python (the streaming reader), duckdb (extra [duckdb]), polars "
        "(extra [polars]), postgres (the whole report in PostgreSQL, with --dsn), spark "
        "(Spark SQL, extra [spark], with --spark-master); the same report on each "
        "(see docs/at-scale.md)",
    )
    rep.add_argument(
        "--dsn",
        metavar="DSN",
        help="the PostgreSQL database of --engine postgres (postgresql://...; default: "
        "the LAPVO_PG_DSN environment variable)",
    )
    rep.add_argument(
        "--spark-master",
        metavar="URL",
        help="the Spark master of --engine spark (local[4], spark://host:7077, yarn, "
        "k8s://...; default local[*])",
    )
    rep.add_argument(
        "--progress",
        choices=["auto", "bar", "log", "off"],
        default="auto",
        help="rows read, percent, rate and time left: a bar on a terminal, a log line on "
        "stderr every 10 s otherwise (auto); needs the progress extra (default auto: "
        "nothing without it)",
    )
    ledger_options(rep)
    rep.set_defaults(func=run)
