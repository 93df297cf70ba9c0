"""Renderers of the catalogue report: text, Markdown, CSV, JSON, HTML (private module).

Self-contained (stdlib only) so the report can move with its data. Every
renderer takes a :class:`~lapvo_cchc.kpi.catalog_report.CatalogReport` and a
language (``"vi"`` or ``"en"``) and returns a ``str``.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc._text import markdown_cell, spreadsheet_cell
from lapvo_cchc.errors import InvalidTypeError

if TYPE_CHECKING:
    from lapvo_cchc.kpi.catalog_report import CatalogReport

__all__ = [
    "render_catalog_csv",
    "render_catalog_html",
    "render_catalog_json",
    "render_catalog_markdown",
    "render_catalog_text",
]

_LEVEL: Final = {
    "vi": {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"},
    "en": {"province": "Province", "district": "District", "commune": "Commune"},
}
_WORDS: Final = {
    "vi": {
        "title": "Thủ tục hành chính công bố, công khai",
        "on": "tính đến ngày",
        "level": "Cấp",
        "total": "Tổng số TTHC",
        "field": "Lĩnh vực",
        "online": "Mức độ trực tuyến",
        "shortened": "Cắt giảm thời gian",
        "count": "Số TTHC",
        "distinct": "Số TTHC (không trùng)",
        "notes": "Ghi chú",
        "kind": "Nhóm",
        "key": "Nội dung",
    },
    "en": {
        "title": "Administrative procedures posted",
        "on": "as of",
        "level": "Level",
        "total": "Procedures",
        "field": "Field",
        "online": "Online service level",
        "shortened": "Shortened time limit",
        "count": "Procedures",
        "distinct": "Distinct procedures",
        "notes": "Notes",
        "kind": "Group",
        "key": "Item",
    },
}


def _lang(lang: str) -> dict[str, str]:
    if lang not in _WORDS:
        raise InvalidTypeError(f"lang: expected 'vi' or 'en', got {lang!r}")
    return _WORDS[lang]


def _rows(report: CatalogReport, lang: str) -> list[tuple[str, str, str, int]]:
    """Flat ``(level, group, item, count)`` rows shared by the tabular renderers."""
    words = _lang(lang)
    out: list[tuple[str, str, str, int]] = []
    for counts in report.levels:
        level = _LEVEL[lang][counts.level]
        out.append((level, words["total"], "", counts.total))
        out.extend((level, words["field"], name, n) for name, n in counts.by_field)
        out.extend((level, words["online"], label, n) for label, n in counts.by_online)
        out.append((level, words["shortened"], ", ".join(counts.shortened), len(counts.shortened)))
    return out


def render_catalog_text(report: CatalogReport, *, lang: str = "vi") -> str:
    """The report as aligned plain text.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> text = render_catalog_text(catalog_report(sample_catalog(), on=dt.date(2025, 6, 30)))
        >>> print(text.splitlines()[0])
        Thủ tục hành chính công bố, công khai (tính đến ngày 30/06/2025)
    """
    words = _lang(lang)
    lines = [f"{words['title']} ({words['on']} {report.on:%d/%m/%Y})", ""]
    for counts in report.levels:
        lines.append(f"{_LEVEL[lang][counts.level]}: {counts.total}")
        lines.append(f"  {words['field']}:")
        lines.extend(f"    {name:<50} {n:>5}" for name, n in counts.by_field)
        lines.append(f"  {words['online']} ({report.scheme.value}):")
        lines.extend(f"    {label:<50} {n:>5}" for label, n in counts.by_online)
        shortened = ", ".join(counts.shortened) or "-"
        lines.append(f"  {words['shortened']}: {len(counts.shortened)} ({shortened})")
        lines.append("")
    lines.append(f"{words['distinct']}: {report.distinct}")
    lines.append(f"{words['notes']}:")
    lines.extend(f"- {note}" for note in report.notes)
    return "\n".join(lines) + "\n"


def render_catalog_markdown(report: CatalogReport, *, lang: str = "vi") -> str:
    """The report as a Markdown table with the notes below it.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> md = render_catalog_markdown(catalog_report(sample_catalog(), on=dt.date(2025, 6, 30)),
        ...                              lang="en")
        >>> print(md.splitlines()[2])
        | Level | Group | Item | Procedures |
    """
    words = _lang(lang)

    lines = [
        f"**{words['title']}** ({words['on']} {report.on:%d/%m/%Y})",
        "",
        f"| {words['level']} | {words['kind']} | {words['key']} | {words['count']} |",
        "|---|---|---|---:|",
    ]
    lines.extend(
        f"| {markdown_cell(a)} | {markdown_cell(b)} | {markdown_cell(c)} | {n} |"
        for a, b, c, n in _rows(report, lang)
    )
    lines.extend(["", f"{words['distinct']}: {report.distinct}", ""])
    lines.extend(f"- {markdown_cell(note)}" for note in report.notes)
    return "\n".join(lines) + "\n"


def render_catalog_csv(report: CatalogReport, *, lang: str = "vi") -> str:
    """The report as CSV rows ``level, group, item, count``.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> out = render_catalog_csv(catalog_report(sample_catalog(), on=dt.date(2025, 6, 30)),
        ...                          lang="en")
        >>> out.splitlines()[:2]
        ['Level,Group,Item,Procedures', 'District,Procedures,,22']
    """
    words = _lang(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([words["level"], words["kind"], words["key"], words["count"]])
    writer.writerows([spreadsheet_cell(v) for v in row] for row in _rows(report, lang))
    return buffer.getvalue()


def catalog_as_dict(report: CatalogReport) -> dict[str, Any]:
    """The report as plain data (JSON-ready): codes and labels verbatim.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> data = catalog_as_dict(catalog_report(sample_catalog(), on=dt.date(2025, 6, 30)))
        >>> data["scheme"], data["levels"][1]["total"]
        ('DECREE_42_2022', 19)
    """
    return {
        "on": report.on.isoformat(),
        "scheme": report.scheme.name,
        "scheme_basis": report.scheme.value,
        "distinct": report.distinct,
        "levels": [
            {
                "level": counts.level,
                "total": counts.total,
                "by_field": [{"field": name, "count": n} for name, n in counts.by_field],
                "by_online": [{"online": label, "count": n} for label, n in counts.by_online],
                "shortened": list(counts.shortened),
            }
            for counts in report.levels
        ],
        "notes": list(report.notes),
    }


def render_catalog_json(report: CatalogReport) -> str:
    """The report as JSON (UTF-8 text, Vietnamese kept as is).

    Example:
        >>> import datetime as dt, json
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> rep = catalog_report(sample_catalog(), on=dt.date(2025, 6, 30))
        >>> json.loads(render_catalog_json(rep))["levels"][0]["level"]
        'district'
    """
    return json.dumps(catalog_as_dict(report), ensure_ascii=False, indent=2) + "\n"


def render_catalog_html(report: CatalogReport, *, lang: str = "vi") -> str:
    """The report as an HTML fragment (a table and a list of notes), escaped.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.procedures import sample_catalog
        >>> from lapvo_cchc.kpi.catalog_report import catalog_report
        >>> out = render_catalog_html(catalog_report(sample_catalog(), on=dt.date(2025, 6, 30)))
        >>> out.startswith('<section class="catalog-report">'), "<td>Cấp xã</td>" in out
        (True, True)
    """
    words = _lang(lang)
    esc = html.escape
    head = "".join(f"<th>{esc(words[k])}</th>" for k in ("level", "kind", "key", "count"))
    body = "".join(
        f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td>{esc(c)}</td><td>{n}</td></tr>"
        for a, b, c, n in _rows(report, lang)
    )
    notes = "".join(f"<li>{esc(note)}</li>" for note in report.notes)
    return (
        '<section class="catalog-report">'
        f"<h2>{esc(words['title'])} ({esc(words['on'])} {report.on:%d/%m/%Y})</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"<p>{esc(words['distinct'])}: {report.distinct}</p>"
        f"<ul>{notes}</ul></section>\n"
    )
