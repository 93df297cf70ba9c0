"""Administrative units with validity dates and successors: the 2025 reform (private module).

On 1 July 2025 district-level government ended and communes were merged
(two-tier local government). A unit code is therefore meaningful only with a
date: ``30178`` was *xã Mỹ An Hưng B* until 30 June 2025 and is the merged
*xã Mỹ An Hưng* from 1 July 2025. This module keeps each unit as a dated
version with its successors, and answers "which unit carries on for this code
on that day?".
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import io
import itertools
import re
import unicodedata
from importlib import resources
from typing import TYPE_CHECKING

import attrs

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.errors import DecodeError, InvalidCodeError, InvalidTypeError, LapvoError
from lapvo_cchc.procedures._model import TWO_TIER_DATE, Level

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "AdministrativeUnit",
    "AmbiguousSuccessorError",
    "FindingKind",
    "UnitFinding",
    "UnitRegistry",
    "UnknownUnitError",
    "check_receipt_unit",
    "lap_vo_units",
]

_CODE = re.compile(r"\d{2}|\d{3}|\d{5}")
_LEVEL_DIGITS = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
_TWO_TIER_BASIS = (
    "Law on Local Government Organisation 72/2025/QH15 and NA Resolution 202/2025/QH15 "
    "(two-tier local government; district level ends); the merged communes operate from "
    "1 July 2025 (e.g. NA Standing Committee Resolution 1663/NQ-UBTVQH15 Art. 2(2))"
)


class UnknownUnitError(LapvoError, LookupError):
    """No administrative unit with this code exists on the date asked.

    Example:
        >>> issubclass(UnknownUnitError, LookupError)
        True
    """


class AmbiguousSuccessorError(UnknownUnitError):
    """A unit has several successors, so "the" successor is undefined.

    A district's territory went to several communes; ask
    :meth:`UnitRegistry.successors_of` for all of them.

    Example:
        >>> issubclass(AmbiguousSuccessorError, UnknownUnitError)
        True
    """


def _check_code(_instance: object, _attribute: object, value: str) -> None:
    text: object = value
    if not isinstance(text, str) or not _CODE.fullmatch(text):
        raise InvalidCodeError(
            f"AdministrativeUnit.code: expected 2, 3 or 5 digits (QĐ 124/2004/QĐ-TTg), "
            f"got {value!r}"
        )


def _check_name(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError(f"{attribute.name}: expected a non-empty str, got {value!r}")
    if unicodedata.normalize("NFC", value) != value:
        raise InvalidTypeError(f"{attribute.name}: Vietnamese text must be NFC, got {value!r}")


def _codes(value: Iterable[str] | str) -> tuple[str, ...]:
    items: tuple[object, ...] = tuple(value.split()) if isinstance(value, str) else tuple(value)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not _CODE.fullmatch(item):
            raise InvalidCodeError(f"AdministrativeUnit.successors: bad unit code {item!r}")
        out.append(item)
    return tuple(out)


@attrs.frozen(kw_only=True)
class AdministrativeUnit:
    """*Đơn vị hành chính*: one version of a unit, valid for a date range.

    Attributes:
        code: The statistical code, verbatim: 2 digits (province), 3 (district)
            or 5 (commune) (QĐ 124/2004/QĐ-TTg; QĐ 19/2025/QĐ-TTg from 1 July 2025).
        name: The official name (vi, NFC), e.g. ``"Xã Mỹ An Hưng"``.
        level: Province, district or commune.
        valid_from: First day the unit exists (``None``: before any date the
            library cares about).
        valid_to: First day it no longer exists (exclusive; ``None``: still exists).
        parent: The code of the unit it belongs to, if known.
        successors: Codes of the units that took over its territory when it
            ended (a code that survives a merger lists itself).
        source: The instrument(s) this entry comes from.

    Raises:
        InvalidCodeError: A code that is not 2, 3 or 5 digits, or whose length
            does not match the level.
        InvalidTypeError: A bad name or date range.

    Example:
        >>> import datetime as dt
        >>> unit = AdministrativeUnit(code="30172", name="Xã Mỹ An Hưng A",
        ...     level=Level.COMMUNE, valid_to=dt.date(2025, 7, 1), successors=("30178",))
        >>> unit.is_valid(dt.date(2025, 6, 30)), unit.is_valid(dt.date(2025, 7, 1))
        (True, False)
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(validator=_check_name)
    level: Level = attrs.field()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    parent: str | None = None
    successors: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    source: str = attrs.field(default="", eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.level, Level):
            raise InvalidTypeError(f"unit {self.code}: level must be a Level, got {self.level!r}")
        if len(self.code) != _LEVEL_DIGITS[self.level]:
            raise InvalidCodeError(
                f"unit {self.code} ({self.name}): a {self.level.value} code has "
                f"{_LEVEL_DIGITS[self.level]} digits"
            )
        start, end = self.valid_from, self.valid_to
        if start is not None and end is not None and end <= start:
            raise InvalidTypeError(
                f"unit {self.code} ({self.name}): valid_to {end} is not after valid_from {start}"
            )

    def is_valid(self, on: dt.date) -> bool:
        """Whether this version of the unit exists on *on*.

        Example:
            >>> import datetime as dt
            >>> AdministrativeUnit(code="82", name="Tỉnh Đồng Tháp", level=Level.PROVINCE,
            ...     valid_from=dt.date(2025, 7, 1)).is_valid(dt.date(2025, 6, 30))
            False
        """
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on < self.valid_to


class FindingKind(enum.Enum):
    """Why a dossier's unit is questionable on its receipt date.

    Example:
        >>> FindingKind.DISTRICT_ABOLISHED.value
        'cấp huyện đã kết thúc hoạt động'
    """

    DISTRICT_ABOLISHED = "cấp huyện đã kết thúc hoạt động"
    """A district-level unit after 30 June 2025."""
    UNIT_CLOSED = "đơn vị đã được sắp xếp"
    """A unit (usually a pre-merger commune) that no longer exists on that day."""
    NOT_YET_VALID = "đơn vị chưa hình thành"
    """A unit used before it existed."""
    UNKNOWN_UNIT = "không có trong danh mục"
    """A code the registry does not know."""


@attrs.frozen(kw_only=True)
class UnitFinding:
    """A flag raised on a dossier whose unit does not exist on its receipt date.

    Attributes:
        code: The unit code as given.
        received_on: The receipt date (Vietnam date).
        kind: What is wrong.
        unit: The version of the unit the code refers to, if known.
        successors: The units that carry on for it on that day.
        message: A sentence naming the code, the date and the successors.
        legal_basis: Why it is flagged.

    Example:
        >>> import datetime as dt
        >>> finding = check_receipt_unit("875", dt.date(2025, 7, 2), registry=lap_vo_units())
        >>> finding.kind.name, [u.code for u in finding.successors]
        ('DISTRICT_ABOLISHED', ['30169', '30178', '30184', '30226'])
    """

    code: str
    received_on: dt.date
    kind: FindingKind
    unit: AdministrativeUnit | None
    successors: tuple[AdministrativeUnit, ...]
    message: str
    legal_basis: str


def _day(value: dt.date | dt.datetime, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidTypeError(f"{what}: expected a date or an aware datetime, got {value!r}")
        return value.astimezone(VIETNAM_TZ).date()
    if isinstance(value, dt.date):
        return value
    raise InvalidTypeError(f"{what}: expected a date, got {type(value).__name__} {value!r}")


class UnitRegistry:
    """Dated administrative units, looked up by code *and* date.

    Args:
        units: The unit versions. Two versions of one code must not overlap.

    Raises:
        InvalidCodeError: Overlapping versions of a code, or a successor code
            with no version starting when its predecessor ends.

    Example:
        >>> import datetime as dt
        >>> units = lap_vo_units()
        >>> units.successor_of("30172", on=dt.date(2025, 8, 1)).name
        'Xã Mỹ An Hưng'
        >>> units.get("30178", on=dt.date(2020, 1, 1)).name
        'Xã Mỹ An Hưng B'
        >>> units.is_valid("875", dt.date(2025, 7, 1))
        False
    """

    __slots__ = ("_by_code", "_order")

    def __init__(self, units: Iterable[AdministrativeUnit]) -> None:
        by_code: dict[str, list[AdministrativeUnit]] = {}
        order: list[AdministrativeUnit] = []
        for unit in units:
            if not isinstance(unit, AdministrativeUnit):
                raise InvalidTypeError(f"UnitRegistry: expected AdministrativeUnit, got {unit!r}")
            by_code.setdefault(unit.code, []).append(unit)
            order.append(unit)
        for code, versions in by_code.items():
            versions.sort(key=lambda u: u.valid_from or dt.date.min)
            for before, after in itertools.pairwise(versions):
                if before.valid_to is None or (after.valid_from or dt.date.min) < before.valid_to:
                    raise InvalidCodeError(
                        f"UnitRegistry: two versions of unit {code} overlap "
                        f"({before.name!r} and {after.name!r})"
                    )
        self._by_code = {code: tuple(v) for code, v in by_code.items()}
        self._order = tuple(order)
        for unit in order:
            if unit.valid_to is None:
                continue
            for successor in unit.successors:
                if self._version(successor, unit.valid_to) is None:
                    raise InvalidCodeError(
                        f"UnitRegistry: unit {unit.code} ({unit.name}) names successor "
                        f"{successor}, which does not exist on {unit.valid_to}"
                    )

    def __iter__(self) -> Iterator[AdministrativeUnit]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"UnitRegistry(<{len(self)} unit versions>)"

    def _version(self, code: str, on: dt.date) -> AdministrativeUnit | None:
        for unit in self._by_code.get(code, ()):
            if unit.is_valid(on):
                return unit
        return None

    def _known(self, code: str, on: dt.date) -> AdministrativeUnit:
        """The latest version of *code* that began on or before *on*."""
        versions = self._by_code.get(code)
        if not versions:
            raise UnknownUnitError(f"no administrative unit with code {code!r} in the registry")
        started = [u for u in versions if u.valid_from is None or u.valid_from <= on]
        if not started:
            first = versions[0].valid_from
            raise UnknownUnitError(f"unit {code} did not exist yet on {on} (it begins on {first})")
        return started[-1]

    def versions(self, code: str) -> tuple[AdministrativeUnit, ...]:
        """Every version of *code*, oldest first (empty if unknown).

        Example:
            >>> [u.name for u in lap_vo_units().versions("30178")]
            ['Xã Mỹ An Hưng B', 'Xã Mỹ An Hưng']
        """
        return self._by_code.get(code, ())

    def get(self, code: str, *, on: dt.date | dt.datetime) -> AdministrativeUnit:
        """The version of *code* that exists on *on*.

        Raises:
            UnknownUnitError: No version of *code* exists on that day.

        Example:
            >>> import datetime as dt
            >>> lap_vo_units().get("30178", on=dt.date(2025, 7, 1)).name
            'Xã Mỹ An Hưng'
        """
        day = _day(on, "on")
        unit = self._version(code, day)
        if unit is None:
            known = self._by_code.get(code)
            detail = "" if not known else f" (known: {', '.join(_span(u) for u in known)})"
            raise UnknownUnitError(f"no unit {code!r} exists on {day}{detail}")
        return unit

    def is_valid(self, code: str, on: dt.date | dt.datetime) -> bool:
        """Whether some version of *code* exists on *on*.

        Example:
            >>> import datetime as dt
            >>> units = lap_vo_units()
            >>> units.is_valid("30172", dt.date(2025, 6, 30))
            True
            >>> units.is_valid("30172", dt.date(2025, 7, 1))
            False
        """
        return self._version(code, _day(on, "on")) is not None

    def successors_of(
        self, code: str, *, on: dt.date | dt.datetime
    ) -> tuple[AdministrativeUnit, ...]:
        """The units that carry on, on *on*, for the unit known as *code*.

        *code* is read as the version in force most recently before or on
        *on*; if it still exists it is its own successor. Otherwise its
        successors are followed (through later reforms too) to the units that
        exist on *on*.

        Raises:
            UnknownUnitError: *code* is unknown, or began after *on*.

        Example:
            >>> import datetime as dt
            >>> [u.code for u in lap_vo_units().successors_of("875", on=dt.date(2026, 1, 1))]
            ['30169', '30178', '30184', '30226']
        """
        day = _day(on, "on")
        return self._follow(self._known(code, day), day)

    def _follow(self, unit: AdministrativeUnit, day: dt.date) -> tuple[AdministrativeUnit, ...]:
        if unit.is_valid(day) or unit.valid_to is None:
            return (unit,)
        found: dict[tuple[str, dt.date | None], AdministrativeUnit] = {}
        for code in unit.successors:
            nxt = self._version(code, unit.valid_to)
            if nxt is None:  # pragma: no cover - checked in __init__
                continue
            for item in self._follow(nxt, day):
                found.setdefault((item.code, item.valid_from), item)
        return tuple(found.values())

    def successor_of(self, code: str, *, on: dt.date | dt.datetime) -> AdministrativeUnit:
        """The single unit that carries on for *code* on *on*.

        Raises:
            AmbiguousSuccessorError: Several units took over (a district).
            UnknownUnitError: *code* is unknown, began after *on*, or ended
                without a successor.

        Example:
            >>> import datetime as dt
            >>> lap_vo_units().successor_of("30205", on=dt.date(2025, 7, 1)).name
            'Xã Lấp Vò'
        """
        found = self.successors_of(code, on=on)
        if len(found) == 1 and found[0].is_valid(_day(on, "on")):
            return found[0]
        if not found or not found[0].is_valid(_day(on, "on")):
            raise UnknownUnitError(f"unit {code} ended with no successor recorded")
        codes = ", ".join(f"{u.code} {u.name}" for u in found)
        raise AmbiguousSuccessorError(f"unit {code} has {len(found)} successors on {on}: {codes}")

    def grouping(self, *, on: dt.date | dt.datetime) -> Callable[[str], AdministrativeUnit]:
        """A key function mapping a unit code to the unit it is reported under on *on*.

        Use it to group a report that spans the reform by successor unit. A
        code with one successor maps to it; a code with several (a district)
        maps to its own last version, so its dossiers stay in one group of
        their own rather than being split by guesswork.

        Raises:
            UnknownUnitError: From the key function, for an unknown code.

        Example:
            >>> import datetime as dt
            >>> from itertools import groupby
            >>> key = lap_vo_units().grouping(on=dt.date(2025, 7, 1))
            >>> codes = ["30172", "30175", "30181", "30202", "875"]
            >>> ordered = sorted(codes, key=lambda c: key(c).code)
            >>> {k.name: len(list(g)) for k, g in groupby(ordered, key)}
            {'Xã Mỹ An Hưng': 3, 'Xã Tân Khánh Trung': 1, 'Huyện Lấp Vò': 1}
        """
        day = _day(on, "on")

        def key(code: str) -> AdministrativeUnit:
            known = self._known(code, day)
            found = self._follow(known, day)
            return found[0] if len(found) == 1 else known

        return key

    def check_receipt(
        self, code: str, received_on: dt.date | dt.datetime, *, level: Level | None = None
    ) -> UnitFinding | None:
        """Flag a dossier whose unit is gone on its receipt date (:func:`check_receipt_unit`).

        Example:
            >>> import datetime as dt
            >>> lap_vo_units().check_receipt("875", dt.date(2025, 6, 30)) is None
            True
        """
        return check_receipt_unit(code, received_on, registry=self, level=level)


def _span(unit: AdministrativeUnit) -> str:
    start = "…" if unit.valid_from is None else unit.valid_from.isoformat()
    end = "…" if unit.valid_to is None else unit.valid_to.isoformat()
    return f"{unit.name} [{start}, {end})"


def check_receipt_unit(
    code: str,
    received_on: dt.date | dt.datetime,
    *,
    registry: UnitRegistry,
    level: Level | None = None,
) -> UnitFinding | None:
    """Flag a dossier received by a unit that does not exist on the receipt date.

    A district-level unit after 30 June 2025 gives
    :attr:`FindingKind.DISTRICT_ABOLISHED`; a merged (closed) commune gives
    :attr:`FindingKind.UNIT_CLOSED`; both name the successors. A code used
    before its unit existed, or unknown to the registry, is flagged too.
    ``None`` means nothing to flag.

    Args:
        code: The receiving unit's code (a ledger's agency code).
        received_on: The receipt date, or an aware receipt instant (its
            Vietnam date counts).
        registry: The units to check against, e.g. :func:`lap_vo_units`.
        level: The level the dossier's record gives, if any (a ledger's
            ``level`` column). A district level after 30 June 2025 is flagged
            even when the code is not in *registry*.

    Legal basis:
        Law 72/2025/QH15 and Resolution 202/2025/QH15 (district level ends);
        the commune-merger resolution of the province (for Đồng Tháp,
        Resolution 1663/NQ-UBTVQH15, Art. 2(2): new communes operate from
        1 July 2025, the old ones until then, Art. 2(3)).

    Example:
        >>> import datetime as dt
        >>> units = lap_vo_units()
        >>> f = check_receipt_unit("30190", dt.date(2025, 7, 1), registry=units)
        >>> f.kind.name, f.successors[0].name
        ('UNIT_CLOSED', 'Xã Tân Khánh Trung')
        >>> print(check_receipt_unit("875", dt.date(2025, 7, 1), registry=units).message)
        ... # doctest: +NORMALIZE_WHITESPACE
        unit 875 (Huyện Lấp Vò) received a dossier on 2025-07-01, but district-level
        government ended on 2025-07-01; successors: 30169 Xã Lấp Vò, 30178 Xã Mỹ An Hưng,
        30184 Xã Tân Khánh Trung, 30226 Xã Lai Vung
        >>> check_receipt_unit("30178", dt.date(2025, 7, 1), registry=units) is None
        True
        >>> check_receipt_unit("H56.14", dt.date(2025, 7, 1), registry=units,
        ...                    level=Level.DISTRICT).kind.name
        'DISTRICT_ABOLISHED'
    """
    day = _day(received_on, "received_on")
    versions = registry.versions(code)
    found = functools.partial(UnitFinding, code=code, received_on=day)
    if level is Level.DISTRICT and day >= TWO_TIER_DATE and not versions:
        return found(
            kind=FindingKind.DISTRICT_ABOLISHED,
            unit=None,
            successors=(),
            message=f"a district-level dossier of unit {code!r} was received on {day}, but "
            f"district-level government ended on {TWO_TIER_DATE}",
            legal_basis=_TWO_TIER_BASIS,
        )
    if not versions:
        message = f"unit {code!r} (receipt on {day}) is not in the unit registry"
        return found(
            kind=FindingKind.UNKNOWN_UNIT, unit=None, successors=(), message=message, legal_basis=""
        )
    if registry.is_valid(code, day):
        return None
    started = [u for u in versions if u.valid_from is None or u.valid_from <= day]
    if not started:
        first = versions[0]
        message = (
            f"unit {code} ({first.name}) received a dossier on {day}, before it existed "
            f"(from {first.valid_from})"
        )
        kind = FindingKind.NOT_YET_VALID
        return found(
            kind=kind, unit=first, successors=(), message=message, legal_basis=first.source
        )
    unit = started[-1]
    successors = registry.successors_of(code, on=day)
    names = ", ".join(f"{u.code} {u.name}" for u in successors) or "none recorded"
    prefix = f"unit {code} ({unit.name}) received a dossier on {day}, but"
    if unit.level is Level.DISTRICT and day >= TWO_TIER_DATE:
        message = (
            f"{prefix} district-level government ended on {TWO_TIER_DATE}; successors: {names}"
        )
        kind, basis = FindingKind.DISTRICT_ABOLISHED, _TWO_TIER_BASIS
    else:
        message = f"{prefix} it ended on {unit.valid_to}; successors: {names}"
        kind, basis = FindingKind.UNIT_CLOSED, unit.source
    return found(kind=kind, unit=unit, successors=successors, message=message, legal_basis=basis)


def _parse_date(text: str, where: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DecodeError(f"{where}: expected an ISO date, got {text!r}") from None


def _read_units(text: str, resource: str) -> UnitRegistry:
    units = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        where = f"{resource} line {line}"
        try:
            units.append(
                AdministrativeUnit(
                    code=row["code"],
                    name=row["name"],
                    level=Level[row["level"].upper()],
                    valid_from=_parse_date(row["valid_from"], f"{where} valid_from"),
                    valid_to=_parse_date(row["valid_to"], f"{where} valid_to"),
                    parent=row["parent"] or None,
                    successors=row["successors"],
                    source=row["source"],
                )
            )
        except (KeyError, AttributeError) as exc:
            raise DecodeError(f"{where}: {exc!r}") from exc
        except LapvoError as exc:
            raise DecodeError(f"{where}: {exc}") from exc
    return UnitRegistry(units)


def lap_vo_units() -> UnitRegistry:
    """The bundled units of the sample: Lấp Vò district (875), its 13 communes and successors.

    Old codes (to 30 June 2025) and the merged communes (from 1 July 2025) of
    NA Standing Committee Resolution 1663/NQ-UBTVQH15 (16 June 2025), Art. 1
    items 29-32; new commune codes from the General Statistics Office's letter
    1027/CTK-CSCL (25 June 2025), Annex I; province codes 87 → 82 (letter
    915/CTK-CSCL). Each row names its source (``AdministrativeUnit.source``).
    Each call reads the file afresh.

    Example:
        >>> import datetime as dt
        >>> units = lap_vo_units()
        >>> sorted({u.code for u in units if u.parent == "875"}) == [
        ...     "30169", "30172", "30175", "30178", "30181", "30184", "30187",
        ...     "30190", "30193", "30196", "30199", "30202", "30205"]
        True
    """
    resource = "units_lap_vo.csv"
    text = resources.files("lapvo_cchc").joinpath("data").joinpath(resource).read_text("utf-8")
    return _read_units(text, resource)
