"""Official codes as validated values: procedure, agency, field and dossier codes (private)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from lapvo_cchc.errors import InvalidCodeError

__all__ = ["AgencyCode", "DossierCode", "FieldCode", "ProcedureCode"]

# TT 01/2018/TT-VPCP Art. 19 citing TT 10/2016/TT-BTTTT: V1V2V3.Z1Z2.Y1Y2.MX1X2 (13 chars).
_FULL_AGENCY = re.compile(r"(\d{3})\.(\d{2})\.(\d{2})\.([A-Za-z]\d{2})")
# Short forms seen in live systems: "H56", "H56.14", "H55.242" (docs/design/national-portal.md).
_SHORT_AGENCY = re.compile(r"([A-Za-z]\d{2})((?:\.\d{1,4})*)")
_PROCEDURE = re.compile(r"(\d)\.(\d{6})(?:\.([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?")
_FIELD = re.compile(r"([A-Za-z]\d{2})-([0-9A-Za-z_]{1,20})")
_DOSSIER = re.compile(r"(.+?)-(\d{6})-(\d{4,6})")


def _text(value: object, kind: str) -> str:
    if not isinstance(value, str):
        raise InvalidCodeError(f"{kind}: expected a str, got {type(value).__name__} {value!r}")
    text = value.strip()
    if not text:
        raise InvalidCodeError(f"{kind}: expected a code, got an empty string")
    return text


def _check_agency(_instance: object, _attribute: object, value: Any) -> None:
    text = _text(value, "AgencyCode")
    if text != value or not (_FULL_AGENCY.fullmatch(text) or _SHORT_AGENCY.fullmatch(text)):
        raise InvalidCodeError(
            "AgencyCode: expected 'NNN.NN.NN.Xnn' (e.g. '000.00.06.H56', TT 01/2018 Art. 19) "
            f"or a short form like 'H56.14', got {value!r}"
        )


@attrs.frozen(order=True)
class AgencyCode:
    """*Mã định danh điện tử* of an agency, kept verbatim.

    The full form is ``V1V2V3.Z1Z2.Y1Y2.MX1X2`` (level 4 . level 3 . level 2 .
    level 1, e.g. ``000.00.06.H56``); short forms such as ``H56.14`` circulate
    too and are accepted (docs/design/national-portal.md). Use :meth:`parse` to
    strip surrounding blanks.

    Raises:
        InvalidCodeError: Not an agency code.

    Legal basis:
        Circular 01/2018/TT-VPCP Art. 19 citing Circular 10/2016/TT-BTTTT;
        QĐ 20/2020/QĐ-TTg (amended by QĐ 09/2025/QĐ-TTg).

    Example:
        >>> code = AgencyCode.parse(" 000.17.22.H56 ")
        >>> code.value, code.level1, code.is_full
        ('000.17.22.H56', 'H56', True)
        >>> AgencyCode("H55.242").level1
        'H55'
        >>> AgencyCode("Thanh Hoa")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidCodeError: AgencyCode: expected 'NNN.NN.NN.Xnn' ...
    """

    value: str = attrs.field(validator=_check_agency)

    @classmethod
    def parse(cls, text: str) -> AgencyCode:
        """Parse *text*, ignoring surrounding blanks.

        Example:
            >>> AgencyCode.parse("H56 ")
            AgencyCode(value='H56')
        """
        return cls(_text(text, "AgencyCode"))

    @property
    def is_full(self) -> bool:
        """Whether the code has the full 13-character form.

        Example:
            >>> AgencyCode("H56.14").is_full
            False
        """
        return _FULL_AGENCY.fullmatch(self.value) is not None

    @property
    def level1(self) -> str:
        """The level-1 unit code (``H56`` for Thanh Hóa, ``G..`` for ministries), upper case.

        Example:
            >>> AgencyCode("000.00.00.h56").level1
            'H56'
        """
        full = _FULL_AGENCY.fullmatch(self.value)
        if full is not None:
            return full.group(4).upper()
        return self.value[:3].upper()

    def __str__(self) -> str:
        return self.value


def _check_procedure(_instance: object, _attribute: object, value: Any) -> None:
    text = _text(value, "ProcedureCode")
    if text != value or _PROCEDURE.fullmatch(text) is None:
        raise InvalidCodeError(
            "ProcedureCode: expected a national code 'D.NNNNNN' (e.g. '1.001193') optionally "
            f"followed by a locality suffix (e.g. '1.001193.000.00.00.H56'), got {value!r}"
        )


@attrs.frozen(order=True)
class ProcedureCode:
    """*Mã thủ tục hành chính*: a national procedure code or a local variant, kept verbatim.

    The national code is one digit, a dot and six digits (``1.001193``). A local
    variant appends the publishing locality's agency code
    (``1.001193.000.00.00.H56``, short ``2.002621.H56``) and sometimes a service
    suffix (``2.000815.000.00.00.H55.02``) (docs/design/national-portal.md).
    Non-national local codes (``TS_lop1.000.00.00.H22``) are rejected.

    Raises:
        InvalidCodeError: Not a procedure code.

    Example:
        >>> code = ProcedureCode("1.001193.000.00.00.H56")
        >>> code.national, code.suffix, code.is_local
        ('1.001193', '000.00.00.H56', True)
        >>> ProcedureCode.parse("1.001193").national
        '1.001193'
        >>> ProcedureCode("1.1193")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidCodeError: ProcedureCode: expected a national code ...
    """

    value: str = attrs.field(validator=_check_procedure)

    @classmethod
    def parse(cls, text: str) -> ProcedureCode:
        """Parse *text*, ignoring surrounding blanks.

        Example:
            >>> ProcedureCode.parse(" 2.000488 ")
            ProcedureCode(value='2.000488')
        """
        return cls(_text(text, "ProcedureCode"))

    @property
    def national(self) -> str:
        """The national base code (``1.001193``).

        Example:
            >>> ProcedureCode("2.002621.H56").national
            '2.002621'
        """
        return self.value[:8]

    @property
    def suffix(self) -> str | None:
        """The locality suffix of a local variant, else ``None``.

        Example:
            >>> ProcedureCode("2.002621.H56").suffix
            'H56'
        """
        return self.value[9:] or None

    @property
    def is_local(self) -> bool:
        """Whether this is a local variant (has a suffix).

        Example:
            >>> ProcedureCode("1.001193").is_local
            False
        """
        return len(self.value) > 8

    def __str__(self) -> str:
        return self.value


def _check_field(_instance: object, _attribute: object, value: Any) -> None:
    text = _text(value, "FieldCode")
    if text != value or _FIELD.fullmatch(text) is None:
        raise InvalidCodeError(
            f"FieldCode: expected 'MXX-LV' (e.g. 'G03-GD10', TT 01/2018 Art. 20), got {value!r}"
        )


@attrs.frozen(order=True)
class FieldCode:
    """*Mã lĩnh vực*: a field code ``MX1X2-LV``, kept verbatim.

    ``MX1X2`` is the level-1 unit's code, ``LV`` the field's code in the
    Government Office's list, e.g. ``G03-GD10`` (docs/design/national-portal.md).

    Raises:
        InvalidCodeError: Not a field code.

    Legal basis:
        Circular 01/2018/TT-VPCP Art. 20.

    Example:
        >>> code = FieldCode("G03-GD10")
        >>> code.level1, code.field
        ('G03', 'GD10')
    """

    value: str = attrs.field(validator=_check_field)

    @classmethod
    def parse(cls, text: str) -> FieldCode:
        """Parse *text*, ignoring surrounding blanks.

        Example:
            >>> FieldCode.parse("G03-GD09 ").value
            'G03-GD09'
        """
        return cls(_text(text, "FieldCode"))

    @property
    def level1(self) -> str:
        """The level-1 unit's code, upper case.

        Example:
            >>> FieldCode("g03-GD10").level1
            'G03'
        """
        return self.value[:3].upper()

    @property
    def field(self) -> str:
        """The field's own code.

        Example:
            >>> FieldCode("G03-GD10").field
            'GD10'
        """
        return self.value[4:]

    def __str__(self) -> str:
        return self.value


def _split_dossier(text: str) -> tuple[AgencyCode, dt.date, int]:
    match = _DOSSIER.fullmatch(text)
    if match is None:
        raise InvalidCodeError(
            "DossierCode: expected '<agency code>-YYMMDD-NNNN' (e.g. "
            f"'000.00.06.H56-231027-0361', TT 01/2018 Art. 19), got {text!r}"
        )
    agency_text, stamp, sequence = match.groups()
    try:
        agency = AgencyCode(agency_text)
    except InvalidCodeError as exc:
        raise InvalidCodeError(f"DossierCode {text!r}: bad agency part: {exc}") from None
    try:
        day = dt.date(2000 + int(stamp[:2]), int(stamp[2:4]), int(stamp[4:]))
    except ValueError:
        raise InvalidCodeError(f"DossierCode {text!r}: {stamp!r} is not a date YYMMDD") from None
    return agency, day, int(sequence)


def _check_dossier(_instance: object, _attribute: object, value: Any) -> None:
    text = _text(value, "DossierCode")
    if text != value:
        raise InvalidCodeError(f"DossierCode: surrounding blanks in {value!r}; use parse()")
    _split_dossier(text)


@attrs.frozen(order=True)
class DossierCode:
    """*Mã số hồ sơ*: ``<agency code>-YYMMDD-NNNN``, kept verbatim.

    The agency code (full or short form), the receipt date and the day's
    sequence number. Lenient for real-world variants: a 5- or 6-digit sequence
    (a system that re-numbers with 10000-99999), lower-case agency letters,
    blanks around the code (with :meth:`parse`); strict for anything else.

    Raises:
        InvalidCodeError: Not a dossier code, or its date does not exist.

    Legal basis:
        Circular 01/2018/TT-VPCP Art. 19.

    Example:
        >>> code = DossierCode("000.00.06.H56-231027-0361")
        >>> code.agency.value, code.date, code.sequence
        ('000.00.06.H56', datetime.date(2023, 10, 27), 361)
        >>> DossierCode.build(AgencyCode("000.17.22.H56"), dt.date(2021, 5, 31), 1).value
        '000.17.22.H56-210531-0001'
        >>> DossierCode("000.00.06.H56-231327-0361")
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.InvalidCodeError: DossierCode '000.00.06.H56-231327-0361': ...
    """

    value: str = attrs.field(validator=_check_dossier)

    @classmethod
    def parse(cls, text: str) -> DossierCode:
        """Parse *text*, ignoring surrounding blanks.

        Example:
            >>> DossierCode.parse(" H56.14-250702-12345 ").sequence
            12345
        """
        return cls(_text(text, "DossierCode"))

    @classmethod
    def build(cls, agency: AgencyCode, day: dt.date, sequence: int) -> DossierCode:
        """The code of the *sequence*-th dossier received by *agency* on *day*.

        Raises:
            InvalidCodeError: *sequence* outside 0-999999 or *day* outside 2000-2099.

        Example:
            >>> DossierCode.build(AgencyCode("H56"), dt.date(2026, 1, 10), 42).value
            'H56-260110-0042'
        """
        if type(sequence) is not int or not 0 <= sequence <= 999_999:
            raise InvalidCodeError(f"DossierCode.build: sequence 0-999999, got {sequence!r}")
        if not 2000 <= day.year <= 2099:
            raise InvalidCodeError(f"DossierCode.build: year 2000-2099, got {day}")
        return cls(f"{agency.value}-{day:%y%m%d}-{sequence:04d}")

    @property
    def agency(self) -> AgencyCode:
        """The receiving agency's code.

        Example:
            >>> DossierCode("H56-260110-0042").agency
            AgencyCode(value='H56')
        """
        return _split_dossier(self.value)[0]

    @property
    def date(self) -> dt.date:
        """The receipt date encoded in the code.

        Example:
            >>> DossierCode("H56-260110-0042").date
            datetime.date(2026, 1, 10)
        """
        return _split_dossier(self.value)[1]

    @property
    def sequence(self) -> int:
        """The day's sequence number.

        Example:
            >>> DossierCode("H56-260110-0042").sequence
            42
        """
        return _split_dossier(self.value)[2]

    def __str__(self) -> str:
        return self.value
