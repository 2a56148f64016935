"""The appraisal's and the council's pure rules: results computed against the threshold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from service.domain.appraisal import (
    AppraisalItem,
    Base,
    CouncilRule,
    CouncilVote,
    NomineeVote,
    Outcome,
    Result,
    appraisal_problems,
    appraised,
    percent,
    summary,
    vote_problems,
    voted,
)

DAY = date(2026, 12, 3)
PROVINCE = CouncilRule(Decimal("0.7"))
FLAG = CouncilRule(Decimal("0.8"), Base.TOTAL, secret_ballot=True)


def meeting(
    total: int, present: int, *votes: tuple[int, int, int], secret: bool = True
) -> CouncilVote:
    return CouncilVote(total, present, secret, DAY, tuple(NomineeVote(*v) for v in votes))


def pending(*ids: int) -> list[Outcome]:
    return [Outcome(i, Result.PENDING) for i in ids]


def test_exactly_seventy_percent_of_those_present_passes() -> None:
    [passed, failed] = voted(meeting(12, 10, (1, 7, 3), (2, 6, 4)), PROVINCE, pending(1, 2))
    assert (passed.result, passed.share) == (Result.APPROVED, Decimal("0.7000"))
    assert (failed.result, failed.share) == (Result.NOT_PROPOSED, Decimal("0.6000"))


def test_eighty_percent_of_all_members_counts_the_absent_against() -> None:
    # 8 of 9 present vote for: 88,89 % of those present but 8/10 = 80 % of all: passes; 7 fails.
    [eight, seven] = voted(meeting(10, 9, (1, 8, 1), (2, 7, 2)), FLAG, pending(1, 2))
    assert (eight.result, eight.share) == (Result.APPROVED, Decimal("0.8000"))
    assert (seven.result, seven.share) == (Result.NOT_PROPOSED, Decimal("0.7000"))


def test_the_minutes_print_the_share_with_a_decimal_comma() -> None:
    assert percent(Decimal("0.8571")) == "85,71%"
    assert percent(Decimal("0.7")) == "70,00%"


def test_votes_beyond_those_present_or_members_beyond_the_council_are_refused() -> None:
    problems = vote_problems(meeting(9, 7, (1, 6, 2), secret=True), PROVINCE, [1])
    assert "council.votes[0].for" in problems
    assert "council.members_present" in vote_problems(meeting(9, 10, (1, 5, 0)), PROVINCE, [1])
    assert "council.secret_ballot" in vote_problems(
        meeting(10, 10, (1, 9, 0), secret=False), FLAG, [1]
    )
    assert "council.votes" in vote_problems(meeting(9, 9), PROVINCE, [1])


def test_an_appraisal_names_each_nominee_once_and_explains_what_it_does_not_propose() -> None:
    problems = appraisal_problems(
        [AppraisalItem(1, True), AppraisalItem(1, True), AppraisalItem(3, False)], [1, 2]
    )
    assert set(problems) == {
        "appraisal[1].nominee_id",
        "appraisal[2].nominee_id",
        "appraisal[2].note",
        "appraisal",
    }


def test_the_eligible_wait_for_the_council_and_the_others_have_their_result_at_once() -> None:
    items = [
        AppraisalItem(1, True),
        AppraisalItem(2, False, "Chưa đủ thời gian"),
        AppraisalItem(3, True, "Đề nghị hình thức Giấy khen", moved_to="Giấy khen"),
    ]
    assert [o.result for o in appraised(items, council=True)] == [
        Result.PENDING,
        Result.NOT_PROPOSED,
        Result.MOVED,
    ]
    assert appraised(items, council=False)[0].result == Result.APPROVED
    assert summary(appraised(items, council=True)) == (
        "1 trình Hội đồng xét, 1 không đề nghị, 1 chuyển hình thức khác"
    )
