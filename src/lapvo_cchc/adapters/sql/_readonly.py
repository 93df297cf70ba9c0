"""Read-only ``query()``: the statement text gate and the per-backend guards (private module).

Three layers, each enough on its own for the statements it covers:

1. the text must be exactly one statement (string literals, quoted names and
   comments are skipped when looking for ``;``) starting with a reading
   keyword (``SELECT``, ``WITH``, ``VALUES``, ``EXPLAIN``; ``SHOW`` and
   ``DESCRIBE`` on PostgreSQL/MariaDB; ``PRAGMA`` on SQLite);
2. the server runs it in a read-only transaction (PostgreSQL and MariaDB
   ``SET TRANSACTION READ ONLY``; SQLite ``PRAGMA query_only``), and the
   drivers send one statement per call (SQLite's module, PyMySQL without
   ``CLIENT.MULTI_STATEMENTS``);
3. on SQLite an authorizer callback denies every action but reading.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from typing import TYPE_CHECKING, Any, Final

from lapvo_cchc.adapters.sql._errors import ReadOnlyQueryError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    import sqlalchemy as sa

_READING: Final = frozenset({"SELECT", "WITH", "VALUES", "EXPLAIN"})
_BY_DIALECT: Final = {
    "sqlite": _READING | {"PRAGMA"},
    "postgresql": _READING | {"SHOW", "TABLE"},
    "mysql": _READING | {"SHOW", "DESCRIBE", "DESC"},
    "mariadb": _READING | {"SHOW", "DESCRIBE", "DESC"},
}
# MariaDB's SELECT ... INTO OUTFILE/DUMPFILE writes a file on the server.
_FILE_WRITE: Final = re.compile(r"\bINTO\s+(OUTFILE|DUMPFILE)\b", re.IGNORECASE)
_WORD: Final = re.compile(r"[A-Za-z_]+")
_DOLLAR: Final = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def _scan(sql: str, dialect: str) -> list[tuple[str, str]]:
    """Split *sql* into ``(kind, text)`` pieces: code, string, quoted, comment, ``;``."""
    pieces: list[tuple[str, str]] = []
    i, n, start = 0, len(sql), 0

    def code_until(j: int) -> None:
        if j > start:
            pieces.append(("code", sql[start:j]))

    while i < n:
        c = sql[i]
        two = sql[i : i + 2]
        end: int
        kind: str
        if two == "--" or (c == "#" and dialect in ("mysql", "mariadb")):
            found = sql.find("\n", i)
            end, kind = (n if found < 0 else found + 1), "comment"
        elif two == "/*":
            found = sql.find("*/", i + 2)
            end, kind = (n if found < 0 else found + 2), "comment"
        elif c in "'\"`":
            j = i + 1
            while j < n:
                if sql[j] == "\\" and c != "`" and dialect in ("mysql", "mariadb"):
                    j += 2
                    continue
                if sql[j] == c:
                    if sql[j + 1 : j + 2] == c:  # a doubled quote inside the literal
                        j += 2
                        continue
                    break
                j += 1
            end, kind = min(j + 1, n), ("string" if c == "'" else "quoted")
        elif c == "$" and dialect == "postgresql" and (tag := _DOLLAR.match(sql, i)):
            found = sql.find(tag.group(0), tag.end())
            end, kind = (n if found < 0 else found + len(tag.group(0))), "string"
        elif c == ";":
            end, kind = i + 1, ";"
        else:
            i += 1
            continue
        code_until(i)
        pieces.append((kind, sql[i:end]))
        i = start = end
    code_until(n)
    return pieces


def check_statement(sql: str, dialect: str) -> str | None:
    """Why *sql* is not a single reading statement in *dialect*, or None if it is.

    Example:
        >>> check_statement("SELECT 1 -- a; comment", "sqlite") is None
        True
        >>> check_statement("COMMIT; UPDATE dossiers SET agency = 'x'", "postgresql")
        '2 statements; query() runs exactly one'
        >>> check_statement("DROP TABLE dossiers", "mariadb")
        'a DROP statement; query() runs only ...'
    """
    statements: list[list[tuple[str, str]]] = [[]]
    for kind, text in _scan(sql, dialect):
        if kind == ";":
            statements.append([])
        elif kind != "comment":
            statements[-1].append((kind, text))
    found = [s for s in statements if any(t.strip() for _, t in s)]
    if len(found) != 1:
        return f"{len(found)} statements; query() runs exactly one"
    code = " ".join(t for k, t in found[0] if k == "code")
    first = _WORD.search(code)
    keyword = first.group(0).upper() if first else ""
    allowed = _BY_DIALECT.get(dialect, _READING)
    if keyword not in allowed:
        return (
            f"a {keyword or 'non-SQL'} statement; query() runs only "
            f"{', '.join(sorted(allowed))} statements"
        )
    if _FILE_WRITE.search(code):
        return "SELECT ... INTO OUTFILE/DUMPFILE writes a file on the server"
    return None


def paramstyle(sql: str, dialect: str) -> str:
    """*sql* with ``?`` placeholders in the driver's ``%s`` style (``%`` doubled), if needed.

    Example:
        >>> paramstyle("SELECT '?', x FROM t WHERE y LIKE 'a%' AND z = ?", "postgresql")
        "SELECT '?', x FROM t WHERE y LIKE 'a%%' AND z = %s"
    """
    if dialect == "sqlite":
        return sql
    out = []
    for kind, text in _scan(sql, dialect):
        escaped = text.replace("%", "%%")
        out.append(escaped.replace("?", "%s") if kind == "code" else escaped)
    return "".join(out)


# -- SQLite: an authorizer that allows reading only ---------------------------------------------

_SQLITE_ALLOWED: Final = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, 33}  # 33: RECURSIVE
)
_READ_PRAGMAS: Final = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
        "database_list",
        "compile_options",
        "collation_list",
        "function_list",
    }
)
_VALUE_PRAGMAS: Final = frozenset(
    {
        "journal_mode",
        "busy_timeout",
        "foreign_keys",
        "user_version",
        "schema_version",
        "application_id",
        "page_count",
        "page_size",
        "freelist_count",
        "encoding",
        "query_only",
        "data_version",
        "synchronous",
        "cache_size",
    }
)


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    if action in _SQLITE_ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg1 is not None:
        name = arg1.lower()
        if name in _READ_PRAGMAS or (name in _VALUE_PRAGMAS and arg2 is None):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@contextlib.contextmanager
def sqlite_read_only(connection: sqlite3.Connection) -> Iterator[None]:
    """Deny everything but reading on *connection* (an authorizer and ``query_only``)."""
    connection.execute("PRAGMA query_only = 1")
    connection.set_authorizer(_sqlite_authorizer)
    try:
        yield
    finally:
        connection.set_authorizer(None)
        connection.execute("PRAGMA query_only = 0")


class QueryMixin:
    """``query()`` of the dossier repository (mixed into DossierRepository)."""

    location: str
    _engine: sa.Engine

    def _run(
        self, work: Callable[[sa.Connection], Any], *, write: bool, query: bool = False
    ) -> Any:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one reading statement in a read-only transaction and return its rows.

        ``?`` is the placeholder on every backend. Text that is not exactly one
        reading statement is refused before it reaches the database, and the
        database itself runs the statement read-only (see the SQL storage
        guide), so ``query()`` never writes.

        Raises:
            ReadOnlyQueryError: several statements, or one that is not a read.
            StorageError: the database refused the statement.

        Example:
            >>> from lapvo_cchc.adapters.sql import SQLiteRepository
            >>> repo = SQLiteRepository(":memory:")
            >>> repo.query("SELECT COUNT(*) FROM dossier_events WHERE type = ?", ("resolved",))
            [(0,)]
            >>> repo.query("DELETE FROM dossiers")
            Traceback (most recent call last):
            ...
            lapvo_cchc.adapters.sql.ReadOnlyQueryError: :memory:: query() is read-only, ...
            >>> repo.close()
        """
        dialect = self._engine.dialect.name
        why = check_statement(sql, dialect)
        if why is not None:
            raise ReadOnlyQueryError(f"{self.location}: query() is read-only, refused {why}")
        return self._read_only(sql, params)

    def _read_only(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run *sql* in the backend's read-only transaction (no text check: tests only)."""
        dialect = self._engine.dialect.name

        def work(conn: sa.Connection) -> list[tuple[Any, ...]]:
            if params:
                result = conn.exec_driver_sql(paramstyle(sql, dialect), tuple(params))
            else:
                result = conn.exec_driver_sql(sql)
            return [tuple(row) for row in result] if result.returns_rows else []

        return self._run(work, write=False, query=True)  # type: ignore[no-any-return]
