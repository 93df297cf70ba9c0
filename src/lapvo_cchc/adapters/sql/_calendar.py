"""Loading the calendar dimension table into the store (private module of adapters.sql).

The one place the SQL store imports :mod:`lapvo_cchc.adapters.exports.dimension`.

The writer replaces only a table it created itself as a dimension table (its
name is recorded in ``lapvo_dimension_tables``); it refuses the store's own
tables (``dossiers``, ``dossier_events``, ``lapvo_schema``, ...) and any other
existing table, so a mistyped ``table=`` never drops data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from lapvo_cchc.adapters.exports.dimension import (
    COLUMNS,
    DEFAULT_TABLE,
    DimensionRow,
    check_table_name,
    create_table_sql,
)
from lapvo_cchc.adapters.sql import _schema as schema
from lapvo_cchc.adapters.sql._errors import TableRefusedError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["DEFAULT_TABLE", "DimensionRow", "write"]


def write(
    conn: sa.Connection,
    rows: Iterable[DimensionRow],
    *,
    table: str,
    replace: bool,
    location: str,
) -> int:
    """Create (or replace, if it is the store's own dimension table) *table* holding *rows*."""
    table = check_table_name(table)
    dialect = conn.dialect.name
    key = table.lower()
    if key in schema.OWN_TABLES:
        raise TableRefusedError(
            f"{location}: table {table} belongs to the dossier store; write the calendar "
            "dimension to another table"
        )
    registry = schema.dimension_tables
    ours = conn.execute(sa.select(registry.c.name).where(registry.c.name == key)).first()
    # PostgreSQL folds the unquoted name the DDL below uses to lower case.
    if sa.inspect(conn).has_table(key if dialect == "postgresql" else table):
        if ours is None:
            raise TableRefusedError(
                f"{location}: table {table} exists and was not created by this repository "
                "as a calendar dimension table; it is left untouched (choose another name, "
                "or drop it yourself)"
            )
        if not replace:
            raise TableRefusedError(
                f"{location}: calendar dimension table {table} exists; pass replace=True "
                "to replace it"
            )
        conn.exec_driver_sql(f"DROP TABLE {table}")
    conn.exec_driver_sql(
        create_table_sql(table, dialect="sqlite" if dialect == "sqlite" else "postgresql")
    )
    if ours is None:
        conn.execute(registry.insert().values(name=key))
    values: list[dict[str, Any]] = []
    for row in rows:
        plain: dict[str, Any] = dict(zip(COLUMNS, row.values(), strict=True))
        if dialect != "sqlite":
            plain["date"] = dt.date.fromisoformat(str(plain["date"]))
        values.append(plain)
    if values:
        target = sa.table(table, *(sa.column(c) for c in COLUMNS))
        conn.execute(target.insert(), values)
    return len(values)
