"""The catalogue side of a CCHC report: per level, by field, by online level, shortened limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from html.parser import HTMLParser
from importlib import resources

import pytest

from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.errors import InvalidTypeError
from lapvo_cchc.kpi.catalog_report import (
    DECREE_42_2022_IN_FORCE,
    OnlineScheme,
    catalog_report,
    online_scheme_on,
)
from lapvo_cchc.procedures import Level, OnlineLevel, Procedure, ProcedureCode, sample_catalog
from lapvo_cchc.reports import (
    render_catalog_csv,
    render_catalog_html,
    render_catalog_json,
    render_catalog_markdown,
    render_catalog_text,
)

WD = TimeLimit.working_days


def _p(code: str, field: str, levels: list[Level], online: OnlineLevel, **kw: object) -> Procedure:
    return Procedure(
        code=ProcedureCode(code),
        name=f"Thủ tục {code}",
        field=field,
        levels=levels,
        time_limit=kw.pop("time_limit", WD(5)),  # type: ignore[arg-type]
        online_level=online,
        **kw,  # type: ignore[arg-type]
    )


# A small catalogue, counted by hand:
#   district: 1.000001 (Đất đai, L4), 1.000002 (Đất đai, L3, shortened 15 -> 10),
#             1.000003 (Hộ tịch, L2, both levels)                          -> 3
#   commune:  1.000003 (Hộ tịch, L2), 1.000004 (Hộ tịch, FULL), 1.000005 (Chứng thực, PARTIAL) -> 3
#   distinct: 5
SMALL = [
    _p("1.000001", "Đất đai", [Level.DISTRICT], OnlineLevel.LEVEL_4),
    _p(
        "1.000002",
        "Đất đai",
        [Level.DISTRICT],
        OnlineLevel.LEVEL_3,
        time_limit=WD(10),
        statutory_time_limit=WD(15),
        shortening_basis="QĐ của UBND tỉnh (illustrative)",
    ),
    _p("1.000003", "Hộ tịch", [Level.DISTRICT, Level.COMMUNE], OnlineLevel.LEVEL_2),
    _p("1.000004", "Hộ tịch", [Level.COMMUNE], OnlineLevel.FULL),
    _p("1.000005", "Chứng thực", [Level.COMMUNE], OnlineLevel.PARTIAL),
]


def test_small_catalogue_before_decree_42() -> None:
    """On 30 June 2022 levels 1-4 apply; FULL counts as level 4 and PARTIAL as level 3."""
    rep = catalog_report(SMALL, on=dt.date(2022, 6, 30))
    assert OnlineScheme.DECREE_43_2011 is rep.scheme
    district, commune = rep.levels
    assert (3, 3, 5) == (district.total, commune.total, rep.distinct)
    assert (("Đất đai", 2), ("Hộ tịch", 1)) == district.by_field
    assert (("Mức độ 4", 1), ("Mức độ 3", 1), ("Mức độ 2", 1), ("Mức độ 1", 0)) == (
        district.by_online
    )
    assert (("Mức độ 4", 1), ("Mức độ 3", 1), ("Mức độ 2", 1), ("Mức độ 1", 0)) == (
        commune.by_online
    )
    assert (("1.000002",), ()) == (district.shortened, commune.shortened)


def test_small_catalogue_after_decree_42_and_after_the_reform() -> None:
    """Under Decree 42 level 4 is wholly online, level 3 partly, level 2 not online; from
    1 July 2025 the district procedures are commune ones (5 distinct, 5 at commune level)."""
    rep = catalog_report(SMALL, on=dt.date(2024, 1, 1))
    district = rep.levels[0]
    assert (("Toàn trình", 1), ("Một phần", 1), ("Chưa trực tuyến", 1)) == district.by_online
    after = catalog_report(SMALL, on=dt.date(2025, 7, 1))
    assert ["commune"] == [lc.level for lc in after.levels]
    assert (5, 5) == (after.levels[0].total, after.distinct)
    assert ("1.000002",) == after.levels[0].shortened
    assert any("72/2025/QH15" in note for note in after.notes)


def test_scheme_switches_on_decree_42_and_can_be_forced() -> None:
    """The scheme follows the date, or the caller's choice for a comparison across 2022."""
    assert OnlineScheme.DECREE_43_2011 is online_scheme_on(
        DECREE_42_2022_IN_FORCE - dt.timedelta(1)
    )
    assert OnlineScheme.DECREE_42_2022 is online_scheme_on(DECREE_42_2022_IN_FORCE)
    forced = catalog_report(SMALL, on=dt.date(2020, 1, 1), scheme=OnlineScheme.DECREE_42_2022)
    assert ("Toàn trình", 1) == forced.levels[1].by_online[0]


def test_sample_catalogue_matches_a_count_of_the_raw_file() -> None:
    """Per-level and per-field totals equal a direct count of catalog_sample.json."""
    raw = json.loads(
        resources.files("lapvo_cchc").joinpath("data").joinpath("catalog_sample.json").read_text()
    )
    by_level: Counter[str] = Counter()
    by_field: Counter[tuple[str, str]] = Counter()
    for item in raw["procedures"]:
        for level in item["levels"]:
            by_level[level] += 1
            by_field[level, item["field"]] += 1
    rep = catalog_report(sample_catalog(), on=dt.date(2025, 6, 30))
    assert by_level == {lc.level: lc.total for lc in rep.levels}
    assert by_field == {(lc.level, f): n for lc in rep.levels for f, n in lc.by_field}
    assert len(raw["procedures"]) == rep.distinct
    for counts in rep.levels:
        assert counts.total == sum(n for _, n in counts.by_online)


def test_every_format_carries_the_same_numbers() -> None:
    """CSV, JSON, HTML, Markdown and text all show the per-level totals."""
    rep = catalog_report(SMALL, on=dt.date(2022, 6, 30))
    rows = list(csv.reader(io.StringIO(render_catalog_csv(rep, lang="en"))))
    assert ["Level", "Group", "Item", "Procedures"] == rows[0]
    assert ["District", "Procedures", "", "3"] in rows
    assert ["Commune", "Shortened time limit", "", "0"] in rows
    data = json.loads(render_catalog_json(rep))
    assert [3, 3] == [lv["total"] for lv in data["levels"]]

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.rows += tag == "tr"

    parser = Cells()
    parser.feed(render_catalog_html(rep))
    assert len(rows) == parser.rows  # header + one per data row
    assert "| Cấp huyện | Tổng số TTHC |  | 3 |" in render_catalog_markdown(rep)
    assert "Cấp xã: 3" in render_catalog_text(rep)
    with pytest.raises(InvalidTypeError):
        render_catalog_text(rep, lang="fr")


def test_bad_input_is_refused() -> None:
    """A datetime for the date, or an item that is not a procedure, raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError):
        catalog_report(SMALL, on=dt.datetime(2022, 6, 30, tzinfo=dt.UTC))
    with pytest.raises(InvalidTypeError):
        catalog_report(["1.000001"], on=dt.date(2022, 6, 30))  # type: ignore[list-item]
