"""Audit endpoints for auditors: search the trail, export it as CSV, check the chain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from flask import Blueprint, Response, request, url_for

from service.api.http import answer, caller, doc, int_arg
from service.api.schemas import (
    AnchorFindingOut,
    AnchoringOut,
    AuditEventOut,
    AuditPage,
    CheckpointOut,
    VerdictOut,
)
from service.domain.checkpoints import Anchoring
from service.domain.errors import Invalid
from service.services import services
from service.usecases.audit import AuditFilter

bp = Blueprint("audit", __name__)
FILTERS = ("dossier", "actor", "from", "to")


def _when(name: str, *, end: bool = False) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        if len(raw) == 10:  # a day: from its start, or up to its end
            day = date.fromisoformat(raw) + (timedelta(days=1) if end else timedelta())
            return datetime(day.year, day.month, day.day, tzinfo=services().zone)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Invalid(
            f"'{name}' phải là ngày YYYY-MM-DD hoặc thời điểm ISO 8601.",
            {name: "không đúng định dạng"},
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=services().zone)


def _filter() -> AuditFilter:
    return AuditFilter(
        dossier_id=int_arg("dossier"),
        actor=request.args.get("actor") or None,
        since=_when("from"),
        until=_when("to", end=True),
    )


@bp.get("/audit")
@doc(
    "Tra cứu nhật ký kiểm toán (kiểm soát viên)",
    response=AuditPage,
    errors=(401, 403, 422),
    query=(*FILTERS, "after", "limit"),
)
def search() -> tuple[Response, int]:
    limit = min(int_arg("limit") or 100, 500)
    links = services().search_audit(_filter(), int_arg("after"), limit + 1, actor=caller())
    more, links = len(links) > limit, links[:limit]
    next_url = None
    if more:
        query = {k: v for k, v in request.args.items() if k != "after"} | {"after": links[-1].seq}
        next_url = url_for("audit.search") + "?" + urlencode(query)
    return answer(
        AuditPage(
            items=[
                AuditEventOut(
                    seq=link.seq,
                    at=link.event.at,
                    actor=link.event.actor,
                    action=link.event.action,
                    dossier_id=link.event.dossier_id,
                    level=link.event.level,
                    org_code=link.event.org_code,
                    comment=link.event.comment,
                    hash=link.hash,
                )
                for link in links
            ],
            next=next_url,
        )
    )


@bp.get("/audit.csv")
@doc(
    "Xuất nhật ký kiểm toán ra CSV",
    errors=(401, 403, 422),
    query=FILTERS,
    produces=("text/csv",),
)
def export() -> Response:
    lines = services().export_audit_csv(_filter(), actor=caller())
    first = next(lines)  # runs the permission check before the response starts
    return Response(
        _prepend(first, lines),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky.csv"'},
    )


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield "\ufeff" + first  # a BOM, so spreadsheet programs read the Vietnamese as UTF-8
    yield from rest


@bp.get("/audit/verify")
@doc("Kiểm tra tính toàn vẹn của chuỗi nhật ký", response=VerdictOut, errors=(401, 403))
def verify() -> tuple[Response, int]:
    v = services().verify_audit_as(actor=caller())
    return answer(
        VerdictOut(
            ok=v.ok,
            checked=v.checked,
            first_broken=v.first_broken,
            reason=v.reason,
            anchoring=_anchoring(v.anchoring),
        )
    )


def _anchoring(a: Anchoring | None) -> AnchoringOut | None:
    if a is None:
        return None
    cp = a.anchor
    return AnchoringOut(
        state=a.state,
        anchored=a.anchored,
        message=a.message,
        findings=[
            AnchorFindingOut(
                kind=f.kind, message=f.message, checkpoint=f.checkpoint, first=f.first, last=f.last
            )
            for f in a.findings
        ],
        anchor=CheckpointOut(seq=cp.seq, hash=cp.hash, at=cp.at, name=cp.name) if cp else None,
        checkpoints_read=a.read,
        unanchored_events=a.unanchored,
    )
