"""The fast use-case tests: real use cases and the real workflow engine, fakes for everything else.

No Flask app, no database, no network. The suite's root conftest imports Flask and SQLAlchemy for
the other tests, so "is it in sys.modules?" proves nothing in a full run; instead the guard below
reads the source: it follows the module-level imports of these tests, of ``tests/fakes.py`` and of
every first-party module they reach, and fails the session if any of them loads a web framework, a
database driver or an adapter other than the (pure) workflow engine. ``test_isolation.py`` checks
the same at run time in a fresh interpreter.

Every test collected here is marked ``fast``: ``pytest -m fast`` runs them alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.adapters.workflow import WorkflowEngine
from service.settings import ROOT
from service.usecases.admin import seed_demo
from tests.fakes import FakePasswords, FakeUnitOfWork, World
from tests.unit.usecases.kit import Kit

HERE = Path(__file__).parent
FIRST_PARTY = ("service", "storage", "tests")
FORBIDDEN = (
    "flask",
    "werkzeug",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "minio",
    "argon2",
    "docx",
    "docxtpl",
    "service.adapters",
    "service.api",
    "service.web",
    "tests.conftest",
)
# The workflow engine is an adapter, but a pure one: it parses BPMN files and runs them in memory.
ALLOWED = frozenset(
    {
        "service.adapters",
        "service.adapters.workflow",
        "service.adapters.workflow_checks",
        "service.adapters.restricted",
        # Reads the rulebooks shipped as package data, as the workflow adapter reads the BPMN.
        "service.adapters.rulebook_files",
    }
)

THREE_TIER = RulebookFiles.packaged().require("three_tier_nd98")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run when the module is imported (not function bodies, not TYPE_CHECKING)."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and not _is_type_checking(node):
            yield from _module_level(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            yield from _module_level(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                yield from _module_level(handler.body)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _module_level(node.body)


def _source(module: str) -> Path | None:
    if module.split(".")[0] not in FIRST_PARTY:
        return None
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    )
    found: set[str] = set()
    for node in _module_level(ast.parse(path.read_text("utf-8")).body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # "from package import module" imports the module too.
            found.update(f"{base}.{a.name}" for a in node.names if _source(f"{base}.{a.name}"))
    return found


def reached_from(paths: Iterable[Path]) -> dict[str, str]:
    """Every module imported, transitively, at import time: module -> the module importing it."""
    by: dict[str, str] = {}
    todo = [(_module_name(p), "<test>") for p in paths]
    while todo:
        module, parent = todo.pop()
        if module in by:
            continue
        by[module] = parent
        parts = module.split(".")
        # Importing a.b.c runs a/__init__ and a/b/__init__ first.
        todo.extend((".".join(parts[:i]), module) for i in range(1, len(parts)))
        source = _source(module)
        if source is not None:
            todo.extend((child, module) for child in _imports(source))
    return by


def _forbidden(module: str) -> bool:
    return module not in ALLOWED and any(
        module == f or module.startswith(f + ".") for f in FORBIDDEN
    )


def offenders(paths: Iterable[Path]) -> list[str]:
    by = reached_from(paths)
    found = []
    for module in sorted(m for m in by if _forbidden(m)):
        chain, step = [module], module
        while by.get(step, "<test>") != "<test>":
            step = by[step]
            chain.append(step)
        found.append(" <- ".join(chain))
    return found


def fast_sources() -> list[Path]:
    return [
        ROOT / "tests" / "fakes.py",
        *sorted(p for p in HERE.glob("*.py") if p.name != "conftest.py"),
    ]


@pytest.fixture(scope="session", autouse=True)
def _no_framework_or_database() -> None:
    if found := offenders(fast_sources()):
        pytest.fail("the fast tests reach outside the use cases:\n" + "\n".join(found))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.fast)


@pytest.fixture(scope="session")
def engine() -> WorkflowEngine:
    return WorkflowEngine(ROOT / "workflows", "nomination")


@pytest.fixture(scope="session")
def demo_world(engine: WorkflowEngine) -> World:
    """The demo catalogue, org units and users, seeded once through the fakes."""
    uow = FakeUnitOfWork()
    seed_demo(THREE_TIER, engine.lanes, uow=uow, passwords=FakePasswords())
    return uow.world


@pytest.fixture
def kit(demo_world: World, engine: WorkflowEngine) -> Kit:
    return Kit(FakeUnitOfWork(demo_world.copy()), engine)


@pytest.fixture
def uow(kit: Kit) -> FakeUnitOfWork:
    return kit.uow
