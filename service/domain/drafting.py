"""Drafting a decision from an approved dossier: who is awarded what, and for how much.

Pure: takes the dossier, its award, the issuer's profile, the signer and the number, and returns
the ``Decision`` the document layer prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from service.domain.awards import Award, Kind, in_order
from service.domain.corrections import Correction
from service.domain.decisions import (
    Awardee,
    AwardFamily,
    Decision,
    Issuer,
    PrintedAward,
    Signer,
    prize_amount,
)
from service.domain.dossiers import Dossier
from service.domain.issuers import IssuerProfile, in_sentence
from service.domain.proposal_fields import Period, Submission
from service.domain.signatures import (
    Capacity,
    Power,
    SignatureBlock,
    decision_power,
    signature_block,
)


@dataclass(frozen=True)
class Draft:
    dossier: Dossier
    award: Award
    issuer_name: str
    profile: IssuerProfile
    signer_name: str
    number: int | None
    issued_on: date
    base_salary: int
    # The issuer's head decides in their own name (a department, a mass organisation):
    # "Giấy khen của Giám đốc Sở …", not "… của Chủ tịch Ủy ban nhân dân …" (domain.org_types).
    in_own_name: bool = False
    # The head of the unit that proposed, e.g. "Chủ tịch Ủy ban nhân dân phường Định Công";
    # "" when the dossier is the issuing unit's own (its tờ trình is then the office's).
    proposed_by: str = ""
    # Rulebook data of the deciding level: its commendation office's head ("Giám đốc Sở Nội
    # vụ") and the fund prize money is paid from.
    office_head: str = ""
    funding: str = ""
    # The office's own tờ trình to the deciding head, once its appraisal gives one.
    office_submission: Submission | None = None
    # Who signs and how, once a signer has; else the head's own block (the draft's).
    signature: SignatureBlock | None = None


def prize_for(award: Award, kind: Kind, base_salary: int) -> int:
    """The award's individual amount times its factor for ``kind`` (data of the award: e.g.
    collectives 2× for Bằng khen and Giấy khen, NĐ 152 Art. 54(2))."""
    return prize_amount(award.prize_multiple, base_salary, award.factor(kind))


# How the catalogue names a People's Committee chairman's own award, in a decision title.
_CHAIRMAN_OF = "Chủ tịch Ủy ban nhân dân {org}"


def printed_award(
    award: Award, issuer_name: str, year: int, head: str | None = None
) -> PrintedAward:
    """The award as Điều 1 names it; ``head``: the deciding office, when it is not a chairman."""
    title = award.decision_title or award.name
    if head:
        title = title.replace(_CHAIRMAN_OF, head)
    title = title.replace("{org}", in_sentence(issuer_name)).replace("{year}", str(year))
    return PrintedAward(family=AwardFamily(award.family), name=title, verb=award.verb)


def compose(draft: Draft) -> Decision:
    d, p = draft.dossier, draft.profile
    awardees = [
        Awardee(
            kind=n.kind,
            full_name=n.full_name,
            position=n.position,
            unit=n.unit,
            achievements=n.achievements,
            prize=prize_for(draft.award, n.kind, draft.base_salary),
            reason=n.reason,
        )
        for n in d.nominees
    ]
    own = not draft.proposed_by.strip()
    power = decision_power(p.power, draft.award.family)
    block = draft.signature or head_block(p, power, draft.signer_name)
    # A collective power decides as the body ("ỦY BAN NHÂN DÂN …"), not as its head.
    authority = p.body if power is Power.COLLECTIVE else p.authority
    return Decision(
        issuer=Issuer(body=p.body, authority=authority, place=p.place, parent_body=p.parent_body),
        award=printed_award(
            draft.award, draft.issuer_name, d.year, p.authority if draft.in_own_name else None
        ),
        issued_on=draft.issued_on,
        awardees=awardees,
        signer=Signer(name=block.name, title=block.title, authority_lines=block.authority),
        number=draft.number,
        symbol=p.symbol,
        legal_bases=p.legal_bases,
        # A unit's own profile (or its type) words the line; else the rulebook's office.
        proposer=p.proposer
        or (f"Theo đề nghị của {draft.office_head}" if draft.office_head else ""),
        executors=p.executors,
        recipients=p.recipients,
        archive=p.archive,
        reason=d.reason,
        period=d.period,
        proposed_by="" if own else draft.proposed_by,
        proposal=None if own else d.proposal,
        office_submission=draft.office_submission or (d.proposal if own else None),
        funding_source=_funding(draft),
    )


def head_block(p: IssuerProfile, power: Power, name: str = "") -> SignatureBlock:
    """The block of the unit's head signing in their own capacity (TM. for a collective)."""
    capacity = Capacity.TM if power is Power.COLLECTIVE else Capacity.OWN
    return signature_block(
        power,
        capacity,
        signer_title=p.signer_title,
        signer_name=name,
        head_title=p.signer_title,
        collective=p.on_behalf_of or "Ủy ban nhân dân",
    )


def _funding(draft: Draft) -> str:
    """Điều 2's source of the money: the rulebook's fund, "{org}" read as the issuing unit."""
    fund = draft.funding.replace("{org}", in_sentence(draft.issuer_name)).strip()
    return f"trích từ {fund}" if fund else ""


@dataclass(frozen=True)
class TemplateFile:
    """A .docx decision template: the stock one of its family, or one an admin uploaded."""

    name: str
    content: bytes
    sha256: str
    # The unit whose upload this is; None for the stock template.
    org_code: str | None = None


@dataclass(frozen=True)
class IssuedDecision:
    """A decision on the register, from its draft to its issue and after. ``sequence``,
    ``number``, ``issued_on`` and ``issued_at`` stay None until the records office issues it;
    ``object_key`` is the current rendering (the draft's, then the signed and issued one's)."""

    id: int
    dossier_id: int
    issuer_org_id: int
    issuer_org_code: str
    issuer: str
    year: int
    sequence: int | None
    number: str | None
    issued_on: date | None
    issued_at: datetime | None
    signer: str
    sha256: str
    size: int
    object_key: str
    template: str
    template_sha256: str
    status: str = "issued"
    register: str = ""
    drafted_at: datetime | None = None
    submitted_at: datetime | None = None
    signed_at: datetime | None = None
    signer_username: str = ""
    signer_title: str = ""
    signer_capacity: str = ""
    signature_block: tuple[str, ...] = ()
    original_kind: str = ""
    original_key: str = ""
    original_sha256: str = ""
    corrects_id: int | None = None
    # What a correcting decision (``corrects_id`` set) corrects; None on every other one.
    correction: Correction | None = None
    corrected_by: tuple[int, ...] = ()  # the decisions correcting this one, oldest first
    revocations: tuple[Revocation, ...] = ()

    @property
    def counts(self) -> bool:
        """Whether its awards stand: issued (or corrected later) and not revoked as a whole."""
        return self.status in ("issued", "corrected")


@dataclass(frozen=True)
class Revocation:
    """A revocation of an issued decision, whole (``nominee_id`` None) or of one awardee
    (Luật 06/2022 Art. 93; NĐ 152 Arts. 56–58)."""

    nominee_id: int | None
    reason: str
    legal_basis: str
    revoked_by: str
    revoked_at: datetime


def sample(family: AwardFamily) -> Decision:
    """A decision with every field filled, to vet an uploaded template of ``family``."""
    kinds = in_order(family.kinds)
    awardees = [
        Awardee(
            kind=k,
            full_name=f"Mẫu {i}",
            position="Chức vụ",
            unit="Đơn vị",
            achievements="Thành tích",
            prize=710_000,
            reason="có thành tích riêng" if i == 0 else "",
        )
        for i, k in enumerate(kinds * 2)
    ]
    return Decision(
        issuer=Issuer(
            body="Ủy ban nhân dân phường Mẫu",
            authority="Chủ tịch Ủy ban nhân dân phường Mẫu",
            place="Mẫu",
            parent_body="Ủy ban nhân dân thành phố Mẫu",
        ),
        award=PrintedAward(family=family, name="Giấy khen", verb="Tặng"),
        issued_on=date(2027, 1, 5),
        awardees=awardees,
        signer=Signer(name="Người Ký", title="Phó Chủ tịch", mode="KT", on_behalf_of="Chủ tịch"),
        number=5,
        legal_bases=("Căn cứ Luật Thi đua, khen thưởng",),
        proposer="Theo đề nghị",
        executors=("Văn phòng",),
        recipients=("Như Điều 3",),
        funding_source="ngân sách",
        reason="có thành tích",
        proposed_by="Chủ tịch Ủy ban nhân dân phường Mẫu",
        proposal=Submission("12/TTr-UBND", date(2026, 12, 1)),
        office_submission=Submission("3/TTr-VP", date(2026, 12, 20)),
        period=Period(date(2026, 1, 1), date(2026, 12, 31)),
    )
