r"""Column-mapping profiles of the flat ledger: which source header feeds which column.

A :class:`Profile` maps the headers of another export (a provincial one-stop
system, a spreadsheet kept by hand) to the ledger's own columns and says how
its dates are written. Two are built in: :data:`FLAT` (our own column names,
ISO 8601 dates) and :data:`VIETNAMESE` (Vietnamese headers such as
``Mã hồ sơ``, ``Ngày tiếp nhận``, dates ``dd/mm/yyyy [HH:MM[:SS]]``).

Example:
    >>> VIETNAMESE.column_for("  ngày TIẾP nhận ")
    'received_at'
    >>> parse_dmy("02/03/2020 9:05"), parse_dmy("5/3/2020")
    ('2020-03-02T09:05:00', '2020-03-05')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Final, Literal

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = ["COLUMNS", "FLAT", "VIETNAMESE", "Profile", "builtin_profile", "parse_dmy"]

COLUMNS: Final = (
    "dossier_code",
    "procedure_code",
    "agency_code",
    "level",
    "field",
    "channel",
    "assisted",
    "received_at",
    "time_limit",
    "due_at",
    "finished_at",
    "finish_kind",
    "supplement_requested_at",
    "supplement_supplied_at",
)
"""The ledger's columns, in the documented order."""

#: Columns that hold instants or dates (rewritten to ISO 8601 by a ``dmy`` profile).
DATE_COLUMNS: Final = frozenset(
    {"received_at", "due_at", "finished_at", "supplement_requested_at", "supplement_supplied_at"}
)

_DMY: Final = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


def header_key(text: str) -> str:
    """A header as compared: NFC, case-folded, BOM dropped, inner whitespace collapsed.

    Example:
        >>> header_key("\ufeffMã  Hồ sơ ")
        'mã hồ sơ'
    """
    return " ".join(unicodedata.normalize("NFC", text.replace("\ufeff", "")).casefold().split())


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if hasattr(value, "items") else value
    pairs = tuple((header_key(source), target) for source, target in items)
    unknown = sorted({target for _, target in pairs} - set(COLUMNS))
    if unknown:
        raise ValueError(
            f"profile: expected target columns among {', '.join(COLUMNS)}, got {', '.join(unknown)}"
        )
    return pairs


@attrs.frozen(kw_only=True)
class Profile:
    """A column mapping for a ledger export: source header → ledger column, and date style.

    Headers are compared after :func:`header_key` (NFC, case-folded, spaces
    collapsed). Several source headers may feed one column (synonyms); the
    first one present in the file wins. Headers not in the mapping are ignored.

    Attributes:
        name: A short name (``flat``, ``vi``), as given to ``--profile``.
        columns: ``(source header, ledger column)`` pairs; a mapping is accepted.
        dates: ``"iso"`` (ISO 8601) or ``"dmy"`` (``dd/mm/yyyy [HH:MM[:SS]]``;
            ISO values are accepted too).

    Raises:
        ValueError: a target that is not one of :data:`COLUMNS`.

    Example:
        >>> p = Profile(name="mine", columns={"Số HS": "dossier_code"}, dates="dmy")
        >>> p.columns, p.column_for("số hs")
        ((('số hs', 'dossier_code'),), 'dossier_code')
    """

    name: str
    columns: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)
    dates: Literal["iso", "dmy"] = "iso"

    def column_for(self, header: str) -> str | None:
        """The ledger column a source header feeds, or ``None``.

        Example:
            >>> FLAT.column_for("Dossier_Code"), FLAT.column_for("note")
            ('dossier_code', None)
        """
        key = header_key(header)
        for source, target in self.columns:
            if source == key:
                return target
        return None

    def sources(self, column: str) -> tuple[str, ...]:
        """The source headers (as compared) that feed *column*.

        Example:
            >>> VIETNAMESE.sources("dossier_code")
            ('mã hồ sơ', 'số hồ sơ')
        """
        return tuple(source for source, target in self.columns if target == column)

    def locate(self, header: Sequence[str]) -> tuple[list[int], dict[str, str]]:
        """Where each of :data:`COLUMNS` is in *header* (-1 if absent), and its header text.

        Example:
            >>> index, shown = VIETNAMESE.locate(["Ghi chú", "Mã hồ sơ"])
            >>> index[0], index[1], shown["dossier_code"]
            (1, -1, 'Mã hồ sơ')
        """
        index = [-1] * len(COLUMNS)
        shown: dict[str, str] = {}
        for position, text in enumerate(header):
            target = self.column_for(text)
            if target is None or target in shown:
                continue
            index[COLUMNS.index(target)] = position
            shown[target] = text.replace("\ufeff", "").strip()
        return index, shown


FLAT: Final = Profile(name="flat", columns={c: c for c in COLUMNS})
"""Our own column names (:data:`COLUMNS`) and ISO 8601 dates."""

VIETNAMESE: Final = Profile(
    name="vi",
    columns=(
        ("Mã hồ sơ", "dossier_code"),
        ("Số hồ sơ", "dossier_code"),
        ("Mã TTHC", "procedure_code"),
        ("Mã thủ tục", "procedure_code"),
        ("Mã thủ tục hành chính", "procedure_code"),
        ("Mã cơ quan", "agency_code"),
        ("Mã đơn vị", "agency_code"),
        ("Cấp", "level"),
        ("Cấp thực hiện", "level"),
        ("Lĩnh vực", "field"),
        ("Kênh nộp", "channel"),
        ("Hình thức nộp", "channel"),
        ("Được hỗ trợ", "assisted"),
        ("Hỗ trợ", "assisted"),
        ("Ngày tiếp nhận", "received_at"),
        ("Ngày nhận", "received_at"),
        ("Thời hạn giải quyết", "time_limit"),
        ("Hạn xử lý", "due_at"),
        ("Ngày hẹn trả", "due_at"),
        ("Ngày trả kết quả", "finished_at"),
        ("Ngày hoàn thành", "finished_at"),
        ("Kết quả xử lý", "finish_kind"),
        ("Kết quả", "finish_kind"),
        ("Ngày yêu cầu bổ sung", "supplement_requested_at"),
        ("Ngày bổ sung", "supplement_supplied_at"),
    ),
    dates="dmy",
)
"""Vietnamese headers (``Mã hồ sơ``, ``Mã TTHC``, ``Ngày tiếp nhận``, ``Hạn xử lý``,
``Ngày trả kết quả``, ``Kênh nộp``, ...) and dates ``dd/mm/yyyy [HH:MM[:SS]]``."""


def builtin_profile(name: str) -> Profile:
    """The built-in profile called *name* (``flat`` or ``vi``).

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
