"""The hypothesis entry point: ``st.from_type`` knows the public value types."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pathlib
import subprocess
import sys
import textwrap
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

import lapvo_cchc
from lapvo_cchc.calendars import WorkCalendar
from lapvo_cchc.deadlines import Deadline, TimeLimit, compute_deadline
from lapvo_cchc.dossiers import Dossier, Event, check_history
from lapvo_cchc.procedures import AgencyCode, DossierCode, ProcedureCode
from lapvo_cchc.testing import _hypothesis_setup_hook

ROOT = pathlib.Path(__file__).resolve().parents[2]
SRC = pathlib.Path(lapvo_cchc.__file__).resolve().parents[1]


def _entry_points() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(project["entry-points"]["hypothesis"])


def _probe(tmp_path: pathlib.Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run *code* in a fresh interpreter where a distribution declares pyproject's entry points."""
    info = tmp_path / "lapvo_cchc_entry_point_probe-0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: lapvo-cchc-entry-point-probe\nVersion: 0\n", encoding="utf-8"
    )
    lines = [f"{name} = {target}" for name, target in _entry_points().items()]
    (info / "entry_points.txt").write_text(
        "[hypothesis]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    environ = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    environ["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(SRC)])
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
        timeout=300,
    )


_USER_CODE = """
    import sys
    from hypothesis import strategies as st
    assert "lapvo_cchc.testing" in sys.modules, "the hook did not run"
    from lapvo_cchc.deadlines import TimeLimit
    limit = st.from_type(TimeLimit).example()
    print(type(limit).__name__, limit.amount >= 0)
"""


def test_pyproject_declares_the_hook():
    """The hypothesis entry point names a hook outside lapvo_cchc.testing that imports it."""
    points = _entry_points()
    assert ["lapvo_cchc._hypothesis_hook:setup"] == list(points.values())
    module, _, name = points["_"].partition(":")
    getattr(importlib.import_module(module), name)()
    assert "lapvo_cchc.testing" in sys.modules


def test_installed_entry_point_makes_from_type_work(tmp_path):
    """With the entry point installed, importing hypothesis alone registers TimeLimit."""
    done = _probe(tmp_path, _USER_CODE)
    assert 0 == done.returncode, done.stderr
    assert "TimeLimit True" == done.stdout.strip()


def test_without_plugins_from_type_fails(tmp_path):
    """Control: with entry points disabled, hypothesis' own guess builds invalid limits."""
    code = """
        from hypothesis import strategies as st
        from lapvo_cchc.deadlines import TimeLimit
        from lapvo_cchc.errors import LapvoError
        failures = 0
        for _ in range(20):
            try:
                st.from_type(TimeLimit).example()
            except LapvoError:
                failures += 1
        print(failures > 0)
    """
    done = _probe(tmp_path, code, HYPOTHESIS_NO_PLUGINS="1")
    assert 0 == done.returncode, done.stderr
    assert "True" == done.stdout.strip()


_hypothesis_setup_hook()


@settings(max_examples=40)
@given(st.from_type(TimeLimit))
def test_from_type_time_limit(limit):
    """Registered limits rebuild equal through the public constructor (they are valid)."""
    assert limit == TimeLimit(limit.unit, limit.amount, cutoff=limit.cutoff)


@settings(max_examples=10)
@given(st.from_type(WorkCalendar))
def test_from_type_calendar(cal):
    """Registered calendars are calendars with 2026 official (base or derived from it)."""
    assert isinstance(cal, WorkCalendar)
    assert not cal.is_provisional(2026)


@settings(max_examples=20)
@given(st.from_type(Deadline))
def test_from_type_deadline(deadline):
    """A registered deadline is what compute_deadline gives for its receipt and limit."""
    from lapvo_cchc.calendars import vietnam

    again = compute_deadline(deadline.received_at, deadline.limit, calendar=vietnam())
    assert again.at == deadline.at
    assert deadline.at.date() >= deadline.received_at.date()


@settings(max_examples=20)
@given(st.from_type(Dossier))
def test_from_type_dossier(dossier):
    """A registered dossier has a legal history."""
    check_history(dossier.code.value, dossier.events)


@settings(max_examples=20)
@given(st.from_type(Event))
def test_from_type_event(event):
    """A registered event is a concrete event in Vietnam time."""
    assert type(event) is not Event
    assert isinstance(event, Event)
    assert dt.timedelta(hours=7) == event.at.utcoffset()


@settings(max_examples=20)
@given(st.from_type(AgencyCode), st.from_type(ProcedureCode), st.from_type(DossierCode))
def test_from_type_codes(agency, procedure, dossier):
    """Registered codes parse back from their own text."""
    assert agency == AgencyCode.parse(agency.value)
    assert procedure == ProcedureCode.parse(procedure.value)
    assert dossier == DossierCode.parse(dossier.value)
