from kim.cases.models import Case, Contact
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


@register(Contact)
def contact_abilities(actor: Actor, contact: Contact) -> dict[str, bool]:
    on_case = case_abilities(actor, contact.case)
    own = actor.user is not None and contact.created_by_id == actor.user.pk
    return {
        "view": on_case["view"],
        "change": on_case["document"]
        and (own or actor.can_in_unit(CASE_MANAGE, contact.case.unit_id)),
    }
