"""schemathesis over the service's own OpenAPI document, as a clerk, an approver, an auditor and
an admin, against the real service on PostgreSQL (issue 10: "the suite that keeps them found").

The service runs in a process of its own, over HTTP on loopback, on the demo world. The admin
is the root's ``admin``, who may not deactivate or demote themself (the lockout rule), so the
run cannot lock its own runner out; the admin runs last, after the others have had the world as
the demo left it. Each run must end with schemathesis finding nothing (``fuzzing.CHECKS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.bootstrap import bootstrap
from service.settings import Settings
from tests.api.fuzzing import schemathesis
from tests.conftest import FAST_HASHING, _empty
from tests.faults.process import ServiceProcess

pytestmark = [pytest.mark.fuzz, pytest.mark.postgresql]
RUNNERS = ["dc.clerk", "hm.approver", "hm.auditor", "admin"]
SECRET = "fuzz-tests"


@pytest.fixture(scope="module")
def served(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("fuzz")
    storage = f"file://{folder / 'objects'}"
    _empty(postgres_url)
    svc = bootstrap(
        Settings(database_url=postgres_url, secret_key=SECRET, storage_url=storage, **FAST_HASHING)
    )  # type: ignore[arg-type]
    svc.seed_demo()
    svc.container.db.dispose()
    env = {
        "KT_DATABASE_URL": postgres_url,
        "KT_STORAGE_URL": storage,
        "KT_SECRET_KEY": SECRET,
        "KT_ARGON2_TIME_COST": str(FAST_HASHING["argon2_time_cost"]),
        "KT_ARGON2_MEMORY_COST": str(FAST_HASHING["argon2_memory_cost"]),
    }
    process = ServiceProcess(env, folder / "service").start()
    # Every runner signs in before any run: the runs send the login endpoint wrong passwords,
    # and the throttle then refuses this address for a while, as it should.
    process.client.login(*RUNNERS)
    yield process
    process.kill()
    _empty(postgres_url)


@pytest.mark.parametrize("runner", RUNNERS)
def test_schemathesis_finds_no_server_error_and_no_answer_unlike_the_document(
    served: ServiceProcess, runner: str, tmp_path: Path
) -> None:
    run = schemathesis(served.client.base, served.client.tokens[runner], tmp_path)
    print(f"{runner}: {run.cases} cases, {run.server_errors()} server errors")
    print("\n".join(line for line in run.output.splitlines() if " (in " in line))
    assert run.cases > 0, run.output
    assert run.returncode == 0, run.output[-20000:]
