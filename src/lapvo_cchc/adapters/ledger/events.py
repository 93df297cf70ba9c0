r"""The events CSV of full dossier histories: one row per event, replayed into dossiers.

Columns (header required, any order; only the first three are required,
extra columns are ignored)::

    dossier_code, at, event, procedure_code, agency_code, level, field, channel,
    assisted, time_limit, to_agency, budget, step, new_date, outcome, reason

* ``at``: the event's instant, ISO 8601; **naive means Vietnam time (UTC+7)**
  (``naive_is_vietnam=False`` refuses naive instants).
* ``event``: one of :data:`EVENT_NAMES` (``submitted_online``, ``received``,
  ``refused``, ``supplement_requested``, ``supplement_supplied``,
  ``fee_requested``, ``fee_met``, ``transferred``, ``apologized``,
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
  ``refused``, ``supplement_requested``, ``fee_requested`` (its note),
  ``stopped`` and ``withdrawn``.

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

from lapvo_cchc.adapters.ledger._events import (
    EVENT_COLUMNS,
    EVENT_NAMES,
    EventsReader,
    Replayed,
    read_events,
)

__all__ = ["EVENT_COLUMNS", "EVENT_NAMES", "EventsReader", "Replayed", "read_events"]
