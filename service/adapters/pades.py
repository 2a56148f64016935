"""The ``PdfSeal`` port over ``service.documents.signing`` (pyHanko): signs a decision's PDF
with a signer's stored credential and checks signed PDFs against the trust roots read once, when
the application is built, from ``KT_TRUST_ROOTS``."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from service.documents.signing import Credential, load_trust_roots, sign_pdf, verify_pdf
from service.domain.originals import SignatureCheck


def trust_root_paths(setting: str) -> list[str]:
    """The files ``KT_TRUST_ROOTS`` names, separated by commas or the platform's path
    separator (``:`` on Linux), blanks ignored."""
    return [p.strip() for p in re.split(rf"[,{re.escape(os.pathsep)}]", setting) if p.strip()]


class PadesSeal:
    def __init__(self, trust_roots: Sequence[bytes] = ()) -> None:
        self.roots = list(trust_roots)

    @classmethod
    def from_setting(cls, setting: str) -> PadesSeal:
        """A file that is not a certificate fails here, at start, as a ConfigurationError."""
        return cls(load_trust_roots(trust_root_paths(setting)))

    @property
    def has_trust_roots(self) -> bool:
        return bool(self.roots)

    def sign(
        self,
        pdf: bytes,
        credential: Mapping[str, object],
        *,
        reason: str,
        location: str,
        signer_name: str,
    ) -> bytes:
        # The secret is read from the environment now, each time: rotating it needs no restart.
        return sign_pdf(
            pdf,
            Credential.from_json(credential),
            reason=reason,
            location=location,
            signer_name=signer_name,
        )

    def verify(self, pdf: bytes) -> SignatureCheck:
        return verify_pdf(pdf, self.roots)
