"""Procedures, their levels, online service levels and inter-agency steps (private module)."""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from typing import TYPE_CHECKING, Any

import attrs

from lapvo_cchc._text import check_name
from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.errors import InvalidTypeError
from lapvo_cchc.procedures._codes import FieldCode, ProcedureCode

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["TWO_TIER_DATE", "Level", "OnlineLevel", "Procedure", "Step"]

TWO_TIER_DATE = dt.date(2025, 7, 1)
"""District level abolished; two-tier local government (Law 72/2025/QH15; docs/design/rules.md)."""


class Level(enum.Enum):
    """*Cấp thực hiện*: the level of government that handles a procedure.

    Example:
        >>> Level.DISTRICT.value
        'Cấp huyện'
        >>> import datetime as dt
        >>> Level.DISTRICT.exists_on(dt.date(2025, 7, 1))
        False
    """

    PROVINCE = "Cấp tỉnh"
    DISTRICT = "Cấp huyện"
    """Abolished on 1 July 2025 (two-tier local government)."""
    COMMUNE = "Cấp xã"

    def exists_on(self, day: dt.date) -> bool:
        """Whether this level of government exists on *day*.

        Legal basis:
            NA Resolution 202/2025/QH15; Law on Local Government Organisation
            72/2025/QH15 (district level ends, communes operate from 1 July 2025).

        Example:
            >>> import datetime as dt
            >>> Level.DISTRICT.exists_on(dt.date(2025, 6, 30))
            True
        """
        return self is not Level.DISTRICT or day < TWO_TIER_DATE


class OnlineLevel(enum.Enum):
    """*Mức độ dịch vụ công trực tuyến*: online service level.

    Levels 1-4 of Decree 43/2011/NĐ-CP Art. 3(4); wholly / partly online
    (*toàn trình / một phần*) of Decree 42/2022/NĐ-CP Art. 11(1).

    Example:
        >>> OnlineLevel.LEVEL_4.under_decree_42()
        <OnlineLevel.FULL: 'Toàn trình'>
        >>> OnlineLevel.LEVEL_3.under_decree_42()
        <OnlineLevel.PARTIAL: 'Một phần'>
        >>> OnlineLevel.LEVEL_2.under_decree_42() is None
        True
    """

    LEVEL_1 = "Mức độ 1"
    """Information on the procedure only."""
    LEVEL_2 = "Mức độ 2"
    """Level 1 + downloadable forms."""
    LEVEL_3 = "Mức độ 3"
    """Forms filled in and submitted online; fees and results in person."""
    LEVEL_4 = "Mức độ 4"
    """Level 3 + online payment; results online, in person or by post."""
    FULL = "Toàn trình"
    """Wholly online (Decree 42/2022)."""
    PARTIAL = "Một phần"
    """Partly online (Decree 42/2022)."""

    def under_decree_42(self) -> OnlineLevel | None:
        """The Decree 42/2022 level: 4 → FULL, 3 → PARTIAL, 1-2 → ``None`` (not online).

        The mapping follows live systems that relabelled levels 3/4 as partly /
        wholly online (docs/design/national-portal.md).

        Example:
            >>> OnlineLevel.FULL.under_decree_42()
            <OnlineLevel.FULL: 'Toàn trình'>
        """
        return _DECREE_42.get(
            self, self if self in (OnlineLevel.FULL, OnlineLevel.PARTIAL) else None
        )

    @property
    def is_online(self) -> bool:
        """Whether a dossier can be submitted online at this level.

        Example:
            >>> OnlineLevel.LEVEL_2.is_online, OnlineLevel.PARTIAL.is_online
            (False, True)
        """
        return self.under_decree_42() is not None


_DECREE_42 = {
    OnlineLevel.LEVEL_1: None,
    OnlineLevel.LEVEL_2: None,
    OnlineLevel.LEVEL_3: OnlineLevel.PARTIAL,
    OnlineLevel.LEVEL_4: OnlineLevel.FULL,
}


def _nfc(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError(f"{attribute.name}: expected a non-empty str, got {value!r}")
    if unicodedata.normalize("NFC", value) != value:
        raise InvalidTypeError(f"{attribute.name}: Vietnamese text must be NFC, got {value!r}")
    check_name(value, attribute.name)


def _instance_of(kind: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidTypeError(
                f"{attribute.name}: expected {kind.__name__}, got {type(value).__name__} {value!r}"
            )

    return check


@attrs.frozen(kw_only=True)
class Step:
    """One step of an inter-agency procedure (*liên thông*) with its own time budget.

    No national formula splits the legal limit between agencies; each province
    approves its inter-agency process (docs/design/rules.md).

    Attributes:
        name: What the step does (vi).
        agency: The agency that performs it (vi).
        time_limit: Its budget.

    Example:
        >>> Step(name="Thẩm định", agency="Phòng Tài chính - Kế hoạch",
        ...      time_limit=TimeLimit.working_days(2)).time_limit.amount
        2
    """

    name: str = attrs.field(validator=_nfc)
    agency: str = attrs.field(validator=_nfc)
    time_limit: TimeLimit = attrs.field(validator=_instance_of(TimeLimit))


def _levels(value: Level | Iterable[Level]) -> tuple[Level, ...]:
    if isinstance(value, Level):
        return (value,)
    items = tuple(value)
    if not items or not all(isinstance(item, Level) for item in items):
        raise InvalidTypeError(f"levels: expected one or more Level members, got {value!r}")
    return tuple(sorted(set(items), key=list(Level).index))


def _agencies(value: Iterable[str]) -> tuple[str, ...]:
    items: tuple[Any, ...] = (value,) if isinstance(value, str) else tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidTypeError(f"agencies: expected non-empty str names, got {item!r}")
        check_name(item, "agencies")
    return items


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Step):
            raise InvalidTypeError(f"steps: expected Step values, got {item!r}")
    return items


@attrs.frozen(kw_only=True)
class Procedure:
    """*Thủ tục hành chính*: an administrative procedure and its legal time limit.

    Attributes:
        code: The procedure code, verbatim.
        name: The official name (vi, NFC).
        field: The field (*lĩnh vực*) name (vi).
        levels: The levels that handle it.
        time_limit: The legal time limit (*thời hạn giải quyết*).
        online_level: The online service level.
        fee: Fee and charge in Vietnamese đồng (0 if free).
        agencies: The handling agencies (vi).
        steps: Inter-agency steps with their own budgets (empty if single-agency).
        field_code: The field code, if known.
        district_successor: The level that took over after 1 July 2025, for a
            district-level procedure (default: commune).
        legal_basis: The instruments that set it.
        same_day_cutoff: For a same-day limit, the receipt time after which
            the result is due the next working day (*tiếp nhận sau 15 giờ thì
            trả trong ngày làm việc tiếp theo*), or ``None`` if the procedure's
            record names none. Defaults to the time limit's own cut-off.
        cutoff_basis: Where the cut-off comes from (the procedure's record or
            the decree), e.g. ``"Decree 23/2015/NĐ-CP Art. 21"``.
        statutory_time_limit: The limit set by law, when the province has
            published a shorter one in :attr:`time_limit` (*cắt giảm thời gian
            giải quyết*); ``None`` if not shortened.
        shortening_basis: The provincial decision that shortened it.

    Example:
        >>> p = Procedure(code=ProcedureCode("1.001193"), name="Đăng ký khai sinh",
        ...               field="Hộ tịch", levels=[Level.DISTRICT, Level.COMMUNE],
        ...               time_limit=TimeLimit.same_day(),
        ...               online_level=OnlineLevel.PARTIAL, agencies=("UBND cấp xã",))
        >>> p.levels_on(dt.date(2025, 7, 1))
        (<Level.COMMUNE: 'Cấp xã'>,)
    """

    code: ProcedureCode = attrs.field(validator=_instance_of(ProcedureCode))
    name: str = attrs.field(validator=_nfc)
    field: str = attrs.field(validator=_nfc)
    levels: tuple[Level, ...] = attrs.field(converter=_levels)
    time_limit: TimeLimit = attrs.field(validator=_instance_of(TimeLimit))
    online_level: OnlineLevel = attrs.field(validator=_instance_of(OnlineLevel))
    fee: int = 0
    agencies: tuple[str, ...] = attrs.field(default=(), converter=_agencies)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_steps)
    field_code: FieldCode | None = None
    district_successor: Level = Level.COMMUNE
    legal_basis: str = ""
    same_day_cutoff: dt.time | None = attrs.field(
        default=attrs.Factory(
            lambda self: getattr(self.time_limit, "cutoff", None), takes_self=True
        )
    )
    cutoff_basis: str = ""
    statutory_time_limit: TimeLimit | None = None
    shortening_basis: str = ""

    def __attrs_post_init__(self) -> None:
        if type(self.fee) is not int or self.fee < 0:
            raise InvalidTypeError(f"Procedure {self.code}: fee must be an int >= 0 VND")
        cutoff: object = self.same_day_cutoff
        if cutoff is not None:
            if not isinstance(cutoff, dt.time) or cutoff.tzinfo is not None:
                raise InvalidTypeError(
                    f"Procedure {self.code}: same_day_cutoff must be a naive datetime.time, "
                    f"got {cutoff!r}"
                )
            if self.time_limit.unit is not TimeUnit.SAME_DAY:
                raise InvalidTypeError(
                    f"Procedure {self.code}: a cut-off needs a same-day limit, got "
                    f"{self.time_limit}"
                )
            own = self.time_limit.cutoff
            if own is not None and own != cutoff:
                raise InvalidTypeError(
                    f"Procedure {self.code}: same_day_cutoff {cutoff} differs from the time "
                    f"limit's cut-off {own}"
                )
        statutory: object = self.statutory_time_limit
        if statutory is not None and not isinstance(statutory, TimeLimit):
            raise InvalidTypeError(
                f"Procedure {self.code}: statutory_time_limit must be a TimeLimit, "
                f"got {statutory!r}"
            )

    @property
    def is_locally_shortened(self) -> bool:
        """Whether the published limit is shorter than the statutory one.

        Example:
            >>> p = Procedure(code=ProcedureCode("1.001612"), name="Đăng ký hộ kinh doanh",
            ...               field="Hộ kinh doanh", levels=Level.COMMUNE,
            ...               time_limit=TimeLimit.working_days(2),
            ...               statutory_time_limit=TimeLimit.working_days(3),
            ...               online_level=OnlineLevel.FULL)
            >>> p.is_locally_shortened
            True
        """
        statutory = self.statutory_time_limit
        return statutory is not None and statutory != self.time_limit

    def levels_on(self, day: dt.date) -> tuple[Level, ...]:
        """The levels handling this procedure on *day* (district → successor after 1 July 2025).

        Example:
            >>> p = Procedure(code=ProcedureCode("2.000001"), name="Cấp giấy phép xây dựng",
            ...               field="Xây dựng", levels=Level.DISTRICT,
            ...               time_limit=TimeLimit.calendar_days(15),
            ...               online_level=OnlineLevel.PARTIAL)
            >>> p.levels_on(dt.date(2025, 6, 30)), p.levels_on(dt.date(2025, 7, 1))
            ((<Level.DISTRICT: 'Cấp huyện'>,), (<Level.COMMUNE: 'Cấp xã'>,))
        """
        if day < TWO_TIER_DATE:
            return self.levels
        levels = {self.district_successor if lv is Level.DISTRICT else lv for lv in self.levels}
        return tuple(sorted(levels, key=list(Level).index))
