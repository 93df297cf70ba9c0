"""Renderers of the statistical report: text, Markdown, CSV, JSON, HTML, narrative (private).

Every percentage printed states its denominator in the docs (docs/report.md):

* "đạt" / resolution rate: resolved (7) over dossiers to handle (3);
* early / on time in the narrative: (8) and (9) over (3), so early + on
  time = the resolution rate minus the late share;
* the table's last column: early or on time, (8) + (9), over resolved (7);
* online share: (4) over dossiers received in the period (4) + (5).
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.errors import MissingExtraError
from lapvo_cchc.kpi._counting import FORM_COLUMNS
from lapvo_cchc.kpi._format import format_number
from lapvo_cchc.kpi._ratio import Ratio

if TYPE_CHECKING:
    from lapvo_cchc.kpi._counting import FormCounts
    from lapvo_cchc.kpi._format import Lang
    from lapvo_cchc.kpi._report import Report, ReportRow

__all__ = [
    "plain_rows",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_narrative",
    "render_text",
    "write_xlsx",
]

_LEVEL_VI: Final = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
_LEVEL_EN: Final = {"province": "Province", "district": "District", "commune": "Commune"}
_CHANNEL_EN: Final = {
    "trực tiếp": "In person",
    "trực tuyến": "Online",
    "bưu chính công ích": "Postal",
}
_TOTAL: Final = {"vi": "Tổng cộng", "en": "Total"}
_HEAD_VI: Final = (
    "Nhóm", "(3) Tổng", "(4) Trực tuyến", "(5) Trực tiếp, BC", "(6) Kỳ trước", "(7) Đã GQ",
    "(8) Trước hạn", "(9) Đúng hạn", "(10) Quá hạn", "(11) Đang GQ", "(12) Trong hạn",
    "(13) Quá hạn", "Rút", "Dừng", "Trước & đúng hạn",
)  # fmt: skip
_HEAD_EN: Final = (
    "Group", "(3) Total", "(4) Online", "(5) In person/post", "(6) Carried", "(7) Resolved",
    "(8) Early", "(9) On time", "(10) Late", "(11) In progress", "(12) Within",
    "(13) Overdue", "Withdrawn", "Stopped", "Early+on time",
)  # fmt: skip
_RATE_NOTE: Final = {
    "vi": "Tỷ lệ trước & đúng hạn = ((8) + (9)) / (7).",
    "en": "Early+on time = ((8) + (9)) / (7).",
}


def _label(report: Report, row: ReportRow, lang: Lang) -> str:
    if not row.key:
        return _TOTAL[lang]
    parts = []
    for dim, raw in zip(report.by, row.key, strict=True):
        value = raw
        if dim == "level":
            value = (_LEVEL_VI if lang == "vi" else _LEVEL_EN).get(raw, raw)
        elif dim == "channel" and lang == "en":
            value = _CHANNEL_EN.get(raw, raw)
        parts.append(value)
    return " / ".join(parts)


def _good_rate(c: FormCounts) -> Ratio:
    return Ratio(c.resolved_early + c.resolved_on_time, c.resolved_total)


def _cells(report: Report, row: ReportRow, lang: Lang) -> list[str]:
    c = row.counts
    nums = [format_number(c[name], lang) for name in FORM_COLUMNS]
    return [_label(report, row, lang), *nums, _good_rate(c).format(lang)]


def _title(report: Report, lang: Lang) -> str:
    p = report.period
    if lang == "vi":
        return (
            "Tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT), kỳ "
            f"{p.label}: {p.start:%d/%m/%Y}–{p.end:%d/%m/%Y}"
        )
    return f"Dossier handling (form 06/VPCP/KSTT), period {p.label}: {p.start}–{p.end}"


def _findings(report: Report, lang: Lang) -> list[str]:
    if not report.findings:
        return []
    head = "Đẳng thức không khớp:" if lang == "vi" else "Broken identities:"
    return [head, *(f"- {f}" for f in report.findings)]


def render_text(report: Report, lang: Lang = "vi") -> str:
    """Aligned plain text: a title, the table (groups then totals), notes and findings."""
    head = list(_HEAD_VI if lang == "vi" else _HEAD_EN)
    body = [_cells(report, row, lang) for row in (*report.rows, report.total)]
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join((first, *rest)).rstrip()

    rule = "-" * len(line(head))
    lines = [_title(report, lang), rule, line(head), rule]
    lines += [line(r) for r in body[:-1]]
    if report.rows:
        lines.append(rule)
    lines += [line(body[-1]), rule, _RATE_NOTE[lang], *_findings(report, lang)]
    return "\n".join(lines) + "\n"


def render_markdown(report: Report, lang: Lang = "vi") -> str:
    """A Markdown table with a title line; pipes in labels are escaped."""
    head = list(_HEAD_VI if lang == "vi" else _HEAD_EN)
    out = [f"**{_title(report, lang)}**", "", "| " + " | ".join(head) + " |"]
    out.append("|" + "---|" + "---:|" * (len(head) - 1))
    for row in (*report.rows, report.total):
        cells = [cell.replace("|", "\\|") for cell in _cells(report, row, lang)]
        if not row.key:
            cells = [f"**{cell}**" for cell in cells]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", _RATE_NOTE[lang]]
    findings = _findings(report, lang)
    if findings:
        out += ["", *findings]
    return "\n".join(out) + "\n"


def _percent_number(ratio: Ratio) -> float | None:
    p = ratio.percent(2)
    return None if p is None else float(p)


def _group_dict(report: Report, row: ReportRow) -> dict[str, Any]:
    item: dict[str, Any] = dict(zip(report.by, row.key, strict=False))
    item.update(row.counts.as_dict(form_only=True))
    rates = report.rates(row)
    item["rates"] = {
        name: {
            "numerator": r.numerator,
            "denominator": r.denominator,
            "value": None if r.value is None else f"{r.value.numerator}/{r.value.denominator}",
            "percent": _percent_number(r),
        }
        for name, r in rates.items()
    }
    return item


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """JSON: ``period``, ``by``, ``groups`` (form keys + ``rates``), ``total``, ``findings``.

    Each rate keeps its numerator, denominator, the exact value as
    ``"n/d"`` and the percentage rounded half-up to two places.
    """
    doc = {
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "by": list(report.by),
        "groups": [_group_dict(report, row) for row in report.rows],
        "total": _group_dict(report, report.total),
        "findings": [
            {"row": f.row, "identity": f.identity, "left": f.left, "right": f.right}
            for f in report.findings
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"


_CSV_RATES: Final = (
    "resolution_rate",
    "early_rate_of_resolved",
    "on_time_rate_of_resolved",
    "late_rate_of_resolved",
    "on_time_766",
    "online_share",
)


def plain_rows(report: Report) -> list[dict[str, Any]]:
    """One flat dict per group and one for the totals (dimension values empty).

    Keys: the dimensions, the thirteen form keys, then a few rates as
    percentages (two places, half-up; ``None`` for a zero denominator).
    """
    out = []
    for row in (*report.rows, report.total):
        item: dict[str, Any] = dict.fromkeys(report.by, "")
        item.update(zip(report.by, row.key, strict=False))
        item.update(row.counts.as_dict(form_only=True))
        rates = report.rates(row)
        for name in _CSV_RATES:
            item[name] = _percent_number(rates[name]) if name in rates else None
        out.append(item)
    return out


def render_csv(report: Report) -> str:
    """CSV: the dimensions, the form keys and a few rates (percent, two places); totals last."""
    rows = plain_rows(report)
    buffer = io.StringIO()
    fields = [*report.by, *FORM_COLUMNS, *_CSV_RATES]
    if not report.by:
        fields.insert(0, "group")
        for r in rows:
            r["group"] = "total"
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if v is None else v for k, v in r.items()})
    return buffer.getvalue()


def render_html(report: Report, lang: Lang = "vi") -> str:
    """An HTML ``<table>`` with a caption; every text is escaped."""
    head = _HEAD_VI if lang == "vi" else _HEAD_EN
    out = [
        '<table class="lapvo-report">',
        f"<caption>{html.escape(_title(report, lang))}</caption>",
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    for row in (*report.rows, report.total):
        cells = _cells(report, row, lang)
        tag = "th" if not row.key else "td"
        out.append(
            f"<tr><{tag}>{html.escape(cells[0])}</{tag}>"
            + "".join(f'<td style="text-align:right">{html.escape(c)}</td>' for c in cells[1:])
            + "</tr>"
        )
    out.append("</tbody></table>")
    notes = [_RATE_NOTE[lang], *_findings(report, lang)]
    out += [f"<p>{html.escape(n)}</p>" for n in notes]
    return "\n".join(out) + "\n"


def _sentence(subject: str, c: FormCounts, lang: Lang) -> str:
    n = format_number
    handled = c.received_total
    if lang == "vi":
        text = (
            f"{subject} đã tiếp nhận {n(handled)} hồ sơ (trong đó {n(c.carried_over)} hồ sơ "
            f"kỳ trước chuyển sang, {n(c.received_online)} hồ sơ trực tuyến), đã giải quyết "
            f"{n(c.resolved_total)} hồ sơ, đạt {Ratio(c.resolved_total, handled).format()}"
        )
        if c.resolved_total:
            text += (
                f", trong đó trả trước hẹn {Ratio(c.resolved_early, handled).format()}, "
                f"đúng hẹn {Ratio(c.resolved_on_time, handled).format()}"
            )
            if c.resolved_late:
                text += f", quá hạn {Ratio(c.resolved_late, handled).format()}"
        text += f"; đang giải quyết {n(c.in_progress_total)} hồ sơ"
        if c.in_progress_overdue:
            text += f" ({n(c.in_progress_overdue)} hồ sơ quá hạn)"
        if c.withdrawn or c.stopped:
            text += f"; {n(c.withdrawn)} hồ sơ rút, {n(c.stopped)} hồ sơ dừng xử lý"
        return text + "."
    text = (
        f"{subject} handled {n(handled, 'en')} dossiers ({n(c.carried_over, 'en')} carried over, "
        f"{n(c.received_online, 'en')} received online) and resolved "
        f"{n(c.resolved_total, 'en')}, {Ratio(c.resolved_total, handled).format('en')}"
    )
    if c.resolved_total:
        text += (
            f": {Ratio(c.resolved_early, handled).format('en')} early and "
            f"{Ratio(c.resolved_on_time, handled).format('en')} on time"
        )
        if c.resolved_late:
            text += f", {Ratio(c.resolved_late, handled).format('en')} late"
    text += f"; {n(c.in_progress_total, 'en')} are in progress"
    if c.in_progress_overdue:
        text += f" ({n(c.in_progress_overdue, 'en')} overdue)"
    if c.withdrawn or c.stopped:
        text += f"; {n(c.withdrawn, 'en')} withdrawn, {n(c.stopped, 'en')} stopped"
    return text + "."


def render_narrative(report: Report, lang: Lang = "vi", *, subject: str | None = None) -> str:
    """The narrative paragraph for the totals, then one sentence per group.

    Percentages: "đạt" is resolved over dossiers to handle (3), including
    the carried over ones; early, on time and late are over the same (3).
    """
    if subject is None:
        subject = "Bộ phận Tiếp nhận và Trả kết quả" if lang == "vi" else "the one-stop desks"
    p = report.period
    lead = (
        f"Từ ngày {p.start:%d/%m/%Y} đến ngày {p.end:%d/%m/%Y}, "
        if lang == "vi"
        else f"From {p.start:%d/%m/%Y} to {p.end:%d/%m/%Y}, "
    )
    lines = [lead + _sentence(subject, report.total.counts, lang)]
    for row in report.rows:
        label = _label(report, row, lang)
        who = f"{subject} {label.lower()}" if lang == "vi" and report.by == ("level",) else label
        lines.append("- " + _sentence(who, row.counts, lang))
    return "\n".join(lines) + "\n"


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
}  # fmt: skip
_DIM_EN: Final = {
    "level": "Level", "agency": "Agency", "field": "Field", "procedure": "Procedure",
    "channel": "Channel", "month": "Month",
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
    wb.save(path)


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
    for c1, c2, r1, r2, key in _XLSX_HEAD:
        if (c1, r1) != (c2, r2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        ws.cell(r1, c1, group_head if key == "group" else text[key])
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(r, c).border = box
                ws.cell(r, c).alignment = center
                ws.cell(r, c).font = bold
    for c in range(1, _LAST_COL + 1):
        cell = ws.cell(8, c, f"({c})")
        cell.alignment = center
        cell.border = box
        cell.font = Font(italic=True)
    r = _XLSX_FIRST_DATA_ROW
    for n, row in enumerate((*report.rows, report.total), start=1):
        is_total = not row.key
        values: list[object] = [
            None if is_total else n,
            _label(report, row, lang),
            *(row.counts[name] for name in FORM_COLUMNS),
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
    ws.cell(r + 1, 2, text["identities"]).font = Font(italic=True)
    ws.cell(
        r + 2,
        2,
        text["broken"].format(n=len(report.findings)) if report.findings else text["ok"],
    )
    _lay_out(ws)


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

    from lapvo_cchc.kpi._report import IDENTITIES

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
        label = _label(report, row, lang)
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
        label = _label(report, row, lang)
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
