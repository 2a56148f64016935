"""The migrations build exactly the schema the code declares, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from service.adapters.tables import Base
from tests.conftest import services_of


def test_the_migrated_schema_matches_the_models(app: Flask) -> None:
    with services_of(app).container.db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
