"""Renderers of the statistical report: text, Markdown, CSV, JSON, HTML, narrative (private).

Every percentage printed states its denominator in the docs (docs/report.md):

* "đạt" / resolution rate: resolved (7) over dossiers to handle (3);
* early / on time in the narrative: (8) and (9) over (3), so early + on
  time = the resolution rate minus the late share;
* the table's last column: early or on time, (8) + (9), over resolved (7);
* online share: (4) over dossiers received in the period (4) + (5).

Text from the data (group labels, findings) is written so that it cannot act
on its reader (docs/security.md): control characters become visible escapes
in every format, Markdown cells escape HTML and Markdown syntax, HTML escapes
everything, and a CSV text cell that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``...) is prefixed with a single quote.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc._text import markdown_cell, spreadsheet_cell, visible
from lapvo_cchc.kpi import FORM_COLUMNS, Ratio, format_number

if TYPE_CHECKING:
    from lapvo_cchc.kpi import FormCounts, Lang, Report, ReportRow

__all__ = [
    "plain_rows",
    "render_csv",
    "render_html",
    "render_html_document",
    "render_json",
    "render_markdown",
    "render_narrative",
    "render_text",
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
# The circular layout: STT, the row's label, then columns (3)-(13) with the form's
# printed headings (docs/form-06.md), without the two columns of the default layout.
_CIRCULAR_VI: Final = (
    "(1) STT", "(2) Lĩnh vực, công việc giải quyết theo cấp", "(3) Nhận giải quyết: Tổng số",
    "(4) Trực tuyến", "(5) Trực tiếp, dịch vụ bưu chính", "(6) Từ kỳ trước",
    "(7) Đã giải quyết: Tổng số", "(8) Trước hạn", "(9) Đúng hạn", "(10) Quá hạn",
    "(11) Đang giải quyết: Tổng số", "(12) Trong hạn", "(13) Quá hạn",
)  # fmt: skip
_CIRCULAR_EN: Final = (
    "(1) No.", "(2) Field or work, by level", "(3) To handle: total", "(4) Online",
    "(5) In person or by post", "(6) Carried over", "(7) Resolved: total", "(8) Early",
    "(9) On time", "(10) Late", "(11) In progress: total", "(12) Within", "(13) Overdue",
)  # fmt: skip
_CIRCULAR_COLUMNS: Final = FORM_COLUMNS[:11]
_RATE_NOTE: Final = {
    "vi": "Tỷ lệ trước & đúng hạn = ((8) + (9)) / (7).",
    "en": "Early+on time = ((8) + (9)) / (7).",
}


def group_label(report: Report, row: ReportRow, lang: Lang) -> str:
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
    return visible(" / ".join(parts))


def _good_rate(c: FormCounts) -> Ratio:
    return Ratio(c.resolved_early + c.resolved_on_time, c.resolved_total)


def _head(report: Report, lang: Lang) -> list[str]:
    if report.layout == "circular":
        return list(_CIRCULAR_VI if lang == "vi" else _CIRCULAR_EN)
    return list(_HEAD_VI if lang == "vi" else _HEAD_EN)


def _cells(report: Report, row: ReportRow, lang: Lang) -> list[str]:
    c = row.counts
    if report.layout == "circular":
        number = str(report.rows.index(row) + 1) if row.key else ""
        nums = [format_number(c[name], lang) for name in _CIRCULAR_COLUMNS]
        return [number, group_label(report, row, lang), *nums]
    nums = [format_number(c[name], lang) for name in FORM_COLUMNS]
    return [group_label(report, row, lang), *nums, _good_rate(c).format(lang)]


def _title(report: Report, lang: Lang) -> str:
    p = report.period
    if lang == "vi":
        return (
            "Tình hình, kết quả giải quyết TTHC (Biểu số 06/VPCP/KSTT), kỳ "
            f"{p.label}: {p.start:%d/%m/%Y}–{p.end:%d/%m/%Y}"
        )
    return f"Dossier handling (form 06/VPCP/KSTT), period {p.label}: {p.start}–{p.end}"


def _rate_note(report: Report, lang: Lang) -> list[str]:
    """The note on the rate column (the circular layout has no such column)."""
    return [] if report.layout == "circular" else [_RATE_NOTE[lang]]


def _notes(report: Report, lang: Lang) -> list[str]:
    """The report's notes as lines under a heading (none without notes)."""
    if not report.notes:
        return []
    head = "Ghi chú:" if lang == "vi" else "Notes:"
    return [head, *(visible(f"- {n.text(lang)}") for n in report.notes)]


def _findings(report: Report, lang: Lang) -> list[str]:
    if not report.findings:
        return []
    head = "Đẳng thức không khớp:" if lang == "vi" else "Broken identities:"
    return [head, *(visible(f"- {f}") for f in report.findings)]


def render_text(report: Report, lang: Lang = "vi") -> str:
    """Aligned plain text: a title, the table (groups then totals), notes and findings."""
    head = _head(report, lang)
    body = [_cells(report, row, lang) for row in (*report.rows, report.total)]
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]

    lead = 2 if report.layout == "circular" else 1  # label columns, left-aligned

    def line(cells: list[str]) -> str:
        first = (cell.ljust(w) for cell, w in zip(cells[:lead], widths[:lead], strict=True))
        rest = (cell.rjust(w) for cell, w in zip(cells[lead:], widths[lead:], strict=True))
        return "  ".join((*first, *rest)).rstrip()

    rule = "-" * len(line(head))
    lines = [_title(report, lang), rule, line(head), rule]
    lines += [line(r) for r in body[:-1]]
    if report.rows:
        lines.append(rule)
    lines += [line(body[-1]), rule, *_rate_note(report, lang), *_notes(report, lang)]
    lines += _findings(report, lang)
    return "\n".join(lines) + "\n"


def render_markdown(report: Report, lang: Lang = "vi") -> str:
    """A Markdown table with a title line; labels and findings escape Markdown and HTML."""
    head = _head(report, lang)
    out = [f"**{_title(report, lang)}**", "", "| " + " | ".join(head) + " |"]
    out.append("|" + "---|" + "---:|" * (len(head) - 1))
    for row in (*report.rows, report.total):
        cells = [markdown_cell(cell) for cell in _cells(report, row, lang)]
        if not row.key:
            cells = [f"**{cell}**" for cell in cells]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", *_rate_note(report, lang)]
    if report.notes:
        notes = _notes(report, lang)
        out += ["", notes[0], *(markdown_cell(n) for n in notes[1:])]
    findings = _findings(report, lang)
    if findings:
        out += ["", findings[0], *(markdown_cell(f) for f in findings[1:])]
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
        "layout": report.layout,
        "groups": [_group_dict(report, row) for row in report.rows],
        "total": _group_dict(report, report.total),
        "findings": [
            {"row": f.row, "identity": f.identity, "left": f.left, "right": f.right}
            for f in report.findings
        ],
        "notes": [{"key": n.key, "count": n.count, "vi": n.vi, "en": n.en} for n in report.notes],
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
    """CSV: the dimensions, the form keys and a few rates (percent, two places); totals last.

    A report with notes gets a last column ``notes``, filled on the totals row
    (the English notes joined by a vertical bar). Text cells that a spreadsheet
    would read as a formula get a leading single quote
    (:func:`lapvo_cchc._text.spreadsheet_cell`); numbers stay numbers.
    """
    rows = plain_rows(report)
    buffer = io.StringIO()
    columns = _CIRCULAR_COLUMNS if report.layout == "circular" else FORM_COLUMNS
    fields = [*report.by, *columns, *_CSV_RATES]
    if not report.by:
        fields.insert(0, "group")
        for r in rows:
            r["group"] = "total"
    if report.notes:
        fields.append("notes")
        for r in rows:
            r["notes"] = ""
        rows[-1]["notes"] = " | ".join(n.en for n in report.notes)
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if v is None else spreadsheet_cell(v) for k, v in r.items()})
    return buffer.getvalue()


def render_html(report: Report, lang: Lang = "vi") -> str:
    """An HTML ``<table>`` with a caption; every text is escaped."""
    head = _head(report, lang)
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
    notes = [*_rate_note(report, lang), *_notes(report, lang), *_findings(report, lang)]
    out += [f"<p>{html.escape(n)}</p>" for n in notes]
    return "\n".join(out) + "\n"


_CSS: Final = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  margin: 1.5rem; color: #1b1b1b; background: #fff; }
main { max-width: 100%; overflow-x: auto; }
table.lapvo-report { border-collapse: collapse; font-size: 0.9rem;
  font-variant-numeric: tabular-nums; }
table.lapvo-report caption { caption-side: top; text-align: left; font-weight: 600;
  padding: 0 0 0.5rem; }
table.lapvo-report th, table.lapvo-report td { border: 1px solid #c8c8c8;
  padding: 0.25rem 0.5rem; white-space: nowrap; }
table.lapvo-report thead th { background: #eef2f7; vertical-align: bottom; }
table.lapvo-report tbody tr:nth-child(even) { background: #fafafa; }
table.lapvo-report tbody tr:last-child { font-weight: 600; background: #eef2f7; }
p.note { color: #555; }
@media print { body { margin: 0; } main { overflow: visible; } }
"""


def render_html_document(report: Report, lang: Lang = "vi", *, note: str = "") -> str:
    """A whole HTML page: doctype, UTF-8, a title, styles, the table of :func:`render_html`.

    The page stands alone (no script, font or style sheet from elsewhere), so
    it opens from a file or an e-mail on a closed network. *note* (e.g. that
    the data are a sample) is shown above the table. Every text is escaped.

    Example:
        >>> from lapvo_cchc.kpi import Period, report
        >>> page = render_html_document(report([], Period.parse("2020-H1")), "en")
        >>> page.splitlines()[:3]
        ['<!doctype html>', '<html lang="en">', '<head>']
        >>> '<meta charset="utf-8">' in page and "<style>" in page
        True
    """
    title = html.escape(_title(report, lang))
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="lapvo-cchc">',
        f"<title>{title}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    if note:
        parts.append(f'<p class="note">{html.escape(note)}</p>')
    parts += [render_html(report, lang).rstrip("\n"), "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


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
        label = group_label(report, row, lang)
        who = f"{subject} {label.lower()}" if lang == "vi" and report.by == ("level",) else label
        lines.append("- " + _sentence(who, row.counts, lang))
    lines += _notes(report, lang)
    return "\n".join(lines) + "\n"
