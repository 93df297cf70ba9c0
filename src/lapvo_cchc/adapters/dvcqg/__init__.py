"""National public service portal (DVCQG) and national procedure database (CSDL TTHC) formats.

Three wire formats, as the portal's client systems send and receive them
(fields and sources: ``docs/dvcqg.md``). No network I/O: these functions
build and read plain dicts; the caller posts or fetches them.

* **Dossier sync payload** (one element of ``data`` for ``DongBoHoSoMC``):
  PascalCase Vietnamese keys, every scalar a string, instants as
  ``yyyyMMddHHmmss`` in Vietnam time (UTC+7). :func:`format_dossier` and
  :func:`parse_dossier`; status codes 1-10 (``TrangThaiHoSo``) go through a
  replaceable :class:`~lapvo_cchc.dossiers.StatusMapping` (default
  :data:`~lapvo_cchc.dossiers.DVCQG_STATUS`). ``NgayHenTra`` is the legal
  due instant before pauses (:func:`due_instant`). What the library does
  not hold (applicant, summary, documents, fees, results) comes from a
  :class:`PortalExtras` and reads back with :func:`parse_extras`.
* **Progress rows** (``CapNhatTienDoHoSoMC``): one row per event of the
  history, :func:`format_progress`.
* **Procedure records** (UPPERCASE keys, ``LayThuTuc``): :func:`parse_procedure`
  returns a :class:`ParsedProcedure`, the :class:`~lapvo_cchc.procedures.Procedure`
  beside the raw record. Time-limit units are mapped through a table; an
  unknown unit is a :class:`~lapvo_cchc.errors.DecodeError`, never a guess.

Every decoding error is a :class:`~lapvo_cchc.errors.DecodeError` whose
message names the key (and the list index) and the value found.

Example:
    >>> import datetime as dt
    >>> from lapvo_cchc.deadlines import TimeLimit
    >>> from lapvo_cchc.dossiers import Channel, Dossier
    >>> ict = dt.timezone(dt.timedelta(hours=7))
    >>> d = Dossier.received(
    ...     "000.00.06.H56-260302-0001", procedure_code="1.001193",
    ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
    ...     channel=Channel.IN_PERSON, at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
    >>> payload = format_dossier(d)
    >>> payload["NgayTiepNhan"], payload["TrangThaiHoSo"], payload["KenhThucHien"]
    ('20260302090000', '2', '1')
    >>> back = parse_dossier(payload, time_limit=TimeLimit.working_days(3))
    >>> back == d
    True
"""

from lapvo_cchc.adapters.dvcqg._due import due_instant
from lapvo_cchc.adapters.dvcqg._extras import (
    Applicant,
    ApplicantKind,
    Fee,
    PortalExtras,
    ResultDelivery,
    ResultDocument,
    SubmittedDocument,
    SupplementDetail,
    parse_extras,
)
from lapvo_cchc.adapters.dvcqg._procedures import (
    LEVEL_CODES,
    ONLINE_LEVEL_CODES,
    UNIT_NAMES,
    ParsedProcedure,
    parse_procedure,
    parse_procedures,
)
from lapvo_cchc.adapters.dvcqg._progress import format_progress
from lapvo_cchc.adapters.dvcqg._sync import (
    CHANNEL_CODES,
    TIMESTAMP_FORMAT,
    format_dossier,
    format_timestamp,
    parse_dossier,
    parse_timestamp,
)

__all__ = [
    "CHANNEL_CODES",
    "LEVEL_CODES",
    "ONLINE_LEVEL_CODES",
    "TIMESTAMP_FORMAT",
    "UNIT_NAMES",
    "Applicant",
    "ApplicantKind",
    "Fee",
    "ParsedProcedure",
    "PortalExtras",
    "ResultDelivery",
    "ResultDocument",
    "SubmittedDocument",
    "SupplementDetail",
    "due_instant",
    "format_dossier",
    "format_progress",
    "format_timestamp",
    "parse_dossier",
    "parse_extras",
    "parse_procedure",
    "parse_procedures",
    "parse_timestamp",
]
