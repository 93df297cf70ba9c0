"""Write a minimal installed-distribution record so importlib.metadata finds its entry points."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathlib


def write_dist_info(folder: pathlib.Path, name: str, entry_points: dict[str, str]) -> None:
    """``<name>-0.1.0.dist-info`` in *folder*, with METADATA and the lapvo_cchc.plugins group."""
    info = folder / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    lines = ["[lapvo_cchc.plugins]"] + [f"{k} = {v}" for k, v in entry_points.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
