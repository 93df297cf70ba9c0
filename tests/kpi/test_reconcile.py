"""Tests of lapvo_cchc.kpi.reconcile on the published figures.

See docs/design/kpi.md#published-figures.

The expected verdicts were worked out by hand from the numbers in
docs/design/kpi.md#published-figures (long division to the printed place), not by running the code:

* Đắk Glong 2020: 57,028 + 1,982 = 59,010; 57,502 + 187 = 57,689;
  1,246 + 75 = 1,321; 57,689 + 1,321 = 59,010. Every identity closes.
* Phú Giáo 2020: 51,722 / 52,761 = 0.98030... → "98%"; 51,355 / 51,722 =
  0.992904... → 99.29%; 367 / 51,722 = 0.0070955... → 0.71% half-up but
  0.70% truncated; 51,355 + 367 = 51,722; 51,722 + 1,039 = 52,761. Over
  received instead, 51,355 / 52,761 = 0.973351... → 97.34%, not 99.29%.
* Vĩnh Phúc 08/2021: 19,255 / 19,944 = 0.9654532... → 96.55% half-up and
  half-even but 96.54% truncated; 689 / 19,944 = 0.0345467... → 3.45% (but
  3.46% when rounded twice, via 3.455); 19,255 + 689 = 19,944.
* Gia Lai: docs/design/kpi.md#published-figures gives only the formula (late in progress + late
  resolved) / (received + carried over); the numbers used here are synthetic.
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from typing import Any

import pytest

from lapvo_cchc.errors import DecodeError, InvalidTypeError, OutOfRangeError
from lapvo_cchc.kpi import (
    Finding,
    FindingKind,
    PublishedFigures,
    Rounding,
    Share,
    Total,
    reconcile,
)


def dak_glong(resolved: int | str = "57.689") -> dict[str, Any]:
    """Đắk Glong 2020 (baodaknong), as printed in Vietnamese style."""
    return {
        "lang": "vi",
        "figures": {
            "received_new": "57.028",
            "carried_over": "1.982",
            "received": "59.010",
            "resolved": resolved,
            "resolved_on_time": "57.502",
            "resolved_late": 187,
            "in_progress": "1.321",
            "in_progress_within": "1.246",
            "in_progress_overdue": 75,
        },
        "relations": [
            {"total": "received", "parts": ["received_new", "carried_over"]},
            {"total": "resolved", "parts": ["resolved_on_time", "resolved_late"]},
            {"total": "in_progress", "parts": ["in_progress_within", "in_progress_overdue"]},
            {"total": "received", "parts": ["resolved", "in_progress"]},
        ],
    }


def phu_giao(on_time_whole: str = "resolved", on_time_pct: str = "99,29%") -> dict[str, Any]:
    """Phú Giáo 2020 (baobinhduong): the on-time rate is over resolved dossiers."""
    return {
        "figures": {
            "received": "52.761",
            "resolved": "51.722",
            "resolved_pct": "98%",
            "on_time": "51.355",
            "on_time_pct": on_time_pct,
            "late": 367,
            "late_pct": "0,71%",
            "in_progress": "1.039",
        },
        "relations": [
            {"printed": "resolved_pct", "part": "resolved", "whole": "received"},
            {"printed": "on_time_pct", "part": "on_time", "whole": on_time_whole},
            {"printed": "late_pct", "part": "late", "whole": "resolved"},
            {"total": "resolved", "parts": ["on_time", "late"]},
            {"total": "received", "parts": ["resolved", "in_progress"]},
        ],
    }


def vinh_phuc(on_time: str = "19.255") -> dict[str, Any]:
    """Vĩnh Phúc 08/2021 (vinhphuc.gov.vn): the denominator is the dossiers due in the period."""
    return {
        "figures": {
            "due": "19.944",
            "on_time": on_time,
            "on_time_pct": "96,55%",
            "overdue": 689,
            "overdue_pct": "3,45%",
        },
        "relations": [
            {"printed": "on_time_pct", "part": "on_time", "whole": "due"},
            {"printed": "overdue_pct", "part": "overdue", "whole": "due"},
            {"total": "due", "parts": ["on_time", "overdue"]},
        ],
    }


# ------------------------------------------------------------------ the fixtures as published


def test_dak_glong_closes() -> None:
    """Đắk Glong 2020: received = resolved + in progress and every sub-total closes."""
    assert reconcile(dak_glong()) == ()


def test_phu_giao_is_consistent_over_resolved() -> None:
    """Phú Giáo 2020: 98%, 99.29% and 0.71% all come from the stated counts, half-up."""
    assert reconcile(phu_giao()) == ()


def test_vinh_phuc_is_consistent_over_due() -> None:
    """Vĩnh Phúc 08/2021: 96.55% and 3.45% of the 19,944 dossiers due, half-up."""
    assert reconcile(vinh_phuc()) == ()


def test_the_fixtures_survive_a_json_round_trip() -> None:
    """The schema is JSON: dumping and loading it changes no verdict."""
    for data in (dak_glong(), phu_giao(), vinh_phuc()):
        assert reconcile(json.loads(json.dumps(data))) == ()


# --------------------------------------------------------------------------- conventions


def test_truncation_cannot_explain_phu_giao_late_rate() -> None:
    """Assuming truncation, only 0,71% is flagged: half-up, half-even or rounding twice give it."""
    (finding,) = reconcile(phu_giao(), rounding=Rounding.TRUNCATE)
    assert (finding.figure, finding.kind) == ("late_pct", FindingKind.ROUNDING)
    assert finding.conventions == ("half_up", "half_even", "half_up_twice")
    assert Decimal("0.71") == finding.published


def test_truncation_cannot_explain_vinh_phuc_on_time_rate() -> None:
    """Assuming truncation, 96,55% is flagged (truncation gives 96,54%); 3,45% is not."""
    (finding,) = reconcile(vinh_phuc(), rounding=Rounding.TRUNCATE)
    assert (finding.figure, finding.kind) == ("on_time_pct", FindingKind.ROUNDING)
    assert finding.conventions == ("half_up", "half_even", "half_up_twice")
    assert Decimal("96.54") == finding.expected  # what truncation gives
    assert "cắt bỏ chữ số thừa cho 96,54%" in finding.message_vi
    assert "truncation gives 96.54%" in finding.message_en


def test_nearest_counts_follow_the_house_convention() -> None:
    """Under truncation the numerator nearest to 19,525 printing 96,55% of 19,944 is 19,257."""
    # truncated: 96.55% <= 100 n / 19,944 < 96.56%  =>  19,255.93 <= n < 19,257.93: 19,256..19,257
    # (half-up: 96.545% <= ... < 96.555%  =>  19,254.93 <= n < 19,256.93: 19,255..19,256)
    (finding, _) = reconcile(vinh_phuc(on_time="19.525"), rounding=Rounding.TRUNCATE)
    numerators = [a.value for a in finding.alternatives if a.kind == "numerator"]
    assert numerators == [19257]


def test_half_even_house_convention_on_vinh_phuc() -> None:
    """Half-even explains both Vĩnh Phúc rates: no finding."""
    assert reconcile(vinh_phuc(), rounding=Rounding.HALF_EVEN) == ()


# --------------------------------------------------------------------------- the wrong denominator


def test_phu_giao_on_time_rate_over_received_points_to_resolved() -> None:
    """Declared over received, 99,29% is flagged and the resolved count is the denominator."""
    (finding,) = reconcile(phu_giao(on_time_whole="received"))
    assert finding.kind == FindingKind.DENOMINATOR
    assert finding.denominators == ("resolved",)
    assert Decimal("97.34") == finding.expected
    first = finding.alternatives[0]
    assert (first.kind, first.figure, first.value) == ("denominator", "resolved", 51722)
    assert "97,34%" in finding.message_vi
    assert "97.34%" in finding.message_en


def test_four_denominators_can_be_named() -> None:
    """A named sum (handled = resolved + in progress) is tried as a denominator."""
    data = phu_giao(on_time_whole="received")
    data["figures"]["on_time_pct"] = "97,34%"
    data["relations"][1]["whole"] = "resolved"
    data["denominators"] = {"handled": ["resolved", "in_progress"]}
    (finding,) = reconcile(data)
    # 51,355 / (51,722 + 1,039) = 51,355 / 52,761: "received" and "handled" both give it.
    assert finding.denominators == ("received", "handled")


def test_gia_lai_formula_with_sums() -> None:
    """Gia Lai's late rate adds late in progress and late resolved over received + carried over."""
    data: dict[str, Any] = {
        "figures": {
            "received": 900,
            "carried_over": 100,
            "late_in_progress": 12,
            "late_resolved": 8,
            "late_pct": "2,0%",
        },
        "relations": [
            {
                "printed": "late_pct",
                "part": ["late_in_progress", "late_resolved"],
                "whole": ["received", "carried_over"],
            }
        ],
    }
    assert reconcile(data) == ()
    data["figures"]["late_pct"] = "2,2%"  # 20 / 900: the carry-over left out
    (finding,) = reconcile(data)
    assert (finding.kind, finding.denominators) == (FindingKind.DENOMINATOR, ("received",))
    assert "late_in_progress + late_resolved" in finding.relation


# --------------------------------------------------------------------------- typos


def test_dak_glong_transposed_resolved_count() -> None:
    """57,869 for 57,689 breaks two identities; the transposition is the one fix for both."""
    findings = reconcile(dak_glong(resolved="57.869"))
    assert [(f.figure, f.kind) for f in findings] == [
        ("resolved", FindingKind.IDENTITY),
        ("received", FindingKind.IDENTITY),
    ]
    assert [f.published - f.expected for f in findings] == [180, -180]  # type: ignore[operator]
    for finding in findings:
        best = finding.alternatives[0]
        assert (
            best.kind,
            best.figure,
            best.value,
            best.consistent_with_all,
        ) == ("transposition", "resolved", 57689, True)
        assert [best] == [a for a in finding.alternatives if a.consistent_with_all]
    assert "57.689" in findings[0].message_vi
    assert "57,689" in findings[0].message_en


def test_vinh_phuc_transposed_on_time_count() -> None:
    """19,525 for 19,255 breaks the rate and the identity; swapping back fixes both."""
    share, total = reconcile(vinh_phuc(on_time="19.525"))
    assert (share.kind, total.kind) == (FindingKind.PERCENT, FindingKind.IDENTITY)
    assert (
        share.alternatives[0].kind,
        share.alternatives[0].figure,
        share.alternatives[0].value,
        share.alternatives[0].consistent_with_all,
    ) == ("transposition", "on_time", 19255, True)
    wholes = [a.value for a in share.alternatives if a.kind == "whole"]
    assert wholes == [20222]  # 19,525 / 20,222 = 96.553...%; 19,525 / 20,221 = 96.558...%
    assert total.alternatives[0].value == 19255


def test_phu_giao_transposed_percentage() -> None:
    """99,92% printed for 99,29%: no denominator gives it; the digits were swapped."""
    (finding,) = reconcile(phu_giao(on_time_pct="99,92%"))
    assert finding.kind == FindingKind.PERCENT
    kinds = {a.kind: a.value for a in finding.alternatives}
    assert Decimal("99.29") == kinds["printed_transposition"]
    assert Decimal("99.29") == kinds["percent"]
    # 99.915% <= 100 n / 51,722 < 99.925%  =>  51,678.04 <= n < 51,683.2: nearest is 51,679
    assert kinds["numerator"] == 51679
    assert "99,92%" in finding.message_vi


def test_messages_are_nfc_and_bilingual() -> None:
    """Every message exists in both languages; the Vietnamese one is NFC."""
    for finding in reconcile(dak_glong(resolved="57.869")) + reconcile(phu_giao("received")):
        assert unicodedata.normalize("NFC", finding.message_vi) == finding.message_vi
        assert finding.message("vi") == finding.message_vi
        assert finding.message("en") == finding.message_en
        for alt in finding.alternatives:
            assert unicodedata.normalize("NFC", alt.message_vi) == alt.message_vi


def test_zero_denominator() -> None:
    """A rate printed over an empty set is flagged with no expected value."""
    (finding,) = reconcile(
        {
            "figures": {"a": 0, "b": 0, "p": "0%"},
            "relations": [{"printed": "p", "part": "a", "whole": "b"}],
        }
    )
    assert (finding.kind, finding.expected) == (FindingKind.PERCENT, None)
    assert "N/A" in finding.message_en


# --------------------------------------------------------------------------- the schema


def test_objects_and_mapping_agree() -> None:
    """Building PublishedFigures by hand gives the same verdicts as the mapping."""
    figs = PublishedFigures(
        counts={"on_time": 51355, "received": 52761, "resolved": 51722},
        percents={"on_time_pct": Decimal("99.29")},
        relations=[Share("on_time_pct", "on_time", "received"), Total("received", ["resolved"])],
    )
    findings = reconcile(figs)
    assert [f.kind for f in findings] == [FindingKind.DENOMINATOR, FindingKind.IDENTITY]
    assert all(isinstance(f, Finding) for f in findings)


def test_english_printed_figures() -> None:
    """With lang 'en', 51,722 is a count and 98.03% a percentage to two places."""
    data: dict[str, Any] = {
        "lang": "en",
        "figures": {"received": "52,761", "resolved": "51,722", "pct": "98.03%"},
        "relations": [{"printed": "pct", "part": "resolved", "whole": "received"}],
    }
    assert reconcile(data) == ()
    data["figures"]["pct"] = "98.04%"
    (finding,) = reconcile(data)
    assert Decimal("98.03") == finding.expected


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"figures": {"p": 98.03}, "relations": []}, "printed string"),
        ({"figures": {"p": "98.03%"}, "relations": []}, "'vi' style"),
        ({"figures": {"c": "1,5"}, "relations": []}, "whole non-negative count"),
        ({"figures": {"a": 1}, "relations": [{"total": "a", "parts": ["b"]}]}, "'b'"),
        ({"figures": {"a": 1, "p": "1%"}, "relations": [{"total": "p", "parts": ["a"]}]}, "count"),
        (
            {"figures": {"a": 1}, "relations": [{"printed": "a", "part": "a", "whole": "a"}]},
            "printed",
        ),
        ({"figures": {"a": 1}, "relations": [{"sum": "a"}]}, "expected keys"),
        ({"figures": {"a": 1}, "relations": [{"total": "a", "parts": []}]}, "figure names"),
        ({"figures": {"a": 1}, "relations": "a = a"}, "list"),
        ({"figures": {"a": 1}, "extra": 1}, "unexpected keys"),
        ({"relations": []}, "'figures' mapping"),
        ({"figures": {"a": -1}}, "count >= 0"),
        ({"figures": {"a": 1}, "denominators": {"h": ["a", "z"]}}, "'z'"),
    ],
)
def test_malformed_figures(data: dict[str, Any], match: str) -> None:
    """Malformed input raises DecodeError saying where and what was expected."""
    with pytest.raises(DecodeError, match=match):
        reconcile(data)


def test_bad_language_and_type() -> None:
    """An unknown language and a non-mapping input are errors."""
    with pytest.raises(OutOfRangeError):
        reconcile({"lang": "fr", "figures": {}})
    with pytest.raises(InvalidTypeError):
        reconcile([("a", 1)])  # type: ignore[arg-type]
