"""Make the example plugin (examples/plugin-dongthap) and a broken plugin discoverable.

CI installs the example (the nox tests session); without an install, a
``.dist-info`` folder is written from the example's own pyproject.toml (its
declared entry points, verbatim) and put on ``sys.path`` with its sources, so
importlib.metadata finds the same entry points an install gives.
"""

from __future__ import annotations

import importlib.metadata
import pathlib
import tomllib

import pytest

from _dist_info import write_dist_info

ROOT = pathlib.Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "plugin-dongthap"


@pytest.fixture(scope="session")
def dongthap_paths(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Paths for ``sys.path`` / PYTHONPATH that make the example plugin found ([] if installed)."""
    try:
        importlib.metadata.distribution("lapvo-cchc-dongthap")
    except importlib.metadata.PackageNotFoundError:
        pass
    else:
        return []
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]["lapvo_cchc.plugins"]
    folder = tmp_path_factory.mktemp("site")
    write_dist_info(folder, project["project"]["name"], declared)
    return [str(folder), str(EXAMPLE / "src")]


@pytest.fixture
def with_dongthap(dongthap_paths: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The example plugin discoverable in this process; returns the paths added."""
    for path in reversed(dongthap_paths):
        monkeypatch.syspath_prepend(path)
    return dongthap_paths
