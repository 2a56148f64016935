"""Fixtures shared by the whole suite.

``database_url`` runs each test that needs a database twice: on SQLite (a fresh file per test,
copied from a migrated template) and on PostgreSQL (one migrated database per run, emptied before
each test). PostgreSQL comes from TEST_DATABASE_URL; without it the PostgreSQL half is skipped,
except when CI is set, where a missing PostgreSQL fails the run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.pool import NullPool

from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.adapters.tables import Base
from service.app import create_app
from service.domain.permissions import Actor
from service.services import SERVICES, Services
from service.settings import Settings
from tests.s3server import RcloneS3Server

DEMO_PASSWORD = "demo-2026"
FAST_HASHING = {"argon2_time_cost": 1, "argon2_memory_cost": 1024}


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        _missing_postgres("TEST_DATABASE_URL is not set")
    admin_url = make_url(base)
    name = f"kt_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as err:  # any failure to reach the server means the same thing here
        admin.dispose()
        _missing_postgres(f"PostgreSQL at {admin_url.render_as_string()} is unreachable: {err}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _missing_postgres(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    _empty(url)
    return url


def _empty(url: str) -> None:
    # DELETE beats TRUNCATE on tables this small (TRUNCATE makes new files for each); the
    # sequences restart as TRUNCATE ... RESTART IDENTITY would. One round trip.
    deletes = "".join(f'DELETE FROM "{t.name}";' for t in reversed(Base.metadata.sorted_tables))
    _run_script(url, deletes + _RESTART_SEQUENCES)


_RESTART_SEQUENCES = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT schemaname, sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I RESTART', r.schemaname, r.sequencename);
  END LOOP;
END $$;"""
_ENGINES: dict[str, Engine] = {}


def _run_script(url: str, script: str) -> None:
    """Run several statements in one transaction and one round trip on a kept connection."""
    engine = _ENGINES.get(url) or _ENGINES.setdefault(url, create_engine(url, poolclass=NullPool))
    with engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        # psycopg runs a parameterless script as sent: several statements, % signs intact.
        with raw.cursor() as cursor:
            cursor.execute(script)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret",
        storage_url=f"file://{tmp_path / 'objects'}",
        **FAST_HASHING,  # type: ignore[arg-type]
    )


def demo_app(settings: Settings) -> Iterator[Flask]:
    """The application on the demo world of ``settings``' rulebook, disposed of afterwards.

    The world is seeded once per run and per seeding input (the settings but for where the
    data goes) and copied into each test's database: seeding it afresh was most of the suite's
    time. ``tests/integration/test_cli.py`` and the unit tests still seed it for real."""
    seeded = _SEEDED.get(_seed_key(settings))
    if seeded is None:
        app = create_app(settings)
        services_of(app).seed_demo()
        _SEEDED[_seed_key(settings)] = _snapshot(settings.database_url, services_of(app))
    else:
        _restore(seeded, settings.database_url)
        app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    services_of(app).container.db.dispose()


# Seeded worlds by seeding input: a SQLite file to copy, or a PostgreSQL schema to copy from.
_SEEDED: dict[str, str] = {}


def _seed_key(settings: Settings) -> str:
    kind = make_url(settings.database_url).get_backend_name()
    return f"{kind}:{replace(settings, database_url='', storage_url='')!r}:{settings.audit_key}"


def _snapshot(url: str, svc: Services) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        copy = Path(str(parsed.database)).with_name(f"seeded-{uuid.uuid4().hex[:8]}.db")
        with sqlite3.connect(str(parsed.database)) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        return str(copy)
    schema = f"seeded_{uuid.uuid4().hex[:8]}"
    copies = "".join(
        f'CREATE TABLE "{schema}"."{t.name}" AS TABLE "{t.name}";'
        for t in Base.metadata.sorted_tables
    )
    _run_script(url, f'CREATE SCHEMA "{schema}";' + copies)
    return schema


def _restore(seeded: str, url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        shutil.copy(seeded, str(parsed.database))
        return
    # _empty has emptied every table; parents first, as sorted_tables orders them, and each
    # sequence set past the rows copied, as seeding would have left it.
    inserts = "".join(
        f'INSERT INTO "{t.name}" SELECT * FROM "{seeded}"."{t.name}";'
        for t in Base.metadata.sorted_tables
    )
    _run_script(url, inserts + _ADVANCE_SEQUENCES)


_ADVANCE_SEQUENCES = """
DO $$ DECLARE r record; top bigint; BEGIN
  FOR r IN
    SELECT c.relname AS tab, a.attname AS col, pg_get_serial_sequence(c.relname, a.attname) AS seq
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind = 'r' AND pg_get_serial_sequence(c.relname, a.attname) IS NOT NULL
  LOOP
    EXECUTE format('SELECT COALESCE(MAX(%I), 0) FROM %I', r.col, r.tab) INTO top;
    PERFORM setval(r.seq, top + 1, false);
  END LOOP;
END $$;"""


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    yield from demo_app(settings)


@pytest.fixture
def two_tier_app(settings: Settings) -> Iterator[Flask]:
    """The two-tier installation (``KT_RULEBOOK=two_tier_nd152``) on its demo world."""
    yield from demo_app(replace(settings, rulebook="two_tier_nd152"))


def actor_of(app: Flask, username: str) -> Actor:
    """The demo user as the use cases see them, for tests that call use cases directly."""
    with services_of(app).container.uow() as uow:
        creds = uow.users.credentials(username)
        assert creds is not None, username
        return uow.users.actor(creds.user_id)


def services_of(app: Flask) -> Services:
    """The use cases of ``app``, bound to its adapters (which ``.container`` holds)."""
    found: Services = app.extensions[SERVICES]
    return found


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def as_user(client: FlaskClient) -> Logins:
    """Headers that authenticate as a demo user, e.g. ``as_user("dc.clerk")``."""
    return Logins(client)


class Logins:
    """Bearer headers per demo user, logged in once and kept until ``forget()``."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.cache: dict[str, dict[str, str]] = {}

    def __call__(self, username: str) -> dict[str, str]:
        if username not in self.cache:
            r = self.client.post(
                "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
            )
            assert r.status_code == 200, r.get_json()
            self.cache[username] = {"Authorization": f"Bearer {r.get_json()['access_token']}"}
        return self.cache[username]

    def forget(self) -> None:
        """Log in afresh next time, e.g. once the clock has moved past the tokens' lifetime."""
        self.cache.clear()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RcloneS3Server]:
    server = RcloneS3Server(tmp_path_factory.mktemp("rclone-s3"))
    yield server
    server.stop()


@pytest.fixture
def disposable_s3_server(tmp_path: Path) -> Iterator[RcloneS3Server]:
    """A server of this test's own, which the test may stop."""
    server = RcloneS3Server(tmp_path / "rclone-s3")
    yield server
    server.stop()
