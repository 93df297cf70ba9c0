"""``report --format html`` writes a whole page that stands alone."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from lapvo_cchc.cli import main
from lapvo_cchc.kpi import Period, report
from lapvo_cchc.reports import render_html_document

if TYPE_CHECKING:
    import pathlib
    from collections.abc import Sequence

    import pytest


class _Page(HTMLParser):
    """Tags, attributes, the open-tag stack at the end and the text of table cells."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.doctype = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.cells: list[list[str]] = []
        self._in_cell = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "tr":
            self.cells.append([])
        self._in_cell = tag in ("td", "th")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag
        self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1].append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_page_is_whole_and_closed() -> None:
    page = render_html_document(report([], Period.parse("2020-H1")), "vi", note="<mẫu>")
    assert page.startswith("<!doctype html>\n")
    parsed = _parse(page)
    assert parsed.doctype == "doctype html"
    assert parsed.stack == []  # every element closed, in order
    names = [t for t, _ in parsed.tags]
    assert names[:3] == ["html", "head", "meta"]
    assert parsed.tags[0][1] == {"lang": "vi"}
    assert parsed.tags[2][1] == {"charset": "utf-8"}
    assert {"title", "style", "body", "main", "table", "caption"} <= set(names)
    assert "&lt;mẫu&gt;" in page  # the note is escaped


def test_page_loads_nothing_from_elsewhere() -> None:
    """No script, link, image or URL: the page opens on a closed network."""
    parsed = _parse(render_html_document(report([], Period.parse("2020-H1")), "en"))
    assert not {"script", "link", "img", "iframe"} & {t for t, _ in parsed.tags}
    assert all(
        not (value or "").startswith(("http:", "https:", "//"))
        for _, attrs in parsed.tags
        for value in attrs.values()
    )


def test_cli_html_is_a_page_with_the_json_totals(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bieu06.html"
    assert main(["report", "--lang", "en", "--format", "html", "--output", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert main(["report", "--format", "json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    parsed = _parse(page)
    assert parsed.doctype == "doctype html"
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    assert "Synthetic sample data" in page  # the sample's note is on the page, not on stderr
    total_row = next(r for r in parsed.cells if r and r[0] == "Total")
    assert total_row[1] == f"{total['received_total']:,}"  # English number style
    assert total_row[5] == f"{total['resolved_total']:,}"
