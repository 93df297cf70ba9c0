"""What the caller tells the portal beside the dossier: applicant, documents, fees (private).

The library computes nothing from these values (it never needs personal
data); :func:`format_dossier` copies them into the ``DongBoHoSoMC`` payload
and :func:`parse_extras` reads them back. Key names follow the portal's
client systems (OpenCPS ``DVCQGIntegrationActionTerm``; the Thanh Hóa
one-stop system's ``SyncDataToDVCQG`` classes): see ``docs/dvcqg.md``.

Public names are re-exported by :mod:`lapvo_cchc.adapters.dvcqg`.

Example:
    >>> extras = PortalExtras(applicant=Applicant("Nguyễn Văn A"), summary="Đăng ký khai sinh")
    >>> fields = _extras_fields(extras)
    >>> fields["ChuHoSo"], fields["LoaiDoiTuong"], fields["HinhThuc"]
    ('Nguyễn Văn A', '1', '0')
    >>> parse_extras(fields) == extras
    True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from lapvo_cchc.errors import DecodeError, InvalidTypeError

__all__ = [
    "Applicant",
    "ApplicantKind",
    "Fee",
    "PortalExtras",
    "ResultDelivery",
    "ResultDocument",
    "SubmittedDocument",
    "SupplementDetail",
    "parse_extras",
]


class ApplicantKind(enum.Enum):
    """``LoaiDoiTuong``: who files the dossier.

    Codes 1-4 as the Thanh Hóa client maps its local labels; OpenCPS sends
    only 1 and 2 (see ``docs/dvcqg.md``).

    Example:
        >>> ApplicantKind("2")
        <ApplicantKind.BUSINESS: '2'>
    """

    CITIZEN = "1"
    """*Công dân*: a person."""
    BUSINESS = "2"
    """*Doanh nghiệp*: an enterprise."""
    STATE_AGENCY = "3"
    """*Cơ quan nhà nước*: a state agency."""
    ORGANIZATION = "4"
    """*Tổ chức / khác*: another organisation."""


class ResultDelivery(enum.Enum):
    """``HinhThuc``: how the result is handed over (assumption: 0 in person, 1 by post).

    OpenCPS sends 1 when the dossier goes by public postal service and 0
    otherwise; Hà Giang always sends 0. No published value list was found.

    Example:
        >>> ResultDelivery("1").name
        'POSTAL'
    """

    IN_PERSON = "0"
    """At the one-stop desk (the default)."""
    POSTAL = "1"
    """Through the public postal service (*bưu chính công ích*)."""


def _documents(value: Iterable[SubmittedDocument]) -> tuple[SubmittedDocument, ...]:
    return tuple(value)


def _fees(value: Iterable[Fee]) -> tuple[Fee, ...]:
    return tuple(value)


def _results(value: Iterable[ResultDocument]) -> tuple[ResultDocument, ...]:
    return tuple(value)


def _details(value: Iterable[SupplementDetail]) -> tuple[SupplementDetail, ...]:
    """Trailing empty details are dropped: "no detail" and "an empty one" are the same."""
    items = list(value)
    while items and items[-1] == SupplementDetail():
        items.pop()
    return tuple(items)


def _flag(value: bool) -> str:
    return "1" if value else "0"


@attrs.frozen(kw_only=True)
class Applicant:
    """The dossier's owner (*chủ hồ sơ*) as the portal is told.

    Attributes:
        name: ``ChuHoSo``.
        kind: ``LoaiDoiTuong``.
        id_number: ``SoGiayToChuHoSo`` (identity card, tax code...).
        portal_id: ``MaDoiTuong``, the applicant's account id on the portal
            (client systems send it for online dossiers only).
        phone: ``SoDienThoai``.
        email: ``Email``.
        fax: ``Fax``.
        other: ``ThongTinKhac``.

    Example:
        >>> Applicant("Công ty TNHH Mẫu", kind=ApplicantKind.BUSINESS).kind.value
        '2'
    """

    name: str = attrs.field(kw_only=False)
    kind: ApplicantKind = ApplicantKind.CITIZEN
    id_number: str = ""
    portal_id: str = ""
    phone: str = ""
    email: str = ""
    fax: str = ""
    other: str = ""


@attrs.frozen(kw_only=True)
class SubmittedDocument:
    """One file of ``TaiLieuNop`` (or of a supplement's ``DanhSachGiayToBoSung``).

    Attributes:
        name: ``TenTepDinhKem``.
        url: ``DuongDanTaiTepTin``; the portal downloads the file from it.
        component_code: ``MaThanhPhanHoSo``, the dossier component (``MAGIAYTO``
            of the procedure record).
        file_id: ``TepDinhKemId``.
        deleted: ``IsDeleted`` ("1" when the file was withdrawn).

    Example:
        >>> SubmittedDocument(name="Tờ khai", url="https://example.org/1.pdf").deleted
        False
    """

    name: str
    url: str = ""
    component_code: str = ""
    file_id: str = ""
    deleted: bool = False


@attrs.frozen(kw_only=True)
class Fee:
    """One row of ``DanhSachLePhi`` (or of a supplement's ``DanhSachLePhiBoSung``).

    Attributes:
        name: ``TenPhiLePhi``.
        amount: ``Gia``, in đồng (whole number).
        code: ``MaPhiLePhi``.
        collection: ``HinhThucThu``, the collection method code (values not
            published; the Thanh Hóa client sends "1").
        kind: ``LoaiPhiLePhi``, fee or charge code (values not published).

    Example:
        >>> Fee(name="Lệ phí", amount=8000).amount
        8000
    """

    name: str
    amount: int
    code: str = ""
    collection: str = ""
    kind: str = ""

    def __attrs_post_init__(self) -> None:
        amount: object = self.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InvalidTypeError(
                f"Fee {self.name!r}: amount: expected a whole number of đồng >= 0, "
                f"got {self.amount!r}"
            )


@attrs.frozen(kw_only=True)
class ResultDocument:
    """One row of ``DanhSachGiayToKetQua``: a result document.

    Attributes:
        name: ``TenGiayTo``.
        url: ``DuongDanTepTinKetQua``.
        result_code: ``MaGiayToKetQua``, the procedure record's ``MAKETQUA``.
        component_code: ``MaThanhPhanHoSo``.
        file_id: ``GiayToId``.

    Example:
        >>> ResultDocument(name="Giấy khai sinh", url="https://example.org/kq.pdf").result_code
        ''
    """

    name: str
    url: str = ""
    result_code: str = ""
    component_code: str = ""
    file_id: str = ""


@attrs.frozen(kw_only=True)
class SupplementDetail:
    """What the history does not say about one supplement request (by position).

    Attributes:
        requested_by: ``NguoiYeuCauBoSung``, the officer who asked.
        received_by: ``NguoiTiepNhanBoSung``, the officer who took the supplement.
        receipt_note: ``ThongTinTiepNhan``.
        documents: ``DanhSachGiayToBoSung``.
        fees: ``DanhSachLePhiBoSung``.

    Example:
        >>> SupplementDetail(requested_by="Chuyên viên").documents
        ()
    """

    requested_by: str = ""
    received_by: str = ""
    receipt_note: str = ""
    documents: tuple[SubmittedDocument, ...] = attrs.field(default=(), converter=_documents)
    fees: tuple[Fee, ...] = attrs.field(default=(), converter=_fees)


@attrs.frozen(kw_only=True)
class PortalExtras:
    """Sync fields the caller supplies: the library does not hold them.

    Attributes:
        applicant: the owner; ``None`` sends no applicant keys.
        summary: ``TrichYeuHoSo`` (client systems cut it near 1000 characters).
        receipt_number: ``SoBienNhan``.
        delivery: ``HinhThuc``.
        result_note: ``ThongTinTra``.
        note: ``GhiChu``; empty means "the apology notice, if any".
        documents: ``TaiLieuNop``.
        fees: ``DanhSachLePhi``.
        results: ``DanhSachGiayToKetQua``.
        supplements: one detail per supplement request, in order (fewer is
            fine: the rest get empty details).

    Example:
        >>> PortalExtras(summary="Cấp bản sao").delivery
        <ResultDelivery.IN_PERSON: '0'>
    """

    applicant: Applicant | None = None
    summary: str = ""
    receipt_number: str = ""
    delivery: ResultDelivery = ResultDelivery.IN_PERSON
    result_note: str = ""
    note: str = ""
    documents: tuple[SubmittedDocument, ...] = attrs.field(default=(), converter=_documents)
    fees: tuple[Fee, ...] = attrs.field(default=(), converter=_fees)
    results: tuple[ResultDocument, ...] = attrs.field(default=(), converter=_results)
    supplements: tuple[SupplementDetail, ...] = attrs.field(default=(), converter=_details)


NO_EXTRAS: Final = PortalExtras()

# -- encoding -----------------------------------------------------------------------------


def _document(doc: SubmittedDocument) -> dict[str, str]:
    return {
        "TepDinhKemId": doc.file_id,
        "TenTepDinhKem": doc.name,
        "IsDeleted": _flag(doc.deleted),
        "MaThanhPhanHoSo": doc.component_code,
        "DuongDanTaiTepTin": doc.url,
    }


def _fee(fee: Fee) -> dict[str, str]:
    return {
        "TenPhiLePhi": fee.name,
        "MaPhiLePhi": fee.code,
        "HinhThucThu": fee.collection,
        "Gia": str(fee.amount),
        "LoaiPhiLePhi": fee.kind,
    }


def _result(doc: ResultDocument) -> dict[str, str]:
    return {
        "TenGiayTo": doc.name,
        "MaThanhPhanHoSo": doc.component_code,
        "GiayToId": doc.file_id,
        "DuongDanTepTinKetQua": doc.url,
        "MaGiayToKetQua": doc.result_code,
    }


def _supplement_fields(detail: SupplementDetail) -> dict[str, Any]:
    """The caller's part of one ``DanhSachHoSoBoSung`` row."""
    return {
        "NguoiYeuCauBoSung": detail.requested_by,
        "NguoiTiepNhanBoSung": detail.received_by,
        "ThongTinTiepNhan": detail.receipt_note,
        "DanhSachGiayToBoSung": [_document(d) for d in detail.documents],
        "DanhSachLePhiBoSung": [_fee(f) for f in detail.fees],
    }


def _extras_fields(extras: PortalExtras) -> dict[str, Any]:
    """The payload keys of *extras* (``DanhSachHoSoBoSung`` is built with the history)."""
    fields: dict[str, Any] = {}
    a = extras.applicant
    if a is not None:
        fields.update(
            ChuHoSo=a.name,
            LoaiDoiTuong=a.kind.value,
            SoGiayToChuHoSo=a.id_number,
            MaDoiTuong=a.portal_id,
            SoDienThoai=a.phone,
            Email=a.email,
            Fax=a.fax,
            ThongTinKhac=a.other,
        )
    fields.update(
        TrichYeuHoSo=extras.summary,
        SoBienNhan=extras.receipt_number,
        HinhThuc=extras.delivery.value,
        ThongTinTra=extras.result_note,
        GhiChu=extras.note,
        TaiLieuNop=[_document(d) for d in extras.documents],
        DanhSachLePhi=[_fee(f) for f in extras.fees],
        DanhSachGiayToKetQua=[_result(r) for r in extras.results],
    )
    return fields


# -- decoding -----------------------------------------------------------------------------

_APPLICANT_KEYS: Final = (
    "ChuHoSo",
    "LoaiDoiTuong",
    "SoGiayToChuHoSo",
    "MaDoiTuong",
    "SoDienThoai",
    "Email",
    "Fax",
    "ThongTinKhac",
)


def _str(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DecodeError(f"{where}{key}: expected a string, got {type(value).__name__} {value!r}")
    return str(value)


def _rows(row: Mapping[str, Any], key: str, where: str) -> list[tuple[str, Mapping[str, Any]]]:
    value = row.get(key)
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise DecodeError(f"{where}{key}: expected a list, got {type(value).__name__} {value!r}")
    out: list[tuple[str, Mapping[str, Any]]] = []
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise DecodeError(f"{where}{key}[{i}]: expected an object, got {item!r}")
        out.append((f"{where}{key}[{i}].", item))
    return out


def _choice(
    row: Mapping[str, Any], key: str, where: str, kind: type[enum.Enum], default: str
) -> Any:
    text = _str(row, key, where) or default
    try:
        return kind(text)
    except ValueError:
        known = ", ".join(str(m.value) for m in kind)
        raise DecodeError(f"{where}{key}: expected one of {known}, got {text!r}") from None


def _read_flag(row: Mapping[str, Any], key: str, where: str) -> bool:
    value = row.get(key)
    if value in (None, "", "0", 0, False, "false", "False"):
        return False
    if value in ("1", 1, True, "true", "True"):
        return True
    raise DecodeError(f"{where}{key}: expected 0 or 1, got {value!r}")


def _read_document(where: str, row: Mapping[str, Any]) -> SubmittedDocument:
    return SubmittedDocument(
        name=_str(row, "TenTepDinhKem", where),
        url=_str(row, "DuongDanTaiTepTin", where),
        component_code=_str(row, "MaThanhPhanHoSo", where),
        file_id=_str(row, "TepDinhKemId", where),
        deleted=_read_flag(row, "IsDeleted", where),
    )


def _read_fee(where: str, row: Mapping[str, Any]) -> Fee:
    text = _str(row, "Gia", where) or "0"
    if not text.isascii() or not text.isdigit():
        raise DecodeError(f"{where}Gia: expected a whole number of đồng, got {row.get('Gia')!r}")
    return Fee(
        name=_str(row, "TenPhiLePhi", where),
        amount=int(text),
        code=_str(row, "MaPhiLePhi", where),
        collection=_str(row, "HinhThucThu", where),
        kind=_str(row, "LoaiPhiLePhi", where),
    )


def _read_result(where: str, row: Mapping[str, Any]) -> ResultDocument:
    return ResultDocument(
        name=_str(row, "TenGiayTo", where),
        url=_str(row, "DuongDanTepTinKetQua", where),
        result_code=_str(row, "MaGiayToKetQua", where),
        component_code=_str(row, "MaThanhPhanHoSo", where),
        file_id=_str(row, "GiayToId", where),
    )


def _read_supplement(where: str, row: Mapping[str, Any]) -> SupplementDetail:
    return SupplementDetail(
        requested_by=_str(row, "NguoiYeuCauBoSung", where),
        received_by=_str(row, "NguoiTiepNhanBoSung", where),
        receipt_note=_str(row, "ThongTinTiepNhan", where),
        documents=[_read_document(*r) for r in _rows(row, "DanhSachGiayToBoSung", where)],
        fees=[_read_fee(*r) for r in _rows(row, "DanhSachLePhiBoSung", where)],
    )


def parse_extras(payload: Mapping[str, Any]) -> PortalExtras:
    """Read the caller-supplied sync fields of a ``DongBoHoSoMC`` payload back.

    The inverse of what :func:`format_dossier` writes from a
    :class:`PortalExtras`. Absent keys take the defaults; the applicant is
    ``None`` when no applicant key is present. ``GhiChu`` is read as
    :attr:`PortalExtras.note` whatever wrote it.

    Raises:
        DecodeError: a value of the wrong type, an unknown ``LoaiDoiTuong`` or
            ``HinhThuc`` code, a fee that is not a whole number; the message
            names the key path.

    Example:
        >>> e = parse_extras({"ChuHoSo": "Trần Thị B", "LoaiDoiTuong": "1", "HinhThuc": "1",
        ...     "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": "8000"}]})
        >>> e.applicant.name, e.delivery.name, e.fees[0].amount
        ('Trần Thị B', 'POSTAL', 8000)
        >>> parse_extras({"LoaiDoiTuong": "9"})
        Traceback (most recent call last):
        ...
        lapvo_cchc.errors.DecodeError: LoaiDoiTuong: expected one of 1, 2, 3, 4, got '9'
    """
    if not isinstance(payload, Mapping):
        raise DecodeError(f"payload: expected an object, got {type(payload).__name__}")
    applicant = None
    if any(payload.get(k) not in (None, "") for k in _APPLICANT_KEYS):
        applicant = Applicant(
            _str(payload, "ChuHoSo", ""),
            kind=_choice(payload, "LoaiDoiTuong", "", ApplicantKind, "1"),
            id_number=_str(payload, "SoGiayToChuHoSo", ""),
            portal_id=_str(payload, "MaDoiTuong", ""),
            phone=_str(payload, "SoDienThoai", ""),
            email=_str(payload, "Email", ""),
            fax=_str(payload, "Fax", ""),
            other=_str(payload, "ThongTinKhac", ""),
        )
    return PortalExtras(
        applicant=applicant,
        summary=_str(payload, "TrichYeuHoSo", ""),
        receipt_number=_str(payload, "SoBienNhan", ""),
        delivery=_choice(payload, "HinhThuc", "", ResultDelivery, "0"),
        result_note=_str(payload, "ThongTinTra", ""),
        note=_str(payload, "GhiChu", ""),
        documents=[_read_document(*r) for r in _rows(payload, "TaiLieuNop", "")],
        fees=[_read_fee(*r) for r in _rows(payload, "DanhSachLePhi", "")],
        results=[_read_result(*r) for r in _rows(payload, "DanhSachGiayToKetQua", "")],
        supplements=[_read_supplement(*r) for r in _rows(payload, "DanhSachHoSoBoSung", "")],
    )
