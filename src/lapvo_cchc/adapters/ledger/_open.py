"""Open a ledger file by name: CSV (plain or ``.gz``, in an encoding) or an ``.xlsx`` sheet."""

from __future__ import annotations

import gzip
import os
from typing import TYPE_CHECKING

from lapvo_cchc.adapters.ledger._encoding import LedgerLines
from lapvo_cchc.adapters.ledger._xlsx import XlsxLines

if TYPE_CHECKING:
    from lapvo_cchc.adapters.ledger._encoding import BinaryStream

__all__ = ["open_ledger"]


def open_ledger(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> LedgerLines:
    r"""Open a ledger file (``.gz`` decompressed) as :class:`LedgerLines` in *encoding*.

    An ``.xlsx`` workbook (extra ``lapvo-cchc[excel]``) is read from its first
    worksheet, each row as one CSV line (*encoding* does not apply).

    Raises:
        OSError: the file cannot be opened.
        ValueError: an encoding not in :data:`ENCODINGS`.

    Example:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "l.csv"
        >>> _ = p.write_bytes(b"K\xeanh n\xf4\xf2p\n")  # ô + combining dot below
        >>> with open_ledger(p, encoding="cp1258") as lines:
        ...     list(lines)
        ['Kênh nộp\n']
    """
    name = os.fspath(path)
    if name.lower().endswith(".xlsx"):
        return XlsxLines(name)  # the first worksheet, as CSV lines (encoding does not apply)
    raw: BinaryStream = gzip.GzipFile(name, "rb") if name.endswith(".gz") else open(name, "rb")  # noqa: SIM115
    try:
        return LedgerLines(raw, name=name, encoding=encoding)
    except ValueError:
        raw.close()
        raise
