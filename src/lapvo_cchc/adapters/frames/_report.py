"""Deprecated: the columnar report of a flat ledger CSV (private module).

:func:`report_csv` was a third definition of the statistical report (Arrow and
numpy over whole columns). The report engines (:mod:`lapvo_cchc.engines`) now
define it once; :func:`report_csv` runs :func:`lapvo_cchc.engines.run_report`
and goes in the next release.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    from lapvo_cchc.adapters.ledger import LedgerReport
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import IndicatorRegistry, Period
    from lapvo_cchc.kpi.counting import Dimension

__all__ = ["report_csv"]


def report_csv(
    path: str | os.PathLike[str],
    period: Period,
    *,
    by: Dimension | tuple[Dimension, ...] | None = "level",
    calendar: DeadlineCalendar | None = None,
    registry: IndicatorRegistry | None = None,
    fallback: bool = True,
) -> LedgerReport:
    r"""Deprecated: :func:`lapvo_cchc.engines.run_report` of a flat ledger CSV.

    Runs ``run_report(path, period=period, by=by, calendar=calendar,
    registry=registry, engine="auto")``: DuckDB when it is installed, the
    python reader otherwise; the same report and row account as
    :func:`~lapvo_cchc.adapters.ledger.report_ledger`.

    Args:
        path: The ledger file (``.csv`` or ``.csv.gz``).
        period: The reporting period.
        by: The report's dimensions (see :func:`~lapvo_cchc.kpi.report`).
        calendar: Working-day calendar, as for ``report_ledger``.
        registry: The indicators of the report.
        fallback: Ignored: every engine reads every ledger exactly.

    Returns:
        The report and the account of the rows.

    Warns:
        DeprecationWarning: always; call ``run_report`` instead.

    Example:
        >>> import pathlib, tempfile, warnings
        >>> from lapvo_cchc.kpi import Period
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.csv"
        >>> _ = p.write_text("dossier_code,procedure_code,agency_code,level,channel,"
        ...     "received_at,due_at,finished_at,finish_kind\n"
        ...     "D1,p,a,xã,online,2020-03-02T09:00:00,2020-03-05,2020-03-04T10:00:00,approved\n"
        ...     "D2,p,a,huyện,trực tiếp,2020-03-02T09:00:00,2020-03-05,,\n", encoding="utf-8")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", DeprecationWarning)
        ...     out = report_csv(p, Period.month(2020, 3), by="level")
        >>> [(r.label, r.counts.resolved_early, r.counts.in_progress_overdue)
        ...  for r in out.report.rows]
        [('commune', 1, 0), ('district', 0, 1)]
    """
    del fallback
    warnings.warn(
        "lapvo_cchc.adapters.frames.report_csv is deprecated: use "
        "lapvo_cchc.engines.run_report(path, period=..., engine='auto'), the same report",
        DeprecationWarning,
        stacklevel=2,
    )
    from lapvo_cchc.engines import run_report

    return run_report(
        path, period=period, by=by, calendar=calendar, registry=registry, engine="auto"
    )
