r"""The flat CSV dossier ledger: one row per dossier, read as a stream of records.

Columns (header required, any order; extra columns are ignored)::

    dossier_code, procedure_code, agency_code, level, field, channel, assisted,
    received_at, time_limit, due_at, finished_at, finish_kind,
    supplement_requested_at, supplement_supplied_at

* Instants are ISO 8601. **Naive instants mean Vietnam time (UTC+7)**: this
  adapter opts into that at its boundary (``naive_is_vietnam=False`` refuses
  them). ``due_at`` may also be a date (due at 24:00 of that day). A due column
  whose instants are all at 00:00 (a date column exported as datetimes; rows
  with limits in working hours aside) is read as dates, with a
  :class:`MidnightDueWarning`; ``due_as="dates"`` / ``"instants"`` forces a
  reading. A date outside the years the library supports (``1800-01-02``)
  rejects its row, naming the column.
* ``time_limit``: ``10 working_days``, ``8 working_hours``,
  ``30 calendar_days``, ``same_day 15:00`` (or ``same_day``). ``due_at`` may
  be empty when it is given: the deadline is then computed with
  :func:`~lapvo_cchc.deadlines.compute_deadline` and the calendar (default
  :func:`lapvo_cchc.calendars.vietnam`), with the supplement pauses.
* ``channel``: ``in_person`` / ``online`` / ``postal`` or the Vietnamese words
  (``trực tiếp``, ``trực tuyến``, ``bưu chính công ích``).
* ``finish_kind`` (with ``finished_at``): ``approved``, ``rejected``,
  ``returned``, ``withdrawn``, ``stopped``, ``refused`` or the Vietnamese words
  of :class:`~lapvo_cchc.kpi.FinishKind` (``rút hồ sơ``, ...).
* ``level``: ``province`` / ``district`` / ``commune`` or ``tỉnh`` / ``huyện`` /
  ``xã`` (``Cấp xã``, ...); other labels are kept verbatim.
* Supplements: ``;``-separated instants, in order; the last request may have
  no supply (still awaited).

Every rejected row is reported as a :class:`RowError` (line, column,
reason); nothing is dropped silently: accepted + rejected == rows read.
A dossier code seen before is rejected (the first row wins).

Other exports are read through a column-mapping :class:`Profile`
(:data:`VIETNAMESE`: ``Mã hồ sơ``, ``Ngày tiếp nhận``, ... and dates
``dd/mm/yyyy [HH:MM[:SS]]``); a row error then names the file's own header.
Files are UTF-8 (with or without a BOM) or Windows-1258 (``encoding="cp1258"``),
every line NFC-normalised; see :func:`open_ledger` and docs/ledger.md.

Example:
    >>> import io
    >>> text = (
    ...     "dossier_code,procedure_code,agency_code,level,field,channel,assisted,received_at,"
    ...     "time_limit,due_at,finished_at,finish_kind,supplement_requested_at,"
    ...     "supplement_supplied_at\n"
    ...     "D1,1.001193,xa-tan-my,xã,Hộ tịch,trực tuyến,0,2020-03-02T09:00:00,,"
    ...     "2020-03-05,2020-03-04T10:00:00,approved,,\n"
    ...     "D2,1.001193,xa-tan-my,xã,Hộ tịch,fax,0,2020-03-02T09:00:00,,2020-03-05,,,,\n")
    >>> reader = LedgerReader(io.StringIO(text))
    >>> [r.code for r in reader]
    ['D1']
    >>> print(reader.errors[0])
    line 3, column channel: expected in_person, online or postal (or trực tiếp, trực tuyến, ...
    >>> reader.rows_read, reader.accepted
    (2, 1)
"""

from __future__ import annotations

from lapvo_cchc.adapters.ledger._base import LedgerError, RowError, open_text
from lapvo_cchc.adapters.ledger._due import DUE_READINGS, DueReading, MidnightDueWarning
from lapvo_cchc.adapters.ledger._encoding import ENCODINGS, LedgerLines, looks_like_tcvn3
from lapvo_cchc.adapters.ledger._open import open_ledger
from lapvo_cchc.adapters.ledger._profiles import (
    COLUMNS,
    FLAT,
    VIETNAMESE,
    Profile,
    builtin_profile,
    parse_dmy,
)
from lapvo_cchc.adapters.ledger._reader import LedgerReader
from lapvo_cchc.adapters.ledger._report import LedgerReport, read_ledger, report_ledger

__all__ = [
    "COLUMNS",
    "DUE_READINGS",
    "ENCODINGS",
    "FLAT",
    "VIETNAMESE",
    "DueReading",
    "LedgerError",
    "LedgerLines",
    "LedgerReader",
    "LedgerReport",
    "MidnightDueWarning",
    "Profile",
    "RowError",
    "builtin_profile",
    "looks_like_tcvn3",
    "open_ledger",
    "open_text",
    "parse_dmy",
    "read_ledger",
    "report_ledger",
]
