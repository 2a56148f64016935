"""What the use cases need from their collaborators, as protocols (the adapters implement them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from service.domain.tasks import Finished, ReadyTask

if TYPE_CHECKING:  # the adapters implement these; use cases only need their shapes
    from service.adapters.attachment_repository import AttachmentRepository
    from service.adapters.audit_repository import EventRepository
    from service.adapters.decision_repository import DecisionRepository, TemplateRepository
    from service.adapters.repositories import (
        AwardRepository,
        CounterRepository,
        DossierRepository,
        OrgRepository,
        TaskRepository,
        WorkflowRepository,
    )
    from service.adapters.stats_repository import StatsRepository
    from service.adapters.user_repository import UserRepository


class UnitOfWork(Protocol):
    orgs: OrgRepository
    users: UserRepository
    awards: AwardRepository
    dossiers: DossierRepository
    counters: CounterRepository
    workflows: WorkflowRepository
    tasks: TaskRepository
    events: EventRepository
    attachments: AttachmentRepository
    decisions: DecisionRepository
    templates: TemplateRepository
    stats: StatsRepository

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def flush(self) -> None: ...


class Engine(Protocol):
    entry_lane: str
    lanes: list[str]

    @property
    def info(self) -> tuple[str, str, str]: ...
    def start(self, data: dict[str, Any]) -> Any: ...
    def load(self, state: str) -> Any: ...
    def dump(self, wf: Any) -> str: ...
    def ready(self, wf: Any) -> list[ReadyTask]: ...
    def complete(self, wf: Any, task_id: str, action: str) -> None: ...
    def update_data(self, wf: Any, data: dict[str, Any]) -> None: ...
    def finished(self, wf: Any) -> Finished | None: ...


def utcnow() -> datetime:
    return datetime.now(UTC)
