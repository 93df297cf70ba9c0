"""Schema version 2: each dossier row keeps its folded history; dimension tables are recorded.

``dossiers.event_count`` and ``dossiers.state`` let an append check its
transition against the stored state instead of replaying the whole history;
``lapvo_dimension_tables`` names the tables the repository created for the
calendar dimension (the only tables it will ever replace). Existing dossiers
are backfilled from their last stored event.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from lapvo_cchc.adapters.sql._fold import state_after
from lapvo_cchc.adapters.sql._schema import COMPONENT, JsonDocument, key_text

revision: str = "0002"
down_revision: str | None = "0001"

_DIMENSION_COLUMNS = {"date", "is_working_day", "working_day_ordinal", "lunar_day", "provisional"}


def upgrade() -> None:
    """Add the folded-state columns, backfill them, and record version 2."""
    op.add_column(
        "dossiers", sa.Column("event_count", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("dossiers", sa.Column("state", sa.Text, nullable=True))
    dimensions = op.create_table(
        "lapvo_dimension_tables", sa.Column("name", key_text(), primary_key=True)
    )
    bind = op.get_bind()
    from lapvo_cchc.adapters.json import make_converter
    from lapvo_cchc.dossiers import Event

    converter = make_converter()
    events = sa.table(
        "dossier_events",
        sa.column("dossier_code"),
        sa.column("seq"),
        sa.column("payload", JsonDocument),
    )
    dossiers = sa.table("dossiers", sa.column("code"), sa.column("event_count"), sa.column("state"))
    last = (
        sa.select(events.c.dossier_code, sa.func.max(events.c.seq).label("seq"))
        .group_by(events.c.dossier_code)
        .subquery()
    )
    rows = bind.execute(
        sa.select(events.c.dossier_code, events.c.seq, events.c.payload).join(
            last, sa.and_(last.c.dossier_code == events.c.dossier_code, last.c.seq == events.c.seq)
        )
    ).all()
    for code, seq, payload in rows:
        state = state_after(converter.structure(payload, Event))
        bind.execute(
            dossiers.update()
            .where(dossiers.c.code == code)
            .values(event_count=seq + 1, state=state.name)
        )
    # A calendar_dimension table written by release 0.1 is the repository's own output.
    inspector = sa.inspect(bind)
    if inspector.has_table("calendar_dimension"):
        columns = {c["name"] for c in inspector.get_columns("calendar_dimension")}
        if columns >= _DIMENSION_COLUMNS:
            op.bulk_insert(dimensions, [{"name": "calendar_dimension"}])
    schema = sa.table("lapvo_schema", sa.column("component"), sa.column("version"))
    bind.execute(schema.update().where(schema.c.component == COMPONENT).values(version=2))


def downgrade() -> None:
    """Not supported: restore a backup instead (stored data is never dropped)."""
    raise NotImplementedError("lapvo_cchc migrations are forward-only")
