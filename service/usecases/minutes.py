"""The council's minutes (biên bản họp Hội đồng Thi đua – Khen thưởng) made on request as .docx.

Readable by whoever may read the dossier, once its council has voted (404 before); made from the
stored meeting and results each time, so it always says what the record says.
"""

from __future__ import annotations

from service.domain import permissions
from service.domain.errors import ConfigurationError, NotFound
from service.domain.issuers import issuer_profile
from service.domain.minutes import minutes_context
from service.domain.org_types import issuer_defaults
from service.domain.orgs import unit_at_level
from service.domain.permissions import Actor
from service.usecases.ports import DecisionOffice, UnitOfWork
from service.usecases.rules import award_in_force, pinned_rulebook


def council_minutes(
    dossier_id: int, *, actor: Actor, uow: UnitOfWork, office: DecisionOffice
) -> tuple[str, bytes]:
    """The file's name and its content."""
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        chain = uow.orgs.chain(dossier.org_id)
        permissions.require_can_see(actor, chain, submitted=dossier.submitted)
        meeting = uow.appraisals.meeting(dossier_id)
        if meeting is None:
            raise NotFound("Hội đồng chưa họp xét hồ sơ này; chưa có biên bản.")
        unit = unit_at_level(chain, meeting.level)
        book = pinned_rulebook(dossier)
        award = award_in_force(uow, dossier.award, dossier.org_id, dossier.rules_day, book)
        if unit is None:
            raise ConfigurationError(f"Không xác định được đơn vị cấp '{meeting.level}'.")
        own_chain = chain[[u.id for u in chain].index(unit.id) :]
        defaults = {**office.defaults_for(meeting.level), **issuer_defaults(unit, own_chain)}
        on = meeting.vote.held_on
        profile = issuer_profile(
            unit, defaults, uow.orgs.profile(unit.id), office.legal_bases_on(on, book)
        )
        secretary = uow.users.actor(meeting.recorded_by).full_name
        context = minutes_context(
            dossier,
            award.name if award else dossier.award,
            meeting,
            uow.appraisals.outcomes(dossier_id),
            profile,
            secretary,
        )
    return f"bien-ban-hoi-dong-{dossier.code}.docx", office.render_minutes(context)
