"""Alembic environment: always run by regiodesk itself on a connection it passes in."""

from __future__ import annotations

from alembic import context

from regiodesk.db.models import metadata
from regiodesk.db.search_index import include_name  # derived data made by hand, not a model

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata(),
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
