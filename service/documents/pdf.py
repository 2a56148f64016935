"""PDF export of rendered decisions through LibreOffice (``soffice --headless``).

Owns the soffice invocation. Each run gets its own LibreOffice profile directory: two
conversions sharing a profile contend for its lock, and the loser exits 0 without writing a PDF.
``PdfConverter`` bounds how many run at once (each soffice takes a core and ~200 MB) and how long
one may take; past either bound it raises PdfBusy, which the service answers 503 with Retry-After.
scripts/install-libreoffice installs LibreOffice where the tests or the service need it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (no ``soffice`` on PATH): offer the .docx only."""


class PdfConversionFailed(RuntimeError):
    """soffice ran but produced no PDF."""


class PdfBusy(PdfConversionFailed):
    """Too many conversions already running, or this one ran out of time: try again later."""


class PdfConverter:
    """Conversions bounded in number (``concurrency`` at once, waiting ``wait`` seconds at most
    for a slot) and in time (``timeout`` seconds each)."""

    def __init__(self, *, concurrency: int = 2, wait: float = 10.0, timeout: float = 60.0) -> None:
        self.concurrency, self.wait, self.timeout = concurrency, wait, timeout
        self._slots = threading.BoundedSemaphore(concurrency)

    @staticmethod
    def available() -> bool:
        """Whether LibreOffice is installed, so the pages may offer the PDF."""
        return shutil.which("soffice") is not None

    def convert(self, docx: bytes) -> bytes:
        if not self.available():
            raise PdfUnavailable("soffice (LibreOffice) is not on PATH")
        if not self._slots.acquire(timeout=self.wait):
            raise PdfBusy(f"{self.concurrency} conversions running for over {self.wait:g} s")
        try:
            return to_pdf(docx, timeout=self.timeout)
        finally:
            self._slots.release()


def to_pdf(docx: bytes, *, timeout: float = 120.0) -> bytes:
    """Convert .docx bytes to PDF bytes; raises PdfUnavailable, PdfBusy (out of time) or
    PdfConversionFailed. Unbounded in number: the service goes through PdfConverter."""
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
        raise PdfBusy(f"soffice took longer than {timeout:g} s") from exc
    return err.decode("utf-8", "replace")
