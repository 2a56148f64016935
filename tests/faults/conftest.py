"""Fixtures of the fault tests: a private PostgreSQL, seeded databases, service processes.

The PostgreSQL server is the tests' own (``PrivatePostgres``), started once per run, so a test
may stop it; each test gets a fresh database copied from a template that is migrated and holds
the demo world. ``service`` starts the real service in subprocesses and kills whatever is left
of them when the test ends, passed or failed.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.bootstrap import bootstrap
from service.services import Services
from service.settings import Settings
from tests.conftest import FAST_HASHING
from tests.faults.postgres import PrivatePostgres
from tests.faults.process import ServiceProcess

TEMPLATE = "kt_fault_template"
SECRET = "fault-tests"


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def seeded_template(
    private_postgres: PrivatePostgres, tmp_path_factory: pytest.TempPathFactory
) -> str:
    url = private_postgres.create_database(TEMPLATE)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    objects = tmp_path_factory.mktemp("template-objects")
    svc = bootstrap(settings_for(url, f"file://{objects}"))
    svc.seed_demo()
    svc.container.db.dispose()
    return TEMPLATE


@pytest.fixture
def fault_database(private_postgres: PrivatePostgres, seeded_template: str) -> Iterator[str]:
    """The URL of a database of this test's own, with the demo world in it."""
    private_postgres.ensure_running()
    name = f"kt_fault_{uuid.uuid4().hex[:10]}"
    url = private_postgres.create_database(name, template=seeded_template)
    yield url
    private_postgres.ensure_running()
    private_postgres.drop_database(name)


def settings_for(database_url: str, storage_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET,
        storage_url=storage_url,
        **FAST_HASHING,  # type: ignore[arg-type]
    )


@dataclasses.dataclass
class World:
    """One database and one store, seen by the service processes and by the test itself."""

    database_url: str
    storage_url: str
    folder: Path

    def env(self) -> dict[str, str]:
        settings = settings_for(self.database_url, self.storage_url)
        return {
            "KT_DATABASE_URL": settings.database_url,
            "KT_STORAGE_URL": settings.storage_url,
            "KT_SECRET_KEY": settings.secret_key,
            "KT_ARGON2_TIME_COST": str(settings.argon2_time_cost),
            "KT_ARGON2_MEMORY_COST": str(settings.argon2_memory_cost),
        }

    def services(self) -> Services:
        """The use cases on the same database and store, in this process (dispose when done)."""
        return bootstrap(settings_for(self.database_url, self.storage_url))


@pytest.fixture
def world(fault_database: str, tmp_path: Path) -> World:
    """The test's database with a folder store; a test may swap in an S3 URL."""
    return World(fault_database, f"file://{tmp_path / 'objects'}", tmp_path)


@pytest.fixture
def service(world: World) -> Iterator[Callable[[], ServiceProcess]]:
    """Factory: ``service()`` starts the service on ``world``; all are killed at teardown."""
    started: list[ServiceProcess] = []

    def start() -> ServiceProcess:
        process = ServiceProcess(world.env(), world.folder / f"service-{len(started)}")
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.kill()


@pytest.fixture
def inspect(world: World) -> Iterator[Callable[[], Services]]:
    """Factory of in-process Services on ``world``, for checks; disposed at teardown."""
    made: list[Services] = []

    def make() -> Services:
        made.append(world.services())
        return made[-1]

    yield make
    for svc in made:
        svc.container.db.dispose()
