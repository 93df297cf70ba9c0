"""The events of a dossier's life (private module; public names re-exported by the package).

Every event is a small frozen value with an aware instant ``at``, normalised to
Vietnam time (UTC+7). Events carry facts only; whether an event is legal at a
given point of a dossier's history is decided by the state machine
(:mod:`lapvo_cchc.dossiers._states`), which names the dossier when it refuses.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeAlias

import attrs

from lapvo_cchc._text import check_name
from lapvo_cchc._time import to_vietnam
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.errors import InvalidTypeError

if TYPE_CHECKING:
    from lapvo_cchc.procedures import Step

__all__ = [
    "Apologized",
    "Event",
    "FeeMet",
    "FeeRequested",
    "Received",
    "RefusedAtIntake",
    "Resolved",
    "ResultReturned",
    "Stopped",
    "SubmittedOnline",
    "SupplementRequested",
    "SupplementSupplied",
    "Transferred",
    "Withdrawn",
]


def _instant(value: dt.datetime) -> dt.datetime:
    return to_vietnam(value, "event instant `at`")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(f"expected a str, got {type(value).__name__} {value!r}")
    return value


def _name(value: object) -> str:
    return check_name(_text(value), "Transferred: agency or step name")


def _budget(_instance: object, _attribute: object, value: TimeLimit) -> None:
    if type(value) is not TimeLimit:
        raise InvalidTypeError(
            f"Transferred.budget: expected a TimeLimit, got {type(value).__name__} {value!r}"
        )


@attrs.frozen(weakref_slot=False)
class Event:
    """*Sự kiện của hồ sơ*: base class of every dossier event, at an aware instant.

    ``at`` must be an aware :class:`datetime.datetime`; it is converted to
    Vietnam time (UTC+7). A naive datetime raises
    :class:`~lapvo_cchc.errors.NaiveDatetimeError`.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Received
        >>> utc = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.timezone.utc)
        >>> Received(utc).at.isoformat()
        '2026-03-02T08:30:00+07:00'
        >>> Received(dt.datetime(2026, 3, 2, 8, 30))
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.NaiveDatetimeError: event instant `at`: expected an aware datetime, ...
    """

    at: dt.datetime = attrs.field(converter=_instant)


@attrs.frozen(weakref_slot=False)
class SubmittedOnline(Event):
    """*Nộp hồ sơ trực tuyến*: the applicant submitted the dossier on a portal.

    The dossier exists but is not received yet: the clock has not started
    (national portal status 1, *Mới đăng ký*). It must be followed by
    :class:`Received` or :class:`RefusedAtIntake`.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import SubmittedOnline
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> SubmittedOnline(dt.datetime(2026, 3, 1, 21, 0, tzinfo=ict)).at.hour
        21
    """


@attrs.frozen(weakref_slot=False)
class RefusedAtIntake(Event):
    """*Từ chối tiếp nhận*: the desk refused to receive the dossier (TT 01/2018 form 03).

    Only legal before receipt; the clock never started, so a refused dossier
    has no deadline. It is final, and counts as finished for the KPIs
    (docs/design/kpi.md#on-time-indicator).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import RefusedAtIntake
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> RefusedAtIntake(dt.datetime(2026, 3, 2, 9, tzinfo=ict), reason="thiếu tờ khai").reason
        'thiếu tờ khai'
    """

    reason: str = attrs.field(default="", kw_only=True, converter=_text)


@attrs.frozen(weakref_slot=False)
class Received(Event):
    """*Tiếp nhận*: the dossier was received complete; the legal clock starts at ``at``.

    Legal basis:
        TT 01/2018/TT-VPCP form 01 (receipt slip with the appointment date);
        the period counts "from receipt of a complete dossier" (docs/design/rules.md#clock-start).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Received
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> Received(dt.datetime(2026, 3, 2, 8, 0, tzinfo=ict))
        Received(at=datetime.datetime(2026, 3, 2, 8, 0, tzinfo=...))
    """


@attrs.frozen(weakref_slot=False)
class SupplementRequested(Event):
    """*Yêu cầu bổ sung, hoàn thiện hồ sơ*: the agency asked for more documents (form 02).

    The clock pauses until :class:`SupplementSupplied`.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import SupplementRequested
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> SupplementRequested(dt.datetime(2026, 3, 3, 10, tzinfo=ict), reason="bản sao").reason
        'bản sao'
    """

    reason: str = attrs.field(default="", kw_only=True, converter=_text)


@attrs.frozen(weakref_slot=False)
class SupplementSupplied(Event):
    """*Bổ sung hồ sơ*: the applicant supplied what was requested; the clock restarts.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import SupplementSupplied
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> SupplementSupplied(dt.datetime(2026, 3, 5, 14, 0, tzinfo=ict)).at.day
        5
    """


@attrs.frozen(weakref_slot=False)
class FeeRequested(Event):
    """*Yêu cầu thực hiện nghĩa vụ tài chính*: fees or taxes must be paid; the clock pauses.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import FeeRequested
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> FeeRequested(dt.datetime(2026, 3, 3, 10, 0, tzinfo=ict), note="lệ phí trước bạ").note
        'lệ phí trước bạ'
    """

    note: str = attrs.field(default="", kw_only=True, converter=_text)


@attrs.frozen(weakref_slot=False)
class FeeMet(Event):
    """*Hoàn thành nghĩa vụ tài chính*: the financial obligation was met; the clock restarts.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import FeeMet
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> FeeMet(dt.datetime(2026, 3, 4, 9, 0, tzinfo=ict)).at.day
        4
    """


@attrs.frozen(weakref_slot=False)
class Transferred(Event):
    """*Chuyển hồ sơ liên thông*: the dossier went to another agency for an inter-agency step.

    ``to_agency`` is the receiving agency's code or name, kept verbatim. The
    step has its own time ``budget`` (a
    :class:`~lapvo_cchc.deadlines.TimeLimit`) counted from ``at``; it ends at
    the next transfer or when the dossier is finished. ``step`` is an optional
    free-text name of the step.

    Legal basis:
        No national formula splits the time limit between agencies; each
        province approves inter-agency procedures with per-step budgets
        (docs/design/rules.md#inter-agency-steps).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.deadlines import TimeLimit
        >>> from lapvo_cchc.dossiers import Transferred
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> t = Transferred(dt.datetime(2026, 3, 3, 9, 0, tzinfo=ict),
        ...                 to_agency="000.00.12.H56", budget=TimeLimit.working_days(3))
        >>> t.to_agency
        '000.00.12.H56'
    """

    to_agency: str = attrs.field(kw_only=True, converter=_name)
    budget: TimeLimit = attrs.field(kw_only=True, validator=_budget)
    step: str = attrs.field(default="", kw_only=True, converter=_name)

    @classmethod
    def for_step(cls, at: dt.datetime, step: Step) -> Transferred:
        """The transfer that starts a catalogue :class:`~lapvo_cchc.procedures.Step`.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.deadlines import TimeLimit
            >>> from lapvo_cchc.dossiers import Transferred
            >>> from lapvo_cchc.procedures import Step
            >>> step = Step(name="Thẩm định", agency="Phòng Tài chính - Kế hoạch",
            ...             time_limit=TimeLimit.working_days(2))
            >>> t = Transferred.for_step(
            ...     dt.datetime(2026, 3, 3, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))), step)
            >>> t.to_agency, t.step, t.budget.amount
            ('Phòng Tài chính - Kế hoạch', 'Thẩm định', 2)
        """
        return cls(at, to_agency=step.agency, budget=step.time_limit, step=step.name)


@attrs.frozen(weakref_slot=False)
class Apologized(Event):
    """*Phiếu xin lỗi và hẹn lại ngày trả kết quả*: an apology with a new appointment date.

    The new appointment is kept beside the legal deadline; the outcome is
    still judged against the legal deadline (a late dossier with an apology
    is late).

    Legal basis:
        TT 01/2018/TT-VPCP form 04; TT 03/2025/TT-VPCP
        form 04 (docs/design/rules.md#apology-letters).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Apologized
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> a = Apologized(dt.datetime(2026, 3, 9, 16, 0, tzinfo=ict),
        ...                new_date=dt.date(2026, 3, 12), reason="chờ xác minh")
        >>> a.new_date
        datetime.date(2026, 3, 12)
    """

    new_date: dt.date = attrs.field(kw_only=True)
    reason: str = attrs.field(default="", kw_only=True, converter=_text)

    @new_date.validator
    def _check_new_date(self, _attribute: object, value: object) -> None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidTypeError(
                "Apologized.new_date: expected a datetime.date, got "
                f"{type(value).__name__} {value!r}"
            )


@attrs.frozen(weakref_slot=False)
class Resolved(Event):
    """*Giải quyết xong*: the agency decided, approving or rejecting on the merits.

    A rejection (*trả lại do không đủ điều kiện*) needs a ``reason``; the
    state machine refuses a rejection without one.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Resolved
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> Resolved(dt.datetime(2026, 3, 10, 15, 0, tzinfo=ict)).approved
        True
        >>> Resolved(dt.datetime(2026, 3, 10, 15, 0, tzinfo=ict), approved=False,
        ...          reason="không đủ điều kiện").approved
        False
    """

    approved: bool = attrs.field(default=True, kw_only=True)
    reason: str = attrs.field(default="", kw_only=True, converter=_text)


@attrs.frozen(weakref_slot=False)
class Stopped(Event):
    """*Dừng giải quyết*: processing stopped by a formal notice (ND 118/2025, TT 03/2025 form 05).

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Stopped
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> Stopped(dt.datetime(2026, 3, 10, 15, 0, tzinfo=ict), reason="quá hạn bổ sung").reason
        'quá hạn bổ sung'
    """

    reason: str = attrs.field(default="", kw_only=True, converter=_text)


@attrs.frozen(weakref_slot=False)
class Withdrawn(Event):
    """*Rút hồ sơ*: the applicant withdrew the dossier.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import Withdrawn
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> Withdrawn(dt.datetime(2026, 3, 4, 8, 0, tzinfo=ict)).reason
        ''
    """

    reason: str = attrs.field(default="", kw_only=True, converter=_text)


@attrs.frozen(weakref_slot=False)
class ResultReturned(Event):
    """*Trả kết quả*: the result was handed to the applicant (or posted).

    Usually follows :class:`Resolved`; ledgers that record only the return
    may also record it directly on an open dossier.

    Example:
        >>> import datetime as dt
        >>> from lapvo_cchc.dossiers import ResultReturned
        >>> ict = dt.timezone(dt.timedelta(hours=7))
        >>> ResultReturned(dt.datetime(2026, 3, 11, 9, 0, tzinfo=ict)).at.day
        11
    """


AnyEvent: TypeAlias = (
    SubmittedOnline
    | RefusedAtIntake
    | Received
    | SupplementRequested
    | SupplementSupplied
    | FeeRequested
    | FeeMet
    | Transferred
    | Apologized
    | Resolved
    | Stopped
    | Withdrawn
    | ResultReturned
)
