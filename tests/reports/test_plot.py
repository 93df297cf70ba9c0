"""The report pictures: the values drawn are the ones a second computation gives."""

from __future__ import annotations

import importlib.resources as res
import math
import sys

import pytest

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
pd = pytest.importorskip("pandas")

import matplotlib.pyplot as plt  # noqa: E402

from lapvo_cchc.adapters.frames import records_to_frame, report_to_pandas, view  # noqa: E402
from lapvo_cchc.adapters.ledger import read_ledger  # noqa: E402
from lapvo_cchc.errors import MissingExtraError  # noqa: E402
from lapvo_cchc.kpi import FinishKind, Period, report  # noqa: E402
from lapvo_cchc.reports.plot import (  # noqa: E402
    PlotError,
    plot_heatmap,
    plot_outcomes,
    plot_rate,
    plot_report,
)

H1 = Period.parse("2020-H1")


@pytest.fixture(scope="module")
def records() -> list:  # type: ignore[type-arg]
    with res.as_file(res.files("lapvo_cchc").joinpath("data", "sample_ledger.csv.gz")) as p:
        recs, errors = read_ledger(p)
    assert errors == []
    return recs


@pytest.fixture(scope="module")
def resolved(records: list) -> pd.DataFrame:  # type: ignore[type-arg]
    """Resolved dossiers of H1 with pandas alone: late when finished after the deadline instant."""
    df = records_to_frame(records)
    day = df["finished_at"].dt.tz_localize(None).dt.normalize()
    kinds = [k.value for k in FinishKind if k.resolved]
    out = df[
        df["finish"].isin(kinds) & day.between(pd.Timestamp(H1.start), pd.Timestamp(H1.end))
    ].copy()
    out["good"] = out["finished_at"] <= out["due_at"]
    out["month"] = out["finished_at"].dt.strftime("%Y-%m")
    return out


@pytest.fixture(autouse=True)
def _close_figures() -> None:
    yield  # type: ignore[misc]
    plt.close("all")


def test_heatmap_cells_are_the_pandas_shares(records: list, resolved: pd.DataFrame) -> None:  # type: ignore[type-arg]
    rep = report(records, H1, by=("agency", "month"))
    ax = plot_heatmap(rep)
    drawn = ax.images[0].get_array()
    expected = resolved.pivot_table(index="agency", columns="month", values="good", aggfunc="mean")
    assert drawn.shape == expected.shape == (14, 6)
    for i, agency in enumerate(sorted(expected.index)):
        for j, month in enumerate(sorted(expected.columns)):
            assert math.isclose(drawn[i, j], 100 * expected.loc[agency, month], rel_tol=1e-12)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == sorted(expected.index)
    notes = {t.get_text() for t in ax.texts}
    assert f"{100 * expected.loc['30169', '2020-01']:.1f}" in notes


def test_rate_line_is_the_pandas_monthly_share(records: list, resolved: pd.DataFrame) -> None:  # type: ignore[type-arg]
    ax = plot_rate(report(records, H1, by="month"), lang="en")
    (line,) = ax.get_lines()
    expected = resolved.groupby("month")["good"].mean().mul(100).tolist()
    assert len(expected) == 6
    for got, want in zip(line.get_ydata(), expected, strict=True):
        assert math.isclose(got, want, rel_tol=1e-12)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["01/2020", "02/2020", "03/2020", "04/2020", "05/2020", "06/2020"]


def test_outcome_bars_stack_the_form_columns(records: list, resolved: pd.DataFrame) -> None:  # type: ignore[type-arg]
    rep = report(records, H1, by="level")
    ax = plot_outcomes(rep, lang="en")
    heights: dict[str, list[float]] = {}
    for container in ax.containers:
        heights[container.get_label()] = [bar.get_height() for bar in container]
    late = (~resolved["good"]).groupby(resolved["level"]).sum()
    assert heights["Late (10)"] == [late["commune"], late["district"]]
    good = resolved["good"].groupby(resolved["level"]).sum()
    early_on_time = [
        a + b for a, b in zip(heights["Early (8)"], heights["On time (9)"], strict=True)
    ]
    assert early_on_time == [good["commune"], good["district"]]


def test_plot_report_picks_the_picture(records: list) -> None:  # type: ignore[type-arg]
    assert plot_report(report(records, H1, by=("level", "month"))).images  # a heat map
    assert len(plot_report(report(records, H1, by="month")).get_lines()) == 1
    assert plot_report(report(records, H1, by="channel")).containers  # bars


def test_view_delegates(records: list) -> None:  # type: ignore[type-arg]
    rep = report(records, H1, by="level")
    assert view(rep).to_pandas().equals(report_to_pandas(rep))
    assert view(rep).plot().containers


def test_zero_denominator_is_blank_not_zero() -> None:
    """A month without resolved dossiers is a gap in the line, not a 0% point."""
    ax = plot_rate(report([], Period.parse("2020-Q1"), by="month"))
    assert all(math.isnan(y) for y in ax.get_lines()[0].get_ydata())


def test_wrong_grouping_is_named() -> None:
    rep = report([], H1, by="level")
    with pytest.raises(PlotError, match=r"grouped by \('level',\)"):
        plot_rate(rep)
    with pytest.raises(PlotError, match="heat map needs"):
        plot_heatmap(report([], H1, by="month"))


def test_without_matplotlib_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingExtraError, match=r"lapvo-cchc\[plot\]"):
        plot_outcomes(report([], H1))
