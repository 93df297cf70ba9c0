"""An example lapvo-cchc plugin: a provincial pack (illustrative data).

Each public function is the target of one entry point in pyproject.toml.
lapvo-cchc calls it on the first lookup of the extension; a function may
return the value itself or a data file (a TOML profile, catalogue or
calendar), which lapvo-cchc reads.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from importlib import resources
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc.kpi import RULES_766_2022, Assumption, Evidence, ScoringRules

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["catalog", "igate_profile", "office_calendar", "scoring_rules"]

_HERE = resources.files(__package__ or "lapvo_cchc_dongthap")


def igate_profile() -> Traversable:
    """The vendor export's profile, as data."""
    return _HERE / "igate.toml"


def catalog() -> Traversable:
    """The provincial procedure list with its shortened time limits, as data."""
    return _HERE / "catalog.toml"


def office_calendar() -> Traversable:
    """The agency calendar (national calendar plus a local day off), as data."""
    return _HERE / "office.toml"


def scoring_rules() -> ScoringRules:
    """An illustrative provincial variant of the 766 rules.

    The province gives the online-submission indicator (3.3) 4 points and full
    points from a 30 % online share instead of 50 %.
    """
    online = attrs.evolve(
        RULES_766_2022.rule("3.3"),
        max_points=4,
        target=Fraction(3, 10),
        max_points_evidence=Evidence.ASSUMED,
        conversion_evidence=Evidence.ASSUMED,
        source="Illustrative provincial variant (lapvo-cchc-dongthap example)",
    )
    return RULES_766_2022.with_rules(
        online,
        version="dongthap-2024",
        valid_from=dt.date(2024, 1, 1),
        assumptions=[
            Assumption(
                "Illustrative: 3.3 is worth 4 points, full at a 30% online share.",
                "Minh hoạ: chỉ số 3.3 tối đa 4 điểm, đạt đủ khi tỷ lệ trực tuyến 30%.",
                ["3.3"],
            )
        ],
    )
