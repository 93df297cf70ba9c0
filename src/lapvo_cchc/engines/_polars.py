"""The Polars engine: the plan run by Polars' SQL context on lazy frames (private module).

The plan's SQL (DuckDB's dialect) is transpiled by SQLGlot to PostgreSQL's,
which Polars' SQL interface reads, with one rewrite: Polars' ``STRPOS``
reads its needle as a regular expression, so literal needles are escaped.

Polars plans the plan's ``CREATE TABLE lv_rows AS WITH ...`` (some thirty
common table expressions) badly when it sees the whole chain at once:
measured with Polars 2.1, 5 s of planning whatever the data, and more memory
than the machine had on 100,000 rows. The statement runs instead as one lazy
frame per expression, computing a few of them (:data:`CHECKPOINTS`) and
dropping the frames no later step reads.

Reads ``.csv``, ``.csv.gz`` and ``.parquet`` files, a folder or a glob of
them, and Polars (eager or lazy), pandas or Arrow tables passed in; CSV cells
are read as text. Needs the ``[polars]`` extra (``polars`` and ``sqlglot``).
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.engines._runner import (
    EngineError,
    check_header,
    run_plan,
)
from lapvo_cchc.engines._source import CONTROL_POLARS, NFC_POSTGRES, source_select
from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lapvo_cchc.adapters.ledger import DueReading, LedgerReport
    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["CHECKPOINTS", "PolarsEngine", "to_polars"]

CHECKPOINTS: Final = re.compile(r"lv_c0|lv_e|lv_dl\w*|lv_s[0-9]+[a-z]?")
"""The plan's common table expressions the engine computes before going on.

The checked rows (``lv_c0``, ``lv_e``) and every step of the deadlines (few
rows: one per distinct deadline question); the others stay lazy.

Example:
    >>> [bool(CHECKPOINTS.fullmatch(n)) for n in ("lv_t1", "lv_e", "lv_s1z", "lv_dl")]
    [False, True, True, True]
"""

_CREATE = re.compile(r"CREATE (VIEW|TABLE) (\w+) AS\s")


def _polars() -> Any:
    try:
        import polars
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "the polars engine needs polars: pip install 'lapvo-cchc[polars]'"
        ) from None
    return polars


def _sqlglot() -> Any:
    try:
        import sqlglot
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "the polars engine needs sqlglot: pip install 'lapvo-cchc[polars]'"
        ) from None
    return sqlglot


def _tree_to_polars(tree: Any) -> str:
    from sqlglot import exp

    def fix(node: Any) -> Any:
        needle = node.args.get("substr") if isinstance(node, exp.StrPosition) else None
        if isinstance(needle, exp.Literal) and needle.is_string:
            node.set("substr", exp.Literal.string(re.escape(needle.this)))
        return node

    out: str = tree.transform(fix).sql(dialect="postgres")
    return out


@functools.lru_cache(maxsize=64)
def to_polars(sql: str) -> str:
    r"""*sql* (DuckDB dialect) in the dialect of Polars' SQL context.

    Example:
        >>> to_polars("SELECT STRPOS(x, '+') FROM t")
        "SELECT POSITION('\\+' IN x) FROM t"
    """
    return _tree_to_polars(_sqlglot().parse_one(sql, read="duckdb"))


_Step = tuple[str, str, "tuple[str, ...] | None"]


@functools.lru_cache(maxsize=16)
def _staged(sql: str) -> tuple[tuple[_Step, ...], str]:
    """``WITH a AS (...), ... SELECT ...`` as steps: (name, query, what to drop once computed).

    The last item of a step is ``None`` for a lazy step; a computed step (see
    :data:`CHECKPOINTS`) gives the steps no later step reads.

    Example:
        >>> steps, final = _staged("WITH lv_e AS (SELECT 1 AS x) SELECT x FROM lv_e")
        >>> steps, final
        ((('lv_e', 'SELECT 1 AS x', ()),), 'SELECT x FROM lv_e')
    """
    from sqlglot import exp

    select = _sqlglot().parse_one(sql, read="duckdb")
    with_ = select.args.pop("with", None) or select.args.pop("with_", None)
    ctes = list(with_.expressions) if with_ is not None else []
    # the last step reading each expression: once that one is computed, the frame can go
    last = {cte.alias: i for i, cte in enumerate(ctes)}
    for i, cte in enumerate(ctes):
        for table in cte.this.find_all(exp.Table):
            if table.name in last:
                last[table.name] = i
    for table in select.find_all(exp.Table):
        if table.name in last:
            last[table.name] = len(ctes)
    steps: list[_Step] = []
    for i, cte in enumerate(ctes):
        drop = None
        if CHECKPOINTS.fullmatch(cte.alias):
            drop = tuple(n for n, j in last.items() if j <= i and n != cte.alias)
        steps.append((cte.alias, _tree_to_polars(cte.this), drop))
    return tuple(steps), _tree_to_polars(select)


def _select(header: Sequence[str]) -> str:
    """The ledger's columns (and ``lv_pre``) of the registered frame, in Polars' SQL."""
    return source_select(header, "lv_frame", nfc=NFC_POSTGRES, control=CONTROL_POLARS)


class PolarsEngine:
    """The statistical report computed by Polars (``engine="polars"``).

    Example:
        >>> PolarsEngine.name
        'polars'
    """

    name = "polars"
    dialect = "polars"

    def __init__(self) -> None:
        self._pl = _polars()
        _sqlglot()

    # -- SqlBackend --------------------------------------------------------------------------

    def execute(self, sql: str) -> None:
        """Run ``CREATE VIEW`` (a lazy frame) or ``CREATE TABLE`` (computed) in DuckDB's dialect."""
        match = _CREATE.match(sql)
        if match is None:
            raise EngineError(f"engines: polars runs CREATE VIEW/TABLE, got {sql[:40]!r}")
        kind, name = match.groups()
        if kind == "VIEW":
            self._ctx.register(name, self._ctx.execute(to_polars(sql[match.end() :])))
            return
        steps, final = _staged(sql[match.end() :])
        for alias, text, drop in steps:
            frame = self._ctx.execute(text)
            if drop is not None:
                frame = self._collect(frame).lazy()
                self._ctx.unregister([n for n in drop if n in self._ctx.tables()])
            self._ctx.register(alias, frame)
        self._ctx.register(name, self._collect(self._ctx.execute(final)))
        self._ctx.unregister([a for a, _, _ in steps if a in self._ctx.tables()])

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a query written in DuckDB's dialect and return its rows."""
        rows: list[tuple[Any, ...]] = self._collect(self._ctx.execute(to_polars(sql))).rows()
        return rows

    def write(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Register a small table made of *rows*."""
        pl = self._pl
        kinds = {"VARCHAR": pl.String, "INTEGER": pl.Int32, "BIGINT": pl.Int64}
        schema = {c: kinds[t] for c, t in zip(columns, types, strict=True)}
        self._ctx.register(table, pl.DataFrame(rows, schema=schema, orient="row"))

    def _collect(self, frame: Any) -> Any:
        return frame.collect(engine="streaming")

    # -- Engine ------------------------------------------------------------------------------

    def run(
        self,
        source: object,
        *,
        period: Period,
        dims: tuple[str, ...],
        calendar: DeadlineCalendar | None,
        registry: IndicatorRegistry | None,
        due_as: DueReading = "auto",
        progress: ProgressBar | None = None,
        units: UnitRegistry | None = None,
    ) -> LedgerReport:
        """The report of *source* (a path, a glob, a folder, or a data frame)."""
        pl = self._pl
        self._ctx = pl.SQLContext()
        try:
            frame = self._frame(source)
            header = frame.collect_schema().names()
            check_header(header)
            self._ctx.register("lv_frame", frame)
            self.execute(f"CREATE VIEW lv_src_raw AS {_select(header)}")
            raw = self._ctx.execute("SELECT * FROM lv_src_raw")
            # the header is line 1: the first data row is line 2
            lines = raw.with_row_index("lv_line", offset=2)
            self._ctx.register("lv_src", lines.with_columns(pl.col("lv_line").cast(pl.Int64)))
            out = run_plan(
                self,
                source,
                period=period,
                dims=dims,
                calendar=calendar,
                registry=registry,
                due_as=due_as,
                units=units,
                progress=progress,
            )
        except pl.exceptions.PolarsError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineError(f"engines: polars could not read the ledger: {first}") from exc
        finally:
            del self._ctx
        return out

    def _frame(self, source: object) -> Any:
        """The lazy frame of *source*, every ledger column as text."""
        pl = self._pl
        if isinstance(source, (str, os.PathLike)):
            from lapvo_cchc.engines._duckdb import _files

            kind, files = _files(source)
            if kind == "parquet":
                return pl.scan_parquet(files)
            return pl.scan_csv(files, infer_schema=False, encoding="utf8")
        module = type(source).__module__.split(".")[0]
        if module == "polars":
            if isinstance(source, pl.DataFrame):
                return source.lazy()
            if isinstance(source, pl.LazyFrame):
                return source
        if module == "pandas":
            return pl.from_pandas(source).lazy()
        if module == "pyarrow":
            return pl.from_arrow(source).lazy()
        raise EngineError(
            f"engines: expected a path, a glob, a folder or a Polars/pandas/Arrow table, "
            f"got {type(source).__name__}"
        )
