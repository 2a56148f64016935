"""Domain errors. Each carries a stable machine code and a message a clerk understands.

The web and API layers map these classes to status codes in one place; use cases only raise them.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    default_message = "Đã có lỗi xảy ra."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class NotAuthenticated(DomainError):
    code = "unauthenticated"
    default_message = "Bạn cần đăng nhập."


class BadCredentials(NotAuthenticated):
    code = "bad_credentials"
    default_message = "Tên đăng nhập hoặc mật khẩu không đúng."


class NotFound(DomainError):
    code = "not_found"
    default_message = "Không tìm thấy."


class Forbidden(DomainError):
    code = "forbidden"
    default_message = "Bạn không có quyền thực hiện thao tác này."


class Conflict(DomainError):
    code = "conflict"
    default_message = "Hồ sơ vừa được người khác thay đổi; hãy tải lại và thử lại."


class AdminLockout(Conflict):
    """A change to an account that would leave an admin, or a unit, without administration."""

    code = "admin_lockout"
    default_message = "Thay đổi này sẽ khiến không còn ai quản trị được đơn vị."


class UnitMerged(Conflict):
    """Work asked of an org unit that was merged into another (sáp nhập); the message names it."""

    code = "org_merged"
    default_message = "Đơn vị đã được sáp nhập vào đơn vị khác."


class Invalid(DomainError):
    """Bad input; ``fields`` maps a field path to what is wrong with it."""

    code = "invalid"
    default_message = "Dữ liệu không hợp lệ."

    def __init__(self, message: str | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class ConfigurationError(DomainError):
    """The organisation data, catalogue or workflow files do not fit together."""

    code = "configuration_error"
    default_message = "Cấu hình hệ thống không hợp lệ; hãy báo quản trị viên."


class DecisionTemplateUnusable(ConfigurationError):
    """The decision template in force cannot make this decision (broken, or over its budget)."""

    code = "decision_template_unusable"
    default_message = (
        "Không tạo được quyết định từ mẫu quyết định đang dùng; hồ sơ chưa được phê duyệt. "
        "Hãy báo quản trị viên kiểm tra lại mẫu."
    )


class TooLarge(DomainError):
    code = "too_large"
    default_message = "Tệp quá lớn."


class UnsupportedType(DomainError):
    code = "unsupported_type"
    default_message = "Chỉ nhận tệp PDF, Word (DOC, DOCX), Excel (XLS, XLSX) hoặc ảnh JPEG, PNG."


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    default_message = "Đăng nhập sai quá nhiều lần; hãy thử lại sau ít phút."

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
