"""Who signs a decision and how the signature block reads (NĐ 30/2020 Phụ lục I, II.7).

The block follows from two things held as data: the *power* the decision is taken under (the
head's own — "CHỦ TỊCH ỦY BAN NHÂN DÂN …" in the authority line — or the collective's —
"ỦY BAN NHÂN DÂN …") and the *capacity* the signer signs in (the head's own, KT. for a deputy,
TM. for the collective, Q. acting, TL. by order, TUQ. by authorisation). Combinations that the
decree has no form for ("KT. ỦY BAN NHÂN DÂN", TM. under a personal power, a deputy signing in
the head's own capacity) are refused, never printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from service.domain.errors import Invalid


class Capacity(StrEnum):
    OWN = "own"
    KT = "KT"
    TM = "TM"
    Q = "Q"
    TL = "TL"
    TUQ = "TUQ"


class Power(StrEnum):
    PERSONAL = "personal"
    COLLECTIVE = "collective"


@dataclass(frozen=True)
class SignatureBlock:
    """The lines above the signature (``authority``), the title under them, and the name."""

    authority: tuple[str, ...]
    title: str
    name: str

    @property
    def lines(self) -> tuple[str, ...]:
        """As printed, top first: what the API calls ``signature_block``."""
        return (*self.authority, self.title, *((self.name,) if self.name else ()))


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def signature_block(
    power: Power,
    capacity: Capacity,
    *,
    signer_title: str,
    signer_name: str,
    head_title: str = "Chủ tịch",
    collective: str = "Ủy ban nhân dân",
) -> SignatureBlock:
    """The block for one signer, or Invalid naming why the decree has no such form."""
    head, body, title = head_title.strip().upper(), collective.strip().upper(), signer_title
    is_head = _same(signer_title, head_title)
    if capacity in (Capacity.OWN, Capacity.TM) and not is_head:
        raise Invalid(
            f"Chỉ {head_title} ký với thẩm quyền của mình hoặc TM. tập thể; "
            f"{signer_title} ký KT. {head_title}.",
            {"capacity": "không hợp với chức danh người ký"},
        )
    if capacity is Capacity.KT and is_head:
        raise Invalid(
            f"{head_title} không ký thay (KT.) chính mình.", {"capacity": "KT. dành cho cấp phó"}
        )
    if power is Power.PERSONAL:
        if capacity is Capacity.TM:
            raise Invalid(
                "Quyết định thuộc thẩm quyền cá nhân của người đứng đầu không ký TM. tập thể; "
                "đơn vị ký TM. thì đặt thẩm quyền của quyết định là tập thể (power: collective).",
                {"capacity": "TM. chỉ dùng cho thẩm quyền tập thể"},
            )
        return _personal(capacity, head, title.upper(), signer_name)
    return _collective(capacity, head, body, title.upper(), signer_name)


def _personal(capacity: Capacity, head: str, title: str, name: str) -> SignatureBlock:
    if capacity is Capacity.OWN:
        return SignatureBlock((), head, name)
    if capacity is Capacity.Q:
        return SignatureBlock((), f"Q. {head}", name)
    return SignatureBlock((f"{capacity.value}. {head}",), title, name)


def _collective(capacity: Capacity, head: str, body: str, title: str, name: str) -> SignatureBlock:
    on_behalf = f"TM. {body}"
    if capacity in (Capacity.OWN, Capacity.TM):
        return SignatureBlock((on_behalf,), head, name)
    if capacity is Capacity.KT:
        return SignatureBlock((on_behalf, f"KT. {head}"), title, name)
    if capacity is Capacity.Q:
        return SignatureBlock((on_behalf,), f"Q. {head}", name)
    # TL. and TUQ. sign by the collective's order or authorisation, not on its behalf.
    return SignatureBlock((f"{capacity.value}. {body}",), title, name)


def decision_power(profile_power: object, kind: str) -> Power:
    """A unit's profile says ``power``: "personal"/"collective", or a map by kind of decision
    with an optional "default". Unset: the head's own power, as for every award of NĐ 152."""
    value = profile_power
    if isinstance(profile_power, Mapping):
        value = profile_power.get(kind, profile_power.get("default", Power.PERSONAL.value))
    try:
        return Power(str(value or Power.PERSONAL.value))
    except ValueError:
        return Power.PERSONAL
