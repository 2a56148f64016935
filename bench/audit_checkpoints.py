"""Benchmark: what anchoring the audit chain costs a check, a checkpoint, and a request.

Builds a chain of ``--events`` events (SQLite in a temporary folder, or ``--database-url``) and
``--checkpoints`` signed checkpoints spread along it (in a folder store, or ``--audit-store-url``,
e.g. a MinIO bucket), then times (median of ``--runs``):

- ``verify_audit`` without a key (the chain alone, as before) and with it (the chain and the
  newest checkpoints);
- ``write_checkpoint`` when nothing moved, and after 10 and after 1000 new events: what cron, or
  the throttled write after a state-changing request, pays.

    .venv/bin/python bench/audit_checkpoints.py [--events 20000] [--checkpoints 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.adapters.migrations import upgrade  # noqa: E402
from service.app import create_app  # noqa: E402
from service.domain.checkpoints import encode, sign  # noqa: E402
from service.domain.history import Event  # noqa: E402
from service.services import SERVICES, Services  # noqa: E402
from service.settings import Settings  # noqa: E402

KEY = "a-benchmark-key-of-more-than-32-characters"
T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


def append(svc: Services, n: int) -> None:
    with svc.container.uow() as uow:
        for i in range(n):
            uow.events.append(
                Event(at=T0, actor="bench", action="created", dossier_id=None, comment=str(i))
            )
        uow.commit()


def median(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if setup:
            setup()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--checkpoints", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--audit-store-url", default=None)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    scratch = Path(tempfile.mkdtemp(prefix="kt-bench-audit-"))
    settings = Settings(
        database_url=args.database_url or f"sqlite:///{scratch / 'bench.db'}",
        storage_url=f"file://{scratch / 'objects'}",
        audit_store_url=args.audit_store_url or "",
        audit_key=KEY,
        audit_checkpoint_seconds=0,
    )
    app = create_app(settings)
    svc: Services = app.extensions[SERVICES]
    upgrade(svc.container.db)
    append(svc, args.events)
    # Checkpoints every events/checkpoints events, as cron would have left them.
    step = max(args.events // max(args.checkpoints, 1), 1)
    with svc.container.uow() as uow:
        hashes = uow.events.hashes_at(range(step, args.events + 1, step))
    key, store = svc.container.audit_key, svc.container.audit_store
    assert key is not None
    for i, (seq, digest) in enumerate(sorted(hashes.items())):
        cp = sign(key, seq, digest, T0 + timedelta(minutes=5 * i))
        store.put(cp.name, io.BytesIO(encode(cp)), content_type="application/json")

    plain = dataclasses.replace(svc.container, audit_key=None)
    unkeyed = Services(plain)
    print(f"{args.events} events, {len(hashes)} checkpoints, median of {args.runs}")
    print(f"verify, chain alone:            {median(unkeyed.verify_audit, args.runs):8.3f} s")
    verdict = svc.verify_audit()
    assert verdict.ok and verdict.anchoring and verdict.anchoring.anchored, verdict
    print(f"verify, chain and checkpoints:  {median(svc.verify_audit, args.runs):8.3f} s")
    print(f"  checkpoints read:             {verdict.anchoring.read:8d}")
    svc.write_audit_checkpoint()
    idle = median(svc.write_audit_checkpoint, args.runs)
    print(f"checkpoint, nothing new:        {idle * 1000:8.1f} ms")
    ten = median(svc.write_audit_checkpoint, args.runs, lambda: append(svc, 10))
    print(f"checkpoint after 10 events:     {ten * 1000:8.1f} ms")
    more = median(svc.write_audit_checkpoint, args.runs, lambda: append(svc, 1000))
    print(f"checkpoint after 1000 events:   {more * 1000:8.1f} ms")
    svc.container.db.dispose()


if __name__ == "__main__":
    main()
