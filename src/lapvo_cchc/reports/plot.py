"""The usual pictures of a statistical report, one call each (matplotlib, the ``plot`` extra).

* :func:`plot_rate`: an indicator month by month (a report grouped by
  ``month``, alone or after one other dimension: one line per group);
* :func:`plot_heatmap`: an indicator per group and month (a report grouped by
  one dimension and ``month``), each cell annotated with its percentage;
* :func:`plot_outcomes`: the resolved dossiers of each group split early / on
  time / late, with those still in progress (stacked bars, counts);
* :func:`plot_report`: the one of these that suits the report's grouping.

Every function draws on *ax* when given (else on a new figure) and returns
the :class:`matplotlib.axes.Axes`. The values are the report's own exact
ratios (:meth:`lapvo_cchc.kpi.Report.rates`), shown as percentages; a group
with a zero denominator is left blank, not drawn as 0. The default indicator
is ``early_or_on_time_rate_of_resolved``: (8) + (9) over (7), the last column
of the printed form.

matplotlib is imported only when a function is called; without it they
raise :class:`~lapvo_cchc.errors.MissingExtraError` naming the ``plot`` extra
(``pip install "lapvo-cchc[plot]"``).

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from lapvo_cchc.kpi import Period, report
    >>> ax = plot_outcomes(report([], Period.parse("2020-H1"), by="level"))
    >>> ax.get_ylabel()
    'Hồ sơ'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.errors import LapvoError, MissingExtraError

if TYPE_CHECKING:
    from lapvo_cchc.kpi import Lang, Report

__all__ = [
    "DEFAULT_RATE",
    "PlotError",
    "plot_heatmap",
    "plot_outcomes",
    "plot_rate",
    "plot_report",
]

DEFAULT_RATE: Final = "early_or_on_time_rate_of_resolved"
"""The indicator drawn by default: (8) + (9) over (7), the form's last column."""

_TEXT: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "month": "Tháng",
        "percent": "%",
        "dossiers": "Hồ sơ",
        "early": "Trước hạn (8)",
        "on_time": "Đúng hạn (9)",
        "late": "Quá hạn (10)",
        "open": "Đang giải quyết (11)",
        "total": "Tổng cộng",
    },
    "en": {
        "month": "Month",
        "percent": "%",
        "dossiers": "Dossiers",
        "early": "Early (8)",
        "on_time": "On time (9)",
        "late": "Late (10)",
        "open": "In progress (11)",
        "total": "Total",
    },
}


class PlotError(LapvoError, ValueError):
    """A report whose grouping does not suit the picture asked for.

    Example:
        >>> issubclass(PlotError, ValueError)
        True
    """


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingExtraError(
            'the report pictures need matplotlib: pip install "lapvo-cchc[plot]"'
        ) from exc
    return plt


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    _fig, new = _pyplot().subplots(figsize=size, layout="constrained")
    return new


def _title(report: Report, rate: str, lang: Lang) -> str:
    indicator = report.registry.get(rate)
    name = indicator.title_vi if lang == "vi" else indicator.title_en
    return f"{name}, {report.period.label}"


def _percent(report: Report, row: Any, rate: str) -> float | None:
    value = report.rates(row)[rate].value
    return None if value is None else float(value * 100)


def _month_label(month: str) -> str:
    """``2020-03`` as ``03/2020``."""
    return f"{month[5:]}/{month[:4]}"


def _by_month(report: Report) -> tuple[list[str], list[str], dict[tuple[str, str], Any]]:
    """Groups, months and the rows of a report by (group, month) (group ``""`` alone)."""
    if not report.by or report.by[-1] != "month" or len(report.by) > 2:
        raise PlotError(
            f"report grouped by {report.by!r}: this picture needs by='month' or "
            "by=(DIMENSION, 'month')"
        )
    cells = {}
    for row in report.rows:
        group = row.key[0] if len(row.key) == 2 else ""
        cells[group, row.key[-1]] = row
    groups = sorted({g for g, _ in cells})
    months = sorted({m for _, m in cells})
    return groups, months, cells


def plot_rate(
    report: Report,
    rate: str = DEFAULT_RATE,
    *,
    ax: Any = None,
    lang: Lang = "vi",
    labels: dict[str, str] | None = None,
) -> Any:
    """An indicator month by month, one line per group (one line without a group).

    Args:
        report: A report grouped by ``"month"`` or ``(DIMENSION, "month")``.
        rate: The indicator's name in the report's registry.
        ax: Axes to draw on (default a new figure).
        lang: ``"vi"`` or ``"en"`` for titles and labels.
        labels: Display names of the groups (e.g. commune names for codes).

    Raises:
        PlotError: the report is not grouped by month.
        UnknownIndicatorError: *rate* is not in the report's registry.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from lapvo_cchc.kpi import Period, report
        >>> ax = plot_rate(report([], Period.parse("2020-Q1"), by="month"), lang="en")
        >>> ax.get_xlabel(), len(ax.get_lines())
        ('Month', 1)
    """
    groups, months, cells = _by_month(report)
    text = _TEXT[lang]
    ax = _axes(ax, (8, 4.5))
    names = labels or {}
    x = list(range(len(months)))
    for group in groups or [""]:
        ys = [
            _percent(report, cells[group, m], rate) if (group, m) in cells else None for m in months
        ]
        values = [float("nan") if y is None else y for y in ys]
        ax.plot(x, values, marker="o", label=names.get(group, group) or None)
    ax.set_xticks(x, [_month_label(m) for m in months])
    ax.set_xlabel(text["month"])
    ax.set_ylabel(text["percent"])
    ax.set_title(_title(report, rate, lang))
    if len(groups) > 1:
        ax.legend(fontsize="small", ncols=2 if len(groups) > 8 else 1)
    ax.grid(visible=True, alpha=0.3)
    return ax


def plot_heatmap(
    report: Report,
    rate: str = DEFAULT_RATE,
    *,
    ax: Any = None,
    lang: Lang = "vi",
    labels: dict[str, str] | None = None,
    cmap: str = "RdYlGn",
    decimals: int = 1,
) -> Any:
    """An indicator per group (rows) and month (columns), each cell annotated.

    Cells with a zero denominator stay blank. The colour scale runs from the
    lowest value shown to 100%.

    Args:
        report: A report grouped by ``(DIMENSION, "month")``.
        rate: The indicator's name in the report's registry.
        ax: Axes to draw on (default a new figure).
        lang: ``"vi"`` or ``"en"``.
        labels: Display names of the groups.
        cmap: A matplotlib colour map name.
        decimals: Places of the annotations.

    Raises:
        PlotError: the report is not grouped by one dimension and month.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from lapvo_cchc.kpi import Period, report
        >>> plot_heatmap(report([], Period.parse("2020-Q1"), by="month"))
        Traceback (most recent call last):
        ...
        lapvo_cchc.reports.plot.PlotError: report grouped by ('month',): a heat map needs ...
    """
    if len(report.by) != 2 or report.by[-1] != "month":
        raise PlotError(
            f"report grouped by {report.by!r}: a heat map needs by=(DIMENSION, 'month')"
        )
    groups, months, cells = _by_month(report)
    names = labels or {}
    grid = [
        [_percent(report, cells[g, m], rate) if (g, m) in cells else None for m in months]
        for g in groups
    ]
    shown = [v for line in grid for v in line if v is not None]
    values = [[float("nan") if v is None else v for v in line] for line in grid]
    ax = _axes(ax, (1.2 + 0.9 * max(len(months), 1), 1.2 + 0.45 * max(len(groups), 1)))
    image = ax.imshow(
        values or [[float("nan")]],
        cmap=cmap,
        vmin=min(shown, default=0.0),
        vmax=100.0,
        aspect="auto",
    )
    ax.set_xticks(range(len(months)), [_month_label(m) for m in months])
    ax.set_yticks(range(len(groups)), [names.get(g, g) for g in groups])
    for i, line in enumerate(grid):
        for j, v in enumerate(line):
            if v is not None:
                ax.text(j, i, f"{v:.{decimals}f}", ha="center", va="center", fontsize=7)
    ax.set_title(_title(report, rate, lang))
    ax.figure.colorbar(image, ax=ax, label="%")
    return ax


def plot_outcomes(
    report: Report,
    *,
    ax: Any = None,
    lang: Lang = "vi",
    labels: dict[str, str] | None = None,
) -> Any:
    """Stacked bars per group: resolved early (8), on time (9), late (10), in progress (11).

    A report without groups draws its totals as one bar. The bars are counts,
    so a group's height is (7) + (11), which is (3) less the withdrawn and
    stopped dossiers.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from lapvo_cchc.kpi import Period, report
        >>> ax = plot_outcomes(report([], Period.parse("2020-H1"), by=None), lang="en")
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['Early (8)', 'On time (9)', 'Late (10)', 'In progress (11)']
    """
    text = _TEXT[lang]
    names = labels or {}
    rows = list(report.rows) or [report.total]
    ticks = [names.get(r.label, r.label) if r.key else text["total"] for r in rows]
    ax = _axes(ax, (max(6.0, 0.6 * len(rows) + 2), 4.5))
    bottom = [0] * len(rows)
    parts = (
        ("early", "resolved_early", "#1a9850"),
        ("on_time", "resolved_on_time", "#91cf60"),
        ("late", "resolved_late", "#d73027"),
        ("open", "in_progress_total", "#bdbdbd"),
    )
    x = list(range(len(rows)))
    for key, column, colour in parts:
        heights = [r.counts[column] for r in rows]
        ax.bar(x, heights, bottom=bottom, label=text[key], color=colour)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xticks(
        x, ticks, rotation=45 if len(rows) > 6 else 0, ha="right" if len(rows) > 6 else "center"
    )
    ax.set_ylabel(text["dossiers"])
    ax.set_title(f"{report.period.label}")
    ax.legend(fontsize="small")
    return ax


def plot_report(
    report: Report,
    rate: str = DEFAULT_RATE,
    *,
    ax: Any = None,
    lang: Lang = "vi",
    labels: dict[str, str] | None = None,
) -> Any:
    """The picture that suits the report's grouping, in one call.

    ``(DIMENSION, "month")``: :func:`plot_heatmap`; ``"month"``:
    :func:`plot_rate`; anything else: :func:`plot_outcomes`.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from lapvo_cchc.kpi import Period, report
        >>> plot_report(report([], Period.parse("2020-Q1"), by="month")).get_ylabel()
        '%'
    """
    if report.by and report.by[-1] == "month":
        if len(report.by) == 2:
            return plot_heatmap(report, rate, ax=ax, lang=lang, labels=labels)
        if len(report.by) == 1:
            return plot_rate(report, rate, ax=ax, lang=lang, labels=labels)
    return plot_outcomes(report, ax=ax, lang=lang, labels=labels)
