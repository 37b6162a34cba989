from kim.cases.models import Case, CaseHandover, Contact
from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.permissions import CASE_DOCUMENT, CASE_MANAGE, CASE_VIEW


@register(Case)
def case_abilities(actor: Actor, case: Case) -> dict[str, bool]:
    view = actor.can_in_unit(CASE_VIEW, case.unit_id)
    is_open = case.status == Case.Status.OPEN
    manage = view and actor.can_in_unit(CASE_MANAGE, case.unit_id)
    responsible = actor.user is not None and case.case_manager_id == actor.user.pk
    document = view and is_open and actor.can_in_unit(CASE_DOCUMENT, case.unit_id)
    return {
        "view": view,
        "document": document,
        "change": document and (responsible or manage),
        "assign": manage and is_open,
    }


def case_process_abilities(actor: Actor, case: Case) -> dict[str, bool]:
    """What the actor may do with the process of a case: phases, intake, members,
    handover, closing and reopening.

    Kept apart from `abilities(actor, case)` so that the API's case abilities
    keep their documented shape until the API offers these actions too; views
    and templates merge both dicts. The responsible case manager and the
    team lead steer an open case; only the team lead reopens a closed one.
    """
    if actor.tenant_id is None or case.tenant_id != actor.tenant_id:
        return dict.fromkeys(PROCESS_ACTIONS, False)
    steer = case_abilities(actor, case)["change"]
    manage = actor.can_in_unit(CASE_VIEW, case.unit_id) and actor.can_in_unit(
        CASE_MANAGE, case.unit_id
    )
    return {
        "change_phase": steer,
        "record_intake": steer,
        "manage_members": steer,
        "hand_over": steer,
        "close": steer,
        "reopen": manage and case.status == Case.Status.CLOSED,
    }


PROCESS_ACTIONS = (
    "change_phase",
    "record_intake",
    "manage_members",
    "hand_over",
    "close",
    "reopen",
)


def is_handover_receiver(actor: Actor, handover: CaseHandover) -> bool:
    """The addressed case manager, or a team lead of the receiving unit."""
    if actor.user is None or actor.tenant_id != handover.tenant_id:
        return False
    if actor.can_in_unit(CASE_MANAGE, handover.to_unit_id):
        return True
    return handover.to_user_id == actor.user.pk and actor.can_in_unit(
        CASE_DOCUMENT, handover.to_unit_id
    )


@register(CaseHandover)
def handover_abilities(actor: Actor, handover: CaseHandover) -> dict[str, bool]:
    receives = handover.is_pending and is_handover_receiver(actor, handover)
    on_case = case_abilities(actor, handover.case)
    return {
        "view": receives or on_case["view"],
        "accept": receives,
        "decline": receives,
        "withdraw": handover.is_pending and on_case["change"],
    }


@register(Contact)
def contact_abilities(actor: Actor, contact: Contact) -> dict[str, bool]:
    on_case = case_abilities(actor, contact.case)
    own = actor.user is not None and contact.created_by_id == actor.user.pk
    return {
        "view": on_case["view"],
        "change": on_case["document"]
        and (own or actor.can_in_unit(CASE_MANAGE, contact.case.unit_id)),
    }
