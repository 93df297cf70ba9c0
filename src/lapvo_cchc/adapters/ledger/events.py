r"""The events CSV of full dossier histories: one row per event, replayed into dossiers.

Columns (header required, any order; only the first three are required,
extra columns are ignored)::

    dossier_code, at, event, procedure_code, agency_code, level, field, channel,
    assisted, time_limit, to_agency, budget, step, new_date, outcome, reason

* ``at``: the event's instant, ISO 8601; **naive means Vietnam time (UTC+7)**
  (``naive_is_vietnam=False`` refuses naive instants).
* ``event``: one of :data:`EVENT_NAMES` (``submitted_online``, ``received``,
  ``refused_at_intake`` (the older ``refused`` is still read),
  ``supplement_requested``, ``supplement_supplied``, ``fee_requested``,
  ``fee_met``, ``transferred``, ``apologized``,
  ``resolved``, ``stopped``, ``withdrawn``, ``result_returned``), the event
  class name, or the Vietnamese words (``tiếp nhận``, ``yêu cầu bổ sung``,
  ``rút hồ sơ``, ``trả kết quả``, ...).
* The dossier's header (``procedure_code``, ``agency_code``, ``level``,
  ``field``, ``channel``, ``assisted``, ``time_limit``) is written on the
  ``received`` (or ``submitted_online``) row; other rows may leave it empty or
  repeat it, but not contradict it. ``channel`` may be omitted for a dossier
  submitted online. Values as in the flat ledger (:mod:`~lapvo_cchc.adapters.ledger`).
* ``transferred``: ``to_agency`` and ``budget`` (a time limit such as
  ``3 working_days``), optional ``step``; ``apologized``: ``new_date``
  (YYYY-MM-DD); ``resolved``: ``outcome`` ``approved`` (default) or
  ``rejected`` (then ``reason`` is required); ``reason`` is kept for
  ``refused_at_intake``, ``supplement_requested``, ``fee_requested`` (its
  note), ``stopped`` and ``withdrawn``.

Rows of one dossier may be anywhere in the file; each dossier's rows are
sorted by instant (file order breaks ties) and replayed by the dossier state
machine. A dossier with any bad row (a bad instant, an illegal sequence, a
bad code) is rejected whole and every one of its rows is reported; nothing is
dropped silently. See :class:`EventsReader` and docs/events.md.

Example:
    >>> import io
    >>> text = (
    ...     "dossier_code,at,event,procedure_code,agency_code,level,channel,time_limit,reason\n"
    ...     "H56-200302-0001,2020-03-02T09:00,received,1.001193,H56,xã,trực tiếp,"
    ...     "3 working_days,\n"
    ...     "H56-200302-0001,2020-03-03T09:00,yêu cầu bổ sung,,,,,,thiếu tờ khai\n"
    ...     "H56-200302-0001,2020-03-05T09:00,bổ sung,,,,,,\n"
    ...     "H56-200302-0001,2020-03-06T15:00,resolved,,,,,,\n")
    >>> [(r.due_date.isoformat(), r.supplements, r.finish.name)
    ...  for r in EventsReader(io.StringIO(text))]
    [('2020-03-09', 1, 'APPROVED')]
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from lapvo_cchc.adapters.ledger._base import LedgerError
from lapvo_cchc.adapters.ledger._events import EVENT_COLUMNS, EventsReader, Replayed
from lapvo_cchc.adapters.ledger._open import open_ledger
from lapvo_cchc.dossiers import EVENT_NAMES

if TYPE_CHECKING:
    from lapvo_cchc.adapters.ledger._base import RowError
    from lapvo_cchc.deadlines import DeadlineCalendar
    from lapvo_cchc.kpi import DossierRecord

__all__ = ["EVENT_COLUMNS", "EVENT_NAMES", "EventsReader", "Replayed", "read_events"]


def read_events(
    path: str | os.PathLike[str],
    *,
    calendar: DeadlineCalendar | None = None,
    naive_is_vietnam: bool = True,
    strict: bool = False,
    encoding: str = "utf-8",
) -> tuple[list[DossierRecord], list[RowError]]:
    r"""Read a whole events file (``.csv`` or ``.csv.gz``) into records and row errors.

    Args:
        path: The file.
        calendar: Working-day calendar for the deadlines.
        naive_is_vietnam: Read naive instants as Vietnam time.
        strict: Raise :class:`~lapvo_cchc.adapters.ledger.LedgerError` listing
            every rejected row instead of returning them.
        encoding: ``"utf-8"`` (BOM or not) or ``"cp1258"`` (Windows-1258).

    Raises:
        LedgerError: a file-level problem, or rejected rows when *strict*.
        DecodeError: bytes not valid in *encoding*.

    Example:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
        >>> _ = p.write_text("dossier_code,at,event,procedure_code,agency_code,channel,"
        ...     "time_limit\nH56-200302-0001,2020-03-02 09:00,tiếp nhận,1.001193,H56,online,"
        ...     "2 working_days\n", encoding="utf-8")
        >>> records, errors = read_events(p)
        >>> records[0].due_date, records[0].finish, errors
        (datetime.date(2020, 3, 4), None, [])
    """
    with open_ledger(path, encoding=encoding) as lines:
        reader = EventsReader(lines, calendar=calendar, naive_is_vietnam=naive_is_vietnam)
        records = list(reader)
    if strict and reader.errors:
        raise LedgerError(
            f"{os.fspath(path)}: {len(reader.errors)} of {reader.rows_read} rows rejected "
            f"({len(reader.rejected)} of {reader.dossiers_read} dossiers); "
            f"first: {reader.errors[0]}",
            reader.errors,
        )
    return records, reader.errors
