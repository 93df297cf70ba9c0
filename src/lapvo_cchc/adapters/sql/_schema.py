"""The SQL schema of the dossier store, per dialect (private module of adapters.sql).

Both dialects have the same tables, columns, keys and append-only triggers;
only column types differ where a native type exists (PostgreSQL ``TIMESTAMPTZ``
and ``JSONB`` where SQLite stores ISO 8601 and JSON text).
"""

from __future__ import annotations

from typing import Final

SCHEMA_VERSION: Final = 1
COMPONENT: Final = "dossiers"
META_TABLE: Final = "lapvo_schema"
DOSSIERS: Final = "dossiers"
EVENTS: Final = "dossier_events"

_COMMON_TABLES: Final = """
CREATE TABLE lapvo_schema (
    component TEXT PRIMARY KEY,
    version INTEGER NOT NULL
)
--
CREATE TABLE dossiers (
    code TEXT PRIMARY KEY,
    procedure_code TEXT NOT NULL,
    agency TEXT NOT NULL,
    channel TEXT NOT NULL,
    assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
    time_limit {json} NOT NULL
)
--
CREATE TABLE dossier_events (
    dossier_code TEXT NOT NULL REFERENCES dossiers (code),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    type TEXT NOT NULL,
    at {instant} NOT NULL,
    payload {json} NOT NULL,
    PRIMARY KEY (dossier_code, seq)
)
--
CREATE INDEX dossier_events_type_at ON dossier_events (type, at)
"""

_SQLITE_TRIGGERS: Final = """
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: UPDATE refused'); END
--
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only: DELETE refused'); END
"""

_POSTGRES_TRIGGERS: Final = """
CREATE FUNCTION lapvo_dossier_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossier_events is append-only: % refused', TG_OP;
END
$$
--
CREATE TRIGGER dossier_events_no_change BEFORE UPDATE OR DELETE ON dossier_events
FOR EACH ROW EXECUTE FUNCTION lapvo_dossier_events_append_only()
--
CREATE TRIGGER dossier_events_no_truncate BEFORE TRUNCATE ON dossier_events
FOR EACH STATEMENT EXECUTE FUNCTION lapvo_dossier_events_append_only()
"""


def _split(script: str) -> list[str]:
    return [part.strip() for part in script.split("\n--\n") if part.strip()]


def ddl(dialect: str) -> list[str]:
    """The statements creating schema version :data:`SCHEMA_VERSION` in *dialect*."""
    if dialect == "postgresql":
        tables = _COMMON_TABLES.format(json="JSONB", instant="TIMESTAMPTZ")
        return _split(tables) + _split(_POSTGRES_TRIGGERS)
    tables = _COMMON_TABLES.format(json="TEXT", instant="TEXT")
    return _split(tables) + _split(_SQLITE_TRIGGERS)
