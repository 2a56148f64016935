"""Dossier endpoints: create, edit, read, list, submit and history."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, request, url_for

from service.api.appraisal_schemas import CouncilOut, VotesOut
from service.api.http import answer, body, caller, doc, int_arg
from service.api.schemas import (
    DossierEdit,
    DossierIn,
    DossierOut,
    DossierPage,
    EligibilityOut,
    EventOut,
    History,
    NomineeOut,
    PeriodIO,
    ProposalIO,
    SimplifiedIO,
    SubmitIn,
    WarningOut,
)
from service.domain.appraisal import Result
from service.domain.awards import Kind
from service.domain.dossiers import Dossier, DossierFilter, Nominee, Status, Typed
from service.domain.duplicates import DuplicateWarning
from service.domain.eligibility import Eligibility
from service.domain.errors import Invalid
from service.domain.proposal_fields import Period
from service.services import services
from service.usecases.appraisal import Results
from service.usecases.dossiers import DossierDraft

bp = Blueprint("dossiers", __name__)
FILTERS = ("status", "level", "year", "award", "q")


def dossier_out(
    d: Dossier, warnings: list[DuplicateWarning] | None = None, results: Results | None = None
) -> DossierOut:
    out = DossierOut(
        id=d.id,
        code=d.code,
        title=d.title,
        award=d.award,
        year=d.year,
        status=d.status.value,
        level=d.level,
        org_code=d.org_code,
        org_name=d.org_name,
        version=d.version,
        created_at=d.created_at,
        rulebook=d.rulebook,
        rules_on=d.rules_day,
        proposal=None
        if d.proposal is None
        else ProposalIO(number=d.proposal.number, date=d.proposal.on.isoformat()),
        period=None
        if d.period is None
        else PeriodIO.model_validate(
            {"from": d.period.start.isoformat(), "to": d.period.end.isoformat()}
        ),
        reason=d.reason,
        nominees=[
            NomineeOut(
                id=n.id or 0,
                full_name=n.full_name,
                kind=n.kind.value,
                position=n.position,
                unit=n.unit,
                achievements=n.achievements,
                reason=n.reason,
                person_id=n.person_id,
            )
            for n in d.nominees
        ],
        simplified=None
        if d.simplified_reason is None
        else SimplifiedIO(reason=d.simplified_reason),
        warnings=None if warnings is None else [warning_out(w) for w in warnings],
    )
    return out if results is None else with_results(out, results)


def with_results(out: DossierOut, results: Results) -> DossierOut:
    """The answer about one dossier: each nominee's result, and the council's meeting."""
    for n in out.nominees:
        o = results.outcomes.get(n.id)
        n.result = o.result.value if o else Result.PENDING.value
        if o is not None:
            n.note, n.moved_to = o.note, o.moved_to
            if o.votes_for is not None and o.share is not None:
                counts = {"for": o.votes_for, "against": o.votes_against or 0}
                n.votes = VotesOut.model_validate({**counts, "share": str(o.share)})
    m = results.meeting
    if m is not None:
        out.council = CouncilOut(
            members_total=m.vote.members_total,
            members_present=m.vote.members_present,
            secret_ballot=m.vote.secret_ballot,
            held_on=m.vote.held_on,
            threshold=str(m.rule.threshold.normalize()),
            of=m.rule.of.value,
        )
    return out


def _period_out(period: Period) -> PeriodIO:
    return PeriodIO.model_validate({"from": period.start.isoformat(), "to": period.end.isoformat()})


def warning_out(w: DuplicateWarning) -> WarningOut:
    return WarningOut(
        code="duplicate_nominee",
        message=w.message,
        row=w.row,
        dossier_id=w.dossier_id,
        dossier_code=w.dossier_code,
    )


def one(d: Dossier) -> DossierOut:
    """A single dossier as the API answers it: with the warnings its reader should see, and
    each nominee's eligibility."""
    s = services()
    actor = caller()
    out = dossier_out(
        d, s.dossier_warnings(d.id, actor=actor), s.dossier_results(d.id, actor=actor)
    )
    return with_eligibility(out, s.dossier_eligibility(d.id, actor=actor))


def with_eligibility(out: DossierOut, found: dict[int, Eligibility]) -> DossierOut:
    for n in out.nominees:
        if (e := found.get(n.id)) is not None:
            n.eligibility = EligibilityOut(status=e.status, reasons=list(e.reasons))
    return out


def _draft(data: DossierIn) -> DossierDraft:
    nominees = [
        Nominee(
            n.full_name,
            Kind(n.kind),
            n.position,
            n.unit,
            n.achievements,
            n.reason,
            n.id,
            person_id=n.person_id,
        )
        for n in data.nominees
    ]
    typed = Typed(
        proposal=None if data.proposal is None else data.proposal.model_dump(),
        period=None if data.period is None else data.period.model_dump(),
        reason=data.reason,
    )
    simplified = data.simplified.reason if data.simplified is not None else None
    return DossierDraft(data.title, data.award, data.year, nominees, typed, simplified)


@bp.post("/dossiers")
@doc(
    "Lập hồ sơ đề nghị khen thưởng (văn thư cấp xã)",
    request_model=DossierIn,
    response=DossierOut,
    status=201,
    errors=(401, 403, 422),
)
def create() -> tuple[Response, int]:
    data = body(DossierIn)
    dossier = services().create_dossier(_draft(data), data.org_code, actor=caller())
    return answer(one(dossier), 201)


@bp.put("/dossiers/<int:dossier_id>")
@doc(
    "Sửa hồ sơ khi hồ sơ đang ở đơn vị lập (nháp hoặc bị trả lại)",
    request_model=DossierEdit,
    response=DossierOut,
    errors=(401, 403, 404, 409, 422),
)
def edit(dossier_id: int) -> tuple[Response, int]:
    data = body(DossierEdit)
    dossier = services().update_dossier(dossier_id, _draft(data), data.version, actor=caller())
    return answer(one(dossier))


@bp.get("/dossiers/<int:dossier_id>")
@doc("Xem một hồ sơ", response=DossierOut, errors=(401, 404))
def show(dossier_id: int) -> tuple[Response, int]:
    return answer(one(services().get_dossier(dossier_id, actor=caller())))


@bp.get("/dossiers")
@doc(
    "Danh sách hồ sơ người dùng được xem, lọc theo trạng thái, cấp, năm, hình thức",
    response=DossierPage,
    errors=(401, 422),
    query=(*FILTERS, "limit", "after"),
)
def index() -> tuple[Response, int]:
    where = dossier_filter()
    svc = services()
    limit = min(int_arg("limit") or svc.container.settings.page_size, 200)
    page = svc.list_dossiers(where, int_arg("after"), limit, actor=caller())
    next_url = None
    if page.next is not None:
        query = {k: v for k, v in request.args.items() if k != "after"} | {"after": page.next}
        next_url = url_for("dossiers.index") + "?" + urlencode(query)
    return answer(DossierPage(items=[dossier_out(d) for d in page.items], next=next_url))


def dossier_filter() -> DossierFilter:
    """The list's filters as the query string gives them (the list and its export)."""
    return DossierFilter(
        status=_status_arg(),
        level=request.args.get("level"),
        year=int_arg("year"),
        award=request.args.get("award"),
        text=request.args.get("q") or None,
    )


def _status_arg() -> str | None:
    raw = request.args.get("status") or None
    if raw is not None and raw not in set(Status):
        known = ", ".join(Status)
        raise Invalid(f"Trạng thái '{raw}' không có; chọn một trong: {known}.", {"status": known})
    return raw


@bp.post("/dossiers/<int:dossier_id>/submit")
@doc(
    "Trình hồ sơ (văn thư của đơn vị lập hồ sơ)",
    request_model=SubmitIn,
    response=DossierOut,
    errors=(401, 403, 404, 409, 422),
)
def submit(dossier_id: int) -> tuple[Response, int]:
    data = body(SubmitIn)
    dossier = services().submit_dossier(dossier_id, data.comment, actor=caller())
    return answer(one(dossier))


@bp.get("/dossiers/<int:dossier_id>/history")
@doc("Lịch sử xử lý hồ sơ, cũ nhất trước", response=History, errors=(401, 404))
def history(dossier_id: int) -> tuple[Response, int]:
    events = services().dossier_history(dossier_id, actor=caller())
    return answer(
        History(
            items=[
                EventOut(
                    at=e.at,
                    actor=e.actor,
                    action=e.action,
                    level=e.level,
                    org_code=e.org_code,
                    comment=e.comment,
                )
                for e in events
            ]
        )
    )
