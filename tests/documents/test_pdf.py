"""PDF export through LibreOffice; a stand-in ``soffice`` script checks the invocation."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from service.documents import (
    PdfBusy,
    PdfConversionFailed,
    PdfConverter,
    PdfUnavailable,
    render_decision,
    template_path,
    to_pdf,
)
from service.domain.awards import Kind
from service.domain.decisions import Awardee

from .samples import make_decision

FAKE_SOFFICE = """#!/bin/sh
PATH=/usr/bin:/bin
echo "$@" >> "{log}"
while [ $# -gt 0 ]; do
  case "$1" in --outdir) out="$2"; shift;; esac
  shift
done
{action}
"""
WRITES_PDF = 'mkdir -p "$out" && printf "%%PDF-1.4 fake" > "$out/decision.pdf"'


def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str) -> Path:
    """Put a stand-in soffice alone on PATH; returns the file its arguments are logged to."""
    bin_dir, log = tmp_path / "bin", tmp_path / "soffice.log"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE.format(log=log, action=action))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return log


def test_to_pdf_raises_pdf_unavailable_when_soffice_is_not_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfUnavailable):
        to_pdf(b"PK not really a docx")


def test_each_conversion_gets_a_fresh_libreoffice_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_soffice(tmp_path, monkeypatch, WRITES_PDF)
    assert to_pdf(b"docx") == b"%PDF-1.4 fake"
    assert to_pdf(b"docx") == b"%PDF-1.4 fake"
    runs = log.read_text().splitlines()
    profiles = [a for run in runs for a in run.split() if a.startswith("-env:UserInstallation=")]
    assert len(profiles) == 2 and profiles[0] != profiles[1]
    assert all(p.startswith("-env:UserInstallation=file:///") for p in profiles)
    assert all("--headless" in run and "--convert-to pdf" in run for run in runs)
    leftover = Path(profiles[0].removeprefix("-env:UserInstallation=file://")).parent
    assert not leftover.exists()  # the working directory is removed after each run


def test_soffice_exiting_without_a_pdf_is_a_conversion_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path, monkeypatch, 'echo "Error: source file could not be loaded" >&2')
    with pytest.raises(PdfConversionFailed, match="could not be loaded"):
        to_pdf(b"docx")


def test_a_hung_soffice_is_killed_after_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path, monkeypatch, "sleep 30")
    with pytest.raises(PdfConversionFailed, match="longer than"):
        to_pdf(b"docx", timeout=0.5)


def test_a_hung_soffice_is_a_busy_converter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path, monkeypatch, "sleep 30")
    with pytest.raises(PdfBusy, match="longer than"):
        PdfConverter(timeout=0.5).convert(b"docx")


def test_a_conversion_waits_for_a_free_slot_and_gives_up_as_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path, monkeypatch, f"sleep 2; {WRITES_PDF}")
    converter = PdfConverter(concurrency=1, wait=0.3, timeout=10)
    first: list[bytes] = []
    running = threading.Thread(target=lambda: first.append(converter.convert(b"docx")))
    running.start()
    try:
        with pytest.raises(PdfBusy, match="1 conversions running"):
            threading.Event().wait(0.5)  # let the first one take the only slot
            converter.convert(b"docx")
    finally:
        running.join()
    assert first == [b"%PDF-1.4 fake"]
    assert converter.convert(b"docx") == b"%PDF-1.4 fake"  # the slot is free again


def test_the_converter_says_whether_libreoffice_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert PdfConverter.available() is False
    with pytest.raises(PdfUnavailable):
        PdfConverter().convert(b"docx")
    fake_soffice(tmp_path, monkeypatch, WRITES_PDF)
    assert PdfConverter.available() is True


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_turns_a_decision_into_a_pdf_with_pages() -> None:
    decision = make_decision(individuals=60, collectives=3)
    pdf = to_pdf(render_decision(template_path(decision.award.family), decision))
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_concurrent_conversions_all_produce_pdfs() -> None:
    decision = make_decision()
    data = render_decision(template_path(decision.award.family), decision)
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(to_pdf(data))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all(r.startswith(b"%PDF") for r in results)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice or poppler-utils is not installed (scripts/install-libreoffice)",
)
def test_the_first_page_of_a_decision_pdf_is_an_a4_page_with_its_fonts_embedded(
    tmp_path: Path,
) -> None:
    """Also leaves the page as docs/screenshots/08-decision-pdf.png (KT_UPDATE_SCREENSHOTS=1)."""
    decision = make_decision(individuals=4, collectives=0)
    pdf = to_pdf(render_decision(template_path(decision.award.family), decision))
    source = tmp_path / "decision.pdf"
    source.write_bytes(pdf)
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    width_mm, height_mm = (
        float(v) * 25.4 / 72 for v in (first.mediabox.width, first.mediabox.height)
    )
    assert (round(width_mm), round(height_mm)) == (210, 297)
    fonts = subprocess.run(["pdffonts", str(source)], capture_output=True, text=True, check=True)
    assert "Serif" in fonts.stdout  # Liberation Serif standing in for Times New Roman
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:])  # embedded
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "110",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    if os.environ.get("KT_UPDATE_SCREENSHOTS") == "1":
        (SCREENSHOTS / "08-decision-pdf.png").write_bytes(png)


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice or poppler-utils is not installed (scripts/install-libreoffice)",
)
def test_the_annex_of_a_mixed_decision_lists_collectives_households_then_individuals(
    tmp_path: Path,
) -> None:
    """Also leaves the annex page as docs/screenshots/13-decision-annex-pdf.png."""
    # The ward's Giấy khen: 0,3 × 2.340.000 rounded up is 710.000 for a person; collectives get
    # twice that, households one and a half times (1.065.000, rounded up to 1.070.000).
    awardees = [
        Awardee(Kind.INDIVIDUAL, "Nguyễn Văn An", "Công chức", "Phường Định Công", prize=710_000),
        Awardee(Kind.HOUSEHOLD, "Hộ ông Trần Văn Bảy", unit="Tổ dân phố số 5", prize=1_070_000),
        Awardee(Kind.COLLECTIVE, "Trường Tiểu học Định Công", unit="Định Công", prize=1_420_000),
        Awardee(
            Kind.HOUSEHOLD,
            "Hộ bà Phạm Thị Dung",
            unit="Tổ dân phố số 7",
            prize=1_070_000,
            reason="đã có thành tích xuất sắc trong xây dựng gia đình văn hóa",
        ),
    ]
    decision = make_decision(awardees=awardees)
    source = tmp_path / "decision.pdf"
    source.write_bytes(to_pdf(render_decision(template_path(decision.award.family), decision)))
    text = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout
    annex = " ".join(text.split("DANH SÁCH TẬP THỂ, HỘ GIA ĐÌNH, CÁ NHÂN")[1].split())
    order = ["I. TẬP THỂ", "Trường Tiểu học", "II. HỘ GIA ĐÌNH", "Hộ ông Trần Văn Bảy"]
    order += ["Hộ bà Phạm Thị Dung", "III. CÁ NHÂN", "Nguyễn Văn An"]
    assert [annex.index(s) for s in order] == sorted(annex.index(s) for s in order)
    assert "Hộ gia đình (chủ hộ)" in annex and "1.070.000" in annex and "2.140.000" in annex
    # Reasons differ: each row says its own, with the period, and Điều 1 points to the list.
    assert "xây dựng gia đình văn hóa năm 2026" in annex
    assert "đã có thành tích như nêu tại danh sách kèm theo" in " ".join(text.split())
    assert "Tổng số tiền thưởng: 4.270.000 đồng" in " ".join(text.split())
    pages = len(PdfReader(str(source)).pages)
    last = ["-f", str(pages), "-l", str(pages), "-singlefile"]
    picture = tmp_path / "annex"
    subprocess.run(["pdftoppm", "-r", "110", "-png", *last, str(source), str(picture)], check=True)
    png = picture.with_suffix(".png").read_bytes()
    assert png.startswith(b"\x89PNG")
    if os.environ.get("KT_UPDATE_SCREENSHOTS") == "1":
        (SCREENSHOTS / "13-decision-annex-pdf.png").write_bytes(png)
