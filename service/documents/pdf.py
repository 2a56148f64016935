"""PDF export of rendered decisions through LibreOffice (``soffice --headless``).

Owns the soffice invocation. Each run gets its own LibreOffice profile directory: two
conversions sharing a profile contend for its lock, and the loser exits 0 without writing a PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (no ``soffice`` on PATH): offer the .docx only."""


class PdfConversionFailed(RuntimeError):
    """soffice ran but produced no PDF, or ran out of time."""


def to_pdf(docx: bytes, *, timeout: float = 120.0) -> bytes:
    """Convert .docx bytes to PDF bytes; raises PdfUnavailable or PdfConversionFailed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise PdfUnavailable("soffice (LibreOffice) is not on PATH")
    with tempfile.TemporaryDirectory(prefix="khenthuong-pdf-") as tmp:
        work = Path(tmp)
        source = work / "decision.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        stderr = _run(command, timeout)
        pdf = work / "out" / "decision.pdf"
        if not pdf.is_file():
            raise PdfConversionFailed(f"soffice wrote no PDF: {stderr[-500:]}")
        return pdf.read_bytes()


def _run(command: list[str], timeout: float) -> str:
    # soffice forks soffice.bin; its own session lets a timeout kill the whole group, which is
    # still only processes this call started.
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PdfConversionFailed(f"soffice took longer than {timeout:g} s") from exc
    return err.decode("utf-8", "replace")
