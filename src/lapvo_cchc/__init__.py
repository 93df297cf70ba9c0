"""lapvo_cchc: Vietnamese administrative-procedure reform (*cải cách hành chính*).

Working-day calendars, the Vietnamese lunar calendar (UTC+7), legal deadlines,
dossiers and one-stop KPIs.

Example:
    >>> import lapvo_cchc
    >>> lapvo_cchc.VIETNAM_TZ.utcoffset(None)
    datetime.timedelta(seconds=25200)
"""

from __future__ import annotations

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.errors import LapvoError, LapvoWarning, ProvisionalCalendarWarning

__version__ = "0.1.0"

__all__ = [
    "VIETNAM_TZ",
    "LapvoError",
    "LapvoWarning",
    "ProvisionalCalendarWarning",
    "__version__",
]
