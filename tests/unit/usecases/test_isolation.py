"""The fast tests stay fast: nothing they import opens an app, a database or a network client."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from service.settings import ROOT
from tests.unit.usecases.conftest import fast_sources, offenders

LOADED_AT_RUN_TIME = (
    "flask",
    "werkzeug",
    "sqlalchemy",
    "psycopg",
    "minio",
    "argon2",
    "docxtpl",
    "service.adapters.tables",
    "service.adapters.uow",
    "service.api",
    "service.web",
)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_the_fakes_and_the_tests_import_no_framework_database_or_adapter() -> None:
    assert offenders(fast_sources()) == []


def test_the_guard_would_catch_a_test_that_reached_for_the_database() -> None:
    found = offenders([ROOT / "tests" / "conftest.py"])
    assert any(line.startswith("sqlalchemy <- ") for line in found)
    assert any(line.startswith("flask <- ") for line in found)


def test_a_fresh_interpreter_importing_the_fast_tests_loads_no_framework() -> None:
    modules = [_module(p) for p in fast_sources()]
    program = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = {LOADED_AT_RUN_TIME!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if any(m == b or m.startswith(b + '.') for b in bad))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(run.stdout) == []
