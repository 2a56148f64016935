"""Word and PDF documents the service issues: today the commendation decision.

The decision's content and wording rules live in ``service.domain.decisions``; this package turns
them into files — ``render`` fills .docx templates (see ``templates/``), ``pdf`` converts them.
Templates are hostile input: ``package`` opens them with bounded sizes and hardened XML,
``sandbox`` bounds what their Jinja may do, ``guard`` runs each render in a child process that a
wall-clock and memory budget stops.
``certificates`` prints the certificates of an issued decision onto pre-printed blanks (fpdf2);
import it by its own name, so that fpdf2 loads only where certificates are made.
"""

from service.documents import guard
from service.documents.errors import TemplateInvalid
from service.documents.guard import Budget
from service.documents.package import PackageLimits, check_package
from service.documents.pdf import (
    PdfBusy,
    PdfConversionFailed,
    PdfConverter,
    PdfUnavailable,
    to_pdf,
)
from service.documents.render import (
    TEMPLATES_DIR,
    render_context,
    render_decision,
    template_path,
    undeclared_variables,
)

__all__ = [
    "TEMPLATES_DIR",
    "Budget",
    "PackageLimits",
    "PdfBusy",
    "PdfConversionFailed",
    "PdfConverter",
    "PdfUnavailable",
    "TemplateInvalid",
    "check_package",
    "guard",
    "render_context",
    "render_decision",
    "template_path",
    "to_pdf",
    "undeclared_variables",
]
