"""Rendering of the statistical report (Biểu số 06/VPCP/KSTT) for people and programs.

The counting stays in :mod:`lapvo_cchc.kpi`; this package turns a
:class:`~lapvo_cchc.kpi.Report` into aligned text, Markdown, CSV, JSON,
HTML, the narrative paragraph of district reports, plain rows for a
dataframe, an Excel workbook laid out like the form (openpyxl, the
``excel`` extra, imported only then), a whole HTML page
(:func:`render_html_document`), or the usual pictures
(:mod:`lapvo_cchc.reports.plot`, matplotlib, the ``plot`` extra). Nothing
here counts: every number comes from the report. :func:`as_circular` lays a
report out as the circular prints the form (thirteen columns; docs/form-06.md).

Example:
    >>> from lapvo_cchc.kpi import Period, report
    >>> rep = report([], Period.parse("2020-H1"))
    >>> render_csv(rep).splitlines()[0].split(",")[:3]
    ['level', 'received_total', 'received_online']
"""

from __future__ import annotations

from lapvo_cchc.reports._catalog import (
    catalog_as_dict,
    render_catalog_csv,
    render_catalog_html,
    render_catalog_json,
    render_catalog_markdown,
    render_catalog_text,
)
from lapvo_cchc.reports._catalog_xlsx import write_catalog_xlsx
from lapvo_cchc.reports._circular import as_circular
from lapvo_cchc.reports._render import (
    plain_rows,
    render_csv,
    render_html,
    render_html_document,
    render_json,
    render_markdown,
    render_narrative,
    render_text,
)
from lapvo_cchc.reports._xlsx import write_xlsx
from lapvo_cchc.reports.plot import (
    PlotError,
    plot_heatmap,
    plot_outcomes,
    plot_rate,
    plot_report,
)

__all__ = [
    "PlotError",
    "as_circular",
    "catalog_as_dict",
    "plain_rows",
    "plot_heatmap",
    "plot_outcomes",
    "plot_rate",
    "plot_report",
    "render_catalog_csv",
    "render_catalog_html",
    "render_catalog_json",
    "render_catalog_markdown",
    "render_catalog_text",
    "render_csv",
    "render_html",
    "render_html_document",
    "render_json",
    "render_markdown",
    "render_narrative",
    "render_text",
    "write_catalog_xlsx",
    "write_xlsx",
]
