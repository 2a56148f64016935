"""How much render_decision costs over a bare docxtpl render of the same template and context.

Run ``.venv/bin/python bench/decisions.py``. Both sides open the stock bang_khen template, render
and save to memory; render_decision also builds the context from the Decision and renders in
the sandboxed, autoescaping environment. Times are medians; runs of the two sides alternate so
drift in machine load hits both alike.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from docxtpl import DocxTemplate

from service.documents import render_decision, template_path
from service.domain.awards import Kind
from service.domain.decisions import (
    COLLECTIVE_FACTOR,
    Award,
    Awardee,
    AwardFamily,
    Decision,
    Issuer,
    Signer,
    prize_amount,
    template_context,
)

SIZES = {10: 9, 500: 7, 3000: 5}  # awardees -> runs
BASE_SALARY = 2_340_000


def decision(size: int) -> Decision:
    """A Bằng khen decision for ``size`` awardees, one in ten of them collectives."""
    awardees = [awardee(i) for i in range(size)]
    return Decision(
        issuer=Issuer(
            body="Ủy ban nhân dân thành phố Hà Nội",
            authority="Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
            place="Hà Nội",
        ),
        award=Award(AwardFamily.BANG_KHEN, "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố"),
        issued_on=date(2027, 3, 15),
        number=123,
        awardees=awardees,
        signer=Signer("Trần Sỹ Thanh", "Chủ tịch", "TM", "Ủy ban nhân dân"),
        legal_bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"] * 4,
        proposer="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV",
        reason="đã có thành tích xuất sắc trong phong trào thi đua năm 2026",
        executors=["Chánh Văn phòng UBND thành phố", "Giám đốc Sở Nội vụ"],
        recipients=["Như Điều 3", "Thường trực Thành ủy", "Thường trực HĐND thành phố"],
        archive="VT, SNV",
        funding_source="trích từ Quỹ thi đua, khen thưởng thành phố",
    )


def awardee(i: int) -> Awardee:
    if i % 10 == 0:
        prize = prize_amount(Decimal("1.5"), BASE_SALARY, COLLECTIVE_FACTOR)
        return Awardee(Kind.COLLECTIVE, f"Phòng Văn hóa - Xã hội phường số {i}", prize=prize)
    return Awardee(
        Kind.INDIVIDUAL,
        f"Nguyễn Thị Ánh Tuyết {i}",
        position="Chuyên viên",
        unit=f"Phường Định Công, tổ {i % 40}",
        achievements="Hoàn thành xuất sắc nhiệm vụ năm 2026",
        prize=prize_amount(Decimal("1.5"), BASE_SALARY),
    )


def bare(context: dict[str, object]) -> bytes:
    doc = DocxTemplate(template_path(AwardFamily.BANG_KHEN))
    doc.render(context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def timed(work: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(size: int, runs: int) -> tuple[float, float]:
    subject = decision(size)
    context = template_context(subject)
    path = template_path(AwardFamily.BANG_KHEN)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        ours.append(timed(lambda: render_decision(path, subject)))
        theirs.append(timed(lambda: bare(context)))
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    timed(lambda: render_decision(template_path(AwardFamily.BANG_KHEN), decision(10)))  # warm-up
    print(f"{'awardees':>8} | {'render_decision':>15} | {'bare docxtpl':>12} | {'ratio':>5}")
    print(f"{'-' * 8}-+-{'-' * 15}-+-{'-' * 12}-+-{'-' * 5}")
    for size, runs in SIZES.items():
        ours, theirs = measure(size, runs)
        ms_ours, ms_theirs = ours * 1000, theirs * 1000
        print(f"{size:>8} | {ms_ours:>12.1f} ms | {ms_theirs:>9.1f} ms | {ours / theirs:>5.2f}")


if __name__ == "__main__":
    main()
