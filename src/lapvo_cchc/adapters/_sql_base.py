"""The dialect-independent dossier store (private module of adapters.sql).

A backend supplies transactions (:class:`Tx`): ``write()`` is exclusive for
the dossiers it touches (SQLite ``BEGIN IMMEDIATE``, PostgreSQL row locks
taken with ``FOR UPDATE``), ``read()`` a consistent statement. SQL text here
uses ``?`` placeholders; the PostgreSQL backend rewrites them to ``%s``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final, Self

import attrs

from lapvo_cchc.adapters import _sql_schema as schema
from lapvo_cchc.adapters.exports.dimension import (
    COLUMNS,
    DEFAULT_TABLE,
    Dialect,
    DimensionRow,
    check_table_name,
    create_table_sql,
)
from lapvo_cchc.adapters.json import make_converter
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Channel, Dossier, Event
from lapvo_cchc.errors import DecodeError, InvalidTypeError, LapvoError
from lapvo_cchc.procedures import DossierCode

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator, Sequence
    from contextlib import AbstractContextManager

    import cattrs

__all__ = [
    "BatchResult",
    "DossierNotFoundError",
    "DossierRepository",
    "HistoryConflictError",
    "SchemaVersionError",
    "StorageError",
    "Tx",
]


class StorageError(LapvoError, RuntimeError):
    """The database refused an operation (locked too long, connection lost, constraint).

    The message names the database (a path or a DSN without its password).

    Example:
        >>> from lapvo_cchc.adapters.sql import StorageError
        >>> issubclass(StorageError, RuntimeError)
        True
    """


class SchemaVersionError(StorageError):
    """The database holds another schema version than this library's, or a foreign schema.

    Example:
        >>> from lapvo_cchc.adapters.sql import SchemaVersionError, StorageError
        >>> issubclass(SchemaVersionError, StorageError)
        True
    """


class HistoryConflictError(LapvoError, ValueError):
    """A dossier's stored events are not a prefix of the history being written.

    Events are append-only: a stored event is never changed or removed, so a
    dossier whose history diverges from the stored one is refused.

    Example:
        >>> from lapvo_cchc.adapters.sql import HistoryConflictError
        >>> issubclass(HistoryConflictError, ValueError)
        True
    """


class DossierNotFoundError(LapvoError, LookupError):
    """No dossier with the given code is stored.

    Example:
        >>> from lapvo_cchc.adapters.sql import DossierNotFoundError
        >>> issubclass(DossierNotFoundError, LookupError)
        True
    """


@attrs.frozen
class BatchResult:
    """What a batch import did: dossiers written and events appended.

    Example:
        >>> from lapvo_cchc.adapters.sql import BatchResult
        >>> BatchResult(dossiers=2, new_events=5)
        BatchResult(dossiers=2, new_events=5)
    """

    dossiers: int = attrs.field(kw_only=True)
    new_events: int = attrs.field(kw_only=True)


class Tx:
    """One open transaction of a backend: run statements, get rows."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Execute *sql* and return its rows (empty for a statement without rows)."""
        raise NotImplementedError

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Execute *sql* once per parameter row."""
        raise NotImplementedError


_INSERT_HEADER: Final = (
    "INSERT INTO dossiers (code, procedure_code, agency, channel, assisted, time_limit) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING"
)
_LOAD_ONE: Final = (
    "SELECT d.code, d.procedure_code, d.agency, d.channel, d.assisted, d.time_limit, "
    "e.seq, e.payload FROM dossiers d JOIN dossier_events e ON e.dossier_code = d.code "
    "WHERE d.code = ? ORDER BY e.seq"
)
_LOAD_ALL: Final = (
    "SELECT d.code, d.procedure_code, d.agency, d.channel, d.assisted, d.time_limit, "
    "e.seq, e.payload FROM dossiers d JOIN dossier_events e ON e.dossier_code = d.code "
    "ORDER BY d.code, e.seq"
)
_INSERT_EVENT: Final = (
    "INSERT INTO dossier_events (dossier_code, seq, type, at, payload) VALUES (?, ?, ?, ?, ?)"
)


class DossierRepository:
    """A dossier repository (the port): the behaviour both SQL backends share.

    Use :class:`~lapvo_cchc.adapters.sql.SQLiteRepository` or
    :class:`~lapvo_cchc.adapters.sql.PostgresRepository`; annotate with this
    class to accept either.

    Example:
        >>> from lapvo_cchc.adapters.sql import DossierRepository, SQLiteRepository
        >>> with SQLiteRepository(":memory:") as repo:
        ...     isinstance(repo, DossierRepository), repo.dialect
        (True, 'sqlite')
    """

    dialect: Dialect = "sqlite"
    location: str = ""
    _lock_sql: str = "SELECT code FROM dossiers WHERE code = ?"

    def __init__(self, converter: cattrs.Converter | None) -> None:
        self._converter = make_converter() if converter is None else converter

    def close(self) -> None:
        """Close the connection (also done on leaving a ``with`` block).

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> SQLiteRepository(":memory:").close()
        """
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    # -- backend hooks -------------------------------------------------------------------

    def _write(self) -> AbstractContextManager[Tx]:
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Tx]:
        raise NotImplementedError

    def _table_exists(self, tx: Tx, name: str) -> bool:
        raise NotImplementedError

    def _json_param(self, value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def _instant_param(self, value: dt.datetime) -> Any:
        return value.isoformat()

    def _date_param(self, value: dt.date) -> Any:
        return value.isoformat()

    def _lock_schema(self, tx: Tx) -> None:
        """Serialise schema creation between concurrent openers (PostgreSQL)."""

    # -- schema --------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        # Check under a read transaction first, so opening an existing store never waits for
        # a writer's lock; create the tables under the write lock only when they are missing.
        with self._read() as tx:
            if self._check_schema(tx):
                return
        with self._write() as tx:
            self._lock_schema(tx)
            if self._check_schema(tx):
                return  # another opener created it meanwhile
            for statement in schema.ddl(self.dialect):
                tx.run(statement)
            tx.run(
                "INSERT INTO lapvo_schema (component, version) VALUES (?, ?)",
                (schema.COMPONENT, schema.SCHEMA_VERSION),
            )

    def _check_schema(self, tx: Tx) -> bool:
        """True if the store has this library's schema, False if it has none; else raise."""
        if self._table_exists(tx, schema.META_TABLE):
            rows = tx.run(
                "SELECT version FROM lapvo_schema WHERE component = ?", (schema.COMPONENT,)
            )
            found = rows[0][0] if rows else None
            if found != schema.SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"{self.location}: dossier schema version {found!r} found in table "
                    f"lapvo_schema, this lapvo_cchc reads version {schema.SCHEMA_VERSION}; "
                    "migrate the database or use the matching lapvo_cchc release"
                )
            return True
        foreign = [t for t in (schema.DOSSIERS, schema.EVENTS) if self._table_exists(tx, t)]
        if foreign:
            raise SchemaVersionError(
                f"{self.location}: table(s) {', '.join(foreign)} exist but no lapvo_schema "
                "table records their version; not a lapvo_cchc dossier store "
                "(use another database or schema)"
            )
        return False

    @property
    def schema_version(self) -> int:
        """The dossier schema version recorded in the database.

        Example:
            >>> from lapvo_cchc.adapters.sql import SCHEMA_VERSION, SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.schema_version == SCHEMA_VERSION
            True
        """
        with self._read() as tx:
            rows = tx.run(
                "SELECT version FROM lapvo_schema WHERE component = ?", (schema.COMPONENT,)
            )
        return int(rows[0][0])

    # -- decoding ------------------------------------------------------------------------

    def _decode(self, rows: Sequence[tuple[Any, ...]]) -> Dossier:
        code, procedure_code, agency, channel, assisted, limit, _, _ = rows[0]
        where = f"{self.location}: dossier {code}"
        try:
            time_limit = self._converter.structure(_json(limit), TimeLimit)
        except Exception as exc:
            raise DecodeError(
                f"{where}: stored time_limit {limit!r} does not decode: {exc}"
            ) from exc
        events: list[Event] = []
        for row in rows:
            seq, payload = row[6], row[7]
            if seq != len(events):
                raise DecodeError(f"{where}: event seq {seq} stored where {len(events)} was due")
            try:
                events.append(self._converter.structure(_json(payload), Event))
            except Exception as exc:
                raise DecodeError(
                    f"{where}: stored event seq {seq} {payload!r} does not decode: {exc}"
                ) from exc
        return Dossier(
            code=code,
            procedure_code=procedure_code,
            time_limit=time_limit,
            agency=agency,
            channel=Channel(channel),
            assisted=bool(assisted),
            events=tuple(events),
        )

    def _load(self, tx: Tx, code: str) -> Dossier | None:
        rows = tx.run(_LOAD_ONE, (code,))
        return self._decode(rows) if rows else None

    # -- reading -------------------------------------------------------------------------

    def find(self, code: DossierCode | str) -> Dossier | None:
        """The stored dossier with *code*, or None.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     print(repo.find("000.00.06.H56-260302-0001"))
            None
        """
        with self._read() as tx:
            return self._load(tx, _code(code))

    def get(self, code: DossierCode | str) -> Dossier:
        """The stored dossier with *code*.

        Raises:
            DossierNotFoundError: no dossier has that code.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.get("000.00.06.H56-260302-0001")
            Traceback (most recent call last):
            ...
            lapvo_cchc.adapters.sql.DossierNotFoundError: :memory:: no dossier 000.00...
        """
        found = self.find(code)
        if found is None:
            raise DossierNotFoundError(f"{self.location}: no dossier {_code(code)} is stored")
        return found

    def codes(self) -> tuple[DossierCode, ...]:
        """The codes of every stored dossier, sorted.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.codes()
            ()
        """
        with self._read() as tx:
            rows = tx.run("SELECT code FROM dossiers ORDER BY code")
        return tuple(DossierCode(row[0]) for row in rows)

    def __len__(self) -> int:
        with self._read() as tx:
            return int(tx.run("SELECT COUNT(*) FROM dossiers")[0][0])

    def __iter__(self) -> Iterator[Dossier]:
        with self._read() as tx:
            rows = tx.run(_LOAD_ALL)
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][0] != rows[start][0]:
                yield self._decode(rows[start:i])
                start = i

    # -- writing -------------------------------------------------------------------------

    def _upsert(self, tx: Tx, dossier: Dossier) -> int:
        if not isinstance(dossier, Dossier):
            raise InvalidTypeError(
                f"{self.location}: expected a Dossier, got {type(dossier).__name__} {dossier!r}"
            )
        code = str(dossier.code)
        header = (
            str(dossier.procedure_code),
            str(dossier.agency),
            dossier.channel.value,
            int(dossier.assisted),
            self._json_param(self._converter.unstructure(dossier.time_limit, TimeLimit)),
        )
        tx.run(
            _INSERT_HEADER,
            (code, *header),
        )
        tx.run(self._lock_sql, (code,))
        stored = self._load(tx, code)
        old: tuple[Event, ...] = () if stored is None else stored.events
        new = dossier.events
        common = min(len(old), len(new))
        for seq in range(common):
            if old[seq] != new[seq]:
                raise HistoryConflictError(
                    f"{self.location}: dossier {code}: event seq {seq} is stored as "
                    f"{old[seq]!r}, the dossier written has {new[seq]!r}; stored events "
                    "are never changed (append-only)"
                )
        if len(new) <= len(old):
            return 0  # the same or an older copy of the stored history: nothing to write
        if stored is not None and _header(stored) != _header(dossier):
            tx.run(
                "UPDATE dossiers SET procedure_code = ?, agency = ?, channel = ?, "
                "assisted = ?, time_limit = ? WHERE code = ?",
                (*header, code),
            )
        self._insert_events(tx, code, len(old), new[len(old) :])
        return len(new) - len(old)

    def _insert_events(self, tx: Tx, code: str, first: int, events: Sequence[Event]) -> None:
        rows = []
        for seq, event in enumerate(events, start=first):
            payload = self._converter.unstructure(event, Event)
            rows.append(
                (
                    code,
                    seq,
                    payload["type"],
                    self._instant_param(event.at),
                    self._json_param(payload),
                )
            )
        tx.run_many(_INSERT_EVENT, rows)

    def upsert(self, dossier: Dossier) -> int:
        """Store *dossier* by its code: insert it, or append its new events.

        Idempotent: writing the same dossier again changes nothing. The stored
        events must be a prefix of the dossier's (events are append-only); a
        dossier with a longer history appends the difference and updates the
        header; an older copy (a prefix of the stored history) changes nothing.

        Returns:
            The number of events appended.

        Raises:
            HistoryConflictError: the stored history is not a prefix of the dossier's.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> from lapvo_cchc.deadlines import TimeLimit
            >>> from lapvo_cchc.dossiers import Dossier
            >>> ict = dt.timezone(dt.timedelta(hours=7))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel="trực tiếp", at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=ict))
            >>> with SQLiteRepository(":memory:") as repo:
            ...     first, again = repo.upsert(d), repo.upsert(d)
            ...     later = repo.upsert(d.resolve(dt.datetime(2026, 3, 4, 9, 0, tzinfo=ict)))
            ...     stored = repo.get(d.code)
            >>> first, again, later, stored.state.name
            (1, 0, 1, 'RESOLVED')
        """
        with self._write() as tx:
            return self._upsert(tx, dossier)

    def import_dossiers(self, dossiers: Iterable[Dossier]) -> BatchResult:
        """Upsert every dossier of *dossiers* in one transaction: all or nothing.

        If any dossier is refused (or the iterable itself raises), the
        transaction is rolled back and the store is left as it was.

        Raises:
            HistoryConflictError: a dossier conflicts with its stored history.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> from lapvo_cchc.deadlines import TimeLimit
            >>> from lapvo_cchc.dossiers import Dossier
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> batch = [Dossier.received(f"000.00.06.H56-260302-000{i}", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel="trực tiếp", at=t) for i in range(1, 4)]
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.import_dossiers(batch), len(repo)
            (BatchResult(dossiers=3, new_events=3), 3)
        """
        count = events = 0
        with self._write() as tx:
            for dossier in dossiers:
                events += self._upsert(tx, dossier)
                count += 1
        return BatchResult(dossiers=count, new_events=events)

    def append(self, code: DossierCode | str, *events: Event) -> Dossier:
        """Append *events* to the stored dossier *code*, checked by its state machine.

        The dossier is locked for the whole read-check-append, so concurrent
        writers each append on top of the others' events; none is lost.

        Returns:
            The dossier as stored afterwards.

        Raises:
            DossierNotFoundError: no dossier has that code.
            InvalidTransitionError: an event is illegal after the stored history.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> from lapvo_cchc.deadlines import TimeLimit
            >>> from lapvo_cchc.dossiers import Dossier, SupplementRequested
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel="trực tiếp", at=t)
            >>> with SQLiteRepository(":memory:") as repo:
            ...     _ = repo.upsert(d)
            ...     repo.append(d.code, SupplementRequested(t, reason="bản sao")).state.name
            'AWAITING_SUPPLEMENT'
        """
        key = _code(code)
        with self._write() as tx:
            tx.run(self._lock_sql, (key,))
            stored = self._load(tx, key)
            if stored is None:
                raise DossierNotFoundError(f"{self.location}: no dossier {key} is stored")
            updated = stored
            for event in events:
                updated = updated.record(event)
            self._insert_events(tx, key, len(stored.events), events)
        return updated

    # -- calendar dimension --------------------------------------------------------------

    def write_calendar_dimension(
        self, rows: Iterable[DimensionRow], *, table: str = DEFAULT_TABLE
    ) -> int:
        """(Re)create *table* holding the calendar dimension *rows*, in one transaction.

        See :mod:`lapvo_cchc.adapters.exports.dimension` for the columns.

        Returns:
            The number of rows written.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.adapters.exports.dimension import calendar_dimension
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> from lapvo_cchc.calendars import vietnam
            >>> rows = calendar_dimension(vietnam(), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.write_calendar_dimension(rows)
            ...     repo.query("SELECT COUNT(*) FROM calendar_dimension "
            ...                "WHERE is_working_day = 1 AND date > ? AND date <= ?",
            ...                ("2026-02-13", "2026-02-23"))
            365
            [(1,)]
        """
        table = check_table_name(table)
        values = [(self._date_param(r.date), *r.values()[1:]) for r in rows]
        with self._write() as tx:
            tx.run(f"DROP TABLE IF EXISTS {table}")
            tx.run(create_table_sql(table, dialect=self.dialect))
            placeholders = ", ".join("?" for _ in COLUMNS)
            tx.run_many(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})",  # noqa: S608 - the table name is checked as an identifier
                values,
            )
        return len(values)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query in a read-only transaction and return its rows.

        ``?`` is the placeholder in both dialects. A statement that writes is
        refused (:class:`StorageError`): the repository writes only through
        its own methods.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.query("SELECT COUNT(*) FROM dossier_events")
            ...     repo.query("DELETE FROM dossiers")
            [(0,)]
            Traceback (most recent call last):
            ...
            lapvo_cchc.adapters.sql.StorageError: :memory:: attempt to write a readonly database
        """
        with self._read() as tx:
            return tx.run(sql, params)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _code(code: DossierCode | str) -> str:
    return str(code if isinstance(code, DossierCode) else DossierCode.parse(code))


def _header(d: Dossier) -> tuple[Any, ...]:
    return (d.procedure_code, d.agency, d.channel, d.assisted, d.time_limit)
