"""What is wrong with a decision template, as the domain's Invalid (422) with the field at fault.

``file`` when the upload is not a Word file that can be opened safely, ``template`` when its
Jinja does not parse, breaks a rule of the sandbox or blows the render's budget.
"""

from __future__ import annotations

from jinja2 import TemplateError

from service.domain.errors import Invalid


class TemplateInvalid(Invalid):
    """The file is not a .docx, or its Jinja tags do not parse or break the sandbox's rules."""

    code = "template_invalid"
    default_message = "Mẫu quyết định không hợp lệ."

    @classmethod
    def failed(cls, exc: Exception) -> TemplateInvalid:
        """What a template made fail, said as the template's fault (it is the only variable)."""
        reason = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
        return cls(f"Mẫu quyết định lỗi: {reason}", {"template": reason})
