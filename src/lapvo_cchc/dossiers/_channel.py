"""How a dossier reached the agency, and the field converters of :class:`Dossier` (private)."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from lapvo_cchc.errors import InvalidCodeError, InvalidTypeError
from lapvo_cchc.procedures import AgencyCode, DossierCode, ProcedureCode

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lapvo_cchc.deadlines import TimeLimit
    from lapvo_cchc.dossiers._events import Event

__all__ = ["Channel"]


class Channel(enum.Enum):
    """*Hình thức nộp hồ sơ*: how the dossier reached the agency.

    Assisted filing ("Công dân không viết") is not a channel but a flag on the
    dossier (:attr:`Dossier.assisted`).

    Example:
        >>> from lapvo_cchc.dossiers import Channel
        >>> Channel.POSTAL.value
        'bưu chính công ích'
        >>> Channel("trực tuyến") is Channel.ONLINE
        True
    """

    IN_PERSON = "trực tiếp"
    ONLINE = "trực tuyến"
    POSTAL = "bưu chính công ích"


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return value if type(value) is tuple else tuple(value)


def _dossier_code(value: DossierCode | str) -> DossierCode:
    return value if isinstance(value, DossierCode) else DossierCode.parse(value)


def _procedure_code(value: ProcedureCode | str) -> ProcedureCode:
    return value if isinstance(value, ProcedureCode) else ProcedureCode.parse(value)


def _agency_code(value: AgencyCode | str) -> AgencyCode:
    return value if isinstance(value, AgencyCode) else AgencyCode.parse(value)


def _time_limit(_instance: object, _attribute: object, value: TimeLimit) -> None:
    from lapvo_cchc.deadlines import TimeLimit

    if type(value) is not TimeLimit:
        raise InvalidTypeError(
            f"Dossier.time_limit: expected a TimeLimit, got {type(value).__name__} {value!r}"
        )


def _channel(value: Channel | str) -> Channel:
    if isinstance(value, Channel):
        return value
    try:
        return Channel(value)
    except ValueError:
        raise InvalidCodeError(
            f"Dossier.channel: expected a Channel or one of "
            f"{', '.join(repr(c.value) for c in Channel)}, got {type(value).__name__} {value!r}"
        ) from None


def _assisted(_instance: object, _attribute: object, value: object) -> None:
    if type(value) is not bool:
        raise InvalidTypeError(
            f"Dossier.assisted: expected a bool, got {type(value).__name__} {value!r}"
        )
