"""The one table of event names: each event type and its stable wire name (private module).

The public names are re-exported by :mod:`lapvo_cchc.dossiers`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from lapvo_cchc.dossiers._events import (
    Apologized,
    Event,
    FeeMet,
    FeeRequested,
    Received,
    RefusedAtIntake,
    Resolved,
    ResultReturned,
    Stopped,
    SubmittedOnline,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
    Withdrawn,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["EVENT_NAMES", "EVENT_NAME_OF", "LEGACY_EVENT_NAMES", "event_type"]

EVENT_NAMES: Final[Mapping[str, type[Event]]] = MappingProxyType(
    {
        "submitted_online": SubmittedOnline,
        "refused_at_intake": RefusedAtIntake,
        "received": Received,
        "supplement_requested": SupplementRequested,
        "supplement_supplied": SupplementSupplied,
        "fee_requested": FeeRequested,
        "fee_met": FeeMet,
        "transferred": Transferred,
        "apologized": Apologized,
        "resolved": Resolved,
        "stopped": Stopped,
        "withdrawn": Withdrawn,
        "result_returned": ResultReturned,
    }
)
"""Wire name → event type, in lifecycle order (read-only).

The names are stable: the JSON format's ``type`` tag and the events CSV's
``event`` column use them. A refusal at intake is ``refused_at_intake``
(the class's name); the events CSV of earlier releases wrote ``refused``,
still read through :data:`LEGACY_EVENT_NAMES`.

Example:
    >>> EVENT_NAMES["refused_at_intake"].__name__
    'RefusedAtIntake'
"""

EVENT_NAME_OF: Final[Mapping[type[Event], str]] = MappingProxyType(
    {cls: name for name, cls in EVENT_NAMES.items()}
)
"""Event type → its wire name (the inverse of :data:`EVENT_NAMES`).

Example:
    >>> EVENT_NAME_OF[SupplementRequested]
    'supplement_requested'
"""

LEGACY_EVENT_NAMES: Final[Mapping[str, str]] = MappingProxyType({"refused": "refused_at_intake"})
"""Old spellings still read → the canonical wire name.

Example:
    >>> EVENT_NAMES[LEGACY_EVENT_NAMES["refused"]] is RefusedAtIntake
    True
"""


def event_type(name: str) -> type[Event] | None:
    """The event type of a wire name, old spellings included; ``None`` if unknown.

    Example:
        >>> event_type("refused").__name__, event_type("fax")
        ('RefusedAtIntake', None)
    """
    return EVENT_NAMES.get(LEGACY_EVENT_NAMES.get(name, name))
