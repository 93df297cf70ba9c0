"""The errors of the SQL dossier store (private module of adapters.sql)."""

from __future__ import annotations

from lapvo_cchc.errors import LapvoError

__all__ = [
    "DossierNotFoundError",
    "HistoryConflictError",
    "ReadOnlyQueryError",
    "SchemaVersionError",
    "StorageError",
    "TableRefusedError",
]


class StorageError(LapvoError, RuntimeError):
    """The database refused an operation (locked too long, connection lost, constraint).

    The message names the database (a path or a URL without its password).

    Example:
        >>> from lapvo_cchc.adapters.sql import StorageError
        >>> issubclass(StorageError, RuntimeError)
        True
    """


class SchemaVersionError(StorageError):
    """The database holds another schema version than this library's, or a foreign schema.

    An older version is upgraded only when asked (``upgrade=True``); a newer
    one, or tables the library did not create, are never touched.

    Example:
        >>> from lapvo_cchc.adapters.sql import SchemaVersionError, StorageError
        >>> issubclass(SchemaVersionError, StorageError)
        True
    """


class ReadOnlyQueryError(StorageError):
    """``query()`` was given text that is not exactly one reading statement.

    Example:
        >>> from lapvo_cchc.adapters.sql import ReadOnlyQueryError, SQLiteRepository
        >>> with SQLiteRepository(":memory:") as repo:
        ...     repo.query("SELECT 1; DELETE FROM dossiers")
        Traceback (most recent call last):
        ...
        lapvo_cchc.adapters.sql.ReadOnlyQueryError: :memory:: query() is read-only, refused ...
    """


class TableRefusedError(StorageError, ValueError):
    """A table the calendar dimension writer may not replace: the store's own, or not its output.

    Example:
        >>> from lapvo_cchc.adapters.sql import SQLiteRepository, TableRefusedError
        >>> with SQLiteRepository(":memory:") as repo:
        ...     repo.write_calendar_dimension([], table="dossier_events")
        Traceback (most recent call last):
        ...
        lapvo_cchc.adapters.sql.TableRefusedError: :memory:: table dossier_events belongs to ...
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
