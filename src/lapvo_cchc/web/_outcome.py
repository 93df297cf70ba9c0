"""The outcome part of a ``POST /deadline`` answer (private; standard library and lapvo_cchc only).

Given a computed :class:`~lapvo_cchc.deadlines.Deadline` and the request's
optional ``finished_at`` / ``as_of`` instants, :func:`outcome_json` says how the
dossier stands (:class:`~lapvo_cchc.deadlines.Outcome`, via
:func:`~lapvo_cchc.deadlines.classify`) and by how much, so a one-stop desk can
ask "is it late?" without building a whole dossier envelope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.deadlines import classify, lateness
from lapvo_cchc.web._problems import FieldError, Problem

if TYPE_CHECKING:
    import datetime as dt

    from lapvo_cchc.calendars import WorkCalendar
    from lapvo_cchc.deadlines import Deadline

OUTCOME_FIELDS = ("outcome", "outcome_label", "checked_at", "past_due")
"""The keys :func:`outcome_json` adds to a ``POST /deadline`` answer."""


def outcome_json(
    calendar: WorkCalendar,
    deadline: Deadline,
    *,
    finished_at: dt.datetime | None,
    as_of: dt.datetime | None,
) -> dict[str, Any]:
    """The outcome keys of a ``POST /deadline`` answer (all ``None`` without either instant).

    With *finished_at* (finished by *as_of*, when both are given) the dossier is
    judged finished at that instant (early / on time / late); otherwise it is
    judged unfinished at *as_of* (in progress / overdue). ``checked_at`` is the
    instant judged and ``past_due`` how far it lies past the deadline
    (:func:`lapvo_cchc.deadlines.lateness`).

    Raises:
        Problem: an instant before the dossier was received (422 on that field).
    """
    if finished_at is None and as_of is None:
        return dict.fromkeys(OUTCOME_FIELDS)
    errors = [
        FieldError("body", f"$.{name}", f"is before received_at {deadline.received_at.isoformat()}")
        for name, value in (("finished_at", finished_at), ("as_of", as_of))
        if value is not None and value < deadline.received_at
    ]
    if errors:
        noun = "field" if len(errors) == 1 else "fields"
        names = ", ".join(e.field for e in errors)
        raise Problem(422, f"{len(errors)} bad {noun}: {names}", errors)
    outcome = classify(deadline, finished_at=finished_at, as_of=as_of)
    checked = finished_at if outcome.finished else as_of
    assert checked is not None  # noqa: S101 - classify() returned a finished outcome otherwise
    return {
        "outcome": outcome.name,
        "outcome_label": outcome.value,
        "checked_at": checked.astimezone(VIETNAM_TZ).isoformat(),
        "past_due": attrs.asdict(lateness(deadline, checked, calendar=calendar)),
    }
