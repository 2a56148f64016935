"""The CertificatePrinter port on fpdf2 (service.documents.certificates)."""

from __future__ import annotations

from service.documents.certificates import render_certificates, render_preview
from service.domain.certificate_layouts import CertificateSheet, Layout


class FpdfCertificatePrinter:
    def certificates(self, layout: Layout, sheet: CertificateSheet) -> bytes:
        return render_certificates(layout, sheet)

    def preview(self, layout: Layout) -> bytes:
        return render_preview(layout)
