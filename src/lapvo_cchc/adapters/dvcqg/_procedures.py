"""National procedure database records → :class:`~lapvo_cchc.procedures.Procedure` (private).

Public names are re-exported by :mod:`lapvo_cchc.adapters.dvcqg`.

Example:
    >>> UNIT_NAMES["trong ngày"].name
    'SAME_DAY'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.errors import DecodeError, LapvoError
from lapvo_cchc.procedures import (
    FieldCode,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureCode,
)

__all__ = [
    "LEVEL_CODES",
    "ONLINE_LEVEL_CODES",
    "UNIT_NAMES",
    "ParsedProcedure",
    "parse_procedure",
    "parse_procedures",
]

LEVEL_CODES: Final[Mapping[str, Level]] = MappingProxyType(
    {"1": Level.PROVINCE, "2": Level.DISTRICT, "3": Level.COMMUNE}
)
"""``CAPTHUCHIEN`` codes of a procedure record: 1 tỉnh, 2 huyện, 3 xã.

Code ``"0"`` (ministry, *Bộ*) has no :class:`~lapvo_cchc.procedures.Level`
and is reported. Seen in one importer only (the Thanh Hóa one-stop system); pass
your own table to :func:`parse_procedure` if your source differs.

Example:
    >>> LEVEL_CODES["3"]
    <Level.COMMUNE: 'Cấp xã'>
"""

ONLINE_LEVEL_CODES: Final[Mapping[str, OnlineLevel]] = MappingProxyType(
    {
        "1": OnlineLevel.LEVEL_1,
        "2": OnlineLevel.LEVEL_2,
        "3": OnlineLevel.LEVEL_3,
        "4": OnlineLevel.LEVEL_4,
    }
)
"""``MUCDO`` (online service level) codes 1-4 (see ``docs/dvcqg.md``).

Example:
    >>> ONLINE_LEVEL_CODES["4"].under_decree_42()
    <OnlineLevel.FULL: 'Toàn trình'>
"""

UNIT_NAMES: Final[Mapping[str, TimeUnit]] = MappingProxyType(
    {
        "ngày làm việc": TimeUnit.WORKING_DAYS,
        "ngày": TimeUnit.CALENDAR_DAYS,
        "giờ làm việc": TimeUnit.WORKING_HOURS,
        "trong ngày": TimeUnit.SAME_DAY,
    }
)
"""``DONVITINH`` wording → :class:`~lapvo_cchc.deadlines.TimeUnit` (compared NFC, case-folded).

Plain hours (*giờ*) and months (*tháng*), which QĐ 766 also lists
(its indicator 2.2), have no exact unit in the library and are reported.

Example:
    >>> UNIT_NAMES["ngày làm việc"]
    <TimeUnit.WORKING_DAYS: 'ngày làm việc'>
"""


def _text(payload: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    if key not in payload or payload[key] in (None, ""):
        if required:
            raise DecodeError(f"{key}: missing from the payload (required)")
        return None
    value = payload[key]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DecodeError(f"{key}: expected a string, got {type(value).__name__} {value!r}")
    return str(value).strip()


# -- procedure records ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ParsedProcedure:
    """A procedure parsed from a CSDL TTHC record, with the raw record kept beside it.

    Attributes:
        procedure: the parsed :class:`~lapvo_cchc.procedures.Procedure`.
        raw: the record as received (not copied deeply; do not mutate it).
        time_limits: every ``(KENH, TimeLimit)`` of ``CACHTHUCTHUCHIEN[].THOIGIAN[]``,
            in record order; ``procedure.time_limit`` is the one chosen.

    Example:
        >>> record = {"MATTHC": "1.001193", "TENTTHC": "Đăng ký khai sinh", "MUCDO": "3",
        ...     "LINHVUCTHUCHIEN": [{"MALINHVUC": "G14-HT01", "TENLINHVUC": "Hộ tịch"}],
        ...     "CAPTHUCHIEN": [{"CAPTHUCHIEN": "3", "TENCAP": "Cấp Xã"}],
        ...     "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [
        ...         {"THOIGIANGIAIQUYET": "1", "DONVITINH": "Ngày làm việc"}]}]}
        >>> parsed = parse_procedure(record)
        >>> str(parsed.procedure.time_limit), parsed.raw["MATTHC"]
        ('1 ngày làm việc', '1.001193')
    """

    procedure: Procedure
    raw: Mapping[str, Any]
    time_limits: tuple[tuple[str, TimeLimit], ...] = ()


def _list(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise DecodeError(f"{key}: expected a list, got {type(value).__name__} {value!r}")
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise DecodeError(f"{key}[{i}]: expected an object, got {item!r}")
    return list(value)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _limit(item: Mapping[str, Any], where: str, units: Mapping[str, TimeUnit]) -> TimeLimit:
    unit_text = _text(item, "DONVITINH", required=False)
    if unit_text is None:
        raise DecodeError(f"{where}.DONVITINH: missing (required)")
    table = {_nfc(k).casefold(): v for k, v in units.items()}
    unit = table.get(_nfc(unit_text).casefold())
    if unit is None:
        known = ", ".join(sorted(units))
        raise DecodeError(f"{where}.DONVITINH: unknown unit {unit_text!r}; known units: {known}")
    amount_text = _text(item, "THOIGIANGIAIQUYET", required=False)
    if unit is TimeUnit.SAME_DAY:
        if amount_text not in (None, "0", "1"):
            raise DecodeError(
                f"{where}.THOIGIANGIAIQUYET: a same-day limit has no amount, got {amount_text!r}"
            )
        return TimeLimit.same_day()
    if amount_text is None or not amount_text.isascii() or not amount_text.isdigit():
        got = item.get("THOIGIANGIAIQUYET")
        raise DecodeError(f"{where}.THOIGIANGIAIQUYET: expected a whole number, got {got!r}")
    return TimeLimit(unit, int(amount_text))


def _field(record: Mapping[str, Any]) -> tuple[str, FieldCode | None]:
    fields = _list(record, "LINHVUCTHUCHIEN")
    if not fields:
        raise DecodeError("LINHVUCTHUCHIEN: missing or empty (required)")
    field_name = _text(fields[0], "TENLINHVUC", required=False)
    if field_name is None:
        raise DecodeError("LINHVUCTHUCHIEN[0].TENLINHVUC: missing (required)")
    field_text = _text(fields[0], "MALINHVUC", required=False)
    if field_text is None:
        return field_name, None
    try:
        return field_name, FieldCode.parse(field_text)
    except LapvoError as exc:
        raise DecodeError(f"LINHVUCTHUCHIEN[0].MALINHVUC: {exc}") from None


def _levels(record: Mapping[str, Any], levels: Mapping[str, Level]) -> list[Level]:
    found: list[Level] = []
    for i, item in enumerate(_list(record, "CAPTHUCHIEN")):
        level_text = _text(item, "CAPTHUCHIEN", required=False) or ""
        if level_text not in levels:
            known = ", ".join(sorted(levels))
            raise DecodeError(
                f"CAPTHUCHIEN[{i}].CAPTHUCHIEN: unknown level {level_text!r}; known codes: {known}"
            )
        found.append(levels[level_text])
    if not found:
        raise DecodeError("CAPTHUCHIEN: missing or empty (required)")
    return found


def parse_procedure(
    record: Mapping[str, Any],
    *,
    units: Mapping[str, TimeUnit] = UNIT_NAMES,
    levels: Mapping[str, Level] = LEVEL_CODES,
    online_level: OnlineLevel | None = None,
) -> ParsedProcedure:
    """Parse one procedure record of the national procedure database (UPPERCASE keys).

    Mapped keys: ``MATTHC`` (or ``MaTTHC``) → code; ``TENTTHC`` → name (NFC);
    ``LINHVUCTHUCHIEN[0]`` → field name and code; ``CAPTHUCHIEN[].CAPTHUCHIEN``
    → levels through *levels*; ``MUCDO`` → online level (else *online_level*);
    ``COQUANTHUCHIEN[].TENDONVI`` → agencies; ``CANCUPHAPLY[].SOVANBAN`` →
    legal basis; ``CACHTHUCTHUCHIEN[].THOIGIAN[]`` → time limits through
    *units*. The procedure's limit is the first one of channel ``KENH`` "1"
    (in person), else the first one listed. Fees are not parsed (the record's
    fee lists vary by channel and case): ``procedure.fee`` is 0; read ``raw``.

    Args:
        record: one element of the ``result`` array.
        units: ``DONVITINH`` wording → unit (compared NFC, case-folded).
        levels: ``CAPTHUCHIEN`` code → level.
        online_level: used when the record has no ``MUCDO``.

    Raises:
        DecodeError: a missing or malformed key, an unknown unit or level;
            the message names the key path and the value.

    Example:
        >>> record = {"MATTHC": "2.000001", "TENTTHC": "Cấp giấy phép xây dựng",
        ...     "LINHVUCTHUCHIEN": [{"TENLINHVUC": "Xây dựng"}],
        ...     "CAPTHUCHIEN": [{"CAPTHUCHIEN": "2"}], "MUCDO": "3",
        ...     "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [
        ...         {"THOIGIANGIAIQUYET": "2", "DONVITINH": "Tháng"}]}]}
        >>> parse_procedure(record)
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: CACHTHUCTHUCHIEN[0].THOIGIAN[0].DONVITINH: unknown unit ...
    """
    if not isinstance(record, Mapping):
        raise DecodeError(f"procedure record: expected an object, got {type(record).__name__}")
    key = "MATTHC" if "MATTHC" in record else "MaTTHC"
    code_text = _text(record, key, required=False)
    if code_text is None:
        raise DecodeError("MATTHC: missing from the record (required)")
    try:
        code = ProcedureCode.parse(code_text)
    except LapvoError as exc:
        raise DecodeError(f"{key}: {exc}") from None
    name = _text(record, "TENTTHC")
    assert name is not None  # noqa: S101 -- required

    field_name, field_code = _field(record)
    found_levels = _levels(record, levels)

    online_text = _text(record, "MUCDO", required=online_level is None)
    if online_text is not None:
        if online_text not in ONLINE_LEVEL_CODES:
            raise DecodeError(f"MUCDO: expected 1, 2, 3 or 4, got {online_text!r}")
        online_level = ONLINE_LEVEL_CODES[online_text]
    assert online_level is not None  # noqa: S101 -- required above when not given

    limits: list[tuple[str, TimeLimit]] = []
    for i, channel in enumerate(_list(record, "CACHTHUCTHUCHIEN")):
        kenh = _text(channel, "KENH", required=False) or ""
        for j, item in enumerate(_list(channel, "THOIGIAN")):
            where = f"CACHTHUCTHUCHIEN[{i}].THOIGIAN[{j}]"
            limits.append((kenh, _limit(item, where, units)))
    if not limits:
        raise DecodeError("CACHTHUCTHUCHIEN[].THOIGIAN: no time limit in the record (required)")
    chosen = next((lim for kenh, lim in limits if kenh == "1"), limits[0][1])

    agencies = tuple(
        _nfc(t)
        for item in _list(record, "COQUANTHUCHIEN")
        if (t := _text(item, "TENDONVI", required=False))
    )
    basis = "; ".join(
        _nfc(t)
        for item in _list(record, "CANCUPHAPLY")
        if (t := _text(item, "SOVANBAN", required=False))
    )
    try:
        procedure = Procedure(
            code=code,
            name=_nfc(name),
            field=_nfc(field_name),
            levels=found_levels,
            time_limit=chosen,
            online_level=online_level,
            agencies=agencies,
            field_code=field_code,
            legal_basis=basis,
        )
    except LapvoError as exc:
        raise DecodeError(f"procedure record {code_text}: {exc}") from None
    return ParsedProcedure(procedure=procedure, raw=record, time_limits=tuple(limits))


def parse_procedures(
    package: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    units: Mapping[str, TimeUnit] = UNIT_NAMES,
    levels: Mapping[str, Level] = LEVEL_CODES,
    online_level: OnlineLevel | None = None,
) -> list[ParsedProcedure]:
    """Parse a ``LayThuTuc`` answer: ``{"result": [...]}`` or the bare list of records.

    Raises:
        DecodeError: not a list or an object with a ``result`` list, or a bad
            record (the message starts with ``result[i]``).

    Example:
        >>> record = {"MATTHC": "1.001193", "TENTTHC": "Đăng ký khai sinh", "MUCDO": "4",
        ...     "LINHVUCTHUCHIEN": [{"TENLINHVUC": "Hộ tịch"}],
        ...     "CAPTHUCHIEN": [{"CAPTHUCHIEN": "3"}],
        ...     "CACHTHUCTHUCHIEN": [{"KENH": "2", "THOIGIAN": [
        ...         {"THOIGIANGIAIQUYET": "0", "DONVITINH": "Trong ngày"}]}]}
        >>> [str(p.procedure.code) for p in parse_procedures({"result": [record]})]
        ['1.001193']
    """
    records: Any = package.get("result") if isinstance(package, Mapping) else package
    if isinstance(records, str) or not isinstance(records, Sequence):
        raise DecodeError(f"result: expected a list of procedure records, got {records!r}")
    parsed: list[ParsedProcedure] = []
    for i, record in enumerate(records):
        try:
            parsed.append(
                parse_procedure(record, units=units, levels=levels, online_level=online_level)
            )
        except DecodeError as exc:
            raise DecodeError(f"result[{i}].{exc}") from None
    return parsed
