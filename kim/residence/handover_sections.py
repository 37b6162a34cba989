"""The hand-over on the referral pages: for the authority in its inbox, taking up the
referral as a procedure (or the procedure it became); for the case management on
the referral page, the procedure's state as far as the consent allows."""

from kim.core.actor import Actor
from kim.core.slots import PARTNER_REFERRAL, REFERRAL_DETAIL, Section, register
from kim.residence import handover
from kim.residence.models import Procedure


@register(PARTNER_REFERRAL)
def procedure_for_authority(actor: Actor, referral) -> Section | None:
    if not handover.units_for_referral(actor, referral):
        return None
    procedure = Procedure.objects.filter(referral=referral).first()
    return Section(
        "residence/referral_authority_section.html",
        50,
        {"referral": referral, "procedure": procedure},
    )


@register(REFERRAL_DETAIL)
def procedure_for_case_management(actor: Actor, referral) -> Section | None:
    status = handover.status_for_referral(referral)
    if status is None:
        return None
    return Section("residence/referral_case_section.html", 50, {"status": status})
