"""The import rules of the architecture, checked on the source, so that breaking them fails."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from service.settings import ROOT


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imports_any(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in imported_modules(path) if any(m == p or m.startswith(p + ".") for p in prefixes)
    )


@pytest.mark.parametrize("path", sources("service/domain"), ids=lambda p: p.name)
def test_the_domain_imports_no_framework(path: Path) -> None:
    assert (
        imports_any(
            path,
            (
                "flask",
                "sqlalchemy",
                "SpiffWorkflow",
                "werkzeug",
                "storage",
                "service.adapters",
                "service.usecases",
                "service.api",
            ),
        )
        == []
    )


@pytest.mark.parametrize("path", sources("service/usecases"), ids=lambda p: p.name)
def test_use_cases_do_not_reach_for_the_web_layer_or_the_orm(path: Path) -> None:
    assert imports_any(path, ("flask", "werkzeug", "sqlalchemy", "service.api")) == []


def test_only_the_storage_package_imports_minio() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("service", "bench", "tests")
        for p in sources(folder)
        if imports_any(p, ("minio",))
    ]
    offenders = [p for p in offenders if not p.startswith(("bench/", "tests/storage/"))]
    assert offenders == []
