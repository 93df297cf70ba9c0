"""Ledger column-mapping profiles, dd/mm/yyyy dates and legacy encodings."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import unicodedata
from typing import TYPE_CHECKING

import pytest

from lapvo_cchc.adapters.ledger import (
    COLUMNS,
    FLAT,
    VIETNAMESE,
    LedgerError,
    LedgerLines,
    LedgerReader,
    Profile,
    builtin_profile,
    looks_like_tcvn3,
    open_ledger,
    parse_dmy,
    read_ledger,
)
from lapvo_cchc.dossiers import Channel
from lapvo_cchc.errors import DecodeError
from lapvo_cchc.kpi._records import DossierRecord, FinishKind

if TYPE_CHECKING:
    import pathlib

VI_HEADER = (
    "Mã hồ sơ,Mã TTHC,Mã cơ quan,Cấp thực hiện,Lĩnh vực,Kênh nộp,Ngày tiếp nhận,"
    "Thời hạn giải quyết,Hạn xử lý,Ngày trả kết quả,Kết quả xử lý,Ghi chú\n"
)
VI_ROWS = (
    "H1,1.001193,xa-tan-my,Cấp xã,Hộ tịch,Trực tuyến,02/03/2020 09:00,,05/03/2020,"
    "04/03/2020 10:00:00,Đã giải quyết,không\n"
    "H2,1.001193,xa-tan-my,Cấp xã,Hộ tịch,Trực tiếp,2/3/2020 9:30,3 ngày làm việc,,,,\n"
)
FLAT_EQUIVALENT = (
    "dossier_code,procedure_code,agency_code,level,field,channel,received_at,time_limit,"
    "due_at,finished_at,finish_kind\n"
    "H1,1.001193,xa-tan-my,Cấp xã,Hộ tịch,Trực tuyến,2020-03-02T09:00:00,,2020-03-05,"
    "2020-03-04T10:00:00,approved\n"
    "H2,1.001193,xa-tan-my,Cấp xã,Hộ tịch,Trực tiếp,2020-03-02T09:30:00,3 working_days,,,\n"
)
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as a Windows-1258 export does: precomposed base letters, combining tone marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out.append((base + "".join(c for c in nfd if c in TONES)).encode("cp1258"))
    return b"".join(out)


def read(text: str, profile: Profile = VIETNAMESE) -> tuple[list[DossierRecord], LedgerReader]:
    reader = LedgerReader(io.StringIO(text), profile=profile)
    return list(reader), reader


def test_vietnamese_profile_reads_like_the_flat_ledger() -> None:
    """Vietnamese headers and dd/mm/yyyy dates give the same records as our own format."""
    records, reader = read(VI_HEADER + VI_ROWS)
    expected, _ = read(FLAT_EQUIVALENT, FLAT)
    assert expected == records
    assert reader.errors == []
    first = LedgerReader(io.StringIO(VI_HEADER + VI_ROWS), profile=VIETNAMESE)
    h1 = next(iter(first))
    assert (h1.channel, h1.level, h1.finish) == (Channel.ONLINE, "commune", FinishKind.APPROVED)
    assert h1.due_date == dt.date(2020, 3, 5)


def test_profile_row_errors_name_the_source_header() -> None:
    """A rejected row names the file's own header; accepted + rejected == rows read."""
    text = VI_HEADER + (
        "H1,p,a,xã,f,Trực tuyến,31/02/2020 09:00,,05/03/2020,,,\n"
        "H2,p,a,xã,f,fax,02/03/2020,,05/03/2020,,,\n"
        "H3,p,a,xã,f,Trực tuyến,02/03/2020 09:00,,5 March 2020,,,\n"
        "H4,p,a,xã,f,Trực tuyến,02/03/2020 25:00,,05/03/2020,,,\n"
        "H5,p,a,xã,f,Trực tuyến,02/03/2020 09:00,,05/03/2020,,,\n"
    )
    records, reader = read(text)
    assert [(e.line, e.column) for e in reader.errors] == [
        (2, "Ngày tiếp nhận"),
        (3, "Kênh nộp"),
        (4, "Hạn xử lý"),
        (5, "Ngày tiếp nhận"),
    ]
    assert "expected a date dd/mm/yyyy [HH:MM[:SS]], got '31/02/2020 09:00'" in str(
        reader.errors[0]
    )
    assert (len(records), reader.accepted, reader.rows_read) == (1, 1, 5)


def test_supplement_dates_and_headers_compared_loosely() -> None:
    """Headers match case- and space-insensitively; ';'-separated supplement dates convert."""
    text = (
        "\ufeffMÃ HỒ SƠ,mã tthc,Mã  đơn vị,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,"
        "Ngày yêu cầu bổ sung,Ngày bổ sung\n"
        "H1,p,a,trực tiếp,02/03/2020 08:00,10/03/2020,03/03/2020 08:00;05/03/2020 08:00,"
        "04/03/2020 08:00\n"
    )
    (record,), reader = read(text)
    assert reader.errors == []
    assert record.supplements == 2
    assert record.supplement_time == dt.timedelta(days=1)


def test_missing_columns_named_in_the_profile_language() -> None:
    """A file without a required column is a LedgerError naming the accepted headers."""
    with pytest.raises(LedgerError, match=r"received_at \(ngày tiếp nhận or ngày nhận\)"):
        read("Mã hồ sơ,Mã TTHC,Mã cơ quan,Kênh nộp\nH1,p,a,online\n")


def test_custom_profile_and_builtins() -> None:
    """Profiles are values: custom ones validate their targets; builtins are found by name."""
    mine = Profile(
        name="mine",
        columns={
            "Số": "dossier_code",
            "TTHC": "procedure_code",
            "Đơn vị": "agency_code",
            "Kênh": "channel",
            "Nhận": "received_at",
            "Hạn": "due_at",
        },
    )
    (record,), _ = read("Số,TTHC,Đơn vị,Kênh,Nhận,Hạn\nX,p,a,online,2020-03-02T09:00:00,"
                        "2020-03-05\n", mine)  # fmt: skip
    assert record.code == "X"
    with pytest.raises(ValueError, match="expected target columns"):
        Profile(name="bad", columns={"A": "nonsense"})
    assert (builtin_profile("flat"), builtin_profile("vi")) == (FLAT, VIETNAMESE)
    with pytest.raises(LookupError):
        builtin_profile("tcvn3")
    assert {target for _, target in FLAT.columns} == set(COLUMNS)
    assert {target for _, target in VIETNAMESE.columns} == set(COLUMNS)


def test_parse_dmy() -> None:
    """dd/mm/yyyy with optional time; ISO passes through; impossible dates are None."""
    assert "2020-01-02T03:04:05" == parse_dmy("02/01/2020 03:04:05")
    assert "2020-01-02T03:04:00" == parse_dmy("02-01-2020 3:04")
    assert "2020-01-02" == parse_dmy("2.1.2020")
    assert parse_dmy("29/02/2021") is None
    assert parse_dmy("02/01/20") is None
    assert parse_dmy("02/01/2020 24:00") is None


def test_cp1258_file_read_and_normalised(tmp_path: pathlib.Path) -> None:
    """A Windows-1258 file (combining tones) reads with encoding='cp1258', fields NFC."""
    path = tmp_path / "cu.csv"
    data = cp1258(VI_HEADER + VI_ROWS)
    assert b"\xcc" in data or b"\xec" in data or b"\xf2" in data  # combining tone marks
    path.write_bytes(data)
    records, errors = read_ledger(path, profile=VIETNAMESE, encoding="cp1258")
    expected, _ = read(VI_HEADER + VI_ROWS)
    assert (expected, []) == (records, errors)
    assert all(unicodedata.is_normalized("NFC", r.field) for r in records)
    packed = tmp_path / "cu.csv.gz"
    packed.write_bytes(gzip.compress(data))
    assert expected == read_ledger(packed, profile=VIETNAMESE, encoding="cp1258")[0]


def test_utf8_nfd_input_is_normalised() -> None:
    """A UTF-8 file in NFD (as some Mac tools write) is normalised to NFC."""
    data = unicodedata.normalize("NFD", VI_HEADER + VI_ROWS).encode("utf-8")
    records = list(LedgerReader(LedgerLines(io.BytesIO(data), name="x"), profile=VIETNAMESE))
    expected, _ = read(VI_HEADER + VI_ROWS)
    assert expected == records


def test_not_utf8_reported_with_file_offset_and_advice(tmp_path: pathlib.Path) -> None:
    """A legacy file read as UTF-8 is a DecodeError naming the file, byte offset and cp1258."""
    path = tmp_path / "legacy.csv"
    head = "dossier_code,procedure_code,agency_code,channel,received_at,due_at,field\n"
    line2 = "D1,p,a,online,2020-03-02T09:00:00,2020-03-05,"
    path.write_bytes(head.encode() + line2.encode() + cp1258("Hộ tịch\n"))
    with pytest.raises(DecodeError) as info:
        read_ledger(path)
    message = str(info.value)
    offset = len(head) + len(line2) + 1  # 'H' then the first non-UTF-8 byte
    assert f"{path}: not valid UTF-8 at byte {offset} (line 2)" in message
    assert "--encoding cp1258" in message
    records, errors = read_ledger(path, encoding="cp1258")
    assert (records[0].field, errors) == ("Hộ tịch", [])


def test_tcvn3_reported_not_guessed(tmp_path: pathlib.Path) -> None:
    """Bytes typical of TCVN3 are reported as TCVN3 in UTF-8 and in cp1258 mode."""
    head = "dossier_code,procedure_code,agency_code,channel,received_at,due_at,field\n"
    body = b"D1,p,a,online,2020-03-02T09:00:00,2020-03-05,H\xa5 t\xb8ch \xae\xb8t \xac\xa9\n" * 3
    path = tmp_path / "abc.csv"
    path.write_bytes(head.encode() + body)
    assert looks_like_tcvn3(body)
    with pytest.raises(DecodeError, match="TCVN3"):
        read_ledger(path)
    with pytest.raises(DecodeError, match=r"TCVN3 \(ABC\), which lapvo_cchc does not convert"):
        read_ledger(path, encoding="cp1258")


def test_utf16_and_unknown_encodings(tmp_path: pathlib.Path) -> None:
    """UTF-16 is named as such; an unsupported encoding is a ValueError."""
    path = tmp_path / "u16.csv"
    path.write_bytes("dossier_code\n".encode("utf-16"))
    with pytest.raises(DecodeError, match="UTF-16"):
        read_ledger(path)
    with pytest.raises(ValueError, match="TCVN3 has no codec"):
        open_ledger(path, encoding="tcvn3")


def test_undefined_cp1258_byte(tmp_path: pathlib.Path) -> None:
    """A byte Windows-1258 does not define is reported with its offset."""
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\n\x81\n")
    with (
        open_ledger(path, encoding="cp1258") as lines,
        pytest.raises(DecodeError, match=r"not valid Windows-1258 at byte 2 \(line 2\)"),
    ):
        list(lines)
