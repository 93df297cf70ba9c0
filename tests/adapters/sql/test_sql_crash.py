"""Crash suite of the SQL store: nothing committed is lost, no batch is half-written.

* a process importing a batch of 2,000 dossiers is killed with SIGKILL at
  three points (its first events written, half-way, the COMMIT about to be
  sent); the store then opens, the batch is all or nothing, and every
  history committed before it is unchanged (SQLite, PostgreSQL, MariaDB);
* the PostgreSQL server is stopped like a crash (``pg_ctl stop -m immediate``)
  while idle, in the middle of a batch and just before its commit: every call
  ends in :class:`~lapvo_cchc.adapters.sql.StorageError` naming the server,
  never a driver exception; after a restart the committed data is intact,
  the failed batch left nothing, and the same repository writes again.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

import lapvo_cchc
from _mariadb import mariadb_url  # noqa: F401 - the fixture is used by name
from _pg import pg_cluster, pg_dsn  # noqa: F401 - the fixtures are used by name
from lapvo_cchc.adapters.sql import (
    PostgresRepository,
    SQLiteRepository,
    SQLRepository,
    StorageError,
)
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Dossier, Transferred

if TYPE_CHECKING:
    from collections.abc import Callable

    from _pg import Cluster
    from lapvo_cchc.adapters.sql import DossierRepository as Store

ICT = dt.timezone(dt.timedelta(hours=7))
BATCH = 2_000
# Where the child is killed: on reading the line it prints ("events N": the N-th dossier's
# events are being inserted; "commit": the COMMIT is about to be sent).
KILL_POINTS = ("events 1", f"events {BATCH // 2}", "commit")


def build(day: str, count: int) -> list[Dossier]:
    """*count* dossiers received on 2026-03-*day*, with 1 to 4 events each (deterministic)."""
    import datetime as dt

    from lapvo_cchc.deadlines import TimeLimit
    from lapvo_cchc.dossiers import Channel, Dossier

    at = dt.datetime(2026, 3, int(day), 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    out = []
    for i in range(count):
        d = Dossier.received(
            f"000.00.06.H56-2603{day}-{i + 1:04d}",
            procedure_code="1.001193",
            time_limit=TimeLimit.working_days(3 + i % 5),
            agency="000.00.06.H56",
            channel=Channel.ONLINE if i % 2 else Channel.IN_PERSON,
            at=at + dt.timedelta(seconds=i),
        )
        if i % 4 >= 1:
            d = d.request_supplement(at + dt.timedelta(hours=1), reason=f"thiếu bản sao {i}")
        if i % 4 >= 2:
            d = d.supply(at + dt.timedelta(hours=2))
        if i % 4 >= 3:
            d = d.resolve(at + dt.timedelta(hours=3))
        out.append(d)
    return out


CHILD = """
from __future__ import annotations
import sys
import sqlalchemy as sa
from lapvo_cchc.adapters.sql import PostgresRepository, SQLiteRepository, SQLRepository

BUILD

batch = build(sys.argv[1], int(sys.argv[2]))
with OPEN as repo:
    inserted = [0]

    def executing(_conn, _cursor, statement, *_):
        if statement.startswith("INSERT INTO dossier_events"):
            inserted[0] += 1
            print(f"events {inserted[0]}", flush=True)

    sa.event.listen(repo.engine, "before_cursor_execute", executing)
    sa.event.listen(repo.engine, "commit", lambda _conn: print("commit", flush=True))
    print(repo.import_dossiers(batch), flush=True)
print("done", flush=True)
"""


def child_env() -> dict[str, str]:
    """The environment with this checkout's ``src`` first on PYTHONPATH."""
    src = str(pathlib.Path(lapvo_cchc.__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, path) if p)}


def kill_during_import(opener: str, day: str, point: str) -> list[str]:
    """Run a child importing BATCH dossiers of *day*; SIGKILL it on its line *point*.

    Returns every line the child printed before it died.
    """
    script = CHILD.replace("BUILD", inspect.getsource(build)).replace("OPEN", opener)
    child = subprocess.Popen(
        [sys.executable, "-c", script, day, str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert child.stdout is not None
    lines: list[str] = []
    try:
        for line in child.stdout:
            lines.append(line.strip())
            if lines[-1] == point:
                os.kill(child.pid, signal.SIGKILL)
                break
        lines.extend(line.strip() for line in child.stdout)  # what it wrote before dying
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=60)
        errors = child.stderr.read() if child.stderr else ""
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert -signal.SIGKILL == child.returncode, (point, lines[-3:], errors[-2000:])
    assert point in lines
    return lines


def histories(repo: Store) -> dict[str, Dossier]:
    """Every stored dossier by code."""
    return {str(d.code): d for d in repo}


def transfer(day: int, to: str) -> Transferred:
    """A transfer on 2026-03-*day* at 10:00 to agency *to*."""
    at = dt.datetime(2026, 3, day, 10, 0, tzinfo=ICT)
    return Transferred(at, to_agency=to, budget=TimeLimit.working_days(1))


class CrashContract:
    """The kill -9 checks, subclassed per backend (fixtures ``open_repo`` and ``opener``)."""

    @pytest.fixture
    def integrity(self) -> Callable[[], list[Any]]:
        """Problems the backend finds in its own files (none checked by default)."""
        return list

    def test_a_killed_batch_is_all_or_nothing(
        self, open_repo: Callable[[], Store], opener: str, integrity: Callable[[], list[Any]]
    ) -> None:
        """SIGKILL at 3 points of a 2,000-dossier import: all or none of it, the rest unchanged."""
        with open_repo() as repo:
            repo.import_dossiers(build("01", 40))
            code = "000.00.06.H56-260301-0001"
            repo.append(code, transfer(1, "H57"))
            before = histories(repo)
        assert 40 == len(before)
        outcomes = []
        for round_, point in enumerate(KILL_POINTS):
            day = f"{10 + round_:02d}"
            lines = kill_during_import(opener, day, point)
            with open_repo() as repo:
                after = histories(repo)
                batch = {c: d for c, d in after.items() if f"-2603{day}-" in c}
                # Everything committed before the batch: the same histories, nothing else.
                assert before == {c: d for c, d in after.items() if c not in batch}
                if batch:
                    assert {str(d.code): d for d in build(day, BATCH)} == batch, point
                    outcomes.append("committed")
                else:
                    outcomes.append("nothing")
                # Killed before it sent COMMIT: nothing; reported done: everything.
                if "commit" not in lines:
                    assert {} == batch, point
                if "done" in lines:
                    assert BATCH == len(batch), point
                # The store still writes: the next round's "before" includes this append.
                first = f"000.00.06.H56-2603{day}-0001"
                written = repo.upsert(build(day, 1)[0])
                assert (0 if batch else 1) == written
                stored = repo.append(first, transfer(int(day), "H58"))
                assert 2 == len(stored.events)
                assert [] == integrity()
                before = histories(repo)
        print(f"{repo.dialect}: kills at {KILL_POINTS} -> {outcomes}")  # noqa: T201
        assert "nothing" == outcomes[0]  # the first kill landed while the batch was written


class TestSQLiteCrash(CrashContract):
    @pytest.fixture
    def path(self, tmp_path: pathlib.Path) -> pathlib.Path:
        return tmp_path / "store.db"

    @pytest.fixture
    def open_repo(self, path: pathlib.Path) -> Callable[[], Store]:
        return lambda: SQLiteRepository(path)

    @pytest.fixture
    def opener(self, path: pathlib.Path) -> str:
        return f"SQLiteRepository({str(path)!r})"

    @pytest.fixture
    def integrity(self, path: pathlib.Path) -> Callable[[], list[Any]]:
        def check() -> list[Any]:
            conn = sqlite3.connect(path)
            try:
                return [r for r in conn.execute("PRAGMA integrity_check") if r != ("ok",)]
            finally:
                conn.close()

        return check


class TestPostgresCrash(CrashContract):
    @pytest.fixture
    def open_repo(self, pg_dsn: str) -> Callable[[], Store]:  # noqa: F811 - fixture by name
        return lambda: PostgresRepository(pg_dsn)

    @pytest.fixture
    def opener(self, pg_dsn: str) -> str:  # noqa: F811
        return f"PostgresRepository({pg_dsn!r})"


class TestMariaDBCrash(CrashContract):
    @pytest.fixture
    def open_repo(self, mariadb_url: str) -> Callable[[], Store]:  # noqa: F811
        return lambda: SQLRepository.from_url(mariadb_url)

    @pytest.fixture
    def opener(self, mariadb_url: str) -> str:  # noqa: F811
        return f"SQLRepository.from_url({mariadb_url!r})"


# -- the PostgreSQL server stopped mid-run -----------------------------------------------------


def test_a_stopped_server_is_a_storage_error_and_loses_nothing(pg_cluster: Cluster) -> None:  # noqa: F811
    """Server halted (pg_ctl stop -m immediate): StorageError; restarted: all committed data."""
    shown = rf"postgresql \b.*\bport={pg_cluster.port}: "  # the server, without a password
    with PostgresRepository(pg_cluster.dsn, connect_timeout=5) as repo:
        repo.import_dossiers(build("01", 30))
        first = "000.00.06.H56-260301-0001"
        repo.append(first, transfer(20, "H57"))
        before = histories(repo)
        batch = build("02", 200)

        # 1. Stopped while idle: every operation, reading or writing, is a StorageError.
        pg_cluster.halt()
        calls: dict[str, Callable[[], object]] = {
            "append": lambda: repo.append(first, transfer(20, "H58")),
            "import_dossiers": lambda: repo.import_dossiers(batch),
            "upsert": lambda: repo.upsert(batch[0]),
            "get": lambda: repo.get(first),
            "len": lambda: len(repo),
            "record": lambda: repo.record(first, transfer(20, "H58")),
            "iterate": lambda: list(repo),
            "codes": repo.codes,
            "schema_version": lambda: repo.schema_version,
            "query": lambda: repo.query("SELECT COUNT(*) FROM dossiers"),
            "write_calendar_dimension": lambda: repo.write_calendar_dimension([]),
            "open": lambda: PostgresRepository(pg_cluster.dsn, connect_timeout=5),
        }
        for name, call in calls.items():
            with pytest.raises(StorageError, match=f"^{shown}") as caught:
                call()
            assert caught.type is StorageError, name
        pg_cluster.resume()
        assert before == histories(repo)  # the same repository reconnects

        # 2. Halted and restarted between two calls: the next call succeeds on a fresh connection.
        pg_cluster.halt()
        pg_cluster.resume()
        stored = repo.append(first, transfer(20, "H59"))
        assert 3 == len(stored.events)
        before = histories(repo)

        # 3. Halted in the middle of a batch (at its 100th dossier), then 4. just before COMMIT.
        def halt_at_100th(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement.startswith("INSERT INTO dossier_events"):
                inserted.append(statement)
                if len(inserted) == 100:
                    pg_cluster.halt()

        def halt_at_commit(_conn: Any) -> None:
            pg_cluster.halt()

        for event, hook in (("before_cursor_execute", halt_at_100th), ("commit", halt_at_commit)):
            inserted: list[str] = []
            sa.event.listen(repo.engine, event, hook)
            try:
                with pytest.raises(StorageError, match=f"^{shown}") as caught:
                    repo.import_dossiers(batch)
                assert caught.type is StorageError
            finally:
                sa.event.remove(repo.engine, event, hook)
            assert not pg_cluster.started
            pg_cluster.resume()
            assert before == histories(repo), event  # nothing of the batch, the rest intact

        # The store accepts new writes, and the batch imports whole once the server is up.
        assert len(batch) == repo.import_dossiers(batch).dossiers
        after = histories(repo)
        assert before == {c: d for c, d in after.items() if "-260302-" not in c}
        assert {str(d.code): d for d in batch} == {
            c: d for c, d in after.items() if "-260302-" in c
        }
    with PostgresRepository(pg_cluster.dsn) as again:  # another connection: the same data
        assert after == histories(again)
