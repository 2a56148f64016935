"""Rendering decision templates to .docx bytes, and vetting replacement templates.

Owns which template file prints which award family, the Jinja environment every render uses, and
the check that an uploaded template only asks for variables the decision context provides. The
environment is sandboxed and bounded (``service.documents.sandbox``) because org-unit admins may
upload templates, and autoescaped so "&" and "<" in names stay text instead of breaking the XML.
Uploaded bytes pass ``check_package`` before python-docx opens them. These functions run in the
calling process; ``service.documents.guard`` runs them for uploaded templates in a child process
that a budget can stop.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import ChainableUndefined, TemplateRuntimeError, UndefinedError
from jinja2.utils import missing
from lxml import etree

from service.documents.errors import TemplateInvalid
from service.documents.package import check_package
from service.documents.sandbox import DecisionEnvironment
from service.domain.decisions import AwardFamily, Decision, template_context

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

TemplateSource = Path | bytes


def template_path(family: AwardFamily | str, templates_dir: Path = TEMPLATES_DIR) -> Path:
    """The stock template of an award family, e.g. ``templates/bang_khen.docx``."""
    return templates_dir / f"{AwardFamily(family).value}.docx"


def render_decision(template: TemplateSource, decision: Decision) -> bytes:
    """The decision as .docx bytes, from a template path or an uploaded template's bytes."""
    return render_context(template, template_context(decision))


def render_context(template: TemplateSource, context: Mapping[str, Any]) -> bytes:
    """Render with an already built context, e.g. one that ``template_context`` returned."""
    doc = _open(template)
    try:
        doc.render(dict(context), jinja_env=_environment(), autoescape=True)
    except MemoryError:
        raise
    except Exception as exc:  # Jinja's, lxml's or Python's: the template made it (e.g. 1/0)
        raise TemplateInvalid.failed(exc) from exc
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def undeclared_variables(
    template: TemplateSource, sample: Decision | Mapping[str, Any]
) -> set[str]:
    """Variables the template uses that ``sample``'s context lacks, e.g. {"so_qd", "issuer.nam"}.

    Top-level names come from docxtpl's static scan, so every branch counts. Attributes
    (``issuer.nam``) are only known at run time, so they come from a trial render of ``sample``:
    give a sample with collectives, individuals, a parent body and prizes to reach every branch.
    """
    context = dict(sample) if isinstance(sample, Mapping) else template_context(sample)
    doc = _open(template)
    try:
        names: set[str] = set(doc.get_undeclared_template_variables(_environment(), context))
        return names | _missing_attributes(doc, context)
    except MemoryError:
        raise
    except Exception as exc:  # as in render_context
        raise TemplateInvalid.failed(exc) from exc


def template_names(template: TemplateSource) -> set[str]:
    """The top-level variables the template uses anywhere, in every branch (a static scan),
    e.g. {"number", "issuer", "collectives"}: what its parts print from."""
    doc = _open(template)
    try:
        return set(doc.get_undeclared_template_variables(_environment()))
    except MemoryError:
        raise
    except Exception as exc:  # as in render_context
        raise TemplateInvalid.failed(exc) from exc


def _environment(
    undefined: type[ChainableUndefined] | None = None,
) -> DecisionEnvironment:
    env = DecisionEnvironment(autoescape=True)
    if undefined is not None:
        env.undefined = undefined
    return env


def _open(template: TemplateSource) -> DocxTemplate:
    if isinstance(template, bytes):
        check_package(template)
    source = io.BytesIO(template) if isinstance(template, bytes) else Path(template)
    doc = DocxTemplate(source)
    try:
        doc.init_docx()
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.LxmlError) as exc:
        raise TemplateInvalid(
            "Tệp mẫu không phải tài liệu Word (.docx).", {"file": "không mở được"}
        ) from exc
    return doc


def _missing_attributes(doc: DocxTemplate, context: dict[str, Any]) -> set[str]:
    paths = _paths(context)
    found: set[str] = set()

    class Recording(ChainableUndefined):
        """Notes each attribute looked up on a real context value that does not have it."""

        __slots__ = ()

        def __init__(
            self,
            hint: str | None = None,
            obj: Any = missing,
            name: str | None = None,
            exc: type[TemplateRuntimeError] = UndefinedError,
        ) -> None:
            super().__init__(hint, obj, name, exc)
            if obj is not missing and name is not None:
                found.add(f"{paths.get(id(obj), type(obj).__name__)}.{name}")

    doc.render(context, jinja_env=_environment(Recording), autoescape=True)
    return found


def _paths(value: Any, path: str = "", seen: dict[int, str] | None = None) -> dict[int, str]:
    """Dotted path of every dict and list in the context, by identity, to name what is missing.

    List items share their list's path plus "[]": ``collectives[].nam`` reads as "the field
    ``nam`` of a row of collectives".
    """
    seen = {} if seen is None else seen
    if isinstance(value, Mapping):
        if path:
            seen.setdefault(id(value), path)
        for key, item in value.items():
            _paths(item, f"{path}.{key}" if path else str(key), seen)
    elif isinstance(value, list | tuple):
        seen.setdefault(id(value), path)
        for item in _dicts(value):
            _paths(item, f"{path}[]", seen)
    return seen


def _dicts(items: Iterable[Any]) -> Iterable[Any]:
    return (item for item in items if isinstance(item, Mapping | list | tuple))
