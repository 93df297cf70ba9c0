"""The pages users read: every extra listed, no private import, one API page per package."""

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


_PRIVATE = re.compile(
    r"^\s*(?:>>>|\.\.\.)?\s*(?:from|import)\s+lapvo_cchc(?:\.\w+)*\._\w+", re.MULTILINE
)


def test_no_page_imports_a_private_module() -> None:
    """Examples in the docs and the README use public names only."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    offenders = [
        f"{page.relative_to(ROOT)}: {m.group(0).strip()}"
        for page in pages
        if "_build" not in page.parts
        for m in _PRIVATE.finditer(page.read_text(encoding="utf-8"))
    ]
    assert [] == offenders
    assert _PRIVATE.search(">>> from lapvo_cchc.kpi._report import report")  # the check bites


def test_api_reference_is_one_page_per_package() -> None:
    """docs/api/ has a page for each documented package, and no page documents two of them."""
    api = ROOT / "docs" / "api"
    pages = {p.stem for p in api.glob("*.md")} - {"index"}
    assert {"calendars", "deadlines", "dossiers", "kpi", "lunar", "procedures"} <= pages
    for page in api.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        tops = {m.split(".")[1] for m in re.findall(r"automodule:: (lapvo_cchc\.\w+)", text)}
        assert len(tops) <= 1, f"{page.name} documents {sorted(tops)}"
