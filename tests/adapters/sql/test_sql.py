"""Contract tests of the SQL dossier repositories (adapters.sql) on SQLite, PostgreSQL, MariaDB.

The PostgreSQL and MariaDB classes run against real servers (tests/_pg.py,
tests/_mariadb.py); they are skipped only when LAPVO_SKIP_POSTGRES=1 or
LAPVO_SKIP_MARIADB=1 says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
import threading
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from _mariadb import mariadb_url  # noqa: F401 - the fixture is used by name
from _pg import pg_dsn  # noqa: F401 - the fixture is used by name
from lapvo_cchc.adapters.json import make_converter
from lapvo_cchc.adapters.sql import (
    SCHEMA_VERSION,
    BatchResult,
    DossierNotFoundError,
    HistoryConflictError,
    PostgresRepository,
    SchemaVersionError,
    SQLiteRepository,
    SQLRepository,
    StorageError,
)
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import (
    Channel,
    Dossier,
    Event,
    Resolved,
    SupplementRequested,
    SupplementSupplied,
    Transferred,
)
from lapvo_cchc.errors import InvalidTransitionError, LapvoError
from lapvo_cchc.procedures import DossierCode
from lapvo_cchc.testing import dossiers

if TYPE_CHECKING:
    import pathlib
    from collections.abc import Callable, Iterator

    from lapvo_cchc.adapters.sql import DossierRepository as Store

ICT = dt.timezone(dt.timedelta(hours=7))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ICT)
AGENCY = "000.00.06.H56"


def received(n: int, at: dt.datetime = T0) -> Dossier:
    """A freshly received dossier numbered *n*."""
    return Dossier.received(
        f"{AGENCY}-260302-{n:04d}",
        procedure_code="1.001193",
        time_limit=TimeLimit.working_days(10),
        agency=AGENCY,
        channel=Channel.IN_PERSON,
        at=at,
    )


def hours(n: float) -> dt.datetime:
    """T0 plus *n* hours."""
    return T0 + dt.timedelta(hours=n)


class RepositoryContract:
    """The behaviour every dossier repository must have; subclassed per backend."""

    @pytest.fixture
    def open_repo(self) -> Callable[..., Store]:
        """A factory opening a new repository on the test's database."""
        raise NotImplementedError

    @pytest.fixture
    def raw(self) -> Callable[[str], list[tuple[Any, ...]]]:
        """Run one SQL statement on the test's database outside the repository (autocommit)."""
        raise NotImplementedError

    @pytest.fixture
    def repo(self, open_repo: Callable[..., Store]) -> Iterator[Store]:
        with open_repo() as repository:
            yield repository

    # -- upsert -------------------------------------------------------------------------------

    def test_round_trip(self, repo: Store) -> None:
        """A stored dossier reads back equal, with every event field."""
        d = (
            received(1)
            .request_supplement(hours(1), reason="bản sao chứng thực")
            .supply(hours(30))
            .record(
                Transferred(hours(31), to_agency="Phòng TN-MT", budget=TimeLimit.working_days(2))
            )
            .resolve(hours(50), approved=False, reason="không đủ điều kiện")
        )
        assert 5 == repo.upsert(d)
        assert d == repo.get(d.code)
        assert d == repo.find(str(d.code))
        assert (d.code,) == repo.codes()

    def test_upsert_is_idempotent(self, repo: Store, raw: Callable[[str], Any]) -> None:
        """Writing the same dossier again appends nothing and leaves one header row."""
        d = received(1).request_supplement(hours(1))
        assert [2, 0, 0] == [repo.upsert(d), repo.upsert(d), repo.upsert(d)]
        assert [(1,)] == raw("SELECT COUNT(*) FROM dossiers")
        assert [(2,)] == raw("SELECT COUNT(*) FROM dossier_events")

    def test_upsert_appends_only_the_new_events(
        self, repo: Store, raw: Callable[[str], Any]
    ) -> None:
        """A longer history appends the difference; the stored prefix keeps its rows."""
        d = received(1)
        repo.upsert(d)
        longer = d.request_supplement(hours(1)).supply(hours(2))
        assert 2 == repo.upsert(longer)
        assert longer == repo.get(d.code)
        assert [(0, "received"), (1, "supplement_requested"), (2, "supplement_supplied")] == raw(
            "SELECT seq, type FROM dossier_events ORDER BY seq"
        )

    def test_older_copy_changes_nothing(self, repo: Store) -> None:
        """Upserting a stale copy (a prefix of the stored history) neither truncates nor fails."""
        d = received(1)
        longer = d.request_supplement(hours(1))
        repo.upsert(longer)
        assert 0 == repo.upsert(d)
        assert longer == repo.get(d.code)

    def test_header_is_updated_with_new_events(self, repo: Store) -> None:
        """A corrected header arrives with new events and replaces the stored one."""
        d = received(1)
        repo.upsert(d)
        corrected = attrs.evolve(d, time_limit=TimeLimit.working_days(5), assisted=True)
        repo.upsert(corrected.request_supplement(hours(1)))
        stored = repo.get(d.code)
        assert (TimeLimit.working_days(5), True) == (stored.time_limit, stored.assisted)

    def test_conflicting_history_is_refused(self, repo: Store) -> None:
        """A history that rewrites a stored event raises and changes nothing."""
        d = received(1).request_supplement(hours(1))
        repo.upsert(d)
        rewritten = received(1).resolve(hours(1))
        with pytest.raises(HistoryConflictError, match=r"dossier .*-0001: event seq 1"):
            repo.upsert(rewritten)
        assert d == repo.get(d.code)

    # The repository fixture is per test, not per example: examples share it on purpose (each
    # stores its own code); the method runs once per backend subclass, hence differing executors.
    @settings(
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
        deadline=None,
    )
    @given(d=dossiers(max_events=8))
    def test_any_dossier_round_trips(self, repo: Store, d: Dossier) -> None:
        """Every dossier the public strategy draws reads back equal."""
        # The strategy may repeat a code across examples; give each example its own.
        n = next(_SEQUENCE)
        d = attrs.evolve(d, code=DossierCode(f"{d.agency}-260101-{n:06d}"))
        assert len(d.events) == repo.upsert(d)
        assert d == repo.get(d.code)

    # -- stored form --------------------------------------------------------------------------

    def test_payload_is_the_json_adapter_encoding(
        self, repo: Store, raw: Callable[[str], Any]
    ) -> None:
        """Each event row holds the lapvo-cchc/1 encoding of the event and its type tag."""
        d = received(1).request_supplement(hours(1), reason="thiếu tờ khai")
        repo.upsert(d)
        converter = make_converter()
        rows = raw("SELECT type, payload FROM dossier_events ORDER BY seq")
        payloads = [json.loads(p) if isinstance(p, str) else p for _, p in rows]
        assert [converter.unstructure(e, Event) for e in d.events] == payloads
        assert ["received", "supplement_requested"] == [t for t, _ in rows]
        assert {"type": "supplement_requested", "at": "2026-03-02T10:00:00+07:00",
                "reason": "thiếu tờ khai"} == payloads[1]  # fmt: skip

    def test_events_are_append_only_in_the_database(
        self, repo: Store, raw: Callable[[str], Any]
    ) -> None:
        """The database itself refuses UPDATE and DELETE on stored events."""
        d = received(1).request_supplement(hours(1))
        repo.upsert(d)
        with pytest.raises(Exception, match="append-only"):
            raw("UPDATE dossier_events SET type = 'resolved' WHERE seq = 1")
        with pytest.raises(Exception, match="append-only"):
            raw("DELETE FROM dossier_events")
        assert d == repo.get(d.code)

    def test_query_is_read_only(self, repo: Store) -> None:
        """query() refuses a statement that writes, and the store is unchanged."""
        repo.upsert(received(1))
        with pytest.raises(StorageError, match="read"):
            repo.query("DELETE FROM dossiers")
        assert [received(1)] == list(repo)

    def test_query_placeholders(self, repo: Store) -> None:
        """`?` is the placeholder on every backend; `?` and `%` inside literals stay text."""
        repo.upsert(received(1))
        assert [("?", "a%", 1)] == [
            (q, p, int(n))
            for q, p, n in repo.query(
                "SELECT '?', 'a%', COUNT(*) FROM dossiers WHERE agency = ? AND code LIKE '%0001'",
                (AGENCY,),
            )
        ]

    # -- append -------------------------------------------------------------------------------

    def test_append_goes_through_the_state_machine(self, repo: Store) -> None:
        """Appended events are checked; an illegal one writes nothing."""
        d = received(1)
        repo.upsert(d)
        after = repo.append(d.code, SupplementRequested(hours(1)), SupplementSupplied(hours(2)))
        assert "IN_PROGRESS" == after.state.name
        with pytest.raises(InvalidTransitionError):
            repo.append(d.code, Resolved(hours(3)), SupplementSupplied(hours(4)))
        assert after == repo.get(d.code)
        assert 3 == len(repo.get(d.code).events)

    def test_unknown_dossier(self, repo: Store) -> None:
        """Reading or appending to an unknown code raises DossierNotFoundError naming it."""
        assert repo.find(received(9).code) is None
        with pytest.raises(DossierNotFoundError, match="-0009"):
            repo.get(received(9).code)
        with pytest.raises(DossierNotFoundError, match="-0009"):
            repo.append(received(9).code, Resolved(hours(1)))

    # -- batch import -------------------------------------------------------------------------

    def test_batch_import(self, repo: Store) -> None:
        """A batch stores every dossier and counts dossiers and new events."""
        batch = [received(n).request_supplement(hours(n)) for n in range(1, 6)]
        assert BatchResult(dossiers=5, new_events=10) == repo.import_dossiers(batch)
        assert BatchResult(dossiers=5, new_events=0) == repo.import_dossiers(batch)
        assert batch == list(repo)
        assert 5 == len(repo)

    def test_batch_failure_part_way_writes_nothing(
        self, repo: Store, raw: Callable[[str], Any]
    ) -> None:
        """A conflict at the third dossier rolls back the first two (and their new events)."""
        stored = received(3).request_supplement(hours(1))
        repo.upsert(received(1))
        repo.upsert(stored)
        batch = [
            received(1).request_supplement(hours(2)),  # would append one event
            received(2),  # would be new
            received(3).resolve(hours(1)),  # conflicts with the stored history
            received(4),
        ]
        with pytest.raises(HistoryConflictError, match="-0003"):
            repo.import_dossiers(batch)
        assert [received(1), stored] == list(repo)
        assert [(3,)] == raw("SELECT COUNT(*) FROM dossier_events")

    def test_batch_iterable_failing_part_way_writes_nothing(self, repo: Store) -> None:
        """An exception from the input itself (a bad ledger row) also rolls everything back."""

        def batch() -> Iterator[Dossier]:
            yield received(1)
            yield received(2)
            raise ValueError("ledger row 3: bad date")

        with pytest.raises(ValueError, match="ledger row 3"):
            repo.import_dossiers(batch())
        assert 0 == len(repo)

    # -- schema version -----------------------------------------------------------------------

    def test_schema_version_is_recorded(self, repo: Store, raw: Callable[[str], Any]) -> None:
        """The version is stored in lapvo_schema and read back."""
        assert 2 == SCHEMA_VERSION == repo.schema_version
        assert [("dossiers", 2)] == raw("SELECT component, version FROM lapvo_schema")
        assert [("0002",)] == raw("SELECT version_num FROM lapvo_alembic_version")

    def test_reopening_keeps_the_data(self, open_repo: Callable[..., Store]) -> None:
        """A second repository on the same database sees what the first wrote."""
        with open_repo() as first:
            first.upsert(received(1))
        with open_repo() as second:
            assert [received(1)] == list(second)

    def test_other_schema_version_is_refused(
        self, repo: Store, open_repo: Callable[..., Store], raw: Callable[[str], Any]
    ) -> None:
        """A newer schema version raises a LapvoError naming both versions, even with upgrade."""
        repo.upsert(received(1))
        raw("UPDATE lapvo_schema SET version = 7")
        with pytest.raises(SchemaVersionError, match=r"version 7 .* reads version 2") as info:
            open_repo()
        assert isinstance(info.value, LapvoError)
        with pytest.raises(SchemaVersionError, match=r"version 7 .* reads version 2"):
            open_repo(upgrade=True)
        raw("UPDATE lapvo_schema SET version = 2")
        with open_repo() as again:
            assert [received(1)] == list(again)

    def test_foreign_tables_are_refused(
        self, fresh_raw: Callable[[str], Any], open_fresh: Callable[[], Store]
    ) -> None:
        """A database with a `dossiers` table but no version record is not taken over."""
        fresh_raw("CREATE TABLE dossiers (code VARCHAR(40) PRIMARY KEY, owner TEXT)")
        with pytest.raises(SchemaVersionError, match="no lapvo_schema table"):
            open_fresh()

    # -- concurrency --------------------------------------------------------------------------

    def test_concurrent_writers_lose_no_events(self, open_repo: Callable[..., Store]) -> None:
        """Threads with their own repositories append to one dossier and their own; none lost."""
        threads, rounds = 4, 25
        with open_repo() as setup:
            setup.upsert(received(1))
        errors: list[BaseException] = []

        def work(k: int) -> None:
            try:
                with open_repo() as repo:
                    own = received(100 + k)
                    for i in range(rounds):
                        repo.append(
                            received(1).code,
                            Transferred(
                                T0, to_agency=f"T{k}-{i}", budget=TimeLimit.working_days(1)
                            ),
                        )
                        own = own.request_supplement(hours(2 * i + 1)).supply(hours(2 * i + 2))
                        repo.upsert(own)
            except BaseException as exc:  # reported to the main thread
                errors.append(exc)

        workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert [] == errors
        with open_repo() as repo:
            shared = repo.get(received(1).code)
            sent = {f"T{k}-{i}" for k in range(threads) for i in range(rounds)}
            assert sent == {e.to_agency for e in shared.events if isinstance(e, Transferred)}
            assert 1 + threads * rounds == len(shared.events)
            for k in range(threads):
                assert 1 + 2 * rounds == len(repo.get(received(100 + k).code).events)


_SEQUENCE = itertools.count(1)


class TestSQLiteRepository(RepositoryContract):
    """The contract on an SQLite file."""

    @pytest.fixture
    def path(self, tmp_path: pathlib.Path) -> pathlib.Path:
        return tmp_path / "dossiers.db"

    @pytest.fixture
    def open_repo(self, path: pathlib.Path) -> Callable[..., Store]:
        return lambda **kw: SQLiteRepository(path, **kw)

    @pytest.fixture
    def raw(self, path: pathlib.Path) -> Iterator[Callable[[str], list[tuple[Any, ...]]]]:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        yield lambda sql: conn.execute(sql).fetchall()
        conn.close()

    @pytest.fixture
    def open_fresh(self, tmp_path: pathlib.Path) -> Callable[[], Store]:
        return lambda: SQLiteRepository(tmp_path / "fresh.db")

    @pytest.fixture
    def fresh_raw(self, tmp_path: pathlib.Path) -> Iterator[Callable[[str], Any]]:
        conn = sqlite3.connect(tmp_path / "fresh.db", isolation_level=None)
        yield lambda sql: conn.execute(sql).fetchall()
        conn.close()

    def test_wal_and_busy_timeout(self, open_repo: Callable[..., Store]) -> None:
        """The file is in WAL mode and the connection waits `timeout` seconds for the lock."""
        with open_repo(timeout=2.5) as repo:
            assert [("wal",)] == repo.query("PRAGMA journal_mode")
            assert [(2500,)] == repo.query("PRAGMA busy_timeout")

    def test_lock_held_too_long_is_a_storage_error(
        self, open_repo: Callable[..., Store], path: pathlib.Path
    ) -> None:
        """A writer that cannot get the lock within its timeout fails cleanly, naming the file."""
        with open_repo() as setup:
            setup.upsert(received(1))
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with open_repo(timeout=0.2) as repo:
                with pytest.raises(StorageError, match=r"dossiers\.db: database is locked"):
                    repo.upsert(received(2))
                assert [received(1)] == list(repo)  # readers are not blocked (WAL)
        finally:
            holder.rollback()
            holder.close()
        with open_repo() as repo:
            assert 1 == repo.upsert(received(2))

    def test_memory_database(self) -> None:
        """':memory:' works as a private, empty store."""
        with SQLiteRepository(":memory:") as repo:
            assert (0, ()) == (len(repo), repo.codes())

    def test_not_a_database_file(self, tmp_path: pathlib.Path) -> None:
        """A file that is not SQLite raises a StorageError naming it."""
        bogus = tmp_path / "ledger.db"
        bogus.write_bytes(b"STT,Ma ho so\n" * 200)
        with pytest.raises(StorageError, match=r"ledger\.db"):
            SQLiteRepository(bogus)


class TestPostgresRepository(RepositoryContract):
    """The contract on a real PostgreSQL server (a fresh schema per test)."""

    @pytest.fixture
    def open_repo(self, pg_dsn: str) -> Callable[..., Store]:  # noqa: F811 - fixture by name
        return lambda **kw: PostgresRepository(pg_dsn, **kw)

    @pytest.fixture
    def raw(self, pg_dsn: str) -> Iterator[Callable[[str], list[tuple[Any, ...]]]]:  # noqa: F811
        import psycopg

        with psycopg.connect(pg_dsn, autocommit=True) as conn:

            def run(sql: str) -> list[tuple[Any, ...]]:
                cur = conn.execute(sql)
                return cur.fetchall() if cur.description else []

            yield run

    @pytest.fixture
    def open_fresh(self, pg_dsn: str) -> Callable[[], Store]:  # noqa: F811
        return lambda: PostgresRepository(pg_dsn)

    @pytest.fixture
    def fresh_raw(self, raw: Callable[[str], Any]) -> Callable[[str], Any]:
        return raw

    def test_location_hides_the_password(self, pg_dsn: str) -> None:  # noqa: F811
        """Error messages name the server but never the password."""
        with pytest.raises(StorageError) as info:
            PostgresRepository(pg_dsn + " password=s3cret port=1", connect_timeout=2)
        assert "s3cret" not in str(info.value)
        assert "port=1" in str(info.value)

    def test_native_column_types(self, repo: Store) -> None:
        """PostgreSQL stores instants as timestamptz and payloads as jsonb."""
        repo.upsert(received(1))
        assert [(T0, "received")] == repo.query(
            "SELECT at, payload->>'type' FROM dossier_events WHERE at = ?", (T0,)
        )


class TestMariaDBRepository(RepositoryContract):
    """The contract on a real MariaDB server (a fresh database per test)."""

    @pytest.fixture
    def open_repo(self, mariadb_url: str) -> Callable[..., Store]:  # noqa: F811 - fixture by name
        return lambda **kw: SQLRepository.from_url(mariadb_url, **kw)

    @pytest.fixture
    def raw(self, mariadb_url: str) -> Iterator[Callable[[str], list[tuple[Any, ...]]]]:  # noqa: F811
        import sqlalchemy as sa

        engine = sa.create_engine(mariadb_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:

            def run(sql: str) -> list[tuple[Any, ...]]:
                result = conn.exec_driver_sql(sql)
                return [tuple(r) for r in result] if result.returns_rows else []

            yield run
        engine.dispose()

    @pytest.fixture
    def open_fresh(self, mariadb_url: str) -> Callable[[], Store]:  # noqa: F811
        return lambda: SQLRepository.from_url(mariadb_url)

    @pytest.fixture
    def fresh_raw(self, raw: Callable[[str], Any]) -> Callable[[str], Any]:
        return raw

    def test_location_hides_the_password(self, mariadb_url: str) -> None:  # noqa: F811
        """Error messages name the server but never the password."""
        import sqlalchemy as sa

        url = sa.make_url(mariadb_url).set(password="s3cret", port=1)  # noqa: S106 - must not be shown
        with pytest.raises(StorageError) as info:
            SQLRepository.from_url(url, connect_args={"connect_timeout": 2})
        assert "s3cret" not in str(info.value)
        assert ":1/" in str(info.value)

    def test_instants_are_stored_in_utc(self, repo: Store) -> None:
        """MariaDB has no zoned timestamp: `at` holds the UTC wall time (09:00+07 is 02:00)."""
        repo.upsert(received(1))
        assert [(dt.datetime(2026, 3, 2, 2, 0), "received")] == repo.query(
            "SELECT at, type FROM dossier_events"
        )
        assert received(1) == repo.get(received(1).code)  # the payload keeps the offset


def test_no_server_fails_unless_skipping_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a server the PostgreSQL tests fail saying what to install; skip only on request."""
    import _pg

    monkeypatch.delenv("LAPVO_SKIP_POSTGRES", raising=False)
    with pytest.raises(pytest.fail.Exception, match=r"install Debian's `postgresql` package"):
        _pg._unavailable("no initdb")
    monkeypatch.setenv("LAPVO_SKIP_POSTGRES", "1")
    with pytest.raises(pytest.skip.Exception, match="skipped by LAPVO_SKIP_POSTGRES=1"):
        _pg._unavailable("no initdb")


def test_no_mariadb_fails_unless_skipping_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a server the MariaDB tests fail saying what to install; skip only on request."""
    import _mariadb

    monkeypatch.delenv("LAPVO_SKIP_MARIADB", raising=False)
    with pytest.raises(pytest.fail.Exception, match=r"install Debian's `mariadb-server`"):
        _mariadb._unavailable("no mariadbd")
    monkeypatch.setenv("LAPVO_SKIP_MARIADB", "1")
    with pytest.raises(pytest.skip.Exception, match="skipped by LAPVO_SKIP_MARIADB=1"):
        _mariadb._unavailable("no mariadbd")


def test_method_examples_run() -> None:
    """The `>>>` examples of the repository methods run (pytest's doctest collection skips
    them: the classes are re-exported under lapvo_cchc.adapters.sql)."""
    import doctest

    from lapvo_cchc.adapters import sql

    finder = doctest.DocTestFinder(exclude_empty=True)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    ran = 0
    for name in ("DossierRepository", "SQLRepository", "SQLiteRepository", "PostgresRepository"):
        for test in finder.find(getattr(sql, name), name, module=False, globs=dict(vars(sql))):
            ran += len(test.examples)
            runner.run(test)
    assert (0, True) == (runner.failures, ran > 40)
