"""The decision office: stock templates, level defaults, and turning a Decision into a .docx.

Built once by ``create_app``; the ``issue_decision`` use case asks it to render, and stores the
result in the object store itself. Every render and every vetting of a template runs under the
office's ``Budget`` in a child process (``service.documents.guard``): templates are uploaded by
admins, so their cost is bounded like any other hostile input's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from service.documents import Budget, guard, template_path
from service.domain.appraisal import CouncilRule
from service.domain.awards import Award
from service.domain.checklists import Checklist
from service.domain.decisions import AwardFamily, Decision, template_context
from service.domain.drafting import TemplateFile, sample
from service.domain.errors import ConfigurationError, Invalid, NotFound
from service.domain.proposals import Addressing
from service.domain.rulebooks import Rulebook
from service.domain.templates import missing_parts, missing_parts_message

PROPOSAL_TEMPLATE = "to_trinh.docx"
MINUTES_TEMPLATE = "bien_ban_hoi_dong.docx"
CORRECTION_TEMPLATE = "dinh_chinh.docx"

__all__ = ["Budget", "DecisionOffice"]


@dataclass
class DecisionOffice:
    templates_dir: Path
    rulebook: Rulebook
    timezone: ZoneInfo
    level_defaults: dict[str, dict[str, Any]]
    budget: Budget = field(default_factory=Budget)
    # Every rulebook by code: a dossier is priced and cited by the one it was pinned to.
    rulebooks: dict[str, Rulebook] = field(default_factory=dict)

    @classmethod
    def from_catalogue(
        cls,
        templates_dir: Path,
        rulebook: Rulebook,
        timezone: str,
        budget: Budget | None = None,
        rulebooks: Sequence[Rulebook] = (),
    ) -> DecisionOffice:
        raw = resources.files("service.catalog").joinpath("decisions.json").read_text("utf-8")
        levels = json.loads(raw)["levels"]
        books = {b.code: b for b in rulebooks}
        return cls(templates_dir, rulebook, ZoneInfo(timezone), levels, budget or Budget(), books)

    def _book(self, code: str | None) -> Rulebook:
        return self.rulebooks.get(code, self.rulebook) if code else self.rulebook

    def base_salary_on(self, day: date, rulebook: str | None = None) -> int:
        """The rulebook's mức lương cơ sở in force on ``day``, the decision's date."""
        return self._book(rulebook).base_salary_on(day)

    def legal_bases_on(self, day: date, rulebook: str | None = None) -> list[str]:
        """The rulebook's căn cứ in force on ``day``, the decision's date."""
        return self._book(rulebook).legal_bases_on(day)

    def rulebook_for(self, rulebook: str | None = None) -> Rulebook:
        return self._book(rulebook)

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
        return guard.render(template.content, template_context(decision), self.budget)

    def proposal_addressing(self, rulebook: str | None = None) -> Addressing:
        book = self._book(rulebook)
        return Addressing(book.proposal_to, book.proposal_via)

    def checklist_for(self, award: Award, rulebook: str | None = None) -> Checklist:
        return self._book(rulebook).checklist_for(award)

    def render_proposal(self, context: dict[str, Any]) -> bytes:
        """The province's tờ trình and list for an award decided above it (stock template)."""
        content = (self.templates_dir / PROPOSAL_TEMPLATE).read_bytes()
        return guard.render(content, context, self.budget)

    def council_rule(self, award_code: str, rulebook: str | None = None) -> CouncilRule | None:
        return self._book(rulebook).council_rule(award_code)

    def render_minutes(self, context: dict[str, Any]) -> bytes:
        """The biên bản of the council's meeting (stock template)."""
        content = (self.templates_dir / MINUTES_TEMPLATE).read_bytes()
        return guard.render(content, context, self.budget)

    def render_correction(self, context: dict[str, Any]) -> tuple[bytes, str]:
        """A decision correcting an issued one (stock template), and the template's SHA-256."""
        content = (self.templates_dir / CORRECTION_TEMPLATE).read_bytes()
        return guard.render(content, context, self.budget), hashlib.sha256(content).hexdigest()

    def vet(self, content: bytes, family: AwardFamily) -> None:
        """Refuse a template that is not a safe .docx, asks for unknown variables, does not
        render a full sample within the budget, or leaves out the part of the annex of a kind
        of awardee its family's decisions may list (households, say)."""
        vetted = guard.vet(content, template_context(sample(family)), self.budget)
        if vetted.unknown:
            names = ", ".join(vetted.unknown)
            raise Invalid(f"Mẫu dùng biến không có trong quyết định: {names}.", {"template": names})
        if missing := missing_parts(family, vetted.names):
            message = missing_parts_message(missing)
            raise Invalid(message, {"template": message})
