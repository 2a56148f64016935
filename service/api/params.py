"""What each query parameter of the API is, for the OpenAPI document (the views read them).

A name means the same thing on every endpoint that takes it, so one table describes them all;
``schema`` fails loudly for a name a view declares without a description here.
"""

from __future__ import annotations

from typing import Any

from service.domain.dossiers import Status
from service.domain.inputs import MAX_INT

# What a database INTEGER holds and the views accept (``int_arg``): 1 ... MAX_INT.
ID: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_INT}
_TEXT: dict[str, Any] = {"type": "string"}
_MOMENT: dict[str, Any] = {
    "type": "string",
    "description": "Ngày YYYY-MM-DD (cả ngày) hoặc thời điểm ISO 8601",
}

QUERY: dict[str, dict[str, Any]] = {
    "status": {"type": "string", "enum": [s.value for s in Status]},
    "level": {**_TEXT, "description": "Mã cấp (theo danh mục cấp)"},
    "year": {**ID, "description": "Năm"},
    "award": {**_TEXT, "description": "Mã hình thức khen thưởng"},
    "q": {
        **_TEXT,
        "description": "Tìm theo mã, trích yếu, tên người được đề nghị (hồ sơ) hoặc theo tên "
        "người, tập thể (danh sách người), không phân biệt dấu",
    },
    "kind": {"type": "string", "enum": ["individual", "collective"]},
    "limit": {**ID, "description": "Số mục tối đa một trang"},
    "after": {**ID, "description": "Con trỏ: id của mục cuối trang trước"},
    "format": {"type": "string", "enum": ["docx", "pdf"], "default": "docx"},
    "org": {**_TEXT, "description": "Mã đơn vị"},
    "dossier": {**ID, "description": "Id hồ sơ"},
    "actor": {**_TEXT, "description": "Tên đăng nhập của người thực hiện"},
    "on": {
        "type": "string",
        "format": "date",
        "description": "Ngày YYYY-MM-DD (mặc định: hôm nay)",
    },
    "from": _MOMENT,
    "to": _MOMENT,
}


def schema(name: str) -> dict[str, Any]:
    try:
        return dict(QUERY[name])
    except KeyError:
        raise KeyError(
            f"query parameter '{name}' has no description in service.api.params"
        ) from None
