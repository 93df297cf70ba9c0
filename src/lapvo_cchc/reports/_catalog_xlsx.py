"""The catalogue report (procedures posted per level) as an Excel workbook (private).

One sheet: a title row, the table of :func:`~lapvo_cchc.reports.render_catalog_csv`
(level, group, item, count; counts as numbers), then the procedures counted once
and the notes. openpyxl (the ``excel`` extra) is imported only here.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from lapvo_cchc.errors import MissingExtraError

if TYPE_CHECKING:
    from lapvo_cchc.kpi.catalog_report import CatalogReport

__all__ = ["write_catalog_xlsx"]

_TITLE = {
    "vi": ("Thủ tục hành chính công bố, công khai (tính đến ngày {on:%d/%m/%Y})",
           "Số thủ tục (mỗi thủ tục tính một lần)", "Ghi chú"),
    "en": ("Administrative procedures posted (as of {on:%d/%m/%Y})",
           "Procedures, each counted once", "Notes"),
}  # fmt: skip


def write_catalog_xlsx(report: CatalogReport, path: str, lang: str = "vi") -> None:
    """Write the catalogue report to an ``.xlsx`` file (extra ``lapvo-cchc[excel]``).

    Raises:
        MissingExtraError: openpyxl is not installed.

    Example:
        >>> import datetime as dt, pathlib, tempfile, openpyxl
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> p = str(pathlib.Path(tempfile.mkdtemp()) / "c.xlsx")
        >>> write_catalog_xlsx(catalog_report(sample_catalog(), on=dt.date(2025, 6, 30)), p)
        >>> [c.value for c in openpyxl.load_workbook(p).active[3]]
        ['Cấp huyện', 'Tổng số TTHC', None, 22]
    """
    try:
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from openpyxl.styles import Font  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise MissingExtraError(
            'writing an .xlsx report needs openpyxl: pip install "lapvo-cchc[excel]"'
        ) from None
    from lapvo_cchc.reports._catalog import render_catalog_csv

    title, distinct, notes = _TITLE["vi" if lang == "vi" else "en"]
    book = openpyxl.Workbook()
    ws: Any = book.active
    ws.title = "TTHC" if lang == "vi" else "Procedures"
    ws.append([title.format(on=report.on)])
    ws.cell(1, 1).font = Font(bold=True, size=13)
    rows = list(csv.reader(io.StringIO(render_catalog_csv(report, lang=lang))))
    ws.append(rows[0])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for level, group, item, count in rows[1:]:
        ws.append([level, group, item or None, int(count)])
    ws.append([])
    ws.append([distinct, None, None, report.distinct])
    ws.append([notes])
    for note in report.notes:
        ws.append([note])
    for letter, width in zip("ABCD", (14, 28, 50, 12), strict=True):
        ws.column_dimensions[letter].width = width
    book.save(path)
