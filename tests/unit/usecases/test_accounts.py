"""Managing org units and user accounts (service/usecases/accounts.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from service.domain.accounts import UserAccount
from service.domain.errors import AdminLockout, Conflict, Forbidden, Invalid, NotFound
from service.domain.permissions import Role
from service.usecases import accounts
from service.usecases.accounts import SYSTEM
from tests.fakes import FakeUnitOfWork
from tests.unit.usecases.kit import Kit

PASSWORD = "mat-khau-2026"


def add_user(
    kit: Kit,
    username: str,
    grants: list[tuple[str, str]],
    by: str | None = "hm.admin",
    password: str = PASSWORD,
    full_name: str = "",
) -> UserAccount:
    return accounts.add_user(
        username,
        password,
        full_name,
        grants,
        by=kit.actor(by) if by else SYSTEM,
        uow=kit.uow,
        passwords=kit.passwords,
    )


def last_event(uow: FakeUnitOfWork) -> tuple[str, str, str | None, str]:
    e = uow.world.events[-1].event
    return (e.actor, e.action, e.org_code, e.comment)


def test_an_admin_adds_a_ward_under_their_district(kit: Kit) -> None:
    unit = accounts.add_org(
        "HM-YS", "Phường Yên Sở", "ward", "HM", by=kit.actor("hm.admin"), uow=kit.uow
    )

    assert (unit.code, unit.level, unit.active) == ("HM-YS", "ward", True)
    with kit.uow:
        assert kit.uow.orgs.chain(unit.id)[1].code == "HM"
    assert last_event(kit.uow) == ("hm.admin", "org_added", "HM-YS", "Phường Yên Sở")


def test_an_admin_cannot_add_a_unit_outside_their_subtree(kit: Kit) -> None:
    hm_admin = kit.actor("hm.admin")
    with pytest.raises(Forbidden):
        accounts.add_org("CG-NT", "Phường Nghĩa Tân", "ward", "CG", by=hm_admin, uow=kit.uow)
    with pytest.raises(Forbidden):
        accounts.add_org("HP", "Thành phố Hải Phòng", "province", None, by=hm_admin, uow=kit.uow)
    assert kit.uow.committed == 0


def test_a_new_top_level_unit_is_added_only_from_the_command_line(kit: Kit) -> None:
    with pytest.raises(Forbidden):
        accounts.add_org(
            "HP", "Thành phố Hải Phòng", "province", None, by=kit.actor("admin"), uow=kit.uow
        )

    unit = accounts.add_org("QN", "Tỉnh Quảng Ninh", "province", None, by=SYSTEM, uow=kit.uow)

    assert unit.parent_id is None
    assert last_event(kit.uow)[:3] == ("system", "org_added", "QN")


def test_a_unit_code_is_unique_and_levels_nest(kit: Kit) -> None:
    with pytest.raises(Conflict):
        accounts.add_org("HM-DC", "Trùng", "ward", "HM", by=SYSTEM, uow=kit.uow)
    with pytest.raises(Invalid) as upside_down:
        accounts.add_org("HM-X", "Cấp tỉnh dưới quận", "province", "HM", by=SYSTEM, uow=kit.uow)
    assert "level" in upside_down.value.fields
    with pytest.raises(Invalid):
        accounts.add_org("HM-Y", "Cấp lạ", "hamlet", "HM", by=SYSTEM, uow=kit.uow)
    with pytest.raises(Invalid) as no_parent:
        accounts.add_org("HM-Z", "Mồ côi", "ward", "NOWHERE", by=SYSTEM, uow=kit.uow)
    assert "parent" in no_parent.value.fields
    assert kit.uow.committed == 0


def test_a_deactivated_unit_is_kept_but_inactive(kit: Kit) -> None:
    accounts.deactivate_org("HM-TM", by=kit.actor("hm.admin"), uow=kit.uow)

    orgs = accounts.list_orgs(actor=kit.actor("hm.admin"), uow=kit.uow)
    assert {o.code: o.active for o in orgs}["HM-TM"] is False
    assert last_event(kit.uow)[1:3] == ("org_deactivated", "HM-TM")
    with pytest.raises(Forbidden):
        accounts.deactivate_org("CG-DV", by=kit.actor("hm.admin"), uow=kit.uow)


def test_an_admin_adds_a_clerk_who_can_then_log_in_as_themselves(kit: Kit) -> None:
    account = add_user(kit, "dc.clerk2", [("HM-DC", "clerk")], full_name="Đào Thị Yến")

    assert (account.username, account.full_name, account.active) == (
        "dc.clerk2",
        "Đào Thị Yến",
        True,
    )
    assert [(g.role, g.org_code) for g in account.grants] == [(Role.CLERK, "HM-DC")]
    with kit.uow:
        creds = kit.uow.users.credentials("dc.clerk2")
    assert creds is not None
    assert kit.passwords.verify(creds.password_hash, PASSWORD)
    assert last_event(kit.uow) == ("hm.admin", "user_added", "HM-DC", "dc.clerk2: clerk@HM-DC")


def test_a_user_without_a_full_name_is_called_by_their_username(kit: Kit) -> None:
    assert add_user(kit, "nameless", [("HM-DC", "clerk")]).full_name == "nameless"


def test_a_role_given_twice_is_held_once(kit: Kit) -> None:
    account = add_user(kit, "twice", [("HM-DC", "clerk"), ("HM-DC", "clerk")])
    assert len(account.grants) == 1


def test_an_admin_cannot_give_roles_outside_their_subtree(kit: Kit) -> None:
    with pytest.raises(Forbidden):
        add_user(kit, "dv.clerk2", [("CG-DV", "clerk")])
    with pytest.raises(Forbidden):
        add_user(kit, "mixed", [("HM-DC", "clerk"), ("CG-DV", "clerk")])
    assert kit.uow.committed == 0


@pytest.mark.parametrize("username", ["dc.clerk", "hm.approver", "hn.auditor"])
def test_only_admins_manage_accounts(kit: Kit, username: str) -> None:
    with pytest.raises(Forbidden):
        add_user(kit, "someone", [("HM-DC", "clerk")], by=username)
    with pytest.raises(Forbidden):
        accounts.list_users(actor=kit.actor(username), uow=kit.uow)
    with pytest.raises(Forbidden):
        accounts.deactivate_user("tm.clerk", by=kit.actor(username), uow=kit.uow)


@pytest.mark.parametrize(
    ("username", "ok"),
    [
        ("ab", True),
        ("a" * 64, True),
        ("a.b_c-9", True),
        ("a", False),
        ("a" * 65, False),
        ("An", False),
        (".dot", False),
        ("nguyễn", False),
        ("has space", False),
    ],
)
def test_the_edges_of_a_valid_username(kit: Kit, username: str, ok: bool) -> None:
    if ok:
        assert add_user(kit, username, [("HM-DC", "clerk")]).username == username
    else:
        with pytest.raises(Invalid) as refused:
            add_user(kit, username, [("HM-DC", "clerk")])
        assert "username" in refused.value.fields
        assert kit.uow.committed == 0


@pytest.mark.parametrize(("length", "ok"), [(7, False), (8, True), (200, True), (201, False)])
def test_the_edges_of_a_valid_password(kit: Kit, length: int, ok: bool) -> None:
    if ok:
        add_user(kit, "newbie", [("HM-DC", "clerk")], password="p" * length)
    else:
        with pytest.raises(Invalid) as refused:
            add_user(kit, "newbie", [("HM-DC", "clerk")], password="p" * length)
        assert "password" in refused.value.fields


def test_bad_user_input_is_refused_field_by_field(kit: Kit) -> None:
    with pytest.raises(Invalid) as refused:
        add_user(kit, "X", [("HM-DC", "mayor")], password="short", full_name="n" * 201)
    assert set(refused.value.fields) == {"username", "password", "grants", "full_name"}
    with pytest.raises(Invalid) as no_roles:
        add_user(kit, "noroles", [])
    assert "grants" in no_roles.value.fields
    with pytest.raises(Invalid) as no_unit:
        add_user(kit, "nowhere", [("NOWHERE", "clerk")])
    assert "grants" in no_unit.value.fields
    with pytest.raises(Invalid) as short_reset:
        accounts.reset_password(
            "tm.clerk", "p" * 7, by=SYSTEM, uow=kit.uow, passwords=kit.passwords
        )
    assert "password" in short_reset.value.fields
    assert kit.uow.committed == 0


def test_a_username_is_taken_once(kit: Kit) -> None:
    with pytest.raises(Conflict):
        add_user(kit, "dc.clerk", [("HM-DC", "clerk")])
    assert kit.uow.committed == 0


def test_an_admin_lists_the_users_of_their_subtree(kit: Kit) -> None:
    users = accounts.list_users(actor=kit.actor("hm.admin"), uow=kit.uow)
    names = [u.username for u in users]

    assert names == sorted(names)
    assert set(names) == {
        "dc.approver",
        "dc.clerk",
        "dc.officer",
        "dc.records",
        "dc.secretary",
        "dc.signer",
        "hm.admin",
        "hm.approver",
        "hm.auditor",
        "hm.officer",
        "hm.records",
        "hm.secretary",
        "hm.signer",
        "tm.approver",
        "tm.clerk",
        "tm.officer",
        "tm.records",
        "tm.secretary",
        "tm.signer",
    }


def test_deactivating_a_user_revokes_their_tokens(kit: Kit) -> None:
    tm_clerk = kit.actor("tm.clerk")
    now = kit.clock()
    with kit.uow:
        kit.uow.users.add_token(tm_clerk.user_id, "digest", now, now + timedelta(hours=8))
        kit.uow.commit()

    accounts.deactivate_user("tm.clerk", by=kit.actor("hm.admin"), uow=kit.uow)

    assert kit.uow.world.tokens["digest"].revoked_at is not None
    with kit.uow:
        creds = kit.uow.users.credentials("tm.clerk")
    assert creds is not None
    assert not creds.active
    assert last_event(kit.uow)[1] == "user_deactivated"


def test_an_admin_cannot_touch_a_user_holding_a_role_outside_their_subtree(kit: Kit) -> None:
    with pytest.raises(Forbidden):
        accounts.deactivate_user("dv.clerk", by=kit.actor("hm.admin"), uow=kit.uow)
    with pytest.raises(Forbidden):
        accounts.reset_password(
            "hn.approver", PASSWORD, by=kit.actor("hm.admin"), uow=kit.uow, passwords=kit.passwords
        )
    with pytest.raises(NotFound):
        accounts.deactivate_user("nobody", by=kit.actor("hm.admin"), uow=kit.uow)
    assert kit.uow.committed == 0


def test_roles_are_replaced_within_the_subtree(kit: Kit) -> None:
    account = accounts.set_grants(
        "tm.clerk",
        [("HM-TM", "clerk"), ("HM-TM", "auditor"), ("HM-TM", "auditor")],
        by=kit.actor("hm.admin"),
        uow=kit.uow,
    )

    assert [(g.role.value, g.org_code) for g in account.grants] == [
        ("clerk", "HM-TM"),
        ("auditor", "HM-TM"),
    ]
    assert kit.actor("tm.clerk").roles_at(account.grants[0].org_id) == {Role.CLERK, Role.AUDITOR}
    with pytest.raises(Forbidden):
        accounts.set_grants("tm.clerk", [("CG-DV", "clerk")], by=kit.actor("hm.admin"), uow=kit.uow)


def test_a_reset_password_replaces_the_old_one_and_revokes_tokens(kit: Kit) -> None:
    clerk = kit.actor("dc.clerk")
    now = kit.clock()
    with kit.uow:
        kit.uow.users.add_token(clerk.user_id, "old", now, now + timedelta(hours=8))
        kit.uow.commit()

    accounts.reset_password(
        "dc.clerk", "mat-khau-moi", by=kit.actor("hm.admin"), uow=kit.uow, passwords=kit.passwords
    )

    with kit.uow:
        creds = kit.uow.users.credentials("dc.clerk")
    assert creds is not None
    assert kit.passwords.verify(creds.password_hash, "mat-khau-moi")
    assert kit.uow.world.tokens["old"].revoked_at is not None
    assert last_event(kit.uow)[:2] == ("hm.admin", "password_reset")


# Nobody locks administration out


def lockout(kit: Kit, change: Callable[[], object]) -> str:
    """The message of the AdminLockout ``change`` raises; nothing committed, nothing audited."""
    committed, events = kit.uow.committed, len(kit.uow.world.events)
    with pytest.raises(AdminLockout) as refused:
        change()
    assert (kit.uow.committed, len(kit.uow.world.events)) == (committed, events)
    return refused.value.message


def active(kit: Kit, username: str) -> bool:
    with kit.uow:
        creds = kit.uow.users.credentials(username)
    assert creds is not None
    return creds.active


@pytest.mark.parametrize("admin", ["hm.admin", "admin"])
def test_an_admin_cannot_deactivate_their_own_account(kit: Kit, admin: str) -> None:
    me = kit.actor(admin)
    message = lockout(kit, lambda: accounts.deactivate_user(admin, by=me, uow=kit.uow))
    assert "tự khóa tài khoản của chính mình" in message
    assert active(kit, admin)


def test_an_admin_cannot_take_away_their_own_admin_role(kit: Kit) -> None:
    hm_admin = kit.actor("hm.admin")
    message = lockout(
        kit,
        lambda: accounts.set_grants("hm.admin", [("HM", "auditor")], by=hm_admin, uow=kit.uow),
    )
    assert "tự bỏ quyền quản trị của mình tại HM" in message
    # Keeping it while adding another role is fine.
    account = accounts.set_grants(
        "hm.admin", [("HM", "admin"), ("HM", "auditor")], by=hm_admin, uow=kit.uow
    )
    assert {g.role for g in account.grants} == {Role.ADMIN, Role.AUDITOR}


def test_an_admin_may_drop_a_lower_admin_role_they_still_hold_from_above(kit: Kit) -> None:
    add_user(kit, "two.hats", [("HN", "admin"), ("HM", "admin")], by=None)
    two_hats = kit.actor("two.hats")

    account = accounts.set_grants("two.hats", [("HN", "admin")], by=two_hats, uow=kit.uow)

    assert [g.org_code for g in account.grants] == ["HN"]


def test_the_only_admin_of_the_top_unit_cannot_be_deactivated_or_demoted(kit: Kit) -> None:
    message = lockout(kit, lambda: accounts.deactivate_user("admin", by=SYSTEM, uow=kit.uow))
    assert "HN sẽ không còn quản trị viên nào đang hoạt động" in message
    assert "admin" in message
    lockout(kit, lambda: accounts.set_grants("admin", [("HN", "auditor")], by=SYSTEM, uow=kit.uow))
    # Moving the role down a level leaves the top unit without one, too.
    lockout(kit, lambda: accounts.set_grants("admin", [("HM", "admin")], by=SYSTEM, uow=kit.uow))
    assert active(kit, "admin")


def test_an_admin_below_another_may_be_deactivated_or_demoted(kit: Kit) -> None:
    # hm.admin is the only admin at HM, but the city's admin administers HM from above.
    accounts.set_grants("hm.admin", [("HM", "auditor")], by=kit.actor("admin"), uow=kit.uow)
    accounts.deactivate_user("hm.admin", by=kit.actor("admin"), uow=kit.uow)

    assert not active(kit, "hm.admin")
    assert last_event(kit.uow)[:2] == ("admin", "user_deactivated")


def test_with_a_second_active_admin_either_may_deactivate_the_other(kit: Kit) -> None:
    add_user(kit, "admin2", [("HN", "admin")], by=None)

    accounts.deactivate_user("admin", by=kit.actor("admin2"), uow=kit.uow)

    assert not active(kit, "admin")
    # Now admin2 is the last one at the top.
    lockout(kit, lambda: accounts.deactivate_user("admin2", by=SYSTEM, uow=kit.uow))


def test_an_inactive_admin_keeps_no_unit_administered(kit: Kit) -> None:
    add_user(kit, "admin2", [("HN", "admin")], by=None)
    accounts.deactivate_user("admin2", by=kit.actor("admin"), uow=kit.uow)

    lockout(kit, lambda: accounts.deactivate_user("admin", by=SYSTEM, uow=kit.uow))
    # Changing the roles of an account already locked takes nobody's administration away.
    accounts.set_grants("admin2", [("HN", "auditor")], by=kit.actor("admin"), uow=kit.uow)


def test_a_unit_administered_only_from_below_is_not_guarded_from_above(kit: Kit) -> None:
    # A ward admin is the only admin of HM-DC, but the city's admin covers it: they may go.
    add_user(kit, "dc.admin", [("HM-DC", "admin")], by=None)
    accounts.deactivate_user("dc.admin", by=kit.actor("hm.admin"), uow=kit.uow)
    assert not active(kit, "dc.admin")


def test_the_command_line_may_force_what_it_would_otherwise_refuse(kit: Kit) -> None:
    accounts.set_grants("admin", [("HN", "auditor")], by=SYSTEM, uow=kit.uow, force=True)
    add_user(kit, "admin2", [("HN", "admin")], by=None)
    accounts.deactivate_user("admin2", by=SYSTEM, uow=kit.uow, force=True)

    assert not active(kit, "admin2")
    assert last_event(kit.uow)[:2] == ("system", "user_deactivated")


def test_force_from_an_admin_counts_for_nothing(kit: Kit) -> None:
    admin = kit.actor("admin")
    lockout(kit, lambda: accounts.deactivate_user("admin", by=admin, uow=kit.uow, force=True))
    lockout(
        kit,
        lambda: accounts.set_grants(
            "admin", [("HN", "auditor")], by=admin, uow=kit.uow, force=True
        ),
    )
