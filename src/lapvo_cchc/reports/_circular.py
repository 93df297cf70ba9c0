"""The statistical form as Circular 01/2020/TT-VPCP prints it: thirteen columns (private).

The library's default layout keeps withdrawn and stopped dossiers in two
columns of their own. The printed form (*Biểu số 06/VPCP/KSTT*) has no such
columns; provincial one-stop systems that print it count a withdrawn dossier
as resolved on time (Thanh Hóa's Biểu II.06a heads its column 9 "including
dossiers awaiting a supplement and returned or withdrawn ones"). The
circular's own instructions for filling in the form were not available to the
project, so this layout follows that practice and says so in a note
(docs/form-06.md lists every column's definition and where practice differs):

* withdrawn dossiers are added to (7) and (9);
* stopped (and refused in processing) dossiers stay in (3) only: the 2020 form
  has no column for the stop notice of Decree 118/2025/NĐ-CP; their count is
  in the note, so (3) = (7) + (11) + stopped;
* a dossier awaiting a supplement at the end of the period stays in progress
  within the deadline (12), as in the default layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.kpi import FormCounts, ReportNote, ReportRow

if TYPE_CHECKING:
    from lapvo_cchc.kpi import Report

__all__ = ["as_circular"]


def _fold(counts: FormCounts) -> FormCounts:
    return attrs.evolve(
        counts,
        resolved_total=counts.resolved_total + counts.withdrawn,
        resolved_on_time=counts.resolved_on_time + counts.withdrawn,
        withdrawn=0,
    )


def as_circular(report: Report) -> Report:
    """The report laid out as the circular's form prints it (see the module docs).

    Every row's withdrawn dossiers move into (7) and (9); a note says how many
    moved, how many stopped dossiers stay outside (7) and (11), and on what
    reading. A report already in this layout is returned as is.

    Example:
        >>> from lapvo_cchc.kpi import FormCounts, Period, Report, ReportRow
        >>> c = FormCounts(received_total=3, received_online=3, resolved_total=1,
        ...                resolved_on_time=1, withdrawn=1, stopped=1)
        >>> rep = as_circular(Report(period=Period.year(2020), by=(), rows=(),
        ...                          total=ReportRow((), c)))
        >>> t = rep.total.counts
        >>> rep.layout, t.resolved_total, t.resolved_on_time, t.withdrawn, t.stopped
        ('circular', 2, 2, 0, 1)
        >>> rep.notes[-1].count
        1
    """
    if report.layout == "circular":
        return report
    total = report.total.counts
    moved, stopped = total.withdrawn, total.stopped
    note = ReportNote(
        "layout_circular",
        "Bố cục 13 cột của Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) như các hệ thống "
        f"một cửa in: {moved} hồ sơ rút được tính vào (7) và (9) (đúng hạn); {stopped} hồ sơ "
        "dừng giải quyết hoặc từ chối chỉ có ở (3), không thuộc (7) hay (11), vì biểu năm "
        "2020 không có cột cho chúng; hồ sơ đang chờ bổ sung tính vào (12). Hướng dẫn ghi "
        "chép của Thông tư chưa được đối chiếu (docs/form-06.md).",
        "The 13 columns of form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) as one-stop systems "
        f"print them: {moved} withdrawn dossiers are counted in (7) and (9) (on time); "
        f"{stopped} stopped or refused dossiers are in (3) only, in neither (7) nor (11), as "
        "the 2020 form has no column for them; dossiers awaiting a supplement are in (12). "
        "The circular's own filling-in instructions were not checked (docs/form-06.md).",
        moved,
    )
    return attrs.evolve(
        report,
        rows=tuple(ReportRow(row.key, _fold(row.counts)) for row in report.rows),
        total=ReportRow(report.total.key, _fold(total)),
        notes=(*report.notes, note),
        layout="circular",
    )
