"""kill -9 of the service during a completion and during an upload, then a restart.

The service runs in a subprocess on a private PostgreSQL (tests/faults/serve.py); a fault hook
holds the request at a known point (inside the transaction before COMMIT, after COMMIT before
the answer, halfway through streaming an upload into the store) and the test SIGKILLs it there.
After the restart every dossier must be consistent (tests/faults/consistency.py), and what the
client could not be told must be safe to retry.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from service.services import Services
from tests.faults import journeys
from tests.faults.conftest import World
from tests.faults.consistency import assert_consistent
from tests.faults.process import ServiceProcess
from tests.s3server import RcloneS3Server

pytestmark = pytest.mark.faults

MB = 1_000_000


def _held_then_killed(
    svc: ServiceProcess, hook: str, request: Callable[[], object]
) -> object | None:
    """Arm ``hook``, send ``request`` from a thread, SIGKILL once the hook holds it."""
    svc.arm(hook)
    with ThreadPoolExecutor(1) as pool:
        sent = pool.submit(request)
        svc.wait_held()
        svc.kill()
        return sent.result(timeout=30)


def test_a_completion_killed_before_its_commit_is_undone_and_can_be_done_again(
    service: Callable[[], ServiceProcess], inspect: Callable[[], Services]
) -> None:
    svc = service()
    client = svc.client
    client.login(*journeys.USERS)
    dossier = journeys.create_dossier(client, award="GK_XA_CN")  # the approval issues a decision
    for user in ("dc.clerk", "dc.officer", "dc.secretary"):  # up to the head's step
        journeys.step(client, dossier, user)
    task = journeys.open_task(client, "dc.approver", dossier)
    assert task is not None

    cut = _held_then_killed(
        svc, "before_commit", lambda: journeys.complete(client, "dc.approver", task)
    )

    assert cut is None  # the client got no answer
    svc.start()
    assert journeys.status(client, dossier) == ("in_review", "ward")
    assert journeys.open_task(client, "dc.approver", dossier) == task  # still waiting
    report = assert_consistent(inspect())
    # The decision document was stored before the commit that never came: an orphan, swept.
    assert [k.split("/")[0] for k in report.orphans_removed] == ["decisions"]
    again = journeys.complete(client, "dc.approver", task)
    assert again is not None and again.status == 200, again
    assert journeys.status(client, dossier) == ("approved", "ward")
    assert_consistent(inspect())


def test_a_completion_killed_after_its_commit_stays_done_and_a_retry_gets_409(
    service: Callable[[], ServiceProcess], inspect: Callable[[], Services]
) -> None:
    svc = service()
    client = svc.client
    client.login(*journeys.USERS)
    dossier = journeys.create_dossier(client)
    journeys.step(client, dossier, "dc.clerk")
    task = journeys.open_task(client, "dc.approver", dossier)
    assert task is not None

    cut = _held_then_killed(
        svc, "after_commit", lambda: journeys.complete(client, "dc.approver", task)
    )

    assert cut is None
    svc.start()
    assert journeys.status(client, dossier) == ("in_review", "district")
    retry = journeys.complete(client, "dc.approver", task)
    assert retry is not None and retry.status == 409, retry
    assert_consistent(inspect())


def test_a_busy_service_killed_at_random_moments_leaves_every_dossier_consistent(
    service: Callable[[], ServiceProcess], inspect: Callable[[], Services]
) -> None:
    rng = random.Random(20261202)  # the moments are random, the run repeatable in spirit
    svc = service()
    client = svc.client
    client.login(*journeys.USERS)
    dossiers = [journeys.create_dossier(client) for _ in range(8)]
    answers: Counter[str] = Counter()

    for _ in range(4):
        stop = threading.Event()
        with ThreadPoolExecutor(2) as pool:
            mine = [dossiers[i::2] for i in range(2)]
            workers = [pool.submit(journeys.drive, client, m, stop) for m in mine]
            time.sleep(rng.uniform(0.2, 0.8))
            svc.kill()
            stop.set()
            for w in workers:
                answers += w.result(timeout=30)
        svc.start()
        assert_consistent(inspect())

    # Kills landed during completions (before or after their commit), and nothing else failed.
    assert answers["complete cut"] > 0, answers
    assert set(answers) <= {"list 200", "list cut", "complete 200", "complete cut"}, answers
    journeys.finish(client, dossiers)
    assert assert_consistent(inspect()).statuses == {"approved": 8}


@pytest.mark.parametrize("store", ["folder", "s3"])
@pytest.mark.parametrize("hook", ["mid_upload 11000000", "before_commit"])
def test_an_upload_killed_mid_way_leaves_nothing_that_gc_does_not_remove(
    world: World,
    service: Callable[[], ServiceProcess],
    inspect: Callable[[], Services],
    disposable_s3_server: RcloneS3Server,
    store: str,
    hook: str,
) -> None:
    if store == "s3":
        world.storage_url = disposable_s3_server.url("kt-killed-uploads")
    svc = service()
    client = svc.client
    client.login("dc.clerk")
    dossier = journeys.create_dossier(client)
    kept = journeys.upload(client, dossier, journeys.scan(20_000))
    assert kept is not None and kept.status == 201, kept

    cut = _held_then_killed(
        svc, hook, lambda: journeys.upload(client, dossier, journeys.scan(15 * MB))
    )

    assert cut is None
    svc.start()
    listed = client.must("GET", f"/api/v1/dossiers/{dossier}/attachments", user="dc.clerk")
    assert [a["id"] for a in listed["items"]] == [kept.body["id"]]
    report = assert_consistent(inspect())
    if hook == "before_commit":  # the bytes were stored, their row never committed
        assert len(report.orphans_removed) == 1
        assert report.incomplete_removed == []
    else:  # a temporary file, or a multipart upload with one part and no end
        assert report.orphans_removed == []
        assert len(report.incomplete_removed) == 1
    again = journeys.upload(client, dossier, journeys.scan(15 * MB))
    assert again is not None and again.status == 201, again
    assert_consistent(inspect())
