"""Time-zone helpers shared by the core (private).

Vietnam keeps UTC+7 all year with no daylight saving (Indochina Time), so a
fixed-offset :class:`datetime.timezone` is exact and needs no tz database.
"""

from __future__ import annotations

import datetime as dt

from lapvo_cchc.errors import InvalidTypeError, NaiveDatetimeError

VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Vietnam's time zone: UTC+7, no daylight saving."""


def require_aware(value: dt.datetime, what: str = "datetime") -> dt.datetime:
    """Return *value* unchanged if it is an aware datetime, else raise.

    Raises:
        NaiveDatetimeError: *value* has no UTC offset.
        InvalidTypeError: *value* is not a datetime at all.
    """
    if not isinstance(value, dt.datetime):
        raise InvalidTypeError(
            f"{what}: expected an aware datetime.datetime, got {type(value).__name__} {value!r}"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{what}: expected an aware datetime, got naive {value.isoformat()}; "
            "attach a time zone, e.g. value.replace(tzinfo=lapvo_cchc.VIETNAM_TZ)"
        )
    return value


def to_vietnam(value: dt.datetime, what: str = "datetime") -> dt.datetime:
    """Convert an aware datetime to Vietnam time (UTC+7); reject naive ones."""
    return require_aware(value, what).astimezone(VIETNAM_TZ)
