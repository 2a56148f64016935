"""Realistic decisions for the document tests and the bench: a ward of Hà Nội, January 2027."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx
from docx.document import Document as DocxDocument

from service.domain.awards import Kind
from service.domain.decisions import (
    COLLECTIVE_FACTOR,
    Awardee,
    AwardFamily,
    Decision,
    Issuer,
    PrintedAward,
    Signer,
    prize_amount,
)
from service.domain.proposal_fields import Period, Submission

BASE_SALARY = 2_340_000
INDIVIDUAL_PRIZE = prize_amount(Decimal("0.3"), BASE_SALARY)
COLLECTIVE_PRIZE = prize_amount(Decimal("0.3"), BASE_SALARY, COLLECTIVE_FACTOR)

WARD = Issuer(
    body="Ủy ban nhân dân phường Định Công",
    authority="Chủ tịch Ủy ban nhân dân phường Định Công",
    place="Định Công",
    parent_body="Ủy ban nhân dân thành phố Hà Nội",
)
CHAIR = Signer(name="Nguyễn Văn Hùng", title="Chủ tịch")
BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân "
    "cấp, phân quyền trong lĩnh vực thi đua, khen thưởng.",
)
GIVEN = ("Ánh Tuyết", "Minh Anh", "Quốc Bảo", "Thị Hương", "Đức Thắng", "Thu Trang")
FAMILY = ("Nguyễn Thị", "Trần", "Lê", "Phạm", "Hoàng", "Vũ")


def individual(i: int) -> Awardee:
    name = "Nguyễn Thị Ánh Tuyết" if i == 0 else f"{FAMILY[i % 6]} {GIVEN[i % 6]} {i}"
    return Awardee(
        kind=Kind.INDIVIDUAL,
        full_name=name,
        position="Tổ trưởng tổ dân phố số 5" if i % 2 else "Công chức Văn hóa - Xã hội",
        unit="Phường Định Công",
        achievements="Hoàn thành xuất sắc nhiệm vụ năm 2026",
        prize=INDIVIDUAL_PRIZE,
    )


def collective(i: int) -> Awardee:
    name = "Công ty A & B <Hà Nội>" if i == 0 else f"Tổ dân phố số {i}"
    return Awardee(
        kind=Kind.COLLECTIVE,
        full_name=name,
        unit="Phường Định Công",
        prize=COLLECTIVE_PRIZE,
    )


def make_decision(
    individuals: int = 5,
    collectives: int = 2,
    family: AwardFamily = AwardFamily.GIAY_KHEN,
    **changes: object,
) -> Decision:
    awardees = [collective(i) for i in range(collectives)]
    awardees += [individual(i) for i in range(individuals)]
    fields: dict[str, object] = {
        "issuer": WARD,
        "award": PrintedAward(family, "Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công"),
        "issued_on": date(2027, 1, 5),
        "number": 5,
        "awardees": awardees,
        "signer": CHAIR,
        "legal_bases": BASES,
        # The proposer's tờ trình, then the office's line with its own (domain.md §4).
        "proposed_by": "Trưởng phòng Văn hóa - Xã hội",
        "proposal": Submission("12/TTr-VHXH", date(2027, 1, 2)),
        "proposer": "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
        "office_submission": Submission("03/TTr-VP", date(2027, 1, 4)),
        "reason": "đã có thành tích xuất sắc trong phong trào thi đua",
        "period": Period(date(2026, 1, 1), date(2026, 12, 31)),
        "executors": ("Chánh Văn phòng HĐND và UBND phường", "Trưởng phòng Văn hóa - Xã hội"),
        "recipients": ("Như Điều 3", "Chủ tịch, các PCT UBND phường"),
        "archive": "VT, VHXH",
        "funding_source": "trích từ Quỹ thi đua, khen thưởng của phường Định Công",
    }
    fields.update(changes)
    return Decision(**fields)  # type: ignore[arg-type]


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))
