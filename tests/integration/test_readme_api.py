"""The README's API walk-through runs as pasted, against the service as ``./scripts/run`` serves it.

The test takes the fenced block under the README's heading, starts the real service in a
subprocess on a free port over a fresh SQLite file with the demo world seeded (the commands
``scripts/run`` runs, minus the install), points the block at it through ``API`` and runs it
with bash. The demo world already holds sample dossiers, so the block must find its own ids.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from tests.s3server import free_port

ROOT = Path(__file__).resolve().parents[2]
HEADING = "## The API from a draft to its decision"
FIRST_LINE = "api=${API:-http://127.0.0.1:5000/api/v1}"
NOMINEE = "Nguyễn Văn An"
START_TIMEOUT = 60.0


def readme_block() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    assert HEADING in text, f"README.md has no section {HEADING!r}"
    section = text.split(HEADING, 1)[1]
    found = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert found, f"no ```sh block under {HEADING!r}"
    return found.group(1)


def flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"flask {' '.join(args)}:\n{done.stdout}\n{done.stderr}"


def wait_until_serving(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the service exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the service did not answer {url} within {START_TIMEOUT}s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The API base URL of the service, set up as ``scripts/run`` sets it up."""
    run = (ROOT / "scripts" / "run").read_text("utf-8")
    for step in ("flask db upgrade", "flask seed-demo", "flask run"):
        assert step in run, f"scripts/run no longer runs {step!r}: update this test"
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KT_")},
        "FLASK_APP": "wsgi",
        "KT_DATABASE_URL": f"sqlite:///{tmp_path / 'khenthuong.db'}",
        "KT_STORAGE_URL": f"file://{tmp_path / 'objects'}",
        "KT_ARGON2_TIME_COST": "1",
        "KT_ARGON2_MEMORY_COST": "1024",
    }
    flask(env, "db", "upgrade")
    flask(env, "seed-demo")
    log = tmp_path / "service.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-reload",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        api = f"http://127.0.0.1:{port}/api/v1"
        wait_until_serving(server, f"{api}/openapi.json", log)
        yield api
    finally:
        server.terminate()
        server.wait(timeout=10)


def document_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([*(p.text for p in doc.paragraphs), *cells])


def test_the_readme_block_starts_at_the_default_address_and_reads_API() -> None:
    assert readme_block().splitlines()[0] == FIRST_LINE


def test_the_readme_api_walkthrough_runs_as_pasted_to_a_downloaded_decision(
    served: str, tmp_path: Path
) -> None:
    workdir = tmp_path / "reader"
    workdir.mkdir()
    script = workdir / "api-demo.sh"
    script.write_text(readme_block(), "utf-8")

    done = subprocess.run(
        ["bash", str(script)],
        cwd=workdir,
        env={**os.environ, "API": served},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    lines = done.stdout.splitlines()
    dossier_id = int(lines[0].removeprefix("dossier "))
    assert dossier_id > 1, "the demo world's sample dossiers should come first"
    assert lines[-9:-2] == [
        *["in_review", "in_review", "in_review", "approved"],
        *["submitted_for_signature", "signed", "issued"],
    ]
    decision = json.loads(lines[-2])
    assert (decision["dossier_id"], decision["issuer_org_code"]) == (dossier_id, "HN")
    assert decision["status"] == "issued" and re.fullmatch(r"\d{2,}/QĐ-UBND", decision["number"])
    assert decision["signature_block"][:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    register = json.loads(lines[-1])["items"]
    assert decision["number"] in [d["number"] for d in register]
    assert {d["issuer_org_code"] for d in register} == {"HN"}

    docx = workdir / "quyet-dinh.docx"
    assert docx.stat().st_size == decision["size"]
    assert NOMINEE in document_text(docx)
    assert (workdir / "to-trinh.pdf").read_bytes().startswith(b"%PDF-1.4")
