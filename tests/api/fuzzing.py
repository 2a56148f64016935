"""Running schemathesis (its ``st`` command) against a served instance, as one signed-in user.

The run is bounded and reproducible: a fixed seed, a fixed number of examples per operation, one
worker (so the server's state, and with it what each case meets, is the same every time), and
no example database carried between runs. ``CHECKS`` are what the run must find nothing
against: no 5xx, every answer's status, media type, headers and body as the document says, and
405 with ``Allow`` for a method an address does not take.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SEED = 2026
MAX_EXAMPLES = 5
TIMEOUT_SECONDS = 300
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "unsupported_method",
    "allow_header_conformance",
)
# Signing out revokes the very token the run is using: everything after it would be a 401.
OWN_TOKEN_REVOKERS = ("/api/v1/auth/logout",)
_GENERATED = re.compile(r"(\d+) generated")


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str

    @property
    def cases(self) -> int:
        found = _GENERATED.findall(self.output)
        return int(found[-1]) if found else 0

    def server_errors(self) -> int:
        return self.output.count("Server error\n")


def schemathesis(base_url: str, token: str, workdir: Path) -> Run:
    st = Path(sys.executable).with_name("st")
    command = [
        str(st),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--seed",
        str(SEED),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--phases",
        "examples,coverage,fuzzing",
        "--checks",
        ",".join(CHECKS),
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
    ]
    for path in OWN_TOKEN_REVOKERS:
        command += ["--exclude-path", path]
    done = subprocess.run(
        command,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    return Run(done.returncode, done.stdout + done.stderr)
