"""Procedure catalogues and the bundled synthetic sample (private module)."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.errors import DecodeError, InvalidCodeError, LapvoError, UnknownProcedureError
from lapvo_cchc.procedures._codes import FieldCode, ProcedureCode
from lapvo_cchc.procedures._model import Level, OnlineLevel, Procedure, Step

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = ["Catalog", "InMemoryCatalog", "sample_catalog"]


@runtime_checkable
class Catalog(Protocol):
    """A catalogue of procedures (*bộ thủ tục hành chính*), looked up by code.

    Example:
        >>> isinstance(sample_catalog(), Catalog)
        True
    """

    def get(self, code: ProcedureCode | str) -> Procedure:
        """The procedure with *code*; raise :class:`UnknownProcedureError` if absent."""
        ...  # pragma: no cover

    def __contains__(self, code: object) -> bool:
        """Whether *code* is in the catalogue."""
        ...  # pragma: no cover

    def __iter__(self) -> Iterator[Procedure]:
        """The procedures, in catalogue order."""
        ...  # pragma: no cover

    def __len__(self) -> int:
        """The number of procedures."""
        ...  # pragma: no cover


class InMemoryCatalog:
    """A :class:`Catalog` held in memory.

    A local variant code (``1.001193.000.00.00.H56``) finds the procedure
    stored under its national code (``1.001193``) when it is not itself in the
    catalogue. An unknown code raises :class:`UnknownProcedureError` naming the
    nearest codes.

    Args:
        procedures: The procedures; codes must be unique.

    Raises:
        InvalidCodeError: Two procedures share a code.

    Example:
        >>> catalog = sample_catalog()
        >>> catalog.get("1.001193").name
        'Đăng ký khai sinh'
        >>> catalog.get("1.001193.000.00.00.H56").code.value
        '1.001193'
        >>> catalog.get("1.001139")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.UnknownProcedureError: no procedure '1.001139' in the catalogue;
        did you mean '1.001193' ...
    """

    __slots__ = ("_by_code", "_order")

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._by_code: dict[str, Procedure] = {}
        for procedure in procedures:
            key = procedure.code.value
            if key in self._by_code:
                raise InvalidCodeError(f"InMemoryCatalog: duplicate procedure code {key!r}")
            self._by_code[key] = procedure
        self._order = tuple(self._by_code.values())

    def get(self, code: ProcedureCode | str) -> Procedure:
        """The procedure with *code* (or with its national code).

        Raises:
            UnknownProcedureError: Not in the catalogue (the message names near matches).
            InvalidCodeError: *code* is not a procedure code at all.

        Example:
            >>> sample_catalog().get("2.000908").time_limit.unit.name
            'SAME_DAY'
        """
        parsed = code if isinstance(code, ProcedureCode) else ProcedureCode.parse(code)
        found = self._by_code.get(parsed.value) or self._by_code.get(parsed.national)
        if found is not None:
            return found
        near = difflib.get_close_matches(parsed.national, self._by_code, n=3, cutoff=0.6)
        hint = "; did you mean " + " or ".join(repr(c) for c in near) if near else ""
        names = [self._by_code[c].name for c in near]
        detail = f" ({'; '.join(names)})" if names else ""
        raise UnknownProcedureError(f"no procedure {parsed.value!r} in the catalogue{hint}{detail}")

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, ProcedureCode | str):
            return False
        try:
            self.get(code)
        except (UnknownProcedureError, InvalidCodeError):
            return False
        return True

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"InMemoryCatalog(<{len(self)} procedures>)"


def _time_limit(data: Mapping[str, Any]) -> TimeLimit:
    unit = TimeUnit[str(data["unit"]).upper()]
    if unit is TimeUnit.SAME_DAY:
        cutoff = data.get("cutoff")
        return TimeLimit.same_day(None if cutoff is None else dt.time.fromisoformat(cutoff))
    return TimeLimit(unit, int(data["amount"]))


def _procedure(data: Mapping[str, Any]) -> Procedure:
    return Procedure(
        code=ProcedureCode(data["code"]),
        name=data["name"],
        field=data["field"],
        field_code=None if data.get("field_code") is None else FieldCode(data["field_code"]),
        levels=[Level[str(level).upper()] for level in data["levels"]],
        time_limit=_time_limit(data["time_limit"]),
        online_level=OnlineLevel[str(data["online_level"]).upper()],
        fee=int(data.get("fee", 0)),
        agencies=tuple(data.get("agencies", ())),
        steps=[
            Step(name=s["name"], agency=s["agency"], time_limit=_time_limit(s["time_limit"]))
            for s in data.get("steps", ())
        ],
        legal_basis=data.get("legal_basis", ""),
        cutoff_basis=data.get("cutoff_basis", ""),
        statutory_time_limit=(
            None
            if data.get("statutory_time_limit") is None
            else _time_limit(data["statutory_time_limit"])
        ),
        shortening_basis=data.get("shortening_basis", ""),
    )


def _load(resource: str) -> InMemoryCatalog:
    text = (
        resources.files("lapvo_cchc")
        .joinpath("data")
        .joinpath(resource)
        .read_text(encoding="utf-8")
    )
    document = json.loads(text)
    procedures = []
    for index, item in enumerate(document["procedures"]):
        try:
            procedures.append(_procedure(item))
        except (KeyError, ValueError, TypeError, LapvoError) as exc:
            raise DecodeError(
                f"{resource}: procedures[{index}] ({item.get('code')!r}): {exc!r}"
            ) from exc
    return InMemoryCatalog(procedures)


def sample_catalog() -> InMemoryCatalog:
    """The bundled **synthetic** sample catalogue of district and commune procedures.

    For demos, docs and tests only: names follow real procedures, but the
    codes (except those quoted in docs/design/national-portal.md), time limits, fees
    and steps are illustrative, not the published records. Each call loads a
    fresh catalogue.

    Example:
        >>> catalog = sample_catalog()
        >>> len(catalog) >= 24
        True
        >>> print(catalog.get("2.000815").time_limit)
        trong ngày (nhận trước 15:00)
    """
    return _load("catalog_sample.json")
