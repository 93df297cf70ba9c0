"""The python engine: the streaming ledger reader and the ``kpi`` counters (private module).

The reference every other engine is tested against.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from lapvo_cchc.engines._runner import EngineError, finish_progress

if TYPE_CHECKING:
    from lapvo_cchc.adapters.ledger import DueReading, LedgerReport
    from lapvo_cchc.adapters.progress import ProgressBar
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.procedures import UnitRegistry

__all__ = ["PythonEngine"]


class PythonEngine:
    """The statistical report by the streaming ledger reader (``engine="python"``).

    Example:
        >>> PythonEngine.name
        'python'
    """

    name = "python"

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
        """The report of the ledger file *source* (``.csv`` or ``.csv.gz``)."""
        from lapvo_cchc.adapters.ledger import report_ledger

        if not isinstance(source, (str, os.PathLike)):
            raise EngineError(
                f"engines: the python engine reads a ledger file, got {type(source).__name__}"
            )
        if os.fspath(source).endswith(".parquet"):
            raise EngineError("engines: the python engine reads CSV; use engine='duckdb'")
        out = report_ledger(
            source,
            period,
            by=dims,  # type: ignore[arg-type]
            calendar=calendar,
            registry=registry,
            due_as=due_as,
            on_record=progress,
            units=units,
        )
        finish_progress(progress, out.rows_read)
        return out
