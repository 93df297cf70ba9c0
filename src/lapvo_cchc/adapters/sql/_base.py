"""The dialect-independent dossier store on SQLAlchemy Core (private module of adapters.sql).

Statements are built with SQLAlchemy Core against the tables of
:mod:`._schema`; transactions, locks and retries come from :mod:`._tx`; the
schema is created and migrated by :mod:`._migrate`.
"""

from __future__ import annotations

import collections
import threading
from typing import TYPE_CHECKING, Any, Final, Self

import attrs
import sqlalchemy as sa

from lapvo_cchc.adapters.json import make_converter
from lapvo_cchc.adapters.sql import _calendar, _fold, _migrate, _readonly, _tx
from lapvo_cchc.adapters.sql import _schema as schema
from lapvo_cchc.adapters.sql._errors import (
    DossierNotFoundError,
    HistoryConflictError,
)
from lapvo_cchc.deadlines import TimeLimit
from lapvo_cchc.dossiers import Channel, Dossier, Event, State
from lapvo_cchc.errors import DecodeError, InvalidTypeError
from lapvo_cchc.procedures import DossierCode

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    import cattrs

    from lapvo_cchc.adapters.sql._calendar import DimensionRow

__all__ = ["BatchResult", "DossierRepository"]

T = Any

_CACHED: Final = 256  # dossiers whose decoded history append() keeps, least recently used out
_D = schema.dossiers
_E = schema.dossier_events
_HEADER = (
    _D.c.code,
    _D.c.procedure_code,
    _D.c.agency,
    _D.c.channel,
    _D.c.assisted,
    _D.c.time_limit,
)


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


class DossierRepository(_readonly.QueryMixin):
    """A dossier repository (the port): the behaviour every SQL backend shares.

    Use :class:`~lapvo_cchc.adapters.sql.SQLRepository` (any SQLAlchemy URL or
    engine), :class:`~lapvo_cchc.adapters.sql.SQLiteRepository` or
    :class:`~lapvo_cchc.adapters.sql.PostgresRepository`; annotate with this
    class to accept any of them. A repository is safe to share between
    threads: every operation checks a connection out of the engine's pool.

    Example:
        >>> from lapvo_cchc.adapters.sql import DossierRepository, SQLiteRepository
        >>> with SQLiteRepository(":memory:") as repo:
        ...     isinstance(repo, DossierRepository), repo.dialect
        (True, 'sqlite')
    """

    location: str = ""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        location: str,
        timeout: float,
        converter: cattrs.Converter | None,
        upgrade: bool,
        owns_engine: bool,
    ) -> None:
        self._engine = _tx.prepare(engine, timeout=timeout)
        self.location = location
        self._timeout = timeout
        self._owns_engine = owns_engine
        self._converter = make_converter() if converter is None else converter
        # Stored events never change, so append() reads back only the events it has not seen.
        self._seen: collections.OrderedDict[str, tuple[Event, ...]] = collections.OrderedDict()
        self._seen_lock = threading.Lock()
        try:
            if not self._run(lambda c: _migrate.is_current(c, location), write=False):
                self._run(lambda c: _migrate.migrate(c, location, upgrade=upgrade), write=True)
        except BaseException:
            self.close()
            raise

    @property
    def dialect(self) -> str:
        """SQLAlchemy's name of the database's dialect: ``sqlite``, ``postgresql``, ``mysql``...

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> SQLiteRepository(":memory:").dialect
            'sqlite'
        """
        name = self._engine.dialect.name
        return "mariadb" if name == "mysql" else name

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine the repository runs on.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> SQLiteRepository(":memory:").engine.dialect.name
            'sqlite'
        """
        return self._engine

    def close(self) -> None:
        """Release the connections (also done on leaving a ``with`` block).

        An engine passed in by the caller is left open for the caller to dispose of.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> SQLiteRepository(":memory:").close()
        """
        if self._owns_engine:
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    def _run(self, work: Callable[[sa.Connection], T], *, write: bool, query: bool = False) -> T:
        return _tx.run(
            self._engine,
            work,
            write=write,
            location=self.location,
            timeout=self._timeout,
            read_only_query=query,
        )

    @property
    def schema_version(self) -> int:
        """The dossier schema version recorded in the database.

        Example:
            >>> from lapvo_cchc.adapters.sql import SCHEMA_VERSION, SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     repo.schema_version == SCHEMA_VERSION
            True
        """
        t = schema.lapvo_schema
        return int(
            self._run(
                lambda c: c.execute(
                    sa.select(t.c.version).where(t.c.component == schema.COMPONENT)
                ).scalar_one(),
                write=False,
            )
        )

    # -- decoding ------------------------------------------------------------------------

    def _event(self, where: str, seq: int, payload: Any) -> Event:
        try:
            return self._converter.structure(payload, Event)
        except Exception as exc:
            raise DecodeError(
                f"{where}: stored event seq {seq} {payload!r} does not decode: {exc}"
            ) from exc

    def _decode(
        self,
        header: Sequence[Any],
        rows: Iterable[Sequence[Any]],
        prefix: tuple[Event, ...] = (),
    ) -> Dossier:
        code, procedure_code, agency, channel, assisted, limit = header[:6]
        where = f"{self.location}: dossier {code}"
        try:
            time_limit = self._converter.structure(limit, TimeLimit)
        except Exception as exc:
            raise DecodeError(
                f"{where}: stored time_limit {limit!r} does not decode: {exc}"
            ) from exc
        events: list[Event] = list(prefix)
        for seq, payload in rows:
            if seq != len(events):
                raise DecodeError(f"{where}: event seq {seq} stored where {len(events)} was due")
            events.append(self._event(where, seq, payload))
        return Dossier(
            code=code,
            procedure_code=procedure_code,
            time_limit=time_limit,
            agency=agency,
            channel=Channel(channel),
            assisted=bool(assisted),
            events=tuple(events),
        )

    def _load(self, conn: sa.Connection, code: str) -> Dossier | None:
        header = conn.execute(sa.select(*_HEADER).where(_D.c.code == code)).first()
        if header is None:
            return None
        query = sa.select(_E.c.seq, _E.c.payload).where(_E.c.dossier_code == code)
        return self._decode(header, conn.execute(query.order_by(_E.c.seq)).all())

    def _seen_events(self, code: str) -> tuple[Event, ...]:
        with self._seen_lock:
            return self._seen.get(code, ())

    def _remember(self, dossier: Dossier) -> Dossier:
        with self._seen_lock:
            self._seen[str(dossier.code)] = dossier.events
            self._seen.move_to_end(str(dossier.code))
            while len(self._seen) > _CACHED:
                self._seen.popitem(last=False)
        return dossier

    # -- reading -------------------------------------------------------------------------

    def find(self, code: DossierCode | str) -> Dossier | None:
        """The stored dossier with *code*, or None.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> with SQLiteRepository(":memory:") as repo:
            ...     print(repo.find("000.00.06.H56-260302-0001"))
            None
        """
        key = _code(code)
        return self._run(lambda c: self._load(c, key), write=False)  # type: ignore[no-any-return]

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
        rows = self._run(
            lambda c: c.execute(sa.select(_D.c.code).order_by(_D.c.code)).all(), write=False
        )
        return tuple(DossierCode(row[0]) for row in rows)

    def __len__(self) -> int:
        return int(
            self._run(
                lambda c: c.execute(sa.select(sa.func.count()).select_from(_D)).scalar_one(),
                write=False,
            )
        )

    def __iter__(self) -> Iterator[Dossier]:
        def load(conn: sa.Connection) -> list[Any]:
            return list(
                conn.execute(
                    sa.select(*_HEADER, _E.c.seq, _E.c.payload)
                    .join(_E, _E.c.dossier_code == _D.c.code)
                    .order_by(_D.c.code, _E.c.seq)
                ).all()
            )

        rows = self._run(load, write=False)
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][0] != rows[start][0]:
                yield self._decode(rows[start], ((r[6], r[7]) for r in rows[start:i]))
                start = i

    # -- writing -------------------------------------------------------------------------

    def _header(self, dossier: Dossier) -> dict[str, Any]:
        return {
            "procedure_code": str(dossier.procedure_code),
            "agency": str(dossier.agency),
            "channel": dossier.channel.value,
            "assisted": int(dossier.assisted),
            "time_limit": self._converter.unstructure(dossier.time_limit, TimeLimit),
        }

    def _lock(self, conn: sa.Connection, code: str) -> Any:
        return conn.execute(
            sa.select(_D.c.event_count, _D.c.state).where(_D.c.code == code).with_for_update()
        ).first()

    def _insert_events(
        self, conn: sa.Connection, code: str, first: int, events: Sequence[Event], state: State
    ) -> None:
        rows = []
        for seq, event in enumerate(events, start=first):
            payload = self._converter.unstructure(event, Event)
            rows.append(
                {
                    "dossier_code": code,
                    "seq": seq,
                    "type": payload["type"],
                    "at": event.at,
                    "payload": payload,
                }
            )
        if rows:
            conn.execute(_E.insert(), rows)
        conn.execute(
            _D.update()
            .where(_D.c.code == code)
            .values(event_count=first + len(events), state=state.name)
        )

    def _upsert(self, conn: sa.Connection, dossier: Dossier) -> int:
        if not isinstance(dossier, Dossier):
            raise InvalidTypeError(
                f"{self.location}: expected a Dossier, got {type(dossier).__name__} {dossier!r}"
            )
        code = str(dossier.code)
        header = self._header(dossier)
        schema.insert_missing(conn, {"code": code, **header, "event_count": 0, "state": None})
        count = int(self._lock(conn, code).event_count)
        new = dossier.events
        common = min(count, len(new))
        stored = conn.execute(
            sa.select(_E.c.seq, _E.c.payload)
            .where(_E.c.dossier_code == code, _E.c.seq < common)
            .order_by(_E.c.seq)
        ).all()
        for seq, payload in stored:
            # Equal events have equal encodings: compare payloads, decode only to report.
            if payload != self._converter.unstructure(new[seq], Event):
                old = self._event(f"{self.location}: dossier {code}", seq, payload)
                raise HistoryConflictError(
                    f"{self.location}: dossier {code}: event seq {seq} is stored as "
                    f"{old!r}, the dossier written has {new[seq]!r}; stored events "
                    "are never changed (append-only)"
                )
        if len(new) <= count:
            return 0  # the same or an older copy of the stored history: nothing to write
        current = conn.execute(sa.select(*_HEADER[1:]).where(_D.c.code == code)).one()
        if tuple(current) != tuple(header.values()):
            conn.execute(_D.update().where(_D.c.code == code).values(header))
        self._insert_events(conn, code, count, new[count:], dossier.state)
        return len(new) - count

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
        return int(self._run(lambda c: self._upsert(c, dossier), write=True))

    def import_dossiers(self, dossiers: Iterable[Dossier]) -> BatchResult:
        """Upsert every dossier of *dossiers* in one transaction: all or nothing.

        The input is read in full first; if it raises, or any dossier is
        refused, nothing is written and the store is left as it was.

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
        batch = tuple(dossiers)  # a retried transaction reads the batch again

        def work(conn: sa.Connection) -> BatchResult:
            events = sum(self._upsert(conn, dossier) for dossier in batch)
            return BatchResult(dossiers=len(batch), new_events=events)

        return self._run(work, write=True)  # type: ignore[no-any-return]

    def _record(
        self, conn: sa.Connection, key: str, events: tuple[Event, ...], known: int | None = None
    ) -> tuple[State, Any, list[Any]]:  # (state, header row, [(seq, payload)] from known)
        """Lock, check and append; return the new state, the header and the unseen rows.

        A locking read gets the header and the folded state, a keyed read the
        last event; with *known* (events already decoded by this repository) the events
        stored since are read too, so append() need not read the history back.
        """
        # Lock the dossier row alone: a locking join would be re-checked by PostgreSQL
        # against the updated row and drop it when another writer got there first.
        row = conn.execute(
            sa.select(*_HEADER, _D.c.event_count).where(_D.c.code == key).with_for_update()
        ).first()
        if row is None:
            raise DossierNotFoundError(f"{self.location}: no dossier {key} is stored")
        count = int(row.event_count)
        payload = conn.execute(
            sa.select(_E.c.payload).where(_E.c.dossier_code == key, _E.c.seq == count - 1)
        ).scalar()
        last = self._event(f"{self.location}: dossier {key}", count - 1, payload)
        state = _fold.check_appended(key, last, events)
        unseen: list[Any] = []
        if known is not None:
            known = known if known <= count else 0  # a cache older than a restored store
            unseen = list(conn.execute(
                sa.select(_E.c.seq, _E.c.payload)
                .where(_E.c.dossier_code == key, _E.c.seq >= known, _E.c.seq < count)
                .order_by(_E.c.seq)
            ).all())  # fmt: skip
        self._insert_events(conn, key, count, events, state)
        return state, row, unseen

    def record(self, code: DossierCode | str, *events: Event) -> State:
        """Append *events* to the stored dossier *code*, checked against its stored state.

        The dossier row is locked while the transition is checked against the
        state and last event stored with it (never a replay of the whole
        history), so the cost does not grow with the history's length.
        :meth:`append` does the same and reads the dossier back.

        Returns:
            The dossier's state after the events.

        Raises:
            DossierNotFoundError: no dossier has that code.
            InvalidTransitionError: an event is illegal after the stored history.

        Example:
            >>> import datetime as dt
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> from lapvo_cchc.deadlines import TimeLimit
            >>> from lapvo_cchc.dossiers import Dossier, Resolved
            >>> t = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
            >>> d = Dossier.received("000.00.06.H56-260302-0001", procedure_code="1.001193",
            ...     time_limit=TimeLimit.working_days(3), agency="000.00.06.H56",
            ...     channel="trực tiếp", at=t)
            >>> with SQLiteRepository(":memory:") as repo:
            ...     _ = repo.upsert(d)
            ...     repo.record(d.code, Resolved(t)).name
            'RESOLVED'
        """
        key, batch = _code(code), tuple(events)
        state, _, _ = self._run(lambda c: self._record(c, key, batch), write=True)
        return state  # type: ignore[no-any-return]

    def append(self, code: DossierCode | str, *events: Event) -> Dossier:
        """Append *events* to the stored dossier *code*, checked by its state machine.

        The dossier is locked while the events are checked against its stored
        state and appended, so concurrent writers each append on top of the
        others' events; none is lost.

        Returns:
            The dossier as it stood right after these events (read back once
            the lock is released).

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
        key, batch = _code(code), tuple(events)
        seen = self._seen_events(key)
        _, header, unseen = self._run(
            lambda c: self._record(c, key, batch, known=len(seen)), write=True
        )
        prefix = seen if not unseen or unseen[0][0] == len(seen) else ()
        stored = self._decode(header, unseen, prefix=prefix)
        return self._remember(attrs.evolve(stored, events=(*stored.events, *batch)))

    # -- calendar dimension --------------------------------------------------

    def write_calendar_dimension(
        self,
        rows: Iterable[DimensionRow],
        *,
        table: str = _calendar.DEFAULT_TABLE,
        replace: bool = True,
    ) -> int:
        """Create *table* holding the calendar dimension *rows*, in one transaction.

        See :mod:`lapvo_cchc.adapters.exports.dimension` for the columns. A table this
        repository created as a calendar dimension table is replaced (unless
        ``replace=False``); the store's own tables and any other existing table
        are refused, never dropped.

        Returns:
            The number of rows written.

        Raises:
            TableRefusedError: *table* is the store's own, or not its dimension table.

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
        return int(
            self._run(
                lambda c: _calendar.write(
                    c, rows, table=table, replace=replace, location=self.location
                ),
                write=True,
            )
        )


def _code(code: DossierCode | str) -> str:
    return str(code if isinstance(code, DossierCode) else DossierCode.parse(code))
