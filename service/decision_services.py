"""The decision lifecycle's use cases, ready to call (``services().desk``): trình ký, signing,
issuing, revoking, the original (signed PDF or scan), and the signers of each unit. Split
from ``services`` to keep that small."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from service.container import Container
from service.domain.decision_states import SignerSeat
from service.domain.drafting import IssuedDecision
from service.domain.permissions import Actor
from service.usecases import decision_corrections as corrections
from service.usecases import decision_lifecycle as lifecycle
from service.usecases import decision_originals as originals
from service.usecases import decisions, signers


class DecisionDesk:
    def __init__(self, container: Container) -> None:
        self.c = container

    def submit_for_signature(self, decision_id: int, *, actor: Actor) -> IssuedDecision:
        return lifecycle.submit_for_signature(
            decision_id, actor=actor, uow=self.c.uow(), now=self.c.clock()
        )

    def sign(self, decision_id: int, *, actor: Actor) -> IssuedDecision:
        return lifecycle.sign(
            decision_id,
            actor=actor,
            uow=self.c.uow(),
            office=self.c.office,
            store=self.c.store,
            now=self.c.clock(),
        )

    def issue(self, decision_id: int, number: str | None, *, actor: Actor) -> IssuedDecision:
        return lifecycle.issue(
            decision_id,
            number,
            actor=actor,
            uow=self.c.uow(),
            office=self.c.office,
            store=self.c.store,
            now=self.c.clock(),
        )

    def revoke(
        self,
        decision_id: int,
        reason: str,
        legal_basis: str,
        nominee_ids: Sequence[int] | None,
        *,
        actor: Actor,
    ) -> IssuedDecision:
        return lifecycle.revoke(
            decision_id,
            reason,
            legal_basis,
            nominee_ids,
            actor=actor,
            uow=self.c.uow(),
            now=self.c.clock(),
        )

    def correct(
        self, decision_id: int, reason: str, legal_basis: str, items: object, *, actor: Actor
    ) -> IssuedDecision:
        return corrections.correct(
            decision_id,
            reason,
            legal_basis,
            items,
            actor=actor,
            uow=self.c.uow(),
            office=self.c.office,
            store=self.c.store,
            now=self.c.clock(),
        )

    def decision(self, decision_id: int, *, actor: Actor) -> IssuedDecision:
        return decisions.decision_by_id(decision_id, actor=actor, uow=self.c.reader())

    def open_decision(self, decision_id: int, *, actor: Actor) -> decisions.DecisionFile:
        return decisions.open_decision_by_id(
            decision_id, actor=actor, uow=self.c.reader(), store=self.c.store
        )

    def sign_original(self, decision_id: int, *, actor: Actor) -> IssuedDecision:
        return originals.sign_original(
            decision_id,
            actor=actor,
            uow=self.c.uow(),
            office=self.c.office,
            store=self.c.store,
            pdf=self.c.pdf,
            seal=self.c.seal,
            now=self.c.clock(),
        )

    def upload_original(
        self, decision_id: int, content: bytes, filename: str, kind: object, *, actor: Actor
    ) -> IssuedDecision:
        return originals.upload_original(
            decision_id,
            content,
            filename,
            kind,
            actor=actor,
            uow=self.c.uow(),
            store=self.c.store,
            seal=self.c.seal,
            now=self.c.clock(),
        )

    def open_original(self, decision_id: int, *, actor: Actor) -> originals.OriginalFile:
        return originals.open_original(
            decision_id, actor=actor, uow=self.c.reader(), store=self.c.store, seal=self.c.seal
        )

    def original_view(self, d: IssuedDecision, *, actor: Actor) -> originals.OriginalView:
        return originals.original_view(
            d, actor=actor, uow=self.c.reader(), store=self.c.store, seal=self.c.seal
        )

    def set_signer(
        self,
        org_code: str,
        username: str,
        title: str,
        capacity: str,
        *,
        by_kind: Mapping[str, str] | None = None,
        credential: object = None,
        actor: Actor | str,
    ) -> SignerSeat:
        return signers.set_signer(
            org_code,
            username,
            title,
            capacity,
            by_kind=by_kind,
            credential=credential,
            actor=actor,
            uow=self.c.uow(),
            now=self.c.clock(),
        )

    def signers_of(self, org_code: str, *, actor: Actor) -> list[SignerSeat]:
        return signers.signers_of(org_code, actor=actor, uow=self.c.reader())
