"""Workflow tasks as the service sees them: a step of a dossier's route waiting for someone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.domain.permissions import TaskSeat

OPEN = "open"
PREPARE = "submit"
"""The action of the preparer's step: while a task offering it is open, the dossier is editable."""
COMPLETED = "completed"
COMMENT_REQUIRED = frozenset({"return", "reject", "request_opinion", "record_opinion"})
COMMENT_ASKED = {
    "request_opinion": "Hãy ghi rõ cơ quan được lấy ý kiến và nội dung cần hiệp y.",
    "record_opinion": "Hãy ghi ý kiến trả lời của cơ quan được lấy ý kiến.",
}
MAX_COMMENT = 5000
MAX_ACTION = 32  # the longest action name a task offers (the history's column is sized to match)


@dataclass(frozen=True)
class ReadyTask:
    """A user task the workflow engine is waiting on; ``lane`` is the level it sits at."""

    id: str
    spec: str
    name: str
    lane: str
    role: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Finished:
    """How a route ended: the end event's outcome and the level (lane) it ended at."""

    outcome: str
    lane: str
    issue_decision: bool = False


@dataclass(frozen=True)
class Task:
    id: str
    dossier_id: int
    name: str
    level: str
    org_id: int
    org_code: str
    role: str
    actions: tuple[str, ...]
    status: str
    note: str
    created_at: datetime
    org_name: str = ""  # the seat's unit by name, for what people read

    @property
    def seat(self) -> TaskSeat:
        return TaskSeat(role=self.role, org_id=self.org_id)


@dataclass(frozen=True)
class InboxItem:
    task: Task
    dossier_code: str
    dossier_title: str
    award: str


def comment_problem(action: str, comment: str) -> str | None:
    """Why the comment does not do for this action, or None."""
    if action in COMMENT_REQUIRED and not comment.strip():
        return COMMENT_ASKED.get(action, "Hãy ghi rõ lý do khi trả lại hoặc từ chối hồ sơ.")
    if len(comment) > MAX_COMMENT:
        return f"Ý kiến tối đa {MAX_COMMENT} ký tự."
    return None
