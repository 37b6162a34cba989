"""What an actor may do with documents.

A case's document follows the case: whoever sees the case sees and downloads
it; whoever may document in the (open) case may upload. A document of the
person alone follows the person: PERSON_VIEW in a unit holding the person to
see it, PERSON_CHANGE there to upload. Deleting needs the right to upload and
either having uploaded the document oneself or steering cases there
(CASE_MANAGE, the team lead) – as with contacts. A closed case is read-only:
its documents can be downloaded, not uploaded or deleted.

Callers that show many documents pass rows whose `person` and `case` are
already loaded, so no row costs a query.
"""

from kim.cases.abilities import case_abilities, case_parts_visible
from kim.cases.models import Case
from kim.cases.parts import Part
from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.permissions import CASE_MANAGE, PERSON_CHANGE
from kim.documents.models import Document
from kim.people.abilities import person_abilities
from kim.people.models import Person

ACTIONS = ("view", "download", "delete")


def may_upload_to_case(actor: Actor, case: Case) -> bool:
    return actor.tenant_id == case.tenant_id and case_abilities(actor, case)["document"]


def may_upload_to_person(actor: Actor, person: Person) -> bool:
    return actor.tenant_id == person.tenant_id and person_abilities(actor, person)["change"]


@register(Document)
def document_abilities(actor: Actor, document: Document) -> dict[str, bool]:
    if document.case_id is not None:
        case = document.case
        # Its unit, or a unit the case's documents are shared with, or an emergency access.
        view = Part.DOCUMENTS in case_parts_visible(actor, case)
        write = case_abilities(actor, case)["document"]
        steer = actor.can_in_unit(CASE_MANAGE, case.unit_id)
    else:
        on_person = person_abilities(actor, document.person)
        view, write = on_person["view"], on_person["change"]
        holding = document.person._holding_units  # loaded by person_abilities
        steer = bool(actor.units(CASE_MANAGE) & actor.units(PERSON_CHANGE) & holding)
    live = document.deleted_at is None
    own = actor.user is not None and document.uploaded_by_id == actor.user.pk
    return {
        "view": view,
        "download": view and live,
        "delete": live and write and (own or steer),
    }
