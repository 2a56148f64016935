"""Driving the service in a subprocess (``tests/faults/serve.py``): start, kill -9, restart, call.

``ServiceProcess`` keeps one port and one hook folder across restarts, so a test kills the
process and starts it again as an operator's supervisor would. ``Client`` speaks the JSON API
over real HTTP on loopback with short timeouts; a request cut off by a kill comes back as
``None`` instead of an answer.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import urllib3

from tests.conftest import DEMO_PASSWORD
from tests.faults.postgres import wait_until
from tests.s3server import free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
REQUEST_TIMEOUT = urllib3.Timeout(connect=2.0, read=20.0)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: Any  # the decoded JSON, or the text when it is not JSON

    def error_code(self) -> str | None:
        return self.body.get("error", {}).get("code") if isinstance(self.body, dict) else None


class ServiceProcess:
    """The service as ``python -m tests.faults.serve`` on 127.0.0.1:``port``."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.port = free_port()
        self.hooks = folder / "hooks"
        self.hooks.mkdir(parents=True, exist_ok=True)
        self.log_path = folder / "service.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("KT_")},
            **env,
            "FAULT_DIR": str(self.hooks),
            "FAULT_PORT": str(self.port),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.client = Client(f"http://127.0.0.1:{self.port}")

    def start(self) -> ServiceProcess:
        self.disarm()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.faults.serve"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        wait_until(self._ready, START_TIMEOUT, f"the service to listen on {self.port}", 0.1)
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"the service exited early:\n{self.log()}")
        answer = self.client.call("GET", "/api/v1/openapi.json", retries=False)
        return answer is not None and answer.status == 200

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction is finished, no file is cleaned up."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.client.forget_connections()

    def restart(self) -> ServiceProcess:
        self.kill()
        return self.start()

    def arm(self, hook: str) -> None:
        (self.hooks / "held").unlink(missing_ok=True)
        (self.hooks / "armed").write_text(hook)

    def disarm(self) -> None:
        for name in ("armed", "held"):
            (self.hooks / name).unlink(missing_ok=True)

    def wait_held(self, timeout: float = 20.0) -> None:
        """Until an armed hook holds a request (and fail with the log if it never does)."""
        try:
            wait_until((self.hooks / "held").exists, timeout, "the armed hook to hold a request")
        except AssertionError as err:
            raise AssertionError(f"{err}\n{self.log()}") from None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Client:
    """JSON over HTTP; logins kept by user name."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.pool = urllib3.PoolManager(timeout=REQUEST_TIMEOUT, retries=False)
        self.tokens: dict[str, str] = {}

    def forget_connections(self) -> None:
        self.pool.clear()

    def call(
        self,
        method: str,
        path: str,
        *,
        user: str | None = None,
        json_body: Any = None,
        fields: dict[str, Any] | None = None,
        retries: bool = False,
    ) -> Answer | None:
        """The answer, or None if the connection failed or was cut before one arrived."""
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        try:
            if fields is not None:
                r = self.pool.request(method, self.base + path, fields=fields, headers=headers)
            else:
                r = self.pool.request(
                    method, self.base + path, json=json_body, headers=headers, retries=retries
                )
        except (urllib3.exceptions.HTTPError, OSError):
            return None
        try:
            body: Any = json.loads(r.data) if r.data else None
        except ValueError:
            body = r.data.decode(errors="replace")
        return Answer(r.status, {k.lower(): v for k, v in r.headers.items()}, body)

    def must(self, method: str, path: str, status: int = 200, **kw: Any) -> Any:
        answer = self.call(method, path, **kw)
        assert answer is not None, f"{method} {path}: no answer"
        assert answer.status == status, f"{method} {path}: {answer.status} {answer.body}"
        return answer.body

    def login(self, *users: str) -> None:
        for user in users:
            credentials = {"username": user, "password": DEMO_PASSWORD}
            body = self.must("POST", "/api/v1/auth/token", json_body=credentials)
            self.tokens[user] = body["access_token"]


def wait_for_answer(client: Client, path: str, user: str, timeout: float) -> Answer:
    """Poll ``path`` until it answers anything but 503 (the database coming back)."""
    deadline = time.monotonic() + timeout
    last: Answer | None = None
    while time.monotonic() < deadline:
        last = client.call("GET", path, user=user)
        if last is not None and last.status != 503:
            return last
        time.sleep(0.1)
    raise AssertionError(f"{path} still unavailable after {timeout}s: {last}")
