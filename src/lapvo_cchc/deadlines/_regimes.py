"""Deadline regimes: the counting rules in force on a receipt date (private module)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc._time import VIETNAM_TZ, to_vietnam
from lapvo_cchc.deadlines._pauses import PausePolicy
from lapvo_cchc.errors import InvalidTypeError, OutOfRangeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["BUILTIN_REGIMES", "DECREE_61_2018", "DECREE_118_2025", "Regime", "regime_for"]

TWO_TIER_DATE = dt.date(2025, 7, 1)
"""Decree 118/2025/NĐ-CP in force; district level abolished (docs/design/rules.md)."""


def _check_reasons(
    _instance: Regime, _attribute: attrs.Attribute[tuple[tuple[str, str], ...]], value: object
) -> None:
    names = {field.name for field in attrs.fields(Regime)}
    if not isinstance(value, tuple):
        raise InvalidTypeError(f"Regime.reasons: expected a tuple of pairs, got {value!r}")
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2 and item[0] in names):
            raise InvalidTypeError(
                f"Regime.reasons: expected (parameter name, reason) pairs, got {item!r}"
            )


@attrs.frozen(kw_only=True)
class Regime:
    """A set of counting rules for deadlines, in force for receipts in a date range.

    The law fixes only part of the counting (docs/design/rules.md); every point it
    leaves open is a named parameter here, with a default and, in
    :attr:`reasons`, the source or the reason for that default. Build your own
    regime with :func:`attrs.evolve` on a built-in one.

    Attributes:
        name: Short identifier, e.g. ``"ND61/2018"``.
        title: The instrument's Vietnamese title.
        legal_basis: The instruments this regime implements.
        valid_from: First receipt date (Vietnam date) it applies to, ``None`` for
            open-ended.
        valid_to: First receipt date it no longer applies to (exclusive),
            ``None`` for open-ended.
        same_day_cutoff: Cut-off for same-day limits when neither the
            :class:`~lapvo_cchc.deadlines.TimeLimit` nor the procedure names
            one. Default ``None``: no cut-off. The 15:00 rule belongs to
            particular procedures (e.g. certification of copies), so it is set
            per procedure (``Procedure.same_day_cutoff``), not for all.
        pause_policy: What a supplement request does to the deadline
            (:class:`PausePolicy`). Default: the remaining time resumes.
        start_next_working_day_outside_hours: If true, a receipt outside the
            calendar's working hours (evening, lunch break, a day off) counts as
            received at the next session start, so its *date* may move to the
            next working day. Default false: the receipt date is the start.
        hours_per_working_day: Hours in one working day when a working-day
            budget is converted into working time (inter-agency step budgets
            kept in hours); ``None`` means "from the calendar's sessions".
        reasons: ``(parameter, reason)`` pairs documenting each default.

    Example:
        >>> import datetime as dt
        >>> DECREE_118_2025.valid_from
        datetime.date(2025, 7, 1)
        >>> DECREE_61_2018.same_day_cutoff is None
        True
        >>> DECREE_61_2018.pause_policy
        <PausePolicy.RESUME_REMAINING: 'tiếp tục thời gian còn lại'>
        >>> custom = attrs.evolve(DECREE_118_2025, name="HN-2026", same_day_cutoff=dt.time(16))
        >>> custom.same_day_cutoff
        datetime.time(16, 0)
        >>> print(DECREE_61_2018.reason("same_day_cutoff"))
        None: no general 15:00 rule was found in the one-stop decrees; ...
    """

    name: str
    title: str
    legal_basis: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    same_day_cutoff: dt.time | None = None
    pause_policy: PausePolicy = PausePolicy.RESUME_REMAINING
    start_next_working_day_outside_hours: bool = False
    hours_per_working_day: int | None = None
    reasons: tuple[tuple[str, str], ...] = attrs.field(default=(), validator=_check_reasons)

    def applies_to(self, day: dt.date) -> bool:
        """Whether a receipt on *day* (a Vietnam date) falls under this regime.

        Example:
            >>> import datetime as dt
            >>> DECREE_61_2018.applies_to(dt.date(2025, 6, 30))
            True
            >>> DECREE_61_2018.applies_to(dt.date(2025, 7, 1))
            False
        """
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day < self.valid_to

    def reason(self, parameter: str) -> str:
        """The documented source or reason for *parameter*'s value.

        Raises:
            KeyError: *parameter* has no documented reason.

        Example:
            >>> DECREE_118_2025.reason("hours_per_working_day")[:40]
            "None: the calendar's sessions decide (8 "
        """
        for name, text in self.reasons:
            if name == parameter:
                return text
        raise KeyError(parameter)


_REASONS: tuple[tuple[str, str], ...] = (
    (
        "same_day_cutoff",
        (
            "None: no general 15:00 rule was found in the one-stop decrees; the cut-off is "
            "part of particular procedures' records, e.g. Decree 23/2015/NĐ-CP Art. 21 "
            "(certification of copies: received after 15:00, returned the next working day) "
            "and the published records of procedures 2.000635 and 2.000908 ('trong ngày; "
            "tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo'). Set it on the "
            "procedure (Procedure.same_day_cutoff with its basis) or on the TimeLimit."
        ),
    ),
    (
        "pause_policy",
        (
            "RESUME_REMAINING: Decree 61/2018/NĐ-CP Art. 17 counts the time already spent "
            "before a request to supplement (form 02, Circular 01/2018/TT-VPCP) in the "
            "processing time, so only the rest runs after the supply; Decree 118/2025/NĐ-CP "
            "keeps the request-to-supplement step (form 02, Circular 03/2025/TT-VPCP). "
            "RESTART_FULL fits a dossier refused at intake and received again complete; "
            "WALL_CLOCK is how the 766 index (QĐ 766/QĐ-TTg) measures, not a legal deadline."
        ),
    ),
    (
        "start_next_working_day_outside_hours",
        (
            "False: no general clause moving receipts outside working hours to the next working "
            "day was found in Decree 61/2018 or 118/2025 (docs/design/rules.md; only the sector "
            "rule TT 87/2021/TT-BTC Art. 10 says so). The receipt date is the start; for "
            "working-day limits a receipt on a day off is unaffected anyway, because counting "
            "covers the working days in (receipt date, due date]."
        ),
    ),
    (
        "hours_per_working_day",
        (
            "None: the calendar's sessions decide (8 hours by default, 07:00-11:30 and "
            "13:30-17:00; QĐ 188/1999/QĐ-TTg fixes 40 hours in 5 days, provinces set the clock "
            "hours, docs/design/rules.md)."
        ),
    ),
)

DECREE_61_2018 = Regime(
    name="ND61/2018",
    title="Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông "
    "(sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP)",
    legal_basis="Decree 61/2018/NĐ-CP (23/4/2018) as amended by Decree 107/2021/NĐ-CP "
    "(06/12/2021); Circular 01/2018/TT-VPCP; Civil Code 2015 Art. 147-148 for counting.",
    valid_from=None,
    valid_to=TWO_TIER_DATE,
    reasons=(
        *_REASONS,
        (
            "valid_from",
            (
                "None: receipts before Decree 61/2018 took effect are counted by the same "
                "Civil Code rules; the library has no earlier regime."
            ),
        ),
    ),
)
"""The one-stop regime for receipts before 1 July 2025."""

DECREE_118_2025 = Regime(
    name="ND118/2025",
    title="Nghị định 118/2025/NĐ-CP về thực hiện thủ tục hành chính theo cơ chế một cửa, "
    "một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia",
    legal_basis="Decree 118/2025/NĐ-CP (09/6/2025, in force 01/7/2025); Circular "
    "03/2025/TT-VPCP; Civil Code 2015 Art. 147-148 for counting.",
    valid_from=TWO_TIER_DATE,
    valid_to=None,
    reasons=_REASONS,
)
"""The one-stop regime for receipts from 1 July 2025."""

BUILTIN_REGIMES: tuple[Regime, ...] = (DECREE_61_2018, DECREE_118_2025)
"""The built-in regimes, oldest first."""


def regime_for(received_at: dt.datetime, regimes: Sequence[Regime] = BUILTIN_REGIMES) -> Regime:
    """The regime that applies to a receipt at *received_at* (by its Vietnam date).

    Args:
        received_at: Aware receipt instant.
        regimes: Candidate regimes, tried in order; the first that applies wins.

    Raises:
        NaiveDatetimeError: *received_at* is naive.
        OutOfRangeError: No regime applies (only with custom *regimes*).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc._time import VIETNAM_TZ
        >>> regime_for(dt.datetime(2025, 6, 30, 16, tzinfo=VIETNAM_TZ)).name
        'ND61/2018'
        >>> regime_for(dt.datetime(2025, 6, 30, 18, tzinfo=dt.timezone.utc)).name
        'ND118/2025'
    """
    if received_at.tzinfo is VIETNAM_TZ:
        day = received_at.date()
    else:
        day = to_vietnam(received_at, "received_at").date()
    if regimes is BUILTIN_REGIMES:
        return DECREE_118_2025 if day >= TWO_TIER_DATE else DECREE_61_2018
    for regime in regimes:
        if regime.applies_to(day):
            return regime
    names = ", ".join(regime.name for regime in regimes)
    raise OutOfRangeError(f"no deadline regime applies to a receipt on {day} (tried {names})")
