"""A PostgreSQL server of the test's own, which it may stop and start (never the shared one).

``initdb`` into a fresh folder, ``pg_ctl start`` on a free loopback port with no Unix socket, and
``stop()`` with ``-m immediate`` (the server dies as if its host lost power: backends vanish, open
transactions roll back at the next start). PostgreSQL refuses to run as root, so as root the
server runs as the ``postgres`` user through ``runuser``; its folder lives directly under the
system temporary directory, where that user can reach it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.s3server import free_port

START_TIMEOUT = 30.0
SERVER_SETTINGS = {
    # Speed on a shared 2-core machine. No fsync is safe here: the tests kill the server, never
    # the machine, so what was written survives in the OS. synchronous_commit stays on: with it
    # off an immediate stop loses commits already answered (which a test here once caught).
    "fsync": "off",
    "full_page_writes": "off",
    "shared_buffers": "16MB",
    "max_connections": "40",
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
}


def server_binaries() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin that has initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_major_version)
    return Path(found[-1]).parent if found else None


def _major_version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


class PrivatePostgres:
    """One cluster on 127.0.0.1:<port>, trust authentication, superuser ``postgres``."""

    def __init__(self) -> None:
        binaries = server_binaries()
        if binaries is None:
            reason = "the PostgreSQL server binaries are not installed (/usr/lib/postgresql)"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        self.bin = binaries
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.home = Path(tempfile.mkdtemp(prefix="kt-private-pg-"))
        self.data = self.home / "data"
        self.log_path = self.home / "server.log"
        self.port = free_port()
        if self.as_user:
            shutil.chown(self.home, "postgres", "postgres")
        try:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
            with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
                for name, value in {**SERVER_SETTINGS, "port": str(self.port)}.items():
                    conf.write(f"{name} = '{value}'\n")
            self.start()
        except BaseException:
            self.destroy()
            raise

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log_path), "-w",
                  "-t", str(int(START_TIMEOUT)))  # fmt: skip

    def stop(self) -> None:
        """Stop at once, like a crash: no checkpoint, every client cut off."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")

    def running(self) -> bool:
        status = subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "status", "-D", str(self.data)],
            capture_output=True,
            check=False,
        )
        return status.returncode == 0

    def ensure_running(self) -> None:
        if not self.running():
            self.start()

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database, a copy of ``template`` if given; returns its URL."""
        # FILE_COPY checkpoints and copies the files. PostgreSQL 15's default (WAL_LOG) logs the
        # template's pages as they were, sequences included, and a sequence only logs every 32
        # values: after an immediate stop, recovery rewound the copy's sequences and handed out
        # audit ids already taken. A database restored from a template is a test artefact.
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self._admin(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def log(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")
        return ""

    def destroy(self) -> None:
        if self.data.exists() and self.running():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [*self.as_user, str(self.bin / program), *args]
        limit = START_TIMEOUT + 10
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n{self.log()}"
            )


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it is true; fail after ``timeout`` seconds saying ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
