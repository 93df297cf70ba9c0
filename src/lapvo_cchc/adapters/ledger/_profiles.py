r"""Column-mapping profiles of the flat ledger: which source header feeds which column.

A :class:`~lapvo_cchc.plugins.Profile` maps the headers of another export (a
provincial one-stop system, a spreadsheet kept by hand) to the ledger's own
columns, says how its dates are written and which words it uses. Profiles are
TOML data (:mod:`lapvo_cchc.plugins`); two ship with the package: :data:`FLAT`
(our own column names, ISO 8601 dates) and :data:`VIETNAMESE` (Vietnamese
headers such as ``Mã hồ sơ``, ``Ngày tiếp nhận``, dates ``dd/mm/yyyy [HH:MM[:SS]]``).

Example:
    >>> VIETNAMESE.column_for("  ngày TIẾP nhận ")
    'received_at'
    >>> parse_dmy("02/03/2020 9:05"), parse_dmy("5/3/2020")
    ('2020-03-02T09:05:00', '2020-03-05')
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from typing import Final

from lapvo_cchc.plugins import COLUMNS, DATE_COLUMNS, Profile, header_key, load_profile

__all__ = [
    "COLUMNS",
    "DATE_COLUMNS",
    "FLAT",
    "VIETNAMESE",
    "Profile",
    "builtin_profile",
    "header_key",
    "parse_dmy",
]

_DMY: Final = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)

_PROFILES: Final = resources.files("lapvo_cchc.plugins") / "profiles"

FLAT: Final = load_profile(_PROFILES / "flat.toml")
"""Our own column names (:data:`COLUMNS`) and ISO 8601 dates (``profiles/flat.toml``)."""

VIETNAMESE: Final = load_profile(_PROFILES / "vi.toml")
"""Vietnamese headers (``Mã hồ sơ``, ``Mã TTHC``, ``Ngày tiếp nhận``, ``Hạn xử lý``,
``Ngày trả kết quả``, ``Kênh nộp``, ...) and dates ``dd/mm/yyyy [HH:MM[:SS]]``
(``profiles/vi.toml``)."""


def builtin_profile(name: str) -> Profile:
    """The built-in profile called *name* (``flat`` or ``vi``).

    For plugins' profiles and files use a registry
    (:meth:`lapvo_cchc.plugins.Registry.profile`).

    Raises:
        LookupError: an unknown name.

    Example:
        >>> builtin_profile("vi").dates
        'dmy'
    """
    for profile in (FLAT, VIETNAMESE):
        if profile.name == name:
            return profile
    raise LookupError(f"profile: expected 'flat' or 'vi', got {name!r}")


def parse_dmy(text: str) -> str | None:
    """``dd/mm/yyyy [HH:MM[:SS]]`` (also ``-`` or ``.`` separated) as ISO 8601, else ``None``.

    An ISO 8601 value (``yyyy-mm-dd...``) is returned unchanged; a date that
    does not exist (``31/02/2020``) gives ``None``.

    Example:
        >>> parse_dmy("31/12/2020 23:59:59"), parse_dmy("2020-12-31"), parse_dmy("31/02/2020")
        ('2020-12-31T23:59:59', '2020-12-31', None)
    """
    if len(text) >= 10 and text[4] == "-" and text[:4].isdigit():
        return text
    match = _DMY.fullmatch(text)
    if match is None:
        return None
    d, m, y, hh, mm, ss = match.groups()
    try:
        day = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    if hh is None:
        return day.isoformat()
    h, mi, s = int(hh), int(mm), int(ss or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return f"{day.isoformat()}T{h:02d}:{mi:02d}:{s:02d}"
