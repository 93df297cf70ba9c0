"""Administrative units across the 1 July 2025 reform, against Resolution 1663/NQ-UBTVQH15."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections import Counter
from importlib import resources

import pytest

from lapvo_cchc._time import VIETNAM_TZ
from lapvo_cchc.errors import InvalidCodeError
from lapvo_cchc.procedures import (
    AdministrativeUnit,
    AmbiguousSuccessorError,
    FindingKind,
    Level,
    UnitRegistry,
    UnknownUnitError,
    check_receipt_unit,
    lap_vo_units,
)

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)

# Art. 1 items 29-31 of Resolution 1663/NQ-UBTVQH15 (16/6/2025), by old commune name, and
# the old codes of those names (GSO list as carried by the dvhcvn mapping). Written out by
# hand from the resolution's text, independently of the bundled CSV.
RESOLUTION_1663 = {
    "Xã Mỹ An Hưng": {"Xã Tân Mỹ", "Xã Hội An Đông", "Xã Mỹ An Hưng A", "Xã Mỹ An Hưng B"},
    "Xã Tân Khánh Trung": {"Xã Long Hưng A", "Xã Long Hưng B", "Xã Tân Khánh Trung"},
    "Xã Lấp Vò": {"Thị trấn Lấp Vò", "Xã Bình Thành", "Xã Vĩnh Thạnh", "Xã Bình Thạnh Trung"},
    "Xã Lai Vung": {"Xã Tân Thành", "Xã Tân Phước", "Xã Định An", "Xã Định Yên"},
}


def test_every_old_commune_maps_as_the_resolution_says() -> None:
    """Each pre-merger commune's successor on 1 July 2025 is the commune Art. 1 names."""
    units = lap_vo_units()
    got: dict[str, set[str]] = {}
    for unit in units:
        if unit.level is Level.COMMUNE and unit.valid_to == AFTER:
            got.setdefault(units.successor_of(unit.code, on=AFTER).name, set()).add(unit.name)
    assert RESOLUTION_1663 == got


def test_sample_ledger_units_are_all_in_the_registry() -> None:
    """The sample ledger's 14 agency codes (875 and 13 communes) are all known before 1/7/2025."""
    data = resources.files("lapvo_cchc").joinpath("data").joinpath("sample_ledger.csv.gz")
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        codes = Counter(row["agency_code"] for row in csv.DictReader(text))
    units = lap_vo_units()
    assert 14 == len(codes)
    assert all(units.is_valid(code, BEFORE) for code in codes)
    assert all(units.get(code, on=BEFORE).parent == "875" for code in codes if code != "875")


def test_the_district_ends_and_has_four_successors() -> None:
    """Huyện Lấp Vò's communes went to four new communes (items 29-32)."""
    units = lap_vo_units()
    assert units.is_valid("875", BEFORE)
    assert not units.is_valid("875", AFTER)
    names = [u.name for u in units.successors_of("875", on=AFTER)]
    assert ["Xã Lấp Vò", "Xã Mỹ An Hưng", "Xã Tân Khánh Trung", "Xã Lai Vung"] == names
    with pytest.raises(AmbiguousSuccessorError):
        units.successor_of("875", on=AFTER)


def test_a_reused_code_means_different_units_on_either_side_of_the_reform() -> None:
    """30178 was Mỹ An Hưng B to 30/6/2025 and is the merged Mỹ An Hưng from 1/7/2025."""
    units = lap_vo_units()
    assert "Xã Mỹ An Hưng B" == units.get("30178", on=BEFORE).name
    assert "Xã Mỹ An Hưng" == units.get("30178", on=AFTER).name
    assert "Xã Mỹ An Hưng" == units.successor_of("30178", on=dt.date(2026, 1, 1)).name
    assert "Xã Mỹ An Hưng B" == units.successor_of("30178", on=dt.date(2020, 1, 1)).name


def test_district_dossier_after_30_june_2025_is_flagged() -> None:
    """A dossier at the district on 1 July 2025 is flagged; on 30 June it is not."""
    units = lap_vo_units()
    assert check_receipt_unit("875", BEFORE, registry=units) is None
    finding = check_receipt_unit("875", AFTER, registry=units)
    assert finding is not None
    assert FindingKind.DISTRICT_ABOLISHED == finding.kind
    assert "72/2025/QH15" in finding.legal_basis
    late_evening_utc = dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC)  # 00:30 on 1/7 in Vietnam
    assert check_receipt_unit("875", late_evening_utc, registry=units) is not None
    assert check_receipt_unit("875", late_evening_utc.astimezone(VIETNAM_TZ), registry=units)


def test_closed_commune_and_unknown_code_are_flagged() -> None:
    """A merged commune after the reform names its successor; an unknown code is its own kind."""
    units = lap_vo_units()
    closed = check_receipt_unit("30202", AFTER, registry=units)
    assert closed is not None
    assert (FindingKind.UNIT_CLOSED, ("30178",)) == (
        closed.kind,
        tuple(u.code for u in closed.successors),
    )
    assert "1663/NQ-UBTVQH15" in closed.legal_basis
    unknown = check_receipt_unit("99999", AFTER, registry=units)
    assert unknown is not None
    assert FindingKind.UNKNOWN_UNIT == unknown.kind
    early = check_receipt_unit("82", BEFORE, registry=units)
    assert early is not None
    assert FindingKind.NOT_YET_VALID == early.kind


def test_grouping_key_counts_across_the_reform() -> None:
    """Grouping the sample's 13 communes by successor gives 4, 3, 4 and 2 old communes."""
    units = lap_vo_units()
    key = units.grouping(on=AFTER)
    communes = [u.code for u in units if u.parent == "875" and u.level is Level.COMMUNE]
    counts = Counter(key(code).name for code in communes)
    assert {"Xã Mỹ An Hưng": 4, "Xã Tân Khánh Trung": 3, "Xã Lấp Vò": 4, "Xã Lai Vung": 2} == counts
    assert "Huyện Lấp Vò" == key("875").name
    assert "30190" == units.grouping(on=BEFORE)("30190").code


def test_registry_rejects_overlaps_and_dangling_successors() -> None:
    """Two versions of a code may not overlap; a successor must exist when its predecessor ends."""
    a = AdministrativeUnit(code="30172", name="A", level=Level.COMMUNE, valid_to=AFTER)
    b = AdministrativeUnit(code="30172", name="B", level=Level.COMMUNE, valid_from=BEFORE)
    with pytest.raises(InvalidCodeError):
        UnitRegistry([a, b])
    dangling = AdministrativeUnit(
        code="30175", name="C", level=Level.COMMUNE, valid_to=AFTER, successors=("30178",)
    )
    with pytest.raises(InvalidCodeError):
        UnitRegistry([dangling])
    with pytest.raises(InvalidCodeError):
        AdministrativeUnit(code="875", name="D", level=Level.COMMUNE)
    with pytest.raises(UnknownUnitError):
        lap_vo_units().get("30172", on=AFTER)


def test_sample_ledger_rows_flagged_only_after_the_reform() -> None:
    """No sample row (Dec 2019 - Jun 2020) is flagged; re-dated to 1 July 2025 the 9,845
    district rows are DISTRICT_ABOLISHED and the 20,931 commune rows UNIT_CLOSED, except
    the four codes a new commune kept (30169, 30178, 30184: 3,186 + 1,468 + 1,443 rows)."""
    data = resources.files("lapvo_cchc").joinpath("data").joinpath("sample_ledger.csv.gz")
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        rows = [(r["agency_code"], r["received_at"][:10]) for r in csv.DictReader(text)]
    units = lap_vo_units()
    assert all(units.check_receipt(code, dt.date.fromisoformat(day)) is None for code, day in rows)
    after = Counter(
        None if (f := units.check_receipt(code, AFTER)) is None else f.kind.name for code, _ in rows
    )
    assert {
        "DISTRICT_ABOLISHED": 9845,
        "UNIT_CLOSED": 30776 - 9845 - 3186 - 1468 - 1443,
        None: 3186 + 1468 + 1443,
    } == after


def test_a_district_record_with_an_unknown_code_is_flagged_by_its_level() -> None:
    """A ledger row saying 'district' after 30 June 2025 is flagged even for a code not listed."""
    units = lap_vo_units()
    finding = units.check_receipt("H56.14", AFTER, level=Level.DISTRICT)
    assert finding is not None
    assert FindingKind.DISTRICT_ABOLISHED == finding.kind
    unknown = units.check_receipt("H56.14", BEFORE, level=Level.DISTRICT)
    assert unknown is not None
    assert FindingKind.UNKNOWN_UNIT == unknown.kind
