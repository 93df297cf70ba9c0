"""A one-stop desk: the appointment date on the receipt slip, a pause, and the verdict.

Run: python examples/receipt_slip.py
"""

from __future__ import annotations

import datetime as dt

from lapvo_cchc import VIETNAM_TZ
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.dossiers import Channel, Dossier
from lapvo_cchc.procedures import sample_catalog


def at(day: str, time: str) -> dt.datetime:
    """An instant in Vietnam time from 'YYYY-MM-DD' and 'HH:MM'."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=VIETNAM_TZ)


def main() -> None:
    """Walk one dossier through its events and print what the desk would print."""
    cal = vietnam()
    catalog = sample_catalog()
    procedure = catalog.get("1.001612")  # household business registration, 3 working days
    print(f"Procedure {procedure.code}: {procedure.name} ({procedure.time_limit})")

    dossier = Dossier.received(
        "000.00.06.H56-240425-0007",
        procedure=procedure,
        agency="000.00.06.H56",
        channel=Channel.IN_PERSON,
        assisted=True,
        at=at("2024-04-25", "14:10"),
    )
    # Received Thursday 25 April 2024: Friday 26 April is day 1; 27 April - 1 May are
    # off (29 April swapped for Saturday 4 May, Công văn 2450/VPCP-KGVX); 2 May is
    # day 2 and Friday 3 May day 3.
    slip = dossier.deadline(calendar=cal)
    assert slip is not None  # None only for a dossier refused at intake
    print("Receipt slip: appointment", slip.date)

    dossier = dossier.request_supplement(at("2024-04-26", "09:00"), reason="thiếu bản sao")
    dossier = dossier.supply(at("2024-05-06", "08:00"))
    # One day used (26 April) before the pause; the remaining two run from 6 May: 8 May.
    deadline = dossier.deadline(calendar=cal)
    assert deadline is not None
    print("After the supplement: appointment", deadline.date, "late after", deadline.at)

    dossier = dossier.resolve(at("2024-05-08", "10:00"))
    outcome = dossier.outcome(calendar=cal)
    assert outcome is not None
    print("State:", dossier.state.name, "| outcome:", outcome.value)


if __name__ == "__main__":
    main()
