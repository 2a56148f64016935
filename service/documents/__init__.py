"""Word and PDF documents the service issues: today the commendation decision.

The decision's content and wording rules live in ``service.domain.decisions``; this package turns
them into files — ``render`` fills .docx templates (see ``templates/``), ``pdf`` converts them.
"""

from service.documents.pdf import PdfConversionFailed, PdfUnavailable, to_pdf
from service.documents.render import (
    TEMPLATES_DIR,
    TemplateInvalid,
    render_context,
    render_decision,
    template_path,
    undeclared_variables,
)

__all__ = [
    "TEMPLATES_DIR",
    "PdfConversionFailed",
    "PdfUnavailable",
    "TemplateInvalid",
    "render_context",
    "render_decision",
    "template_path",
    "to_pdf",
    "undeclared_variables",
]
