"""The JSON shapes of the API, as pydantic models (they also feed the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from service.api.appraisal_schemas import (
    AppraisalItemIn,
    CouncilIn,
    CouncilOut,
    CouncilRuleOut,
    ResultName,
    SubmissionIn,
    VotesOut,
)
from service.domain.accounts import (
    MAX_FULL_NAME,
    MAX_PASSWORD,
    MAX_USERNAME,
    MIN_PASSWORD,
    MIN_USERNAME,
    USERNAME,
)
from service.domain.awards import MAX_AWARD_CODE
from service.domain.checkpoints import Kind, State
from service.domain.dossiers import LIMITS, MAX_NOMINEES
from service.domain.inputs import MAX_INT
from service.domain.orgs import MAX_LEVEL_CODE, MAX_ORG_CODE, MAX_ORG_NAME, OrgType
from service.domain.permissions import Role
from service.domain.proposal_fields import MAX_NUMBER, MAX_REASON
from service.domain.tasks import MAX_ACTION, MAX_COMMENT

# The lengths are the domain's: a field the schema lets through is not refused for its length later.
# Numbers are bounded to what their columns hold; the domain then says which years it takes.
MAX_YEAR = 9999


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TokenIn(Strict):
    username: str = Field(min_length=1, max_length=MAX_USERNAME)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)


NomineeKind = Literal["collective", "household", "individual"]


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class ChecklistItemOut(BaseModel):
    kind: str = Field(description="what an upload names as its kind")
    name: str
    required: bool
    per_nominee: bool = Field(description="one file per nominee, else one for the dossier")
    simplified: bool = Field(
        description="still required of a simplified dossier (NĐ 152 Art. 33(8))"
    )
    simplified_only: bool = Field(description="required only of a simplified dossier")


class AwardOut(BaseModel):
    code: str
    name: str
    level: str
    kind: NomineeKind | None = Field(
        description="the one kind of nominee a single-kind award takes; null when it takes several"
    )
    kinds: list[NomineeKind] = Field(
        description="the kinds of nominee the award takes, collectives first"
    )
    prize_multiple: float = Field(description="multiple of the base salary for one individual")
    proposes_only: bool = Field(
        default=False, description="the province only proposes it; a central body decides"
    )
    decided_by: str = Field(default="", description="who decides a proposes-only award")
    valid_from: date | None = Field(default=None, description="in force from (inclusive)")
    valid_to: date | None = Field(
        default=None, description="in force until (inclusive; null: open)"
    )
    checklist: list[ChecklistItemOut] = Field(
        default_factory=list,
        description="the parts a dossier of this award must hold before it is submitted",
    )
    council: CouncilRuleOut | None = Field(
        default=None,
        description="how the deciding level's council votes on it; null: no council vote",
    )


class AwardList(BaseModel):
    items: list[AwardOut]
    on: date | None = Field(default=None, description="the day the awards are read on")
    org: str | None = Field(
        default=None, description="the unit whose province's overrides apply (null: none)"
    )


class AwardOverrideIO(Strict):
    award: str = Field(min_length=1, max_length=MAX_AWARD_CODE)
    valid_from: date
    valid_to: date | None = None
    level: str | None = Field(
        default=None, max_length=MAX_LEVEL_CODE, description="null: the rulebook's"
    )
    prize_multiple: float | None = Field(
        default=None, ge=0, lt=1000, description="null: the rulebook's"
    )
    basis: str = Field(min_length=1, max_length=500, description="the regulation's article")


class RegulationIO(Strict):
    name: str = Field(default="", max_length=300, description="e.g. Quy chế thi đua, khen thưởng")
    overrides: list[AwardOverrideIO] = Field(default_factory=list, max_length=500)
    eligibility: dict[str, Literal["block", "warn"]] = Field(
        default_factory=dict,
        max_length=200,
        description="per eligibility rule of the rulebook (its id): whether a failure blocks "
        "submission or only warns",
    )
    version: int | None = Field(
        default=None,
        ge=0,
        le=MAX_INT,
        description="the version read (0: none yet); a PUT with another one is refused with 409 "
        "(also accepted as an If-Match header)",
    )


class LevelOut(BaseModel):
    code: str
    name: str
    rank: int


class RulebookOut(BaseModel):
    code: str
    name: str
    valid_from: date
    valid_to: date | None
    levels: list[LevelOut] = Field(description="top first")


class RulebookList(BaseModel):
    items: list[RulebookOut]


class BaseSalaryOut(BaseModel):
    amount: int
    valid_from: date
    valid_to: date | None
    basis: str


class LegalBasisOut(BaseModel):
    text: str
    valid_from: date
    valid_to: date | None


class ProvinceRegulationOut(RegulationIO):
    org: str = Field(description="the province root whose regulation this is")


class OfficeOut(BaseModel):
    name: str = Field(description='e.g. "Sở Nội vụ"')
    head: str = Field(description='e.g. "Giám đốc Sở Nội vụ"')


class RulebookDetail(RulebookOut):
    basis: str
    base_salaries: list[BaseSalaryOut]
    legal_bases: list[LegalBasisOut]
    installed: bool = Field(description="the rulebook new province roots follow (KT_RULEBOOK)")
    regulations: list[ProvinceRegulationOut] = Field(
        description="the provinces' own dated overrides of this rulebook's awards"
    )
    offices: dict[str, OfficeOut] = Field(
        default_factory=dict,
        description="by level: the commendation office whose head the decision's proposer line "
        "names",
    )
    funding: dict[str, str] = Field(
        default_factory=dict,
        description='by level: the fund Điều 2 names ("{org}": the issuing unit)',
    )
    required_on_submit: list[Literal["proposal", "period", "reason"]] = Field(
        default_factory=list, description="the proposal fields a dossier needs to be submitted"
    )


class NomineeIn(Strict):
    id: int | None = Field(
        default=None,
        ge=1,
        le=MAX_INT,
        description="on an edit: the id of a nominee the dossier holds, to keep them (and their "
        "attachments and results); a nominee without one is new",
    )
    full_name: str = Field(min_length=1, max_length=LIMITS["full_name"])
    kind: NomineeKind
    position: str = Field(default="", max_length=LIMITS["position"])
    unit: str = Field(default="", max_length=LIMITS["unit"])
    achievements: str = Field(default="", max_length=LIMITS["achievements"])
    reason: str = Field(
        default="",
        max_length=MAX_REASON,
        description="this nominee's reason phrase, when it is not the dossier's",
    )
    person_id: int | None = Field(
        default=None,
        ge=1,
        le=MAX_INT,
        description="the registry entry (GET /people) this nominee is: one you may see, not "
        "merged, of the nominee's kind; on an edit, null or absent keeps the nominee's link",
    )


class EligibilityOut(BaseModel):
    status: Literal["ok", "warn", "fail"] = Field(
        description="fail: a blocking rule is not met (submission is refused); warn: a rule the "
        "province lets through is not met, or the history could not be checked"
    )
    reasons: list[str] = Field(
        description="what each rule looked at, in Vietnamese, naming the years and awards"
    )


class NomineeOut(BaseModel):
    id: int = Field(
        description="the nominee's id in this dossier, kept across edits that repeat it "
        "(per-nominee attachments, appraisal and votes name it)"
    )
    full_name: str
    kind: str
    position: str
    unit: str
    achievements: str
    reason: str = Field(default="", description="empty: the dossier's reason applies")
    person_id: int | None = Field(
        default=None, description="the registry entry this nominee is; null: not linked"
    )
    result: ResultName | None = Field(
        default=None,
        description="on answers about one dossier: the result at the deciding level (pending "
        "until appraised; approved, not_proposed or moved, computed from the appraisal and votes)",
    )
    note: str = Field(default="", description="the officer's note on the nominee")
    moved_to: str = Field(default="", description="the form of award the nominee was moved to")
    votes: VotesOut | None = Field(
        default=None, description="the council's votes on the nominee; null: it did not vote"
    )
    eligibility: EligibilityOut | None = Field(
        default=None,
        description="on answers about one dossier: the nominee checked against the eligibility "
        "rules of the award from their registry history (evaluated on read)",
    )


# Days are strings checked by the domain, so that a clerk reads in Vietnamese what is wrong.


class ProposalIO(Strict):
    """The proposer's tờ trình (số, ngày), which the decision cites."""

    number: str = Field(default="", max_length=MAX_NUMBER, description='e.g. "12/TTr-UBND" or "12"')
    date: str = Field(default="", max_length=10, description="YYYY-MM-DD, not after today")


class PeriodIO(Strict):
    """The period of the achievements (thời gian đạt thành tích), both days inclusive."""

    from_: str = Field(default="", max_length=10, alias="from", description="YYYY-MM-DD")
    to: str = Field(default="", max_length=10, description="YYYY-MM-DD, not before from")
    # "from" is a Python keyword: the field is from_, read and written as "from".
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class SimplifiedIO(Strict):
    reason: str = Field(
        min_length=1,
        max_length=LIMITS["simplified_reason"],
        description="why the dossier is simplified (NĐ 152 Art. 33(8))",
    )


class DossierIn(Strict):
    title: str = Field(min_length=1, max_length=LIMITS["title"])
    award: str = Field(
        min_length=1,
        max_length=MAX_AWARD_CODE,
        description="an award code; an old per-kind code (BK_TINH_CN) is accepted, takes only "
        "its kind, and files the dossier under its award (BK_TINH), the code answered",
    )
    year: int = Field(ge=1, le=MAX_YEAR)
    nominees: list[NomineeIn] = Field(min_length=1, max_length=MAX_NOMINEES)
    org_code: str | None = Field(default=None, description="needed only by a clerk of two units")
    simplified: SimplifiedIO | None = Field(
        default=None,
        description="a simplified dossier (NĐ 152 Art. 33(8)): a short summary of achievements "
        "instead of a report per nominee; null: a full dossier",
    )
    proposal: ProposalIO | None = Field(
        default=None, description="the proposer's tờ trình; the rulebook may require it to submit"
    )
    period: PeriodIO | None = Field(
        default=None, description="the period of the achievements; may be required to submit"
    )
    reason: str = Field(
        default="",
        max_length=MAX_REASON,
        description='the reason phrase for the whole list, e.g. "đã có thành tích xuất sắc '
        'trong thực hiện nhiệm vụ", to which the decision adds the period ("năm 2026")',
    )


class DossierEdit(DossierIn):
    version: int | None = Field(
        default=None, ge=1, le=MAX_INT, description="the version read; 409 if it changed"
    )


class WarningOut(BaseModel):
    code: Literal["duplicate_nominee"]
    message: str
    row: int = Field(description="the nominee's row in this dossier, from 1")
    dossier_id: int | None = Field(description="the other dossier; null if you may not see it")
    dossier_code: str | None


class DossierOut(BaseModel):
    id: int
    code: str
    title: str
    award: str
    year: int
    status: Literal["draft", "in_review", "returned", "approved", "rejected", "proposed", "decided"]
    level: str
    org_code: str
    org_name: str = Field(default="", description="the unit's name, beside its code")
    version: int
    created_at: datetime
    rulebook: str = Field(default="", description="the rulebook the dossier is pinned to")
    rules_on: date | None = Field(
        default=None, description="the day whose rule versions the dossier follows (its creation)"
    )
    proposal: ProposalIO | None = Field(description="null: not given yet")
    period: PeriodIO | None = Field(description="null: not given yet")
    reason: str = Field(default="", description="the reason phrase for the whole list")
    nominees: list[NomineeOut]
    simplified: SimplifiedIO | None = Field(
        default=None, description="set when the dossier is simplified, with its reason"
    )
    warnings: list[WarningOut] | None = Field(
        default=None,
        description="on answers about one dossier (not in lists): the same person proposed in "
        "another open dossier for the same award and year",
    )
    council: CouncilOut | None = Field(
        default=None,
        description="on answers about one dossier: the council's meeting on it (null: none yet)",
    )


class DossierPage(BaseModel):
    items: list[DossierOut]
    next: str | None = Field(description="URL of the next page, or null on the last one")


class SubmitIn(Strict):
    comment: str = Field(default="", max_length=MAX_COMMENT)


class CompleteIn(Strict):
    action: str = Field(min_length=1, max_length=MAX_ACTION)
    comment: str = Field(default="", max_length=MAX_COMMENT)
    appraisal: list[AppraisalItemIn] | None = Field(
        default=None,
        max_length=MAX_NOMINEES,
        description="the officer's appraisal (required on its approve): every nominee once",
    )
    submission: SubmissionIn | None = Field(
        default=None, description="with the appraisal: the office's own tờ trình (số, ngày)"
    )
    council: CouncilIn | None = Field(
        default=None, description="the secretary's record_votes: the council's meeting and votes"
    )


class TaskOut(BaseModel):
    id: str
    dossier_id: int
    dossier_code: str
    dossier_title: str
    award: str
    name: str
    level: str
    org_code: str
    org_name: str = Field(default="", description="the name of the unit the task sits at")
    actions: list[str]
    comment: str = Field(description="why the dossier was returned to this step, if it was")
    created_at: datetime


class TaskList(BaseModel):
    items: list[TaskOut]


class EventOut(BaseModel):
    at: datetime
    actor: str
    action: str
    level: str | None
    org_code: str | None
    comment: str


class History(BaseModel):
    items: list[EventOut]


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


class AttachmentOut(BaseModel):
    id: str
    filename: str
    kind: str = Field(description="the checklist kind it was filed as, as stored")
    nominee_id: int | None = Field(
        default=None, description="the nominee a per-nominee part is for; null: the dossier's"
    )
    size: int
    sha256: str
    content_type: str
    created_at: datetime
    created_by: str
    sealed: bool = Field(description="submitted with the dossier: kept, cannot be deleted")
    renamed_from: str | None = Field(
        default=None,
        description="on upload: the name sent, when its extension did not match the content "
        "(fake.exe holding a PDF is kept as fake.pdf)",
    )
    notice: str | None = Field(default=None, description="on upload: why the file was renamed")


class AttachmentList(BaseModel):
    items: list[AttachmentOut]


class SignerOut(BaseModel):
    username: str
    full_name: str
    title: str
    capacity: str = Field(description="own, KT, TM, Q, TL or TUQ (NĐ 30/2020 Phụ lục I)")


class RevocationOut(BaseModel):
    nominee_id: int | None = Field(description="null: the whole decision")
    reason: str
    legal_basis: str
    revoked_by: str
    revoked_at: datetime


class CorrectionItemOut(BaseModel):
    where: str = Field(default="", description='e.g. "Tại số thứ tự 3 của danh sách kèm theo"')
    was: str = Field(description="what the corrected decision wrote (đã ghi)")
    now: str = Field(description="what it is to read (nay sửa lại)")


class CorrectionOut(BaseModel):
    reason: str
    legal_basis: str
    items: list[CorrectionItemOut]


class DecisionOut(BaseModel):
    id: int
    status: Literal["draft", "submitted_for_signature", "signed", "issued", "revoked", "corrected"]
    number: str | None = Field(
        description='e.g. "05/QĐ-UBND"; null until the records office issues'
    )
    issued_at: datetime | None
    issued_on: date | None
    issuer: str
    issuer_org_code: str
    year: int
    signer: SignerOut | None = Field(description="null until signed")
    signature_block: list[str] = Field(description="the lines as printed, top first")
    number_register: str = Field(description="the register the number comes from")
    sha256: str
    size: int
    dossier_id: int
    original: Literal["pades", "scan", ""] = Field(
        default="", description="what the original is: a signed PDF, a scanned paper copy"
    )
    original_sha256: str = Field(
        default="", description="SHA-256 (hex) of the original as kept; empty without one"
    )
    corrects_id: int | None = Field(
        default=None, description="a correcting decision: the id of the decision it corrects"
    )
    correction: CorrectionOut | None = Field(
        default=None, description="what a correcting decision corrects; null on the others"
    )
    corrected_by: list[int] = Field(
        default=[], description="ids of the decisions correcting this one, oldest first"
    )
    revocations: list[RevocationOut] = []


class OriginalCheckOut(BaseModel):
    """The decision's original checked now: its signature (a signed PDF) and its hash."""

    kind: Literal["pades", "scan"]
    sha256: str = Field(description="SHA-256 (hex) recorded when the original was kept")
    signed: bool = Field(description="a PDF with a digital signature")
    intact: bool = Field(
        description="unchanged since signing (a scan: the file still has the recorded hash)"
    )
    trusted: bool = Field(description="the signer's certificate chains to KT_TRUST_ROOTS")
    signer_subject: str = ""
    signed_at: datetime | None = None
    problem: str = Field(default="", description="what is wrong, in Vietnamese; empty if none")


class IssueIn(BaseModel):
    number: str | None = Field(
        default=None, description="the number the unit's e-office system gave; else the next"
    )


class RevokeIn(BaseModel):
    reason: str = ""
    legal_basis: str = ""
    nominee_ids: list[int] | None = Field(default=None, description="null: the whole decision")


class CorrectIn(BaseModel):
    """A correcting decision (đính chính): why, on what legal basis, and each thing corrected.
    Items are checked by the use case, so that a clerk reads why in Vietnamese."""

    reason: str = ""
    legal_basis: str = ""
    items: list[dict[str, Any]] = Field(
        default=[], description='each {"where"?, "was", "now"}: "đã ghi … nay sửa lại …"'
    )


class CentralDecisionIn(BaseModel):
    """What the province types in from the decision taken above on a dossier it proposed."""

    outcome: Literal["awarded", "declined"] = Field(
        default="awarded", description="awarded: khen thưởng; declined: không khen thưởng"
    )
    number: str = Field(default="", description='e.g. "1234/QĐ-TTg"')
    # Checked by the use case, so that a clerk reads why in Vietnamese.
    signed_on: str = Field(
        default="", description="YYYY-MM-DD: the day it was signed (not before the tờ trình)"
    )
    authority: str = Field(default="", description='default: the award\'s "decided_by"')
    note: str = Field(default="", description="required when declined: the reason given")


class CentralDecisionOut(BaseModel):
    dossier_id: int
    outcome: Literal["awarded", "declined"]
    number: str
    signed_on: date
    authority: str
    note: str
    recorded_by: str
    recorded_at: datetime


class DecisionList(BaseModel):
    items: list[DecisionOut]


class TemplateOut(BaseModel):
    name: str
    # uploaded: by ``org`` itself; inherited: from ``owner``, a unit above it; stock: neither.
    source: Literal["stock", "uploaded", "inherited"]
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime | None
    org: str
    owner: str | None


class TemplateList(BaseModel):
    items: list[TemplateOut]


class OrgOut(BaseModel):
    code: str
    name: str
    level: str
    parent: str | None
    active: bool
    # What kind of body (people_committee, department, …) and its Vietnamese name.
    type: OrgType = OrgType.PEOPLE_COMMITTEE
    type_name: str = ""
    # Set once the unit was merged into another (sáp nhập).
    merged_into: str | None = None
    merged_on: date | None = None
    rulebook: str | None = Field(
        default=None, description="a province root's rulebook (null below a root)"
    )


class OrgList(BaseModel):
    items: list[OrgOut]


class OrgIn(Strict):
    code: str = Field(min_length=1, max_length=MAX_ORG_CODE, pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    name: str = Field(min_length=1, max_length=MAX_ORG_NAME)
    level: str = Field(min_length=1, max_length=MAX_LEVEL_CODE)
    parent: str | None = None
    type: OrgType = OrgType.PEOPLE_COMMITTEE
    rulebook: str | None = Field(
        default=None,
        max_length=64,
        description="a new province root's rulebook; default: the installation's (KT_RULEBOOK)",
    )


class OrgRulebookIn(Strict):
    rulebook: str = Field(min_length=1, max_length=64)


OrgCode = Annotated[str, Field(min_length=1, max_length=MAX_ORG_CODE)]


class NewOrgIn(Strict):
    """The unit to create for the old units to join; its code is the merge's ``into``."""

    name: str = Field(min_length=1, max_length=MAX_ORG_NAME)
    level: str = Field(min_length=1, max_length=MAX_LEVEL_CODE)
    parent: str | None = Field(default=None, min_length=1, max_length=MAX_ORG_CODE)
    type: OrgType | None = None


class MergeIn(Strict):
    sources: list[OrgCode] = Field(min_length=1, max_length=100)
    into: str = Field(min_length=1, max_length=MAX_ORG_CODE, pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    on: date
    new: NewOrgIn | None = None
    users: Literal["move", "deactivate"] = "move"


class MergeOut(BaseModel):
    into: OrgOut
    merged: list[str]
    dossiers: list[str]
    users_moved: list[str]
    users_deactivated: list[str]


class GrantIO(Strict):
    org: str = Field(min_length=1, max_length=MAX_ORG_CODE)
    role: Role


class UserOut(BaseModel):
    username: str
    full_name: str
    active: bool
    grants: list[GrantIO]


class UserList(BaseModel):
    items: list[UserOut]


# The account rules are the domain's (service.domain.accounts), which also words their messages;
# the document states them so that a client knows what will be refused.
_USERNAME_RULE: JsonDict = {"pattern": USERNAME.pattern}
_PASSWORD_RULE: JsonDict = {"minLength": MIN_PASSWORD}


class UserIn(Strict):
    username: str = Field(
        min_length=MIN_USERNAME, max_length=MAX_USERNAME, json_schema_extra=_USERNAME_RULE
    )
    password: str = Field(min_length=1, max_length=MAX_PASSWORD, json_schema_extra=_PASSWORD_RULE)
    full_name: str = Field(default="", max_length=MAX_FULL_NAME)
    grants: list[GrantIO] = Field(min_length=1)


class GrantsIn(Strict):
    grants: list[GrantIO] = Field(min_length=1)


class PasswordIn(Strict):
    password: str = Field(min_length=1, max_length=MAX_PASSWORD, json_schema_extra=_PASSWORD_RULE)


class AuditEventOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    dossier_id: int | None
    level: str | None
    org_code: str | None
    comment: str
    hash: str


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    next: str | None


class CheckpointOut(BaseModel):
    seq: int
    hash: str
    at: datetime
    name: str


class AnchorFindingOut(BaseModel):
    kind: Kind
    message: str
    checkpoint: str = Field(description="object name of the checkpoint concerned")
    first: int | None = Field(description="first event of the range rewritten or removed")
    last: int | None = Field(description="last event of the range rewritten or removed")


class AnchoringOut(BaseModel):
    state: State
    anchored: bool
    message: str
    findings: list[AnchorFindingOut]
    anchor: CheckpointOut | None = Field(
        description="the newest signed checkpoint that agrees with the chain"
    )
    checkpoints_read: int
    unanchored_events: int = Field(description="events after the anchor: the chain alone")


class VerdictOut(BaseModel):
    ok: bool = Field(description="false on any problem: the chain or the checkpoints")
    checked: int
    first_broken: int | None = Field(description="id of the first event that does not fit")
    reason: str = Field(description="what the chain check found; empty if it holds")
    anchoring: AnchoringOut | None = Field(
        description="the chain against the signed checkpoints kept outside the database"
    )
