"""Which parts of the annex an uploaded template must print: one per kind its family may list."""

from __future__ import annotations

from service.domain.awards import Kind
from service.domain.decisions import AwardFamily
from service.domain.templates import missing_parts, missing_parts_message

STOCK = {"number", "issuer", "collectives", "households", "individuals"}


def test_a_template_of_a_family_that_lists_households_must_print_them() -> None:
    before_households = STOCK - {"households"}
    assert missing_parts(AwardFamily.BANG_KHEN, STOCK) == []
    assert missing_parts(AwardFamily.BANG_KHEN, before_households) == [Kind.HOUSEHOLD]
    assert missing_parts(AwardFamily.DANH_HIEU_TAP_THE, before_households) == [Kind.HOUSEHOLD]
    assert missing_parts(AwardFamily.DANH_HIEU_CA_NHAN, {"individuals"}) == []


def test_the_parts_missing_are_named_in_the_annex_order_in_vietnamese() -> None:
    found = missing_parts(AwardFamily.GIAY_KHEN, {"number"})
    assert found == [Kind.COLLECTIVE, Kind.HOUSEHOLD, Kind.INDIVIDUAL]
    message = missing_parts_message(found)
    assert message.startswith("Mẫu thiếu phần tập thể, hộ gia đình, cá nhân trong danh sách")
    assert "quyết định có tập thể, hộ gia đình hoặc cá nhân sẽ không in tên họ" in message
    assert "{%tr for row in households %}" in message
