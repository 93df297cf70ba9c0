"""Key performance indicators of dossier handling (*chỉ số giải quyết hồ sơ*).

This part of the package holds what the indicators are built from:

* :class:`Period`: reporting periods (calendar months, quarters, halves,
  years; the 15th-to-14th reporting convention; any range) and the four
  membership rules every indicator uses (received in the period, carried over,
  finished in the period, open at the end).
* :class:`Ratio`: a count over a count, kept exact, rounded only when shown
  (:class:`Rounding`, :func:`round_fraction`, :func:`largest_remainder`).
* :func:`format_number` and :func:`format_percent`: Vietnamese (``24.355``,
  ``99,4%``) and English (``24,355``, ``99.4%``) number style.
* :func:`reconcile`: checks published counts and printed percentages.

Example:
    >>> from lapvo_cchc.kpi import Period, Ratio
    >>> Period.parse("R2020-H1").label, Ratio(1200, 1234).format()
    ('R2020-H1', '97,2%')
"""

from __future__ import annotations

from lapvo_cchc.kpi._format import Lang, format_number, format_percent
from lapvo_cchc.kpi._periods import DayLike, Period
from lapvo_cchc.kpi._published import PublishedFigures, Share, Total
from lapvo_cchc.kpi._ratio import Ratio
from lapvo_cchc.kpi._reconcile import Alternative, Finding, FindingKind, reconcile
from lapvo_cchc.kpi._rounding import Rounding, largest_remainder, round_fraction

__all__ = [
    "Alternative",
    "DayLike",
    "Finding",
    "FindingKind",
    "Lang",
    "Period",
    "PublishedFigures",
    "Ratio",
    "Rounding",
    "Share",
    "Total",
    "format_number",
    "format_percent",
    "largest_remainder",
    "reconcile",
    "round_fraction",
]
