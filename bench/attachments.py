"""Benchmark: a large attachment through the API against bare minio-py, and the service's memory.

Starts ``rclone serve s3`` on loopback and the service (``flask run``, SQLite) in a process of its
own, then, ``--runs`` times (median):

- uploads a generated file of ``--size-mb`` MB (10^6 bytes) that starts with ``%PDF-1.4`` through
  ``POST /api/v1/dossiers/{id}/attachments`` (multipart, streamed from a generator) and downloads it
  through ``GET .../attachments/{aid}/content`` (streamed into SHA-256, checked against the upload);
- puts and gets the same bytes with minio-py straight against the same server (length known,
  10 MiB parts, one part at a time as the service does).

"ratio" is API time over SDK time. The service's memory comes from ``/proc/<pid>/status``: the
peak resident size (VmHWM, reset before each API upload and download) minus its resident size
after a 1 MB warm-up round trip.

    .venv/bin/python bench/attachments.py [--size-mb 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from minio import Minio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.s3server import ACCESS_KEY, SECRET_KEY, RcloneS3Server, free_port  # noqa: E402

MB = 1_000_000  # file sizes and rates, as KT_MAX_UPLOAD_MB
MiB = 1024 * 1024
CHUNK = MiB  # the payload is generated this much at a time
PART_SIZE = 10 * MiB  # storage.s3.PART_SIZE
READ_SIZE = 64 * 1024  # storage.s3.DOWNLOAD_CHUNK
BUCKET = "bench"
BOUNDARY = "kt-bench-7f3c9a1e"
PDF_HEADER = b"%PDF-1.4\n"
START_TIMEOUT = 30.0
DOSSIER = {
    "title": "Đề nghị công nhận danh hiệu Lao động tiên tiến",
    "award": "LDTT",
    "year": 2026,
    "nominees": [{"full_name": "Nguyễn Văn An", "kind": "individual"}],
    # The rulebooks require the proposer's tờ trình and the period before a dossier is submitted.
    "proposal": {"number": "12/TTr-UBND", "date": "2026-11-20"},
    "period": {"from": "2026-01-01", "to": "2026-12-31"},
}


class Payload:
    """``size`` deterministic pseudo-random bytes that start like a PDF, made 1 MiB at a time.

    Chunk ``i`` is one random 1 MiB block rotated by its own offset: nothing on the path compresses
    or deduplicates, so that is as good as fresh random bytes, and it costs a copy instead of
    ~2 ms of hashing per MiB, which would take as much CPU as the transfer being measured.
    """

    def __init__(self, size: int, seed: int = 2026) -> None:
        self.size = size
        self._block = hashlib.shake_128(seed.to_bytes(8, "big")).digest(CHUNK)

    def chunks(self) -> Iterator[bytes]:
        for index, start in enumerate(range(0, self.size, CHUNK)):
            offset = index * 7919 % CHUNK
            chunk = self._block[offset:] + self._block[:offset]
            if index == 0:
                chunk = PDF_HEADER + chunk[len(PDF_HEADER) :]
            yield chunk[: self.size - start]

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.chunks():
            digest.update(chunk)
        return digest.hexdigest()


class PayloadReader:
    """A read-only file object over :meth:`Payload.chunks`, for minio-py's ``put_object``."""

    def __init__(self, payload: Payload) -> None:
        self._chunks = payload.chunks()
        self._rest = b""

    def read(self, size: int = -1) -> bytes:
        wanted = size if size >= 0 else sys.maxsize
        pieces = []
        while wanted > 0:
            if not self._rest:
                self._rest = next(self._chunks, b"")
                if not self._rest:
                    break
            piece, self._rest = self._rest[:wanted], self._rest[wanted:]
            pieces.append(piece)
            wanted -= len(piece)
        return b"".join(pieces)


def multipart(payload: Payload, filename: str) -> tuple[int, Iterator[bytes]]:
    """The Content-Length and a generator of the form ``kind=proposal`` + ``file``."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="kind"\r\n\r\n'
        "proposal\r\n"
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from payload.chunks()
        yield tail

    return len(head) + payload.size + len(tail), body()


def marking_the_end(chunks: Iterator[bytes], marks: list[float]) -> Iterator[bytes]:
    """``chunks``, noting the time once http.client has sent the last one."""
    yield from chunks
    marks.append(time.perf_counter())


def wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited early:\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the service did not listen within {START_TIMEOUT}s")


class Service:
    """The service under ``flask run`` in a process of its own, so /proc shows its memory alone."""

    def __init__(self, workdir: Path, storage_url: str) -> None:
        self.port = free_port()
        self.log_path = workdir / "service.log"
        self.env = {
            **os.environ,
            "KT_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
            "KT_STORAGE_URL": storage_url,
            "KT_MAX_UPLOAD_MB": "1000",
            "KT_ARGON2_TIME_COST": "1",
            "KT_ARGON2_MEMORY_COST": "1024",
        }
        self.flask("db", "upgrade")
        self.flask("seed-demo")
        self.process = self.flask("run", "--port", str(self.port), "--no-reload", wait=False)
        try:
            wait_until_listening(self.process, self.port, self.log_path)
        except BaseException:
            self.stop()
            raise

    def flask(self, *args: str, wait: bool = True) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
        with open(self.log_path, "ab") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, stdin=subprocess.DEVNULL
            )
        if wait and process.wait() != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{self.log_path.read_text()}")
        return process

    def memory_kib(self) -> dict[str, int]:
        """VmRSS and VmHWM (peak) of the service process, in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines())
        return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}

    def reset_peak(self) -> None:
        """Set VmHWM back to the current VmRSS (Linux 4.0+)."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Api:
    """The clerk's side of the HTTP API, one connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.auth: dict[str, str] = {}

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def call(self, method: str, path: str, body: object = None) -> dict:
        conn = self.connect()
        headers = {"Content-Type": "application/json", **self.auth}
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        return self.answer(conn, f"{method} {path}")

    @staticmethod
    def answer(conn: http.client.HTTPConnection, what: str) -> dict:
        response = conn.getresponse()
        data = response.read()
        conn.close()
        if response.status >= 300:
            raise RuntimeError(f"{what}: {response.status} {data[:500]!r}")
        return dict(json.loads(data)) if data else {}

    def login(self, user: str) -> None:
        credentials = {"username": user, "password": "demo-2026"}
        token = self.call("POST", "/api/v1/auth/token", credentials)["access_token"]
        self.auth = {"Authorization": f"Bearer {token}"}

    def upload(self, dossier_id: int, payload: Payload) -> tuple[float, float, dict]:
        """Seconds until the last byte was sent, seconds until the answer, the attachment."""
        path = f"/api/v1/dossiers/{dossier_id}/attachments"
        length, body = multipart(payload, f"Tờ trình {payload.size // MB} MB.pdf")
        headers = {
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(length),
            **self.auth,
        }
        sent: list[float] = []
        started = time.perf_counter()
        conn = self.connect()
        conn.request("POST", path, marking_the_end(body, sent), headers)
        attachment = self.answer(conn, f"POST {path}")
        return sent[0] - started, time.perf_counter() - started, attachment

    def download(self, dossier_id: int, attachment_id: str) -> tuple[float, str]:
        path = f"/api/v1/dossiers/{dossier_id}/attachments/{attachment_id}/content"
        started = time.perf_counter()
        conn = self.connect()
        conn.request("GET", path, headers=self.auth)
        response = conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {response.read()[:500]!r}")
        digest, buffer = hashlib.sha256(), memoryview(bytearray(READ_SIZE))
        while n := response.readinto(buffer):
            digest.update(buffer[:n])
        conn.close()
        return time.perf_counter() - started, digest.hexdigest()

    def delete(self, dossier_id: int, attachment_id: str) -> None:
        self.call("DELETE", f"/api/v1/dossiers/{dossier_id}/attachments/{attachment_id}")


def sdk_put(client: Minio, key: str, payload: Payload) -> float:
    started = time.perf_counter()
    client.put_object(
        BUCKET,
        key,
        PayloadReader(payload),  # type: ignore[arg-type]  # minio only calls read()
        length=payload.size,
        part_size=PART_SIZE,
        content_type="application/pdf",
        num_parallel_uploads=1,
    )
    return time.perf_counter() - started


def sdk_get(client: Minio, key: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = client.get_object(BUCKET, key)
    digest = hashlib.sha256()
    try:
        for chunk in response.stream(READ_SIZE):
            digest.update(chunk)
    finally:
        response.close()
        response.release_conn()
    return time.perf_counter() - started, digest.hexdigest()


@dataclass
class Samples:
    api_sent: list[float] = field(default_factory=list)  # the upload's last byte left the client
    api_up: list[float] = field(default_factory=list)
    sdk_put: list[float] = field(default_factory=list)
    api_down: list[float] = field(default_factory=list)
    sdk_get: list[float] = field(default_factory=list)
    peak_up: list[int] = field(default_factory=list)  # service VmHWM in KiB
    peak_down: list[int] = field(default_factory=list)


@dataclass
class Bench:
    service: Service
    api: Api
    sdk: Minio
    dossier_id: int

    def api_round_trip(self, payload: Payload, expected: str, samples: Samples) -> None:
        self.service.reset_peak()
        sent, elapsed, attachment = self.api.upload(self.dossier_id, payload)
        samples.api_sent.append(sent)
        samples.api_up.append(elapsed)
        samples.peak_up.append(self.service.memory_kib()["VmHWM"])
        if attachment["sha256"] != expected or attachment["size"] != payload.size:
            raise RuntimeError(f"the service stored something else: {attachment}")
        self.service.reset_peak()
        elapsed, got = self.api.download(self.dossier_id, attachment["id"])
        samples.api_down.append(elapsed)
        samples.peak_down.append(self.service.memory_kib()["VmHWM"])
        if got != attachment["sha256"]:
            raise RuntimeError("the API download does not match the upload")
        self.api.delete(self.dossier_id, attachment["id"])

    def sdk_round_trip(self, payload: Payload, expected: str, samples: Samples) -> None:
        key = f"sdk/{payload.size}-{len(samples.sdk_put)}"
        samples.sdk_put.append(sdk_put(self.sdk, key, payload))
        elapsed, got = sdk_get(self.sdk, key)
        samples.sdk_get.append(elapsed)
        if got != expected:
            raise RuntimeError("the SDK download does not match the upload")
        self.sdk.remove_object(BUCKET, key)

    def measure(self, payload: Payload, runs: int) -> Samples:
        expected, samples = payload.sha256(), Samples()
        for _ in range(runs):  # alternate, so drift in machine load hits both sides alike
            self.api_round_trip(payload, expected, samples)
            self.sdk_round_trip(payload, expected, samples)
        return samples


def start_bench(service: Service, s3_port: int) -> Bench:
    api = Api(service.port)
    api.login("dc.clerk")
    dossier_id = int(api.call("POST", "/api/v1/dossiers", DOSSIER)["id"])
    sdk = Minio(
        f"127.0.0.1:{s3_port}",
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        secure=False,
        region="us-east-1",  # rclone does not answer GetBucketLocation
    )
    return Bench(service, api, sdk, dossier_id)


def report(size: int, runs: int, warm_kib: int, end_kib: int, s: Samples) -> None:
    def rate(times: list[float]) -> float:
        return size / MB / statistics.median(times)

    up, put, down, get = rate(s.api_up), rate(s.sdk_put), rate(s.api_down), rate(s.sdk_get)
    growth = (max(s.peak_up + s.peak_down) - warm_kib) / 1024
    print(f"runs: {runs} (median); service RSS after the 1 MB warm-up: {warm_kib / 1024:.1f} MiB")
    print(
        "| size | API upload MB/s | SDK put MB/s | ratio | API download MB/s | SDK get MB/s "
        "| ratio | service peak RSS growth |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {size // MB} MB | {up:.0f} | {put:.0f} | {put / up:.1f} | {down:.0f} | {get:.0f} "
        f"| {get / down:.1f} | {growth:.1f} MiB |"
    )

    def over(peaks: list[int]) -> str:
        return ", ".join(f"{(p - warm_kib) / 1024:.1f}" for p in peaks)

    print(f"peak growth per upload: {over(s.peak_up)} MiB; per download: {over(s.peak_down)} MiB")
    print(f"RSS after the runs: {(end_kib - warm_kib) / 1024:+.1f} MiB over the warm-up")
    sent, total = statistics.median(s.api_sent), statistics.median(s.api_up)
    print(
        f"API upload: last byte sent after {sent:.2f} s (the service spools the body to a "
        f"temporary file), 201 after {total:.2f} s (+{total - sent:.2f} s: temp file to the store)"
    )


def run(workdir: Path, size: int, runs: int) -> None:
    s3 = RcloneS3Server(workdir / "s3")
    try:
        service = Service(workdir, s3.url(BUCKET))
        try:
            bench = start_bench(service, s3.port)
            bench.measure(Payload(MB), runs=1)  # warm-up: imports, pools, first temp file
            warm_kib = service.memory_kib()["VmRSS"]
            samples = bench.measure(Payload(size), runs)
            report(size, runs, warm_kib, service.memory_kib()["VmRSS"], samples)
        finally:
            service.stop()
    finally:
        s3.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200, help="file size in MB (10^6 bytes)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kt-bench-attachments-"))
    try:
        run(workdir, args.size_mb * MB, args.runs)
    except BaseException:
        print(f"logs kept in {workdir}", file=sys.stderr)
        raise
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
