"""The ledger's columns as the python reader sees them, in each engine's SQL (private module).

The python reader refuses some rows before it looks at any value: a field
longer than the ``csv`` module's limit (131,072 characters), and a control
character in a cell that becomes a name or label. It also reads every line
in Unicode's NFC. :func:`source_select` gives the engines the same view of a
source: every column of the flat ledger as text in NFC, and ``lv_pre``, the
row's refusal (``'column|reason'``) or NULL.

A control character's reason quotes the cell as Python's ``repr`` does
(see :func:`~lapvo_cchc.engines._sqltext.quoted`).
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Final

from lapvo_cchc.adapters.ledger import COLUMNS, FLAT
from lapvo_cchc.engines._sqltext import quoted

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CONTROL_DUCKDB",
    "CONTROL_POLARS",
    "CONTROL_POSTGRES",
    "CONTROL_RANGES",
    "CONTROL_SPARK",
    "NFC_DUCKDB",
    "NFC_POSTGRES",
    "source_select",
]

NFC_DUCKDB: Final = "NFC_NORMALIZE({})"
"""How DuckDB puts a text in NFC (``{}`` stands for the text)."""

NFC_POSTGRES: Final = "NORMALIZE({}, NFC)"
"""The same in PostgreSQL (a UTF-8 database) and in Polars' SQL."""

CONTROL_RANGES: Final = (
    (0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029), (0x202A, 0x202E), (0x2066, 0x2069),
)  # fmt: skip
"""What the reader refuses in names (``lapvo_cchc._text``), as code-point ranges: the C0
and C1 controls (Cc), the line and paragraph separators (Zl, Zp) and the bidirectional
embeddings, overrides and isolates."""


def _class(*, braces: bool, lowest: int = 0) -> str:
    r""":data:`CONTROL_RANGES` as a regular expression's character class.

    *braces*: RE2's ``\x{2028}``; otherwise ``\u2028`` (Rust, Java, PostgreSQL).
    Code points below U+0100 are ``\xhh`` in all of them. Ranges start at *lowest*.

    Example:
        >>> print(_class(braces=False, lowest=1)[:19])
        [\x01-\x1f\x7f-\x9f
    """

    def esc(cp: int) -> str:
        if cp < 0x100:
            return f"\\x{cp:02x}"
        return f"\\x{{{cp:04x}}}" if braces else f"\\u{cp:04x}"

    return "[" + "".join(f"{esc(max(lo, lowest))}-{esc(hi)}" for lo, hi in CONTROL_RANGES) + "]"


CONTROL_DUCKDB: Final = f"REGEXP_MATCHES({{}}, '{_class(braces=True)}')"
"""Whether a text holds a control character, in DuckDB (RE2)."""

CONTROL_POLARS: Final = f"{{}} ~ '{_class(braces=False)}'"
"""The same in Polars' SQL (Rust's regular expressions)."""

CONTROL_POSTGRES: Final = f"{{}} ~ '{_class(braces=False, lowest=1)}'"
"""The same in PostgreSQL (whose texts cannot hold NUL)."""

CONTROL_SPARK: Final = f"REGEXP_MATCHES({{}}, '{_class(braces=False)}')"
"""The same in DuckDB's dialect with Java's escapes, for SQLGlot to write as Spark's RLIKE."""

_NAMES: Final = COLUMNS[:5]  # code, procedure, agency, level, field: cells that become names


def _call(template: str, arg: str) -> str:
    return template.replace("{}", arg)


def source_select(
    header: Sequence[str],
    relation: str,
    *,
    text: str = "VARCHAR",
    nfc: str = NFC_DUCKDB,
    control: str = CONTROL_DUCKDB,
    extra: str = "",
) -> str:
    r"""``SELECT`` of the ledger's columns as text in NFC (absent ones empty), and ``lv_pre``.

    *nfc* and *control* are the engine's calls, ``{}`` standing for a text;
    *extra* (``", lv_row"``) adds columns of *relation* to the output.
    ``lv_pre`` is the reader's refusal of the whole row: the first field (in
    the file's order, any column) longer than the ``csv`` module's limit,
    else the first name cell holding a control character; NULL otherwise.
    Fields are measured in NFC, as the reader measures them.

    Example:
        >>> sql = source_select(["received_at", "dossier_code"], "t")
        >>> "NFC_NORMALIZE(COALESCE(CAST(\"dossier_code\" AS VARCHAR), '')) AS dossier_code" in sql
        True
        >>> "'' AS procedure_code" in sql, "AS lv_pre" in sql
        (True, True)
    """
    index, _shown = FLAT.locate(header)
    limit = csv.field_size_limit()
    cols = []
    for name, i in zip(COLUMNS, index, strict=True):
        if i < 0:
            cols.append(f"'' AS {name}")
        else:
            cell = _call(nfc, f"COALESCE(CAST({_quote(header[i])} AS {text}), '')")
            cols.append(f"{cell} AS {name}")
    # the first field over the limit, in the file's order (any column), measured in NFC as
    # the reader measures it (it normalises the line before it splits it)
    ours = {i: name for name, i in zip(COLUMNS, index, strict=True) if i >= 0}
    too_long = f"a field longer than {limit:,} characters"
    longs = ""
    for i, h in enumerate(header):
        if i in ours:
            over = f"LENGTH({ours[i]}) > {limit}"
        else:
            cell = _call(nfc, f"COALESCE(CAST({_quote(h)} AS {text}), '')")
            cols.append(f"LENGTH({cell}) > {limit} AS lv_x{i}")
            over = f"lv_x{i}"
        longs += f" WHEN {over} THEN '{_literal(h.strip() or f'field {i + 1}')}|{too_long}'"
    names = [name for name, i in zip(COLUMNS, index, strict=True) if name in _NAMES and i >= 0]
    checks = ""
    if names:
        # one search over the names joined (cheaper than five), then which name it was
        which = "".join(
            f" WHEN {_call(control, name)} THEN '{name}|a control character in ' || {quoted(name)}"
            for name in names
        )
        checks = f" WHEN {_call(control, ' || '.join(names))} THEN CASE{which} END"
    return (
        f"SELECT lv_s.*, CASE{longs}{checks} END AS lv_pre "
        f"FROM (SELECT {', '.join(cols)}{extra} FROM {relation}) lv_s"
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return text.replace("'", "''")
