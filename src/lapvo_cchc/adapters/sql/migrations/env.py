"""Alembic environment of the dossier store (run by :func:`lapvo_cchc.adapters.sql.upgrade`).

The repository hands Alembic an open connection (``config.attributes["connection"]``)
inside its own transaction and schema lock; the revision table is
``lapvo_alembic_version`` so that a portal's own Alembic history stays apart.
"""

from __future__ import annotations

from alembic import context

from lapvo_cchc.adapters.sql._schema import VERSION_TABLE


def run() -> None:
    """Run the pending migrations on the connection the repository passed in."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


_config: object
try:
    _config = context.config
except (AttributeError, NameError):  # imported outside an Alembic run (e.g. by doctest collection)
    _config = None
if _config is not None:
    run()
