"""Pure domain rules: who may see and act, how status moves, what a valid draft is."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from service.domain.accounts import AdminChange, check_admin_change
from service.domain.awards import Award, Kind, unknown_levels
from service.domain.dossiers import (
    Dossier,
    Nominee,
    Status,
    clean_draft,
    dossier_code,
    status_after,
)
from service.domain.errors import AdminLockout, Forbidden, Invalid, NotFound
from service.domain.orgs import Level, OrgUnit, check_parent_level, org_problems, unit_at_level
from service.domain.permissions import (
    Actor,
    Grant,
    Role,
    TaskSeat,
    Visible,
    can_see_dossier,
    clerk_unit,
    dossier_reach,
    require_can_act,
)
from service.domain.tasks import comment_problem

PROVINCE = OrgUnit(1, "HN", "Thành phố Hà Nội", "province", None)
DISTRICT = OrgUnit(2, "HM", "Quận Hoàng Mai", "district", 1)
WARD = OrgUnit(3, "HM-DC", "Phường Định Công", "ward", 2)
OTHER_WARD = OrgUnit(4, "HM-TM", "Phường Tương Mai", "ward", 2)
CHAIN = [WARD, DISTRICT, PROVINCE]
LEVELS = [
    Level("province", "Cấp tỉnh", 0),
    Level("district", "Cấp huyện", 1),
    Level("ward", "Cấp xã", 2),
]
LDTT = Award(
    "LDTT", "Lao động tiên tiến", frozenset({Kind.INDIVIDUAL}), "district", "x", Decimal("0.3")
)


def actor(*grants: tuple[Role, OrgUnit]) -> Actor:
    return Actor(7, "someone", "Ai đó", tuple(Grant(r, u.id, u.code) for r, u in grants))


def test_a_dossier_is_visible_from_its_own_unit_and_every_unit_above() -> None:
    for unit in CHAIN:
        assert can_see_dossier(actor((Role.APPROVER, unit)), CHAIN, submitted=True)
    assert not can_see_dossier(actor((Role.CLERK, OTHER_WARD)), CHAIN, submitted=True)


def test_a_draft_is_seen_at_its_own_unit_and_by_auditors_but_not_by_approvers_above() -> None:
    assert can_see_dossier(actor((Role.CLERK, WARD)), CHAIN, submitted=False)
    assert can_see_dossier(actor((Role.APPROVER, WARD)), CHAIN, submitted=False)
    for unit in (DISTRICT, PROVINCE):
        assert not can_see_dossier(actor((Role.APPROVER, unit)), CHAIN, submitted=False)
        assert can_see_dossier(actor((Role.AUDITOR, unit)), CHAIN, submitted=False)
    assert not can_see_dossier(actor((Role.CLERK, DISTRICT)), CHAIN, submitted=True)


def test_only_a_draft_counts_as_never_submitted() -> None:
    for status in Status:
        dossier = Dossier(
            1,
            "HM-DC-2026-00001",
            WARD.id,
            WARD.code,
            "LDTT",
            2026,
            "t",
            status,
            "ward",
            datetime(2026, 1, 1, tzinfo=UTC),
            1,
        )
        assert dossier.submitted is (status is not Status.DRAFT)


def test_the_visible_units_show_drafts_only_where_the_reach_includes_them() -> None:
    approver = dossier_reach(actor((Role.APPROVER, DISTRICT)))
    visible = Visible.of(approver, set(), {DISTRICT.id, WARD.id, OTHER_WARD.id})
    assert visible.sees(DISTRICT.id, submitted=False)
    assert not visible.sees(WARD.id, submitted=False)
    assert visible.sees(WARD.id, submitted=True)
    auditor = dossier_reach(actor((Role.AUDITOR, DISTRICT)))
    assert Visible.of(auditor, {DISTRICT.id, WARD.id}, set()).sees(WARD.id, submitted=False)
    assert not Visible.of(dossier_reach(actor((Role.ADMIN, PROVINCE))), set(), set())


def test_an_admin_role_alone_does_not_show_dossiers() -> None:
    assert not can_see_dossier(actor((Role.ADMIN, PROVINCE)), CHAIN, submitted=True)


def test_acting_needs_the_tasks_role_at_the_tasks_unit() -> None:
    seat = TaskSeat("approver", DISTRICT.id)
    require_can_act(actor((Role.APPROVER, DISTRICT)), CHAIN, seat, submitted=True)
    with pytest.raises(Forbidden):
        require_can_act(actor((Role.APPROVER, PROVINCE)), CHAIN, seat, submitted=True)
    with pytest.raises(Forbidden):
        require_can_act(actor((Role.AUDITOR, DISTRICT)), CHAIN, seat, submitted=True)
    with pytest.raises(NotFound):
        require_can_act(actor((Role.APPROVER, OTHER_WARD)), CHAIN, seat, submitted=True)


def test_a_clerk_of_two_units_must_say_which_one() -> None:
    both = actor((Role.CLERK, WARD), (Role.CLERK, OTHER_WARD))
    with pytest.raises(Forbidden):
        clerk_unit(both, None)
    assert clerk_unit(both, "HM-TM") == OTHER_WARD.id
    with pytest.raises(Forbidden):
        clerk_unit(actor((Role.APPROVER, WARD)), None)


@pytest.mark.parametrize(
    ("action", "outcome", "status"),
    [
        ("submit", None, Status.IN_REVIEW),
        ("approve", None, Status.IN_REVIEW),
        ("return", None, Status.RETURNED),
        ("approve", "approved", Status.APPROVED),
        ("reject", "rejected", Status.REJECTED),
    ],
)
def test_the_status_follows_the_action_and_the_routes_outcome(
    action: str, outcome: str | None, status: Status
) -> None:
    assert status_after(action, outcome) is status


def test_a_draft_is_normalised_to_nfc_and_trimmed() -> None:
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"  # as some keyboards and PDFs produce it
    title, [nominee] = clean_draft(
        "  Hồ sơ  ", 2026, LDTT, [Nominee(decomposed, Kind.INDIVIDUAL)], this_year=2026
    )
    assert title == "Hồ sơ"
    assert nominee.full_name == "Nguyễn Văn An"


def test_a_draft_collects_every_problem_by_field() -> None:
    with pytest.raises(Invalid) as caught:
        clean_draft(
            " ",
            1999,
            LDTT,
            [Nominee(" ", Kind.INDIVIDUAL), Nominee("Tổ dân phố 5", Kind.COLLECTIVE)],
            this_year=2026,
        )
    assert set(caught.value.fields) == {
        "title",
        "year",
        "nominees[0].full_name",
        "nominees[1].kind",
    }


def test_a_draft_needs_a_known_award_and_a_nominee() -> None:
    with pytest.raises(Invalid) as caught:
        clean_draft("Hồ sơ", 2026, None, [], this_year=2026)
    assert set(caught.value.fields) == {"award", "nominees"}


def test_dossier_codes_carry_unit_year_and_a_padded_sequence() -> None:
    assert dossier_code("HM-DC", 2026, 42) == "HM-DC-2026-00042"


def test_a_unit_sits_only_under_a_higher_level() -> None:
    assert check_parent_level(LEVELS, "ward", "district") is None
    assert check_parent_level(LEVELS, "province", None) is None
    assert check_parent_level(LEVELS, "district", "ward")
    assert check_parent_level(LEVELS, "district", "district")
    assert check_parent_level(LEVELS, "commune", "province")


def test_the_unit_at_a_level_is_found_in_the_chain() -> None:
    assert unit_at_level(CHAIN, "district") == DISTRICT
    assert unit_at_level([WARD, PROVINCE], "district") is None


def test_awards_decided_by_an_unknown_level_are_reported() -> None:
    assert unknown_levels([LDTT], ["ward", "province"]) == ["LDTT"]
    assert unknown_levels([LDTT], ["district"]) == []


def test_return_and_reject_need_a_reason() -> None:
    assert comment_problem("return", " ")
    assert comment_problem("reject", "")
    assert comment_problem("approve", "") is None
    assert comment_problem("approve", "x" * 5001)


def test_text_longer_than_its_column_is_refused_by_field() -> None:
    with pytest.raises(Invalid) as caught:
        clean_draft(
            "T" * 501,
            2026,
            LDTT,
            [Nominee("A" * 201, Kind.INDIVIDUAL, unit="U" * 301)],
            this_year=2026,
        )
    assert caught.value.fields == {
        "title": "Tối đa 500 ký tự.",
        "nominees[0].full_name": "Tối đa 200 ký tự.",
        "nominees[0].unit": "Tối đa 300 ký tự.",
    }


def test_unit_codes_are_capitals_digits_and_hyphens_and_names_are_not_empty() -> None:
    assert org_problems("HM-YS", "Phường Yên Sở") == {}
    assert set(org_problems("-HM", "x")) == {"code"}
    assert set(org_problems("hm", "x")) == {"code"}
    assert set(org_problems("H" * 33, "x")) == {"code"}
    assert set(org_problems("HM", " ")) == {"name"}
    assert set(org_problems("HM", "x" * 201)) == {"name"}


def change(
    *lost: list[OrgUnit],
    kept: frozenset[int] = frozenset(),
    others: frozenset[int] = frozenset(),
    by_self: bool = False,
    deactivating: bool = False,
) -> AdminChange:
    """An account losing admin at ``lost`` (each a chain), as the lockout rule sees it."""
    return AdminChange("x", tuple(lost), kept, others, by_self, deactivating)


@pytest.mark.parametrize(
    ("the_change", "refused"),
    [
        (change([DISTRICT, PROVINCE], others=frozenset({PROVINCE.id})), None),
        (change([DISTRICT, PROVINCE], others=frozenset({OTHER_WARD.id})), "HM sẽ không còn"),
        (change([PROVINCE], others=frozenset({DISTRICT.id})), "HN sẽ không còn"),
        (change([DISTRICT, PROVINCE], kept=frozenset({PROVINCE.id}), by_self=True), None),
        (
            change([DISTRICT, PROVINCE], others=frozenset({PROVINCE.id}), by_self=True),
            "tự bỏ quyền",
        ),
        (change(others=frozenset({PROVINCE.id}), by_self=True, deactivating=True), "tự khóa"),
        (change(CHAIN, [DISTRICT, PROVINCE], others=frozenset({DISTRICT.id})), None),
        (change(CHAIN, [DISTRICT, PROVINCE], others=frozenset({WARD.id})), "HM sẽ không còn"),
    ],
)
def test_no_change_leaves_an_admin_or_a_unit_without_administration(
    the_change: AdminChange, refused: str | None
) -> None:
    if refused is None:
        check_admin_change(the_change)
    else:
        with pytest.raises(AdminLockout, match=refused):
            check_admin_change(the_change)
