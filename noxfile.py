"""Automation for lapvo_cchc: `nox` runs lint, typing, docs, examples and tests.

Default sessions pin no Python version: nox uses the interpreter it runs on
(only 3.11 exists on the project's machines, and nox treats a missing
interpreter as an error when CI is set).
"""

from __future__ import annotations

import glob
import os
import pathlib
import shutil

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
# The tests session runs last so that pytest's summary closes the output.
nox.options.sessions = ["lint", "typing", "docs", "examples", "tests"]

ROOT = pathlib.Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff (check and format), the import-linter contracts and the import-cycle check."""
    session.install("-e", ".", *_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")
    session.run("python", "tools/import_cycles.py")


@nox.session
def typing(session: nox.Session) -> None:
    """Mypy --strict on the package, the examples and the typing client file."""
    session.install("-e", ".[all]", *_group("typing"))
    session.run("mypy", "--strict", "src", "examples", "tests/typing_client.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx documentation with warnings as errors."""
    session.install("-e", ".[all]", *_group("docs"))
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def examples(session: nox.Session) -> None:
    """Run every script in examples/."""
    session.install("-e", ".[all]", "httpx>=0.27", "matplotlib>=3.8")
    for script in sorted((ROOT / "examples").glob("*.py")):
        session.run("python", str(script))


def _ensure_postgres(session: nox.Session) -> None:
    """Install Debian's PostgreSQL binaries when the SQL tests would otherwise have no server.

    The tests start a throwaway cluster on loopback with them (tests/_pg.py);
    LAPVO_PG_DSN points them at a server of yours instead, and
    LAPVO_SKIP_POSTGRES=1 skips them explicitly.
    """
    if os.environ.get("LAPVO_PG_DSN") or os.environ.get("LAPVO_SKIP_POSTGRES") == "1":
        return
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        session.run("bash", str(ROOT / ".ci" / "postgres-install.sh"), external=True)


def _ensure_chromium(session: nox.Session) -> None:
    """Install Debian's chromium when the pages' browser tests would otherwise have none.

    Playwright drives /usr/bin/chromium (its own browser download is never
    used); LAPVO_SKIP_BROWSER=1 skips those tests explicitly.
    """
    if os.environ.get("LAPVO_SKIP_BROWSER") == "1":
        return
    if not os.access("/usr/bin/chromium", os.X_OK):
        session.run("bash", str(ROOT / ".ci" / "chromium-install.sh"), external=True)


def _ensure_mariadb(session: nox.Session) -> None:
    """Install Debian's MariaDB server when the SQL tests would otherwise have no server.

    The tests start a throwaway server on loopback with it (tests/_mariadb.py);
    LAPVO_MARIADB_URL points them at a server of yours instead, and
    LAPVO_SKIP_MARIADB=1 skips them explicitly.
    """
    if os.environ.get("LAPVO_MARIADB_URL") or os.environ.get("LAPVO_SKIP_MARIADB") == "1":
        return
    if not (shutil.which("mariadbd") or os.access("/usr/sbin/mariadbd", os.X_OK)):
        session.run("bash", str(ROOT / ".ci" / "mariadb-install.sh"), external=True)


def _ensure_java(session: nox.Session) -> None:
    """Install Debian's Java 17 runtime when the spark engine's tests would otherwise have none.

    pyspark (in the test dependency group) starts a local JVM for them.
    """
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        session.run("bash", str(ROOT / ".ci" / "java-install.sh"), external=True)


def _ensure_servers(session: nox.Session) -> None:
    _ensure_postgres(session)
    _ensure_mariadb(session)
    _ensure_chromium(session)
    _ensure_java(session)


@nox.session
def tests(session: nox.Session) -> None:
    """Pytest with hypothesis (profile from HYPOTHESIS_PROFILE) and coverage."""
    _ensure_servers(session)
    session.install("-e", ".[all]", *_group("test"))
    # The example plugin: tests/plugins check its entry points as installed.
    session.install("-e", "examples/plugin-dongthap")
    session.run(
        "pytest",
        "--cov=lapvo_cchc",
        "--cov-report=term",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": session.env.get("HYPOTHESIS_PROFILE", "ci")},
    )


@nox.session(default=False)
def thorough(session: nox.Session) -> None:
    """The test suite with many more hypothesis examples."""
    _ensure_servers(session)
    session.install("-e", ".[all]", *_group("test"))
    session.run("pytest", *session.posargs, env={"HYPOTHESIS_PROFILE": "thorough"})


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against the libraries users would otherwise pick (one run, ratios)."""
    session.install("-e", ".[all]", *_group("bench"))
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel."""
    session.install("build")
    session.run("python", "-m", "build")
