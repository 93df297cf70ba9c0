"""Every extra of pyproject.toml is listed in the README's table and on the install page."""

from __future__ import annotations

import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _extras() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return set(project["optional-dependencies"])


def test_readme_lists_every_extra() -> None:
    """The README's extras table names each extra (as `lapvo-cchc[x]` or `[x]`)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(?:lapvo-cchc)?\[([a-z0-9_-]+)\]`", text))
    assert set() == _extras() - listed, "add the missing extras to the README's table"
    assert {"all", "testing", "ical"} <= listed


def test_install_page_lists_every_extra() -> None:
    """docs/install.md has one table row per extra."""
    text = (ROOT / "docs" / "install.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z0-9_-]+)` \|", text, flags=re.MULTILINE))
    assert set() == _extras() - rows, "add the missing extras to docs/install.md"
