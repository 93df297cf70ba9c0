"""The counting engine of the statistical form, public for adapters and report engines.

:func:`lapvo_cchc.kpi.report` is the one-call API. The names here are its
parts, for code that counts a ledger its own way (in parallel, column by
column) and must give the same report:

* :func:`tally` counts records over a period into mergeable signature counts
  (:class:`Tally`); :func:`merge_tallies` adds tallies of parts of a ledger;
  :func:`expand` turns a tally into the form's counts (:func:`count` is both).
* :func:`normalise_by` checks a ``by=`` argument, :func:`key_func` gives the
  group key of a record for it, and :func:`build_report` makes the
  :class:`~lapvo_cchc.kpi.Report` of counts already made (identities checked).
* :class:`UnitCheck` counts the dossiers of units gone after the 2025 reform
  (give its :meth:`~UnitCheck.note` to :func:`build_report`; checks of parts
  merge with :meth:`~UnitCheck.merge`).
* :class:`WorkingDays` memoises working days between day ordinals;
  :func:`day_start` and :func:`vn_day` convert between POSIX seconds and
  Vietnam calendar days, the units of :class:`~lapvo_cchc.kpi.DossierRecord`.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.kpi import Period
    >>> t = tally([], Period.year(2020))
    >>> total, groups = expand(merge_tallies([t, t]))
    >>> total.received_total, groups
    (0, {})
    >>> vn_day(day_start(dt.date(2020, 3, 2).toordinal())) == dt.date(2020, 3, 2).toordinal()
    True
    >>> build_report(Period.year(2020), normalise_by(None), total, groups).findings
    ()
"""

from __future__ import annotations

from lapvo_cchc.kpi._counting import (
    EXTRA_MEASURES,
    MEASURES,
    Key,
    KeyFunc,
    Tally,
    WorkingDays,
    count,
    expand,
    merge_tallies,
    tally,
)
from lapvo_cchc.kpi._notes import UnitCheck
from lapvo_cchc.kpi._records import day_start, vn_day
from lapvo_cchc.kpi._report import (
    IDENTITIES,
    Dimension,
    build_report,
    check_identities,
    key_func,
    normalise_by,
)

__all__ = [
    "EXTRA_MEASURES",
    "IDENTITIES",
    "MEASURES",
    "Dimension",
    "Key",
    "KeyFunc",
    "Tally",
    "UnitCheck",
    "WorkingDays",
    "build_report",
    "check_identities",
    "count",
    "day_start",
    "expand",
    "key_func",
    "merge_tallies",
    "normalise_by",
    "tally",
    "vn_day",
]
