"""The decision office: stock templates, level defaults, and turning a Decision into a .docx.

Built once by ``create_app``; the ``issue_decision`` use case asks it to render, and stores the
result in the object store itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from service.documents import render_decision, template_path, undeclared_variables
from service.domain.decisions import AwardFamily, Decision
from service.domain.drafting import TemplateFile, sample
from service.domain.errors import ConfigurationError, Invalid, NotFound


@dataclass
class DecisionOffice:
    templates_dir: Path
    base_salary: int
    timezone: ZoneInfo
    level_defaults: dict[str, dict[str, Any]]

    @classmethod
    def from_catalogue(cls, templates_dir: Path, base_salary: int, timezone: str) -> DecisionOffice:
        raw = resources.files("service.catalog").joinpath("decisions.json").read_text("utf-8")
        return cls(templates_dir, base_salary, ZoneInfo(timezone), json.loads(raw)["levels"])

    def defaults_for(self, level: str) -> dict[str, Any]:
        if level not in self.level_defaults:
            raise ConfigurationError(f"Chưa có mẫu thông tin quyết định cho cấp '{level}'.")
        return self.level_defaults[level]

    def stock_template(self, name: str) -> TemplateFile:
        try:
            path = template_path(name, self.templates_dir)
        except ValueError:
            raise NotFound(f"Không có mẫu quyết định '{name}'.") from None
        content = path.read_bytes()
        return TemplateFile(name, content, hashlib.sha256(content).hexdigest())

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.timezone).date()

    def render(self, template: TemplateFile, decision: Decision) -> bytes:
        return render_decision(template.content, decision)

    def vet(self, content: bytes, family: AwardFamily) -> None:
        """Refuse a template that asks for unknown variables or does not render a full sample."""
        example = sample(family)
        unknown = undeclared_variables(content, example)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise Invalid(f"Mẫu dùng biến không có trong quyết định: {names}.", {"template": names})
        render_decision(content, example)
