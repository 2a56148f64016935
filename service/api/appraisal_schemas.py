"""Request and response models of the deciding level's steps: appraisal, council vote, results."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.domain.appraisal import MAX_MEMBERS, MAX_NOTE
from service.domain.dossiers import MAX_NOMINEES
from service.domain.inputs import MAX_INT

MAX_MOVED_TO = 300
MAX_SUBMISSION_NUMBER = 64
ResultName = Literal["pending", "approved", "not_proposed", "moved"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AppraisalItemIn(_Strict):
    nominee_id: int = Field(ge=1, le=MAX_INT, description="a nominee id of the dossier")
    eligible: bool = Field(description="the officer finds the nominee eligible (đủ điều kiện)")
    note: str = Field(
        default="",
        max_length=MAX_NOTE,
        description="the officer's note; required when not eligible or moved",
    )
    moved_to: str = Field(
        default="",
        max_length=MAX_MOVED_TO,
        description="the other form of award the nominee is moved to (chuyển hình thức), if any",
    )


class SubmissionIn(_Strict):
    """The commendation office's own tờ trình to its head, cited by the decision."""

    number: str = Field(min_length=1, max_length=MAX_SUBMISSION_NUMBER)
    date: date


class VoteIn(_Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    nominee_id: int = Field(ge=1, le=MAX_INT)
    votes_for: int = Field(alias="for", ge=0, le=MAX_MEMBERS, description="votes for")
    against: int = Field(ge=0, le=MAX_MEMBERS, description="votes against")


class CouncilIn(_Strict):
    members_total: int = Field(ge=0, le=MAX_INT, description="members of the council in office")
    members_present: int = Field(ge=0, le=MAX_INT, description="members present at the meeting")
    secret_ballot: bool = Field(description="voted by secret ballot (else by show of hands)")
    held_on: date = Field(description="the meeting's day: not in the future")
    votes: list[VoteIn] = Field(
        max_length=MAX_NOMINEES, description="one per nominee the appraisal found eligible"
    )


class VotesOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
    votes_for: int = Field(alias="for")
    against: int
    share: str = Field(description='votes for over the rule\'s base, e.g. "0.8571"')


class CouncilOut(BaseModel):
    members_total: int
    members_present: int
    secret_ballot: bool
    held_on: date
    threshold: str = Field(description='the share a nominee needed, as applied, e.g. "0.7"')
    of: Literal["present", "total"] = Field(description="what the threshold is a share of")


class CouncilRuleOut(BaseModel):
    threshold: str = Field(description='the share of votes for a nominee needs, e.g. "0.8"')
    of: Literal["present", "total"]
    secret_ballot: bool = Field(description="the vote must be by secret ballot")
