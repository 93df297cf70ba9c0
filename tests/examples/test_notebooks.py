"""Every notebook in examples/ runs in a Jupyter kernel and its saved outputs are current.

The kernel is this interpreter's own (a kernel spec written to a temporary
folder that points at ``sys.executable``), so the notebook sees the package
and extras under test, in nox's virtualenv as anywhere else.

Set ``LAPVO_UPDATE_NOTEBOOKS=1`` to write the executed notebooks back into
examples/ (that is how their outputs, pictures included, are made).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import sys
import time
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
Config = pytest.importorskip("traitlets.config").Config

EXAMPLES = pathlib.Path(__file__).parent.parent.parent / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
KERNEL = "lapvo-cchc-tests"


def test_there_are_notebooks() -> None:
    """The examples folder holds a notebook, so the parametrised test below runs something."""
    assert "analysis.ipynb" in [p.name for p in NOTEBOOKS]


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A Jupyter data folder with one kernel spec: this interpreter, ``-m ipykernel_launcher``."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    doc = {"argv": argv, "display_name": "lapvo-cchc tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(doc), encoding="utf-8")
    return root


_VOLATILE = re.compile(r"0x[0-9a-f]+|\d+(\.\d+)? ?(s|ms|µs)\b")


def _texts(nb: Any) -> list[list[str]]:
    """Per code cell, its printed and returned text (not stderr, images or widgets)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for o in cell.get("outputs", []):
            if o.output_type == "stream" and o.name == "stdout":
                texts.append(o.text)
            elif o.output_type in ("execute_result", "display_data"):
                data = o.get("data", {})
                if "text/html" in data:
                    texts.append(data["text/html"])
                elif "text/plain" in data and not data["text/plain"].startswith(
                    ("<Figure", "<Axes")
                ):
                    texts.append(data["text/plain"])
        out.append([_VOLATILE.sub("…", t) for t in texts])
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_outputs_are_current(
    path: pathlib.Path,
    kernel_dir: pathlib.Path,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every cell runs without error, and prints what the committed notebook shows."""
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    src = str(pathlib.Path(__file__).parent.parent.parent / "src")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    saved = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    # IPC sockets in the temporary folder: nothing listens on TCP, not even on loopback
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(tmp_path / "kernel")
    client = nbclient.NotebookClient(
        nb,
        kernel_name=KERNEL,
        config=config,
        timeout=600,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    with capsys.disabled():  # the run time shows in the CI log
        print(f"\n{path.name}: executed in {elapsed:.1f} s", end=" ")  # noqa: T201
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    images = sum(
        "image/png" in o.get("data", {})
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert images >= 3  # the pictures are drawn inline
    if os.environ.get("LAPVO_UPDATE_NOTEBOOKS") == "1":
        nb.metadata.pop("widgets", None)
        nb.metadata["kernelspec"] = saved.metadata.get("kernelspec", {})
        nbformat.write(nb, path)
        return
    assert _texts(nb) == _texts(saved), "outputs changed: rerun with LAPVO_UPDATE_NOTEBOOKS=1"
