"""The gates of scripts/test bite: import-linter and mypy, run on a copy of the source tree.

The layering rules themselves are the import-linter contracts in pyproject.toml
(``[tool.importlinter]``); scripts/test runs ``lint-imports`` and ``mypy`` before pytest. These
tests copy service/, storage/ and pyproject.toml to a temporary folder, break one rule there, and
check that the gate fails and names what broke. The copy is put first on PYTHONPATH so that the
tools analyse it and not the editable install of this checkout.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from service.settings import ROOT

BIN = Path(sys.executable).parent
CONTRACTS = {
    c["name"]: c
    for c in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
}


def contract(starting: str) -> str:
    (name,) = [n for n in CONTRACTS if n.startswith(starting)]
    return name


def copy_tree(to: Path) -> Path:
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("service", "storage", "tests"):  # mypy also checks the fakes
        shutil.copytree(ROOT / folder, to / folder, ignore=skip)
    shutil.copy2(ROOT / "pyproject.toml", to / "pyproject.toml")
    return to


def run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(cwd), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [str(BIN / tool), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def lint_imports(tree: Path) -> tuple[int, str]:
    done = run("lint-imports", "--no-cache", cwd=tree)
    # Rich wraps long contract names at the terminal width; compare with whitespace collapsed.
    return done.returncode, " ".join((done.stdout + done.stderr).split())


def inject(tree: Path, path: str, source: str) -> None:
    (tree / path).write_text(source, "utf-8")


def test_the_unmodified_tree_keeps_every_contract(tmp_path: Path) -> None:
    code, out = lint_imports(copy_tree(tmp_path))
    assert code == 0, out
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in out


@pytest.mark.parametrize(
    ("path", "source", "broken", "chain"),
    [
        pytest.param(
            "service/usecases/shortcut.py",
            "from service.adapters.tables import dossiers\n",
            "Use cases reach adapters only through their ports",
            "service.usecases.shortcut -> service.adapters.tables",
            id="use case imports a table",
        ),
        pytest.param(
            "service/domain/framework.py",
            "import flask\n",
            "The domain is plain Python",
            "service.domain.framework -> flask",
            id="domain imports flask",
        ),
        pytest.param(
            "storage/sdk.py",
            "import minio\n",
            "Only storage.s3 imports minio",
            "storage.sdk -> minio",
            id="storage module other than s3 imports minio",
        ),
    ],
)
def test_lint_imports_fails_naming_the_broken_contract(
    tmp_path: Path, path: str, source: str, broken: str, chain: str
) -> None:
    tree = copy_tree(tmp_path)
    inject(tree, path, source)
    code, out = lint_imports(tree)
    assert code != 0, out
    assert f"{contract(broken)} BROKEN" in out
    assert f"Contracts: {len(CONTRACTS) - 1} kept, 1 broken." in out
    assert chain in out


def test_mypy_fails_on_a_domain_function_returning_the_wrong_type(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "tree")
    # Reuse the checkout's mypy cache when scripts/test has just filled it: mypy then rechecks
    # only what changed (entries are validated by content hash, so the new path does not matter).
    cache = tmp_path / "mypy-cache"
    if (ROOT / ".mypy_cache").is_dir():
        shutil.copytree(ROOT / ".mypy_cache", cache)
    inject(tree, "service/domain/wrong.py", 'def answer() -> int:\n    return "forty-two"\n')
    done = run("mypy", "--cache-dir", str(cache), cwd=tree)
    assert done.returncode != 0, done.stdout
    assert (
        'service/domain/wrong.py:2: error: Incompatible return value type (got "str", expected '
        '"int")  [return-value]'
    ) in done.stdout


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_storage_tests_import_minio() -> None:
    # lint-imports sees service and storage; the tests are not a package it analyses.
    offenders = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "tests").rglob("*.py"))
        if not p.is_relative_to(ROOT / "tests" / "storage")
        and any(m == "minio" or m.startswith("minio.") for m in imported_modules(p))
    ]
    assert offenders == []
