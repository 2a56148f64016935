"""Benchmark: one task completion through HTTP against the bare SpiffWorkflow cost.

Prints a table. For each number of return loops already behind a dossier (0, 10, 50), it builds
a few dossiers in that state, times one approval each through a real HTTP server on loopback
(median), and times the bare engine work on the same stored state: deserialize, complete the
task, serialize (median of many runs). The ratio says what the service adds around the engine.

    .venv/bin/python bench/approvals.py [--database-url URL] [--samples N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.adapters.migrations import upgrade  # noqa: E402
from service.app import create_app  # noqa: E402
from service.container import Container  # noqa: E402
from service.services import SERVICES, Services  # noqa: E402
from service.settings import Settings  # noqa: E402

LOOPS = (0, 10, 50)
BODY = {
    "title": "Đề nghị tặng Bằng khen",
    "award": "BK_TINH_CN",
    "year": 2026,
    "nominees": [{"full_name": "Nguyễn Văn An", "kind": "individual"}],
    # The rulebooks require the proposer's tờ trình and the period before a dossier is submitted.
    "proposal": {"number": "12/TTr-UBND", "date": "2026-11-20"},
    "period": {"from": "2026-01-01", "to": "2026-12-31"},
}


class Api:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.tokens: dict[str, str] = {}

    def call(self, method: str, path: str, body: object = None, user: str | None = None) -> dict:
        headers = {"Content-Type": "application/json"}
        if user:
            headers["Authorization"] = f"Bearer {self.token(user)}"
        self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = self.conn.getresponse()
        data = json.loads(response.read())
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data}")
        return dict(data)

    def token(self, user: str) -> str:
        if user not in self.tokens:
            answer = self.call(
                "POST", "/api/v1/auth/token", {"username": user, "password": "demo-2026"}
            )
            self.tokens[user] = answer["access_token"]
        return self.tokens[user]

    def upload(self, user: str, dossier_id: int, fields: dict[str, str], data: bytes) -> None:
        """A multipart upload of ``data`` as a PDF, with ``fields`` beside it."""
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="part.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        body = b"".join(parts) + head + data + f"\r\n--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Authorization": f"Bearer {self.token(user)}",
        }
        self.conn.request("POST", f"/api/v1/dossiers/{dossier_id}/attachments", body, headers)
        response = self.conn.getresponse()
        answer = response.read()
        if response.status != 201:
            raise RuntimeError(f"upload: {response.status} {answer!r}")

    def file_parts(self, dossier: dict) -> None:  # type: ignore[type-arg]
        """A small PDF for each required part of the dossier's award (GET /awards lists them)."""
        awards = self.call("GET", "/api/v1/awards", user="dc.clerk")["items"]
        award = next(a for a in awards if a["code"] == dossier["award"])
        for item in award["checklist"]:
            if not item["required"] or item["simplified_only"]:
                continue
            for nominee in dossier["nominees"] if item["per_nominee"] else [None]:
                fields = {"kind": item["kind"]}
                if nominee is not None:
                    fields["nominee_id"] = str(nominee["id"])
                text = f"{dossier['id']} {item['kind']} {nominee and nominee['id']}"
                data = b"%PDF-1.4\n" + text.encode() + b"\n%%EOF\n"
                self.upload("dc.clerk", dossier["id"], fields, data)

    def act(self, user: str, dossier_id: int, action: str, comment: str = "") -> float:
        tasks = self.call("GET", "/api/v1/tasks", user=user)["items"]
        [task] = [t for t in tasks if t["dossier_id"] == dossier_id]
        started = time.perf_counter()
        self.call(
            "POST",
            f"/api/v1/tasks/{task['id']}/complete",
            {"action": action, "comment": comment},
            user=user,
        )
        return time.perf_counter() - started


def dossier_at_district(api: Api, loops: int) -> int:
    """A dossier waiting for the district approver, after ``loops`` district returns."""
    dossier = api.call("POST", "/api/v1/dossiers", BODY, user="dc.clerk")
    dossier_id = int(dossier["id"])
    api.file_parts(dossier)  # a dossier is submitted with its required parts
    api.call("POST", f"/api/v1/dossiers/{dossier_id}/submit", {}, user="dc.clerk")
    api.act("dc.approver", dossier_id, "approve")
    for _ in range(loops):
        api.act("hm.approver", dossier_id, "return", "Bổ sung hồ sơ")
        api.call("POST", f"/api/v1/dossiers/{dossier_id}/submit", {}, user="dc.clerk")
        api.act("dc.approver", dossier_id, "approve")
    return dossier_id


def bare_cost(c: Container, dossier_id: int, runs: int) -> tuple[float, int]:
    with c.uow() as uow:
        state = uow.workflows.state(dossier_id)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        wf = c.workflow.load(state)
        [task] = c.workflow.ready(wf)
        c.workflow.complete(wf, task.id, "approve")
        c.workflow.dump(wf)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(state)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--samples", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kt-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    app = create_app(Settings(database_url=url, storage_url=f"file://{workdir / 'objects'}"))
    svc: Services = app.extensions[SERVICES]
    c = svc.container  # the bare side of the comparison drives the engine itself
    upgrade(c.db)
    svc.seed_demo()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns the table
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = Api(server.server_port)

    print(f"database: {c.db.dialect.name}; samples per row: {args.samples}")
    print(
        f"{'return loops':>12} | {'HTTP completion':>15} | {'bare Spiff':>10} | "
        f"{'ratio':>5} | {'state size':>10}"
    )
    print("-" * 66)
    for loops in LOOPS:
        http_times, bare_times, sizes = [], [], []
        for _ in range(args.samples):
            dossier_id = dossier_at_district(api, loops)
            bare, size = bare_cost(c, dossier_id, runs=20)
            bare_times.append(bare)
            sizes.append(size)
            http_times.append(api.act("hm.approver", dossier_id, "approve"))
        h, b = statistics.median(http_times), statistics.median(bare_times)
        print(
            f"{loops:>12} | {h * 1000:>12.1f} ms | {b * 1000:>7.1f} ms | {h / b:>5.1f} | "
            f"{statistics.median(sizes) / 1024:>7.0f} KiB"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
