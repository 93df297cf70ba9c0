"""The requests and answers of :mod:`lapvo_cchc.web` as attrs classes (private).

The OpenAPI document's request and answer schemas are generated from these
classes by :func:`lapvo_cchc.adapters.json.schema_defs`, the generator of the
``lapvo-cchc/1`` format, so lapvo_cchc values (``DayOff``, ``TimeLimit``,
``Lateness``, regimes) have one schema everywhere; a field typed
``Annotated[T, {...}]`` states what the format cannot (an envelope, a text form).
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - read at run time by the schema generator
from typing import Annotated, Any, Final

import attrs

from lapvo_cchc.calendars import DayOff  # noqa: TC001 - read at run time, as dt
from lapvo_cchc.deadlines import Lateness, Outcome, Regime, TimeLimit

__all__ = [
    "MODELS",
    "AddWorkingDaysAnswer",
    "ClassifyAnswer",
    "ClassifyRequest",
    "DaysOffAnswer",
    "DeadlineAnswer",
    "DeadlineRequest",
    "ReportAnswer",
    "WorkingDayAnswer",
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": "#/$defs/" + name}


def _about(text: str) -> dict[str, Any]:
    return {"description": text}


LIMIT_TEXT: Final = {
    "type": "string",
    "pattern": (
        r"^([0-9]{1,5} (working_days|working days|ngày làm việc|working_hours|working hours"
        r"|giờ làm việc|calendar_days|calendar days|ngày)|same_day|trong ngày)$"
    ),
    "maxLength": 40,
    "description": (
        "A time limit as text, English or Vietnamese: 10 working_days, 10 ngày làm việc, "
        "8 giờ làm việc, 5 ngày, same_day (case and spacing are free: TimeLimit.parse)"
    ),
}
"""``time_limit`` as text (the forms listed; the server also takes any case and spacing)."""
_OUTCOME: Final = {"anyOf": [{"enum": [o.name for o in Outcome]}, {"type": "null"}]}
_OPEN_OBJECT: Final = {"type": "object"}

Envelope = dict[str, Any]


@attrs.frozen
class DaysOffAnswer:
    """The year's days off (lapvo-cchc/1 DayOff data) and make-up working days."""

    year: int
    provisional: bool
    days_off: tuple[DayOff, ...]
    makeup_workdays: tuple[dt.date, ...]


@attrs.frozen
class WorkingDayAnswer:
    """Whether a date is a working day, with the day off or make-up day it comes from."""

    date: dt.date
    is_working_day: bool
    day_off: DayOff | None
    makeup_workday: bool
    provisional: bool


@attrs.frozen
class AddWorkingDaysAnswer:
    """The n-th working day after a date (n < 0: before it)."""

    date: dt.date
    n: int
    result: dt.date
    provisional_years: tuple[int, ...]


@attrs.frozen
class DeadlineRequest:
    """A receipt instant, a time limit and pauses (and instants to judge the outcome at)."""

    received_at: dt.datetime
    time_limit: Annotated[TimeLimit | str, {"anyOf": [LIMIT_TEXT, _ref("TimeLimit")]}]
    pauses: tuple[tuple[dt.datetime, dt.datetime], ...] = attrs.field(
        default=(), metadata=_about("Closed pauses: [requested_at, supplied_at], in order.")
    )
    regime: Regime | None = None
    finished_at: dt.datetime | None = attrs.field(
        default=None, metadata=_about("When the dossier was finished: the answer says the outcome")
    )
    as_of: dt.datetime | None = attrs.field(
        default=None, metadata=_about("The cut-off for a dossier not finished (by then)")
    )


@attrs.frozen
class DeadlineAnswer:
    """The due date; with finished_at or as_of, the outcome and how far past the deadline."""

    date: dt.date
    at: dt.datetime
    regime: str
    provisional_years: tuple[int, ...]
    deadline: Annotated[Envelope, _ref("DeadlineEnvelope")]
    outcome: Annotated[str | None, _OUTCOME] = None
    outcome_label: str | None = None
    checked_at: dt.datetime | None = None
    past_due: Lateness | None = attrs.field(
        default=None,
        metadata=_about(
            "How far checked_at lies past the deadline; negative: before it "
            "(lapvo_cchc.deadlines.lateness)."
        ),
    )


@attrs.frozen
class ClassifyRequest:
    """A lapvo-cchc/1 dossier to classify, as of an instant."""

    dossier: Annotated[Envelope, _ref("DossierEnvelope")]
    as_of: dt.datetime | None = None
    regime: Regime | None = None


@attrs.frozen
class ClassifyAnswer:
    """A dossier's state, legal deadline, appointment and outcome."""

    code: str
    state: str
    state_label: str
    finished: bool
    deadline: DeadlineAnswer | None
    appointment: dt.date | None
    outcome: Annotated[str | None, _OUTCOME]
    outcome_label: str | None


@attrs.frozen
class RejectedRow:
    """A ledger row the reader refused: where and why."""

    line: int
    column: str
    reason: str


@attrs.frozen
class LedgerCounts:
    """How many rows were read, accepted and rejected (the first rejected rows listed)."""

    rows_read: int
    accepted: int
    rejected: int
    errors: tuple[RejectedRow, ...]


@attrs.frozen
class ReportAnswer:
    """The standard report (as Report.to_json) and the ledger's rejected rows."""

    report: Annotated[
        dict[str, Any], {**_OPEN_OBJECT, "required": ["period", "by", "groups", "total"]}
    ]
    ledger: LedgerCounts


MODELS: Final = (
    DaysOffAnswer,
    WorkingDayAnswer,
    AddWorkingDaysAnswer,
    DeadlineRequest,
    DeadlineAnswer,
    ClassifyRequest,
    ClassifyAnswer,
    ReportAnswer,
)
"""Every model whose schema the OpenAPI document carries (by class name)."""
