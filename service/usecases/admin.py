"""Setting up the world: levels and awards from the rulebook, org units, users, the demo world."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from service.domain.awards import unknown_levels
from service.domain.errors import ConfigurationError, Invalid
from service.domain.history import Event
from service.domain.issuers import profile_problems
from service.domain.orgs import OrgType
from service.domain.rulebooks import Rulebook
from service.usecases.accounts import SYSTEM, add_org, add_user
from service.usecases.ports import Passwords, UnitOfWork, utcnow
from service.usecases.signers import set_signer


def read_catalogue(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("service.catalog").joinpath(name).read_text("utf-8")
    )
    return data


def load_catalogue(rulebook: Rulebook, workflow_lanes: Sequence[str], *, uow: UnitOfWork) -> int:
    """Load the rulebook's levels and awards; every award must be decided by a workflow lane.
    Returns how many forms of award it holds (old codes kept as aliases are not counted)."""
    levels, awards = list(rulebook.levels), list(rulebook.awards)
    if missing := sorted(set(workflow_lanes) - {lv.code for lv in levels}):
        raise ConfigurationError(
            f"Bộ quy định '{rulebook.code}' không có các cấp {missing} mà quy trình dùng; "
            "hãy chọn quy trình của bộ quy định (KT_PROCESS_ID) hoặc bộ quy định khác."
        )
    if bad := unknown_levels(awards, workflow_lanes):
        raise ConfigurationError(f"Các hình thức khen thưởng không có cấp xét duyệt: {bad}")
    with uow:
        # One ladder of levels for every rulebook loaded: a level keeps the lowest place either
        # gives it (two tiers skip the district; the commune stays below it), the lowest first
        # so that ranks stay unique while they move.
        ranks = {lv.code: lv.rank for lv in uow.orgs.levels()}
        merged = [replace(lv, rank=max(lv.rank, ranks.get(lv.code, lv.rank))) for lv in levels]
        for level in sorted(merged, key=lambda lv: -lv.rank):
            uow.orgs.put_level(level)
        for award in awards:
            uow.awards.put(award, rulebook.code)
        uow.commit()
    return sum(1 for a in awards if a.alias_of is None)


def set_org_profile(code: str, profile: dict[str, Any], *, actor: str, uow: UnitOfWork) -> None:
    """Override the level's decision defaults for one unit (legal bases, signer, …)."""
    if problems := profile_problems(profile):
        raise Invalid("Hồ sơ đơn vị không hợp lệ: " + "; ".join(problems) + ".")
    with uow:
        unit = uow.orgs.by_code(code)
        if unit is None:
            raise Invalid(f"Không có đơn vị '{code}'.", {"org": "không tồn tại"})
        now = utcnow()
        uow.orgs.set_profile(unit.id, profile)
        uow.events.append(
            Event.of(
                now,
                actor,
                "org_profile_changed",
                org=unit,
                comment=json.dumps(profile, ensure_ascii=False),
            )
        )
        uow.commit()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    org: str
    roles: tuple[str, ...]


def seed_demo(
    rulebook: Rulebook, workflow_lanes: Sequence[str], *, uow: UnitOfWork, passwords: Passwords
) -> list[DemoLogin]:
    """Load the catalogue and the rulebook's demo world unless the world already has org units."""
    load_catalogue(rulebook, workflow_lanes, uow=uow)
    demo = read_catalogue(rulebook.demo)
    with uow:
        if uow.orgs.by_code(demo["orgs"][0]["code"]) is not None:
            return []
    for org in demo["orgs"]:
        kind = org.get("type", OrgType.PEOPLE_COMMITTEE.value)
        add_org(
            org["code"],
            org["name"],
            org["level"],
            org["parent"],
            by=SYSTEM,
            uow=uow,
            type_=kind,
            default_rulebook=rulebook.code,
            rulebooks={rulebook.code},
        )
        if "profile" in org:
            set_org_profile(org["code"], org["profile"], actor=SYSTEM.name, uow=uow)
    logins = []
    for user in demo["users"]:
        grants = [(user["org"], role) for role in user["roles"]]
        add_user(
            user["username"],
            demo["password"],
            user["full_name"],
            grants,
            by=SYSTEM,
            uow=uow,
            passwords=passwords,
        )
        if "signer" in user:
            seat = user["signer"]
            set_signer(
                user["org"],
                user["username"],
                seat["title"],
                seat["capacity"],
                actor=SYSTEM.name,
                uow=uow,
                now=utcnow(),
            )
        logins.append(
            DemoLogin(user["username"], demo["password"], user["org"], tuple(user["roles"]))
        )
    return logins
