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

from lapvo_cchc.kpi._counting import FORM_COLUMNS, FormCounts
from lapvo_cchc.kpi._format import Lang, format_number, format_percent
from lapvo_cchc.kpi._indicators import (
    DossierSet,
    Indicator,
    IndicatorRegistry,
    Measure,
    UnknownIndicatorError,
    default_registry,
)
from lapvo_cchc.kpi._notes import ReportNote
from lapvo_cchc.kpi._periods import DayLike, Period
from lapvo_cchc.kpi._published import PublishedFigures, Share, Total
from lapvo_cchc.kpi._ratio import Ratio
from lapvo_cchc.kpi._reconcile import Alternative, Finding, FindingKind, reconcile
from lapvo_cchc.kpi._records import DossierRecord, FinishKind, record_of
from lapvo_cchc.kpi._report import (
    DIMENSIONS,
    Report,
    ReportFinding,
    ReportRow,
    UnknownDimensionError,
    report,
)
from lapvo_cchc.kpi._rounding import Rounding, largest_remainder, round_fraction
from lapvo_cchc.kpi._scoring import (
    RULES_766_2022,
    Assumption,
    Conversion,
    Evidence,
    GroupRule,
    IndicatorRule,
    IndicatorScore,
    Score766,
    ScoreStatus,
    ScoringRules,
    rank,
    score_766,
)

__all__ = [
    "DIMENSIONS",
    "FORM_COLUMNS",
    "RULES_766_2022",
    "Alternative",
    "Assumption",
    "Conversion",
    "DayLike",
    "DossierRecord",
    "DossierSet",
    "Evidence",
    "Finding",
    "FindingKind",
    "FinishKind",
    "FormCounts",
    "GroupRule",
    "Indicator",
    "IndicatorRegistry",
    "IndicatorRule",
    "IndicatorScore",
    "Lang",
    "Measure",
    "Period",
    "PublishedFigures",
    "Ratio",
    "Report",
    "ReportFinding",
    "ReportNote",
    "ReportRow",
    "Rounding",
    "Score766",
    "ScoreStatus",
    "ScoringRules",
    "Share",
    "Total",
    "UnknownDimensionError",
    "UnknownIndicatorError",
    "default_registry",
    "format_number",
    "format_percent",
    "largest_remainder",
    "rank",
    "reconcile",
    "record_of",
    "report",
    "round_fraction",
    "score_766",
]
