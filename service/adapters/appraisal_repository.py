"""Storing the deciding level's appraisal, the council's meeting and each nominee's result."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.adapters.tables import AppraisalRow, CouncilMeetingRow, NomineeResultRow
from service.domain.appraisal import (
    Appraisal,
    Base,
    CouncilMeeting,
    CouncilRule,
    CouncilVote,
    NomineeVote,
    Outcome,
    Result,
)
from service.domain.proposal_fields import Submission


def _outcome(row: NomineeResultRow) -> Outcome:
    return Outcome(
        row.nominee_id,
        Result(row.result),
        row.note,
        row.moved_to,
        row.votes_for,
        row.votes_against,
        row.share,
    )


class AppraisalRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def outcomes(self, dossier_id: int) -> dict[int, Outcome]:
        rows = self.s.scalars(
            select(NomineeResultRow).where(NomineeResultRow.dossier_id == dossier_id)
        )
        return {r.nominee_id: _outcome(r) for r in rows}

    def put_outcomes(self, dossier_id: int, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            self.s.merge(
                NomineeResultRow(
                    nominee_id=o.nominee_id,
                    dossier_id=dossier_id,
                    result=o.result.value,
                    note=o.note,
                    moved_to=o.moved_to,
                    votes_for=o.votes_for,
                    votes_against=o.votes_against,
                    share=o.share,
                )
            )
        self.s.flush()

    def appraisal(self, dossier_id: int) -> Appraisal | None:
        row = self.s.get(AppraisalRow, dossier_id)
        if row is None:
            return None
        submission = (
            Submission(row.submission_number, row.submission_date)
            if row.submission_date is not None
            else None
        )
        return Appraisal(row.dossier_id, row.level, row.appraised_by, row.appraised_at, submission)

    def put_appraisal(self, a: Appraisal) -> None:
        self.s.merge(
            AppraisalRow(
                dossier_id=a.dossier_id,
                level=a.level,
                submission_number=a.submission.number if a.submission else "",
                submission_date=a.submission.on if a.submission else None,
                appraised_by=a.appraised_by,
                appraised_at=a.appraised_at,
            )
        )
        self.s.flush()

    def meeting(self, dossier_id: int) -> CouncilMeeting | None:
        row = self.s.scalars(
            select(CouncilMeetingRow)
            .where(CouncilMeetingRow.dossier_id == dossier_id)
            .order_by(CouncilMeetingRow.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        votes = tuple(
            NomineeVote(o.nominee_id, o.votes_for or 0, o.votes_against or 0)
            for o in self.outcomes(dossier_id).values()
            if o.votes_for is not None
        )
        vote = CouncilVote(
            row.members_total, row.members_present, row.secret_ballot, row.held_on, votes
        )
        rule = CouncilRule(row.threshold, Base(row.base), row.secret_ballot, row.basis)
        return CouncilMeeting(
            row.dossier_id, row.level, vote, rule, row.recorded_by, row.recorded_at
        )

    def add_meeting(self, m: CouncilMeeting) -> None:
        self.s.add(
            CouncilMeetingRow(
                dossier_id=m.dossier_id,
                level=m.level,
                held_on=m.vote.held_on,
                members_total=m.vote.members_total,
                members_present=m.vote.members_present,
                secret_ballot=m.vote.secret_ballot,
                threshold=m.rule.threshold,
                base=m.rule.of.value,
                basis=m.rule.basis,
                recorded_by=m.recorded_by,
                recorded_at=m.recorded_at,
            )
        )
        self.s.flush()

    def reset(self, dossier_id: int) -> None:
        """Back to pending: the dossier will be appraised (and voted on) again."""
        for table in (NomineeResultRow, CouncilMeetingRow, AppraisalRow):
            self.s.execute(delete(table).where(table.dossier_id == dossier_id))
