"""The consistency check the fault tests end with fails on each kind of damage it is there for.

A dossier is taken two steps along its route with an attachment, then one thing is broken
behind the service's back; ``assert_consistent`` must name it. Without this, a check that
passed after every fault would prove nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from service.app import create_app
from service.services import Services
from tests.api import files
from tests.api.helpers import approve_at, create, submit
from tests.conftest import Logins, services_of
from tests.faults.conftest import World, settings_for
from tests.faults.consistency import assert_consistent

pytestmark = pytest.mark.faults


def _sql(statement: str) -> Callable[[Services, Path], None]:
    def damage(svc: Services, objects: Path) -> None:
        with svc.container.db.begin() as conn:
            conn.execute(text(statement))

    return damage


def _drop_bytes(svc: Services, objects: Path) -> None:
    next(p for p in objects.rglob("*") if p.is_file()).unlink()


def _leave_temporary_file(svc: Services, objects: Path) -> None:
    (objects / "elsewhere").mkdir()
    (objects / "elsewhere" / ".tmp-left").write_bytes(b"outside what gc sweeps")


DAMAGE = {
    "an open task the workflow is not waiting on": (
        _sql("UPDATE tasks SET status = 'withdrawn' WHERE status = 'open'"),
        "the workflow waits on",
    ),
    "a status the workflow does not say": (
        _sql("UPDATE dossiers SET status = 'approved'"),
        "its workflow says",
    ),
    "a completed task whose event names someone else": (
        _sql("UPDATE tasks SET completed_by = (SELECT min(id) FROM users)"),
        "task events",
    ),
    "task rows without workflow state": (
        _sql("DELETE FROM workflow_instances"),
        "no workflow state",
    ),
    "an attachment row without its event": (
        _sql(
            "INSERT INTO attachments SELECT 'copy', dossier_id, kind, filename, size, sha256,"
            " content_type, object_key || '-copy', created_at, created_by, sealed_at"
            " FROM attachments"
        ),
        "history keeps 1 attachments, 2 rows",
    ),
    "an attachment whose bytes are gone": (_drop_bytes, "storage verify"),
    "a temporary file gc does not reach": (_leave_temporary_file, "temporary files left"),
}


@pytest.fixture
def app(world: World) -> Iterator[Flask]:
    made = create_app(settings_for(world.database_url, world.storage_url))
    yield made
    services_of(made).container.db.dispose()


@pytest.mark.parametrize(("damage", "named"), DAMAGE.values(), ids=DAMAGE.keys())
def test_the_consistency_check_names_the_damage(
    app: Flask,
    world: World,
    damage: Callable[[Services, Path], None],
    named: str,
) -> None:
    client = app.test_client()
    as_user = Logins(client)
    dossier = create(client, as_user)["id"]
    r = client.post(
        f"/api/v1/dossiers/{dossier}/attachments",
        data={"kind": "proposal", "file": (io.BytesIO(files.pdf()), "a.pdf")},
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 201
    submit(client, as_user, dossier)
    approve_at(client, as_user, "dc.approver", dossier)
    svc = services_of(app)
    assert_consistent(svc)  # sound before the damage

    damage(svc, world.folder / "objects")

    with pytest.raises(AssertionError, match=named):
        assert_consistent(svc)
