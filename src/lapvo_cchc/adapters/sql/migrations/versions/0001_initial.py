"""Schema version 1: dossiers, their append-only events and the version record.

The tables, keys, checks and triggers of lapvo_cchc 0.1's hand-written schema,
so a database created by that release is this revision (it is stamped, not
re-created, on upgrade).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from lapvo_cchc.adapters.sql._schema import (
    COMPONENT,
    Instant,
    JsonDocument,
    key_text,
    triggers,
)

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    """Create the version-1 tables and triggers and record version 1."""
    schema = op.create_table(
        "lapvo_schema",
        sa.Column("component", key_text(), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "dossiers",
        sa.Column("code", key_text(), primary_key=True),
        sa.Column("procedure_code", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("assisted", sa.Integer, nullable=False),
        sa.Column("time_limit", JsonDocument, nullable=False),
        sa.CheckConstraint("assisted IN (0, 1)"),
    )
    op.create_table(
        "dossier_events",
        sa.Column("dossier_code", key_text(), sa.ForeignKey("dossiers.code"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False, autoincrement=False),
        sa.Column(
            "type", sa.Text().with_variant(sa.String(40), "mysql", "mariadb"), nullable=False
        ),
        sa.Column("at", Instant, nullable=False),
        sa.Column("payload", JsonDocument, nullable=False),
        sa.PrimaryKeyConstraint("dossier_code", "seq"),
        sa.CheckConstraint("seq >= 0"),
    )
    op.create_index("dossier_events_type_at", "dossier_events", ["type", "at"])
    for statement in triggers(op.get_bind().dialect.name):
        op.execute(statement)
    op.bulk_insert(schema, [{"component": COMPONENT, "version": 1}])


def downgrade() -> None:
    """Not supported: restore a backup instead (stored data is never dropped)."""
    raise NotImplementedError("lapvo_cchc migrations are forward-only")
