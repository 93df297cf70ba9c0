"""Tests of lapvo_cchc.procedures: codes, levels, procedures and catalogues."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapvo_cchc.deadlines import TimeLimit, TimeUnit
from lapvo_cchc.errors import InvalidCodeError, InvalidTypeError, UnknownProcedureError
from lapvo_cchc.procedures import (
    AgencyCode,
    Catalog,
    DossierCode,
    FieldCode,
    InMemoryCatalog,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureCode,
    Step,
    sample_catalog,
)

# -- procedure codes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "national", "suffix"),
    [
        ("1.001193", "1.001193", None),
        ("1.001193.000.00.00.H56", "1.001193", "000.00.00.H56"),
        ("2.002621.H56", "2.002621", "H56"),
        ("2.000815.000.00.00.H55.02", "2.000815", "000.00.00.H55.02"),
        ("3.000181.000.00.00.H22", "3.000181", "000.00.00.H22"),
    ],
)
def test_procedure_codes_seen_in_live_systems(text: str, national: str, suffix: str | None) -> None:
    """National codes and local variants parse and are kept verbatim."""
    code = ProcedureCode(text)
    assert (text, national, suffix) == (code.value, code.national, code.suffix)
    assert str(code) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1.1193",
        "1001193",
        "12.001193",
        "1.0011930",
        "TS_lop1.000.00.00.H22",
        "1.001193.",
        "1.001193..H56",
        "1.001193-H56",
        "1.004850A",
    ],
)
def test_malformed_procedure_codes(text: str) -> None:
    """Garbage and non-national local codes raise InvalidCodeError."""
    with pytest.raises(InvalidCodeError, match="ProcedureCode"):
        ProcedureCode.parse(text)


def test_procedure_code_rejects_non_strings_and_blanks() -> None:
    """Only parse() strips blanks; a non-str is refused."""
    assert ProcedureCode.parse(" 1.001193\n").value == "1.001193"
    with pytest.raises(InvalidCodeError):
        ProcedureCode(" 1.001193")
    with pytest.raises(InvalidCodeError):
        ProcedureCode(1.001193)  # type: ignore[arg-type]


# -- agency, field and dossier codes -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level1", "full"),
    [
        ("000.00.06.H56", "H56", True),
        ("000.17.22.H56", "H56", True),
        ("000.00.04.G14", "G14", True),
        ("H56", "H56", False),
        ("H56.14", "H56", False),
        ("H55.242", "H55", False),
    ],
)
def test_agency_codes(text: str, level1: str, full: bool) -> None:
    """Full 13-character and short agency codes are accepted."""
    code = AgencyCode(text)
    assert (level1, full) == (code.level1, code.is_full)


@pytest.mark.parametrize(
    "text", ["", "56H", "000.00.06", "000.0.06.H56", "000.00.06.H5", "H56.", "H56 14", "UBND"]
)
def test_malformed_agency_codes(text: str) -> None:
    """Malformed agency codes raise InvalidCodeError."""
    with pytest.raises(InvalidCodeError):
        AgencyCode.parse(text)


def test_field_codes() -> None:
    """Field codes MXX-LV parse; garbage does not."""
    code = FieldCode.parse("G03-GD10")
    assert (code.level1, code.field) == ("G03", "GD10")
    for bad in ("GD10", "G03GD10", "G03-", "-GD10", "G3-GD10"):
        with pytest.raises(InvalidCodeError, match="FieldCode"):
            FieldCode(bad)


@pytest.mark.parametrize(
    ("text", "agency", "date", "sequence"),
    [
        ("000.00.06.H56-231027-0361", "000.00.06.H56", dt.date(2023, 10, 27), 361),
        ("000.17.22.H56-210531-0001", "000.17.22.H56", dt.date(2021, 5, 31), 1),
        ("000.00.06.H56-250702-54321", "000.00.06.H56", dt.date(2025, 7, 2), 54321),
        ("h56.14-260110-0042", "h56.14", dt.date(2026, 1, 10), 42),
    ],
)
def test_dossier_codes(text: str, agency: str, date: dt.date, sequence: int) -> None:
    """Dossier codes and their real-world variants parse into agency, date, sequence."""
    code = DossierCode.parse(f"  {text} ")
    assert (text, agency, date, sequence) == (
        code.value,
        code.agency.value,
        code.date,
        code.sequence,
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "000.00.06.H56",
        "000.00.06.H56-231027",
        "000.00.06.H56-231027-361",
        "000.00.06.H56-231027-1234567",
        "000.00.06.H56-231327-0361",
        "000.00.06.H56-230230-0361",
        "000.00.06.H56_231027_0361",
        "XYZ-231027-0361",
        "000.00.06.H56-2310270-361",
    ],
)
def test_malformed_dossier_codes(text: str) -> None:
    """Garbage, impossible dates and bad agency parts raise InvalidCodeError."""
    with pytest.raises(InvalidCodeError, match="DossierCode"):
        DossierCode.parse(text)


def test_dossier_code_build() -> None:
    """build() pads the sequence to 4 digits and checks its range."""
    agency = AgencyCode("000.00.06.H56")
    assert (
        DossierCode.build(agency, dt.date(2023, 10, 27), 361).value == "000.00.06.H56-231027-0361"
    )
    with pytest.raises(InvalidCodeError):
        DossierCode.build(agency, dt.date(2023, 10, 27), -1)
    with pytest.raises(InvalidCodeError):
        DossierCode.build(agency, dt.date(1999, 10, 27), 1)


@given(
    st.sampled_from(["000.00.06.H56", "H56", "000.17.22.H56", "H55.242"]),
    st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    st.integers(0, 999_999),
)
def test_dossier_code_round_trip(agency: str, day: dt.date, sequence: int) -> None:
    """build() and the parsed view agree for every agency, date and sequence."""
    code = DossierCode.build(AgencyCode(agency), day, sequence)
    assert (agency, day, sequence) == (code.agency.value, code.date, code.sequence)
    assert code == DossierCode(code.value)


# -- levels and online levels --------------------------------------------------------------


def test_district_level_ends_on_1_july_2025() -> None:
    """The district level exists until 30 June 2025; province and commune always."""
    assert Level.DISTRICT.exists_on(dt.date(2025, 6, 30))
    assert not Level.DISTRICT.exists_on(dt.date(2025, 7, 1))
    assert Level.COMMUNE.exists_on(dt.date(2030, 1, 1))


def test_online_levels_under_decree_42() -> None:
    """Levels 3/4 map to partly/wholly online; 1/2 are not online services."""
    assert [
        level.under_decree_42()
        for level in (
            OnlineLevel.LEVEL_1,
            OnlineLevel.LEVEL_2,
            OnlineLevel.LEVEL_3,
            OnlineLevel.LEVEL_4,
            OnlineLevel.FULL,
        )
    ] == [None, None, OnlineLevel.PARTIAL, OnlineLevel.FULL, OnlineLevel.FULL]


# -- procedures ----------------------------------------------------------------------------


def _procedure(**changes: object) -> Procedure:
    fields: dict[str, object] = {
        "code": ProcedureCode("1.001612"),
        "name": "Đăng ký thành lập hộ kinh doanh",
        "field": "Thành lập và hoạt động của hộ kinh doanh",
        "levels": [Level.DISTRICT],
        "time_limit": TimeLimit.working_days(3),
        "online_level": OnlineLevel.FULL,
    }
    fields.update(changes)
    return Procedure(**fields)  # type: ignore[arg-type]


def test_procedure_levels_after_the_two_tier_change() -> None:
    """A district procedure moves to its successor level from 1 July 2025."""
    p = _procedure(levels=[Level.DISTRICT, Level.COMMUNE], district_successor=Level.PROVINCE)
    assert p.levels_on(dt.date(2025, 6, 30)) == (Level.DISTRICT, Level.COMMUNE)
    assert p.levels_on(dt.date(2025, 7, 1)) == (Level.PROVINCE, Level.COMMUNE)


@pytest.mark.parametrize(
    "changes",
    [
        {"code": "1.001612"},
        {"name": ""},
        {"name": "Đăng ky\u0301 hộ kinh doanh"},  # decomposed (NFD) accent
        {"levels": []},
        {"levels": ["district"]},
        {"time_limit": 3},
        {"online_level": "Toàn trình"},
        {"fee": -1},
        {"fee": 1.5},
        {"steps": ["Thẩm định"]},
        {"agencies": [""]},
    ],
)
def test_procedure_rejects_bad_fields(changes: dict[str, object]) -> None:
    """Wrong types, non-NFC text and negative fees raise InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        _procedure(**changes)


def test_steps_carry_their_own_budget() -> None:
    """Inter-agency steps keep an agency and a TimeLimit each."""
    step = Step(
        name="Thẩm định", agency="Phòng Tài chính - Kế hoạch", time_limit=TimeLimit.working_days(2)
    )
    p = _procedure(steps=[step])
    assert (step,) == p.steps


# -- catalogues ----------------------------------------------------------------------------


def test_sample_catalog_is_a_catalog_of_realistic_size() -> None:
    """The sample has a few dozen procedures, is a Catalog, and says it is synthetic."""
    catalog = sample_catalog()
    assert isinstance(catalog, Catalog)
    assert 24 <= len(catalog) <= 60
    document = json.loads(
        resources.files("lapvo_cchc")
        .joinpath("data")
        .joinpath("catalog_sample.json")
        .read_text(encoding="utf-8")
    )
    assert document["synthetic"] is True
    assert "SYNTHETIC" in document["note"]


def test_sample_catalog_covers_every_unit_and_level() -> None:
    """The sample has every unit of time limit, district and commune procedures, and steps."""
    catalog = sample_catalog()
    units = {p.time_limit.unit for p in catalog}
    levels = {level for p in catalog for level in p.levels}
    assert set(TimeUnit) == units
    assert {Level.DISTRICT, Level.COMMUNE} <= levels
    assert any(p.steps for p in catalog)
    fields = {p.field for p in catalog}
    assert {"Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng"} <= fields


def test_sample_certification_is_same_day_with_a_15h_cutoff() -> None:
    """Certification of copies: same day, cut-off 15:00."""
    limit = sample_catalog().get("2.000815").time_limit
    assert TimeLimit.same_day(dt.time(15)) == limit


def test_catalog_lookup_by_local_variant_and_code_object() -> None:
    """A local variant finds its national entry; ProcedureCode and str both work."""
    catalog = sample_catalog()
    by_variant = catalog.get("1.001193.000.00.00.H56")
    assert by_variant is catalog.get(ProcedureCode("1.001193"))
    assert "1.001193.000.00.00.H56" in catalog
    assert "9.999999" not in catalog
    assert "garbage" not in catalog
    assert 42 not in catalog


def test_unknown_code_names_near_matches() -> None:
    """An unknown code raises UnknownProcedureError (a LookupError) with near matches."""
    catalog = sample_catalog()
    with pytest.raises(UnknownProcedureError, match=r"did you mean '1\.001193'") as info:
        catalog.get("1.001139")
    assert isinstance(info.value, LookupError)
    assert "Đăng ký khai sinh" in str(info.value)
    with pytest.raises(UnknownProcedureError) as far:
        catalog.get("9.999999")
    assert "did you mean" not in str(far.value)


def test_malformed_code_lookup_is_invalid_code() -> None:
    """Looking up garbage is InvalidCodeError, not UnknownProcedureError."""
    with pytest.raises(InvalidCodeError):
        sample_catalog().get("khai sinh")


def test_duplicate_codes_are_refused() -> None:
    """An in-memory catalogue refuses two procedures with one code."""
    with pytest.raises(InvalidCodeError, match="duplicate"):
        InMemoryCatalog([_procedure(), _procedure()])


def test_catalog_iterates_in_order() -> None:
    """Iteration follows insertion order."""
    a = _procedure()
    b = _procedure(code=ProcedureCode("1.001266"))
    assert [a, b] == list(InMemoryCatalog([a, b]))
    assert repr(InMemoryCatalog([a, b])) == "InMemoryCatalog(<2 procedures>)"
