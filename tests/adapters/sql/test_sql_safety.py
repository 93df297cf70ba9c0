"""The storage defects of the reliability issue, checked on SQLite, PostgreSQL and MariaDB.

* the calendar dimension writer never drops a table it does not own;
* ``query()`` cannot write, whatever the statement text;
* eight processes opening an empty database at once all succeed;
* eight processes appending 100 events each to one dossier all commit;
* an append's work does not grow with the dossier's history;
* a store of schema version 1 (lapvo_cchc 0.1) is upgraded only when asked.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from _mariadb import mariadb_url  # noqa: F401 - the fixture is used by name
from _pg import pg_dsn  # noqa: F401 - the fixture is used by name
from lapvo_cchc.adapters.exports.dimension import calendar_dimension
from lapvo_cchc.adapters.json import make_converter
from lapvo_cchc.adapters.sql import (
    PostgresRepository,
    ReadOnlyQueryError,
    SchemaVersionError,
    SQLiteRepository,
    SQLRepository,
    StorageError,
    TableRefusedError,
)
from lapvo_cchc.calendars import vietnam
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Channel, Dossier, Event, Transferred

if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable, Iterator

    from lapvo_cchc.adapters.sql import DossierRepository as Store

ICT = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ICT)
CODE = "000.00.06.H56-260302-0001"
ROWS = calendar_dimension(vietnam(), dt.date(2026, 1, 1), dt.date(2026, 1, 31))
PROCESSES, APPENDS = 8, 100


def received() -> Dossier:
    return Dossier.received(
        CODE,
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(10),
        agency="000.00.06.H56",
        channel=Channel.IN_PERSON,
        at=T0,
    )


def transfer(label: str) -> Transferred:
    return Transferred(T0, to_agency=label, budget=TimeLimit.working_days(1))


def run_processes(opener: str, body: str, tmp: pathlib.Path, between: Callable[[], None]) -> float:
    """Run PROCESSES processes: open a repository at one moment, then run *body* at another.

    Every process imports the library and waits at the first gate; they then
    open a repository with *opener* together (on an empty database) and wait
    at the second gate, where the parent runs *between*; then they run *body*
    together. Returns the seconds from the second gate to the last exit.
    """
    script = textwrap.dedent(
        """
        import datetime as dt, pathlib, sys, time
        from lapvo_cchc.adapters.sql import PostgresRepository, SQLiteRepository, SQLRepository
        from lapvo_cchc.deadlines import TimeLimit
        from lapvo_cchc.dossiers import Transferred
        k, gate = int(sys.argv[1]), pathlib.Path(sys.argv[2])
        at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

        def wait(name):
            (gate / f"{name}-{k}").touch()
            while not (gate / name).exists():
                time.sleep(0.002)

        wait("open")
        with OPEN as repo:
            assert repo.schema_version == 2
            wait("work")
        """
    ).replace("OPEN", opener) + textwrap.indent(textwrap.dedent(body), " " * 4)
    gate = tmp / "gate"
    gate.mkdir()

    def release(name: str) -> None:
        deadline = time.monotonic() + 120
        while len(list(gate.glob(f"{name}-*"))) < PROCESSES and time.monotonic() < deadline:
            if any(w.poll() is not None for w in workers):
                return  # a process failed: its exit status is reported below
            time.sleep(0.005)
        (gate / name).touch()

    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(k), str(gate)], stderr=subprocess.PIPE, text=True
        )
        for k in range(PROCESSES)
    ]
    release("open")
    release_time = 0.0
    deadline = time.monotonic() + 120
    while len(list(gate.glob("work-*"))) < PROCESSES and time.monotonic() < deadline:
        if any(w.poll() is not None for w in workers):
            break
        time.sleep(0.005)
    else:
        between()
        release_time = time.monotonic()
    (gate / "work").touch()  # also when a process failed: the others finish, none waits
    try:
        codes = [w.wait(timeout=180) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
    elapsed = time.monotonic() - release_time
    errors = [w.stderr.read()[-1500:] for w in workers if w.returncode and w.stderr]
    for w in workers:
        if w.stderr:
            w.stderr.close()
    assert [0] * PROCESSES == codes, errors
    return elapsed


class SafetyContract:
    """The storage defects, fixed on every backend; subclassed per backend."""

    @pytest.fixture
    def open_repo(self) -> Callable[..., Store]:
        raise NotImplementedError

    @pytest.fixture
    def raw(self) -> Callable[[str], list[tuple[Any, ...]]]:
        raise NotImplementedError

    @pytest.fixture
    def opener(self) -> str:
        """Python source opening a repository on the test's database in another process."""
        raise NotImplementedError

    @pytest.fixture
    def repo(self, open_repo: Callable[..., Store]) -> Iterator[Store]:
        with open_repo() as repository:
            repository.upsert(received())
            yield repository

    # -- the calendar dimension writer -------------------------------------------------------

    @pytest.mark.parametrize(
        "table",
        [
            "dossier_events",
            "lapvo_schema",
            "dossiers",
            "DOSSIERS",
            "lapvo_alembic_version",
            "lapvo_dimension_tables",
        ],
    )
    def test_dimension_refuses_the_store_tables(
        self, repo: Store, raw: Callable[[str], Any], table: str
    ) -> None:
        """Naming one of the store's tables raises and drops nothing, even with replace=True."""
        with pytest.raises(TableRefusedError, match=f"table {table} belongs to the dossier store"):
            repo.write_calendar_dimension(ROWS, table=table, replace=True)
        assert [received()] == list(repo)
        assert [(1,)] == raw("SELECT COUNT(*) FROM dossier_events")
        assert [(2,)] == raw("SELECT version FROM lapvo_schema")

    def test_dimension_refuses_a_table_it_did_not_create(
        self, repo: Store, raw: Callable[[str], Any]
    ) -> None:
        """An existing table of the portal's is left with its rows, even with replace=True."""
        raw("CREATE TABLE portal_users (id INTEGER PRIMARY KEY, name VARCHAR(20))")
        raw("INSERT INTO portal_users VALUES (1, 'cán bộ')")
        with pytest.raises(TableRefusedError, match="portal_users exists and was not created"):
            repo.write_calendar_dimension(ROWS, table="portal_users", replace=True)
        assert [(1, "cán bộ")] == raw("SELECT id, name FROM portal_users")

    def test_dimension_replaces_only_its_own_table(self, repo: Store) -> None:
        """Its own dimension table is rewritten (never duplicated); replace=False refuses."""
        assert 31 == repo.write_calendar_dimension(ROWS, table="dim_days")
        assert 10 == repo.write_calendar_dimension(ROWS[:10], table="dim_days")
        assert [(10,)] == [
            tuple(int(v) for v in r) for r in repo.query("SELECT COUNT(*) FROM dim_days")
        ]
        with pytest.raises(TableRefusedError, match="pass replace=True"):
            repo.write_calendar_dimension(ROWS, table="dim_days", replace=False)

    # -- read-only query ---------------------------------------------------------------------

    @pytest.mark.parametrize(
        "sql",
        [
            "COMMIT; UPDATE dossiers SET agency = 'x'",
            "SELECT 1; UPDATE dossiers SET agency = 'x'",
            "UPDATE dossiers SET agency = 'x'",
            "CREATE TABLE intruder (x INTEGER)",
            "DROP TABLE dossier_events",
            "/* SELECT */ DELETE FROM dossiers",
            "ROLLBACK",
            "SELECT 1 INTO OUTFILE '/tmp/x'",
        ],
    )
    def test_query_text_that_writes_is_refused(
        self, repo: Store, raw: Callable[[str], Any], sql: str
    ) -> None:
        """Several statements, or one that is not a read, never reach the database."""
        with pytest.raises(ReadOnlyQueryError, match="query\\(\\) is read-only"):
            repo.query(sql)
        assert [("000.00.06.H56",)] == raw("SELECT agency FROM dossiers")
        assert [received()] == list(repo)

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE dossiers SET agency = 'x'",
            "DELETE FROM lapvo_schema",
            "CREATE TABLE intruder (x INTEGER)",
            "DROP TABLE lapvo_schema",
        ],
    )
    def test_the_database_itself_runs_query_read_only(
        self, repo: Store, raw: Callable[[str], Any], open_repo: Callable[..., Store], sql: str
    ) -> None:
        """Past the text check (bypassed here), the backend's read-only transaction refuses."""
        with pytest.raises(StorageError):
            repo._read_only(sql)  # the second layer, on its own
        assert [("000.00.06.H56",)] == raw("SELECT agency FROM dossiers")
        with open_repo() as again:  # the schema is intact: reopening accepts it
            assert [received()] == list(again)
        with pytest.raises(Exception, match="intruder"):
            raw("SELECT * FROM intruder")

    # -- concurrency -------------------------------------------------------------------------

    def test_simultaneous_opens_then_concurrent_appends(
        self,
        opener: str,
        open_repo: Callable[..., Store],
        raw: Callable[[str], Any],
        tmp_path: pathlib.Path,
    ) -> None:
        """8 processes open an empty database at once, then append 100 events each: all commit."""
        body = f"""
        for i in range({APPENDS}):
            repo.append("{CODE}", Transferred(
                at, to_agency=f"P{{k}}-{{i}}", budget=TimeLimit.working_days(1)))
        """

        def opened() -> None:
            assert [("dossiers", 2)] == raw("SELECT component, version FROM lapvo_schema")
            with open_repo() as setup:
                setup.upsert(received())

        elapsed = run_processes(opener, body, tmp_path, opened)
        with open_repo() as repo:
            stored = repo.get(CODE)  # decoding replays the state machine over the history
            sent = {f"P{k}-{i}" for k in range(PROCESSES) for i in range(APPENDS)}
            assert sent == {e.to_agency for e in stored.events if isinstance(e, Transferred)}
            assert 1 + PROCESSES * APPENDS == len(stored.events)
            assert "IN_PROGRESS" == stored.state.name
            print(f"{repo.dialect}: {PROCESSES * APPENDS} appends in {elapsed:.2f} s")  # noqa: T201

    def test_append_work_does_not_grow_with_the_history(self, repo: Store) -> None:
        """record() runs the same statements after 2 events as after 300 (no replay)."""
        engine = repo.engine
        seen: list[str] = []

        def log(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
            seen.append(statement)

        def statements(label: str) -> list[str]:
            seen.clear()
            sa.event.listen(engine, "before_cursor_execute", log)
            try:
                repo.record(CODE, transfer(label))
            finally:
                sa.event.remove(engine, "before_cursor_execute", log)
            return list(seen)

        short = statements("first")
        for i in range(30):
            repo.record(CODE, *(transfer(f"bulk-{i}-{j}") for j in range(10)))
        assert 302 == len(repo.get(CODE).events)
        assert short == statements("last")


class TestSQLiteSafety(SafetyContract):
    @pytest.fixture
    def path(self, tmp_path: pathlib.Path) -> pathlib.Path:
        return tmp_path / "store.db"

    @pytest.fixture
    def open_repo(self, path: pathlib.Path) -> Callable[..., Store]:
        return lambda **kw: SQLiteRepository(path, **kw)

    @pytest.fixture
    def raw(self, path: pathlib.Path) -> Iterator[Callable[[str], list[tuple[Any, ...]]]]:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        yield lambda sql: conn.execute(sql).fetchall()
        conn.close()

    @pytest.fixture
    def opener(self, path: pathlib.Path) -> str:
        return f"SQLiteRepository({str(path)!r})"


class TestPostgresSafety(SafetyContract):
    @pytest.fixture
    def open_repo(self, pg_dsn: str) -> Callable[..., Store]:  # noqa: F811 - fixture by name
        return lambda **kw: PostgresRepository(pg_dsn, **kw)

    @pytest.fixture
    def raw(self, pg_dsn: str) -> Iterator[Callable[[str], list[tuple[Any, ...]]]]:  # noqa: F811
        import psycopg

        with psycopg.connect(pg_dsn, autocommit=True) as conn:

            def run(sql: str) -> list[tuple[Any, ...]]:
                cur = conn.execute(sql.encode())
                return cur.fetchall() if cur.description else []

            yield run

    @pytest.fixture
    def opener(self, pg_dsn: str) -> str:  # noqa: F811
        return f"PostgresRepository({pg_dsn!r})"

    def test_a_writing_cte_is_refused_by_the_server(self, repo: Store) -> None:
        """WITH ... DELETE passes the text check (it starts with WITH); the server refuses."""
        with pytest.raises(StorageError, match="read-only transaction"):
            repo.query("WITH gone AS (DELETE FROM dossiers RETURNING code) SELECT * FROM gone")
        assert [received()] == list(repo)


class TestMariaDBSafety(SafetyContract):
    @pytest.fixture
    def open_repo(self, mariadb_url: str) -> Callable[..., Store]:  # noqa: F811
        return lambda **kw: SQLRepository.from_url(mariadb_url, **kw)

    @pytest.fixture
    def raw(self, mariadb_url: str) -> Iterator[Callable[[str], list[tuple[Any, ...]]]]:  # noqa: F811
        engine = sa.create_engine(mariadb_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:

            def run(sql: str) -> list[tuple[Any, ...]]:
                result = conn.exec_driver_sql(sql)
                return [tuple(r) for r in result] if result.returns_rows else []

            yield run
        engine.dispose()

    @pytest.fixture
    def opener(self, mariadb_url: str) -> str:  # noqa: F811
        return f"SQLRepository.from_url({mariadb_url!r})"


# -- upgrading a version-1 store (lapvo_cchc 0.1) ----------------------------------------------

# The schema lapvo_cchc 0.1 created, as released (its hand-written SQLite DDL).
V1_SQLITE = """
CREATE TABLE lapvo_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE dossiers (code TEXT PRIMARY KEY, procedure_code TEXT NOT NULL, agency TEXT NOT NULL,
    channel TEXT NOT NULL, assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
    time_limit TEXT NOT NULL);
CREATE TABLE dossier_events (dossier_code TEXT NOT NULL REFERENCES dossiers (code),
    seq INTEGER NOT NULL CHECK (seq >= 0), type TEXT NOT NULL, at TEXT NOT NULL,
    payload TEXT NOT NULL, PRIMARY KEY (dossier_code, seq));
CREATE INDEX dossier_events_type_at ON dossier_events (type, at);
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: UPDATE refused'); END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: DELETE refused'); END;
CREATE TABLE calendar_dimension (date TEXT PRIMARY KEY, is_working_day INTEGER NOT NULL,
    working_day_ordinal INTEGER NOT NULL, lunar_day INTEGER NOT NULL, provisional INTEGER);
INSERT INTO lapvo_schema VALUES ('dossiers', 1);
"""


def _write_v1(path: pathlib.Path, dossier: Dossier) -> None:
    converter = make_converter()
    conn = sqlite3.connect(path)
    conn.executescript(V1_SQLITE)
    header = (
        str(dossier.code),
        str(dossier.procedure_code),
        str(dossier.agency),
        dossier.channel.value,
        0,
        json.dumps(converter.unstructure(dossier.time_limit)),
    )
    conn.execute("INSERT INTO dossiers VALUES (?, ?, ?, ?, ?, ?)", header)
    for seq, event in enumerate(dossier.events):
        payload = converter.unstructure(event, Event)
        conn.execute(
            "INSERT INTO dossier_events VALUES (?, ?, ?, ?, ?)",
            (
                header[0],
                seq,
                payload["type"],
                event.at.isoformat(),
                json.dumps(payload, ensure_ascii=False),
            ),
        )
    conn.commit()
    conn.close()


def test_a_version_1_store_is_upgraded_only_when_asked(tmp_path: pathlib.Path) -> None:
    """Opening a 0.1 file refuses and changes nothing; upgrade=True migrates and keeps the data."""
    path = tmp_path / "v1.db"
    old = received().request_supplement(T0 + dt.timedelta(hours=1), reason="bản sao")
    _write_v1(path, old)
    with pytest.raises(SchemaVersionError, match=r"version 1 .* open it with upgrade=True"):
        SQLiteRepository(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "lapvo_alembic_version" not in tables
    with SQLiteRepository(path, upgrade=True) as repo:
        assert 2 == repo.schema_version
        assert old == repo.get(CODE)
        assert [(2, "AWAITING_SUPPLEMENT")] == repo.query("SELECT event_count, state FROM dossiers")
        assert (
            "IN_PROGRESS"
            == repo.append(CODE, *old.supply(T0 + dt.timedelta(hours=2)).events[-1:]).state.name
        )
        # The 0.1 calendar_dimension table is recognised as the store's own output.
        assert 31 == repo.write_calendar_dimension(ROWS)
    with SQLiteRepository(path) as repo:  # current now: no upgrade needed
        assert 3 == len(repo.get(CODE).events)


# The PostgreSQL schema lapvo_cchc 0.1 created, as released.
V1_POSTGRES = """
CREATE TABLE lapvo_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE dossiers (code TEXT PRIMARY KEY, procedure_code TEXT NOT NULL, agency TEXT NOT NULL,
    channel TEXT NOT NULL, assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
    time_limit JSONB NOT NULL);
CREATE TABLE dossier_events (dossier_code TEXT NOT NULL REFERENCES dossiers (code),
    seq INTEGER NOT NULL CHECK (seq >= 0), type TEXT NOT NULL, at TIMESTAMPTZ NOT NULL,
    payload JSONB NOT NULL, PRIMARY KEY (dossier_code, seq));
CREATE INDEX dossier_events_type_at ON dossier_events (type, at);
CREATE FUNCTION lapvo_dossier_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'dossier_events is append-only: % refused', TG_OP; END $$;
CREATE TRIGGER dossier_events_no_change BEFORE UPDATE OR DELETE ON dossier_events
FOR EACH ROW EXECUTE FUNCTION lapvo_dossier_events_append_only();
INSERT INTO lapvo_schema VALUES ('dossiers', 1);
"""


def test_a_version_1_postgres_store_is_upgraded_in_one_transaction(pg_dsn: str) -> None:  # noqa: F811
    """A 0.1 PostgreSQL store: refused as is; upgraded with its data, events still append-only."""
    import psycopg
    from psycopg.types.json import Jsonb

    converter = make_converter()
    old = received().request_supplement(T0 + dt.timedelta(hours=1))
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(V1_POSTGRES.encode())
        conn.execute(
            "INSERT INTO dossiers VALUES (%s, %s, %s, %s, 0, %s)",
            (
                CODE,
                "1.001193",
                "000.00.06.H56",
                old.channel.value,
                Jsonb(converter.unstructure(old.time_limit)),
            ),
        )
        for seq, event in enumerate(old.events):
            payload = converter.unstructure(event, Event)
            conn.execute(
                "INSERT INTO dossier_events VALUES (%s, %s, %s, %s, %s)",
                (CODE, seq, payload["type"], event.at, Jsonb(payload)),
            )
    with pytest.raises(SchemaVersionError, match=r"version 1 .* upgrade=True"):
        PostgresRepository(pg_dsn)
    with PostgresRepository(pg_dsn, upgrade=True) as repo:
        assert old == repo.get(CODE)
        assert [(2, "AWAITING_SUPPLEMENT")] == repo.query("SELECT event_count, state FROM dossiers")
        assert (
            "IN_PROGRESS"
            == repo.record(CODE, *old.supply(T0 + dt.timedelta(hours=2)).events[-1:]).name
        )
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        assert [("0002",)] == conn.execute("SELECT * FROM lapvo_alembic_version").fetchall()
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("DELETE FROM dossier_events")
