"""Event.of: one way to say who did what where, without changing what the audit chain hashes."""

from __future__ import annotations

from datetime import UTC, datetime

from service.domain.audit import GENESIS, link_hash
from service.domain.dossiers import Dossier, Status
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor
from service.domain.tasks import Task

AT = datetime(2024, 5, 17, 8, 30, 0, 123456, tzinfo=UTC)
CLERK = Actor(7, "can.bo", "Cán bộ", ())
WARD = OrgUnit(3, "HM-DC", "Phường Định Công", "ward", 2)
DISTRICT = OrgUnit(2, "HM", "Quận Hoàng Mai", "district", 1)
DOSSIER = Dossier(
    12, "HM-DC-2024-001", 3, "HM-DC", "LDTT", 2024, "Hồ sơ", Status.DRAFT, "ward", AT, 1
)
TASK = Task("t1", 12, "Xét duyệt", "district", 2, "HM", "reviewer", ("approve",), "open", "", AT)


def test_an_actor_acting_on_a_dossier_sits_at_the_dossiers_level_and_unit() -> None:
    event = Event.of(AT, CLERK, "edited", dossier=DOSSIER, comment="sửa")
    assert event == Event(AT, "can.bo", "edited", 12, 7, "ward", "HM-DC", "sửa")


def test_the_unit_or_the_task_acted_at_overrides_the_dossiers() -> None:
    assert Event.of(AT, CLERK, "decision_issued", dossier=DOSSIER, org=DISTRICT) == Event(
        AT, "can.bo", "decision_issued", 12, 7, "district", "HM"
    )
    assert Event.of(AT, CLERK, "approve", dossier=DOSSIER, org=TASK) == Event(
        AT, "can.bo", "approve", 12, 7, "district", "HM"
    )


def test_a_bare_name_has_no_actor_id_and_no_place_unless_given() -> None:
    assert Event.of(AT, "system", "org_added", org=WARD) == Event(
        AT, "system", "org_added", None, None, "ward", "HM-DC"
    )
    assert Event.of(AT, "ai.do", "login_failed", comment="từ 10.0.0.1") == Event(
        AT, "ai.do", "login_failed", comment="từ 10.0.0.1"
    )


def test_the_audit_hash_of_an_event_is_unchanged() -> None:
    # Computed before Event.of existed: chains already stored must still verify.
    event = Event.of(AT, CLERK, "attachment_added", dossier=DOSSIER, comment="bản scan.pdf")
    assert link_hash(GENESIS, 1, event) == HASH


HASH = "7647eebf49ed70a1b28872c234d6ae9aa8b7f285d156d176a1ef82ece59fd2a8"
